/**
 * Least-privilege IAM policy documents from the access patterns: only the actions the chosen
 * patterns and writes need, only the table and index ARNs they touch; tenant isolation with
 * `dynamodb:LeadingKeys`; a stream-processor policy; a CI-deployer policy for migrations, apart
 * from the application's. DynamoDB has no `TransactWriteItems` IAM action: a transaction is
 * authorised by the item actions inside it (PutItem, UpdateItem, DeleteItem, ConditionCheckItem).
 */
import { accessPatterns } from '../single-table/design/access-patterns.ts'
import type { AccessPattern, EntityDefinition } from '../single-table/design/types.ts'
import { InfraError } from './errors.ts'
import { tableSpec } from './spec.ts'
import type { InfraInput } from './types.ts'

export type Access = 'read' | 'write' | 'admin'

export interface IamOptions {
  /** Models whose patterns (and, for write access, items) the code uses. */
  models?: readonly string[]
  /** Access pattern names the code uses (narrower than models). */
  patterns?: readonly string[]
  access?: Access
  /** Item attribute naming the tenant (`teamId`): the caller's principal tag of that name must lead every key. */
  tenantAttribute?: string
  region?: string
  /** Account id; `*` (any account) when unset. */
  account?: string
  partition?: string
  /** Partition key value of the migrations bookkeeping item(s) the CI deployer writes. */
  migrationsKey?: string
}

export interface PolicyStatement {
  Sid: string
  Effect: 'Allow'
  Action: string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: PolicyStatement[]
}

/** What one access pattern needs: its actions on the table or on one index. */
export interface PatternGrant {
  pattern: string
  entity: string
  actions: string[]
  /** Undefined: the table itself. */
  index?: string
}

export interface IamPolicies {
  application: PolicyDocument
  ciDeployer: PolicyDocument
  /** Only when the table has a stream. */
  streamProcessor?: PolicyDocument
  /** The patterns the application policy grants. */
  patterns: PatternGrant[]
  /** Models whose items the application may write. */
  writes: string[]
  notes: string[]
}

export const WRITE_ACTIONS = ['dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']
const ADMIN_ACTIONS = ['dynamodb:DescribeTable', 'dynamodb:DescribeTimeToLive', 'dynamodb:Scan']
export const STREAM_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']
const DEPLOYER_TABLE_ACTIONS = [
  'dynamodb:CreateTable', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeContributorInsights', 'dynamodb:DescribeTable',
  'dynamodb:DescribeTimeToLive', 'dynamodb:ListTagsOfResource', 'dynamodb:TagResource', 'dynamodb:UntagResource',
  'dynamodb:UpdateContinuousBackups', 'dynamodb:UpdateContributorInsights', 'dynamodb:UpdateTable', 'dynamodb:UpdateTimeToLive',
]
const MIGRATION_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']

/** The actions and resource one pattern needs. listRelated reads the related items with BatchGetItem. */
export function patternGrant(p: AccessPattern): PatternGrant {
  const actions = p.operation === 'GetItem' ? ['dynamodb:BatchGetItem', 'dynamodb:GetItem'] : ['dynamodb:Query']
  if (p.kind === 'listRelated') actions.push('dynamodb:BatchGetItem')
  return { pattern: p.name, entity: p.entity, actions: [...new Set(actions)].sort(), ...(p.index ? { index: p.index } : {}) }
}

export function tableArn(tableName: string, options: Pick<IamOptions, 'region' | 'account' | 'partition'> = {}): string {
  return `arn:${options.partition ?? 'aws'}:dynamodb:${options.region ?? 'us-east-1'}:${options.account ?? '*'}:table/${tableName}`
}

export function iamPolicies(input: InfraInput, options: IamOptions = {}): IamPolicies {
  const spec = tableSpec(input)
  const all = accessPatterns(input.schema)
  const access = options.access ?? 'read'
  const table = tableArn(spec.tableName, options)
  const notes: string[] = []
  const modelNames = new Set(input.schema.entities.filter((e) => e.kind === 'model').map((e) => e.name))
  for (const m of options.models ?? []) {
    if (!modelNames.has(m)) throw new InfraError(`--models: no model ${m}; the models are ${[...modelNames].join(', ')}`, 'models')
  }
  let chosen = all
  if (options.patterns?.length) {
    const byName = new Map(all.map((p) => [p.name, p]))
    chosen = options.patterns.map((name) => {
      const p = byName.get(name)
      if (!p) throw new InfraError(`--patterns: no access pattern ${name}; run dbtooling access-patterns for the list`, 'patterns')
      return p
    })
  }
  if (options.models?.length) chosen = chosen.filter((p) => options.models?.includes(p.entity))
  let writeEntities = access === 'read' ? [] : input.schema.entities.filter((e) => writable(e, options, chosen))

  let leading: string[] | undefined
  if (options.tenantAttribute) {
    const tenant = tenantScope(input.schema.entities, options.tenantAttribute, input.schema.config.partitionKey)
    leading = [`${tenant.prefix}\${aws:PrincipalTag/${options.tenantAttribute}}`]
    const outside = chosen.filter((p) => !tenant.covers(p))
    if (outside.length) notes.push(`not granted under tenant isolation (their partition key is not ${tenant.prefix}{${options.tenantAttribute}} on the table): ${outside.map((p) => p.name).join(', ')}`)
    chosen = chosen.filter((p) => tenant.covers(p))
    const excluded = writeEntities.filter((e) => !tenant.ownsItems(e))
    if (excluded.length) notes.push(`writes not granted under tenant isolation (items or unique sentinels outside the tenant's partition): ${excluded.map((e) => e.name).join(', ')}`)
    writeEntities = writeEntities.filter((e) => tenant.ownsItems(e))
    if (access === 'admin') throw new InfraError('--access admin grants Scan, which no partition-key condition can confine to one tenant: use read or write with --tenant-attribute', 'access')
  }
  const grants = chosen.map(patternGrant)

  // one statement per resource, its actions merged
  const byResource = new Map<string, Set<string>>()
  const grant = (resource: string, actions: readonly string[]): void => {
    const set = byResource.get(resource) ?? new Set<string>()
    for (const a of actions) set.add(a)
    byResource.set(resource, set)
  }
  for (const g of grants) grant(g.index ? `${table}/index/${g.index}` : table, g.actions)
  if (writeEntities.length) grant(table, ['dynamodb:GetItem', ...WRITE_ACTIONS])
  if (access === 'admin') {
    grant(table, [...ADMIN_ACTIONS, 'dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'])
    for (const g of spec.globalIndexes.concat(spec.localIndexes)) grant(`${table}/index/${g.name}`, ['dynamodb:Query', 'dynamodb:Scan'])
  }
  const condition = leading ? { Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': leading } } } : {}
  const statements: PolicyStatement[] = [...byResource].map(([resource, actions]) => ({
    Sid: sid(resource === table ? 'Table' : `Index${resource.slice(resource.lastIndexOf('/') + 1)}`),
    Effect: 'Allow',
    Action: [...actions].sort(),
    Resource: resource,
    ...condition,
  }))
  if (statements.length === 0) throw new InfraError('the selection grants nothing: no access pattern matches --models/--patterns and the access is read', 'patterns')

  const result: IamPolicies = {
    application: { Version: '2012-10-17', Statement: statements },
    ciDeployer: deployerPolicy(table, options.migrationsKey ?? '_migrations'),
    patterns: grants,
    writes: writeEntities.map((e) => e.name),
    notes,
  }
  if (spec.stream) {
    result.streamProcessor = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ReadStream', Effect: 'Allow', Action: STREAM_ACTIONS, Resource: `${table}/stream/*` },
        // ListStreams takes no resource: it is granted on * or not at all.
        { Sid: 'ListStreams', Effect: 'Allow', Action: ['dynamodb:ListStreams'], Resource: '*' },
      ],
    }
  }
  return result
}

const sid = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '')

/** Writes cover the chosen models (or those of the chosen patterns) and their belongsToMany edges. */
function writable(e: EntityDefinition, options: IamOptions, chosen: readonly AccessPattern[]): boolean {
  const models = options.models?.length ? options.models : options.patterns?.length ? chosen.map((p) => p.entity) : undefined
  if (!models) return true
  if (e.kind === 'edge' && e.edge) return models.includes(e.edge.owner) || models.includes(e.edge.other)
  return models.includes(e.name)
}

function deployerPolicy(table: string, migrationsKey: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ManageTable', Effect: 'Allow', Action: DEPLOYER_TABLE_ACTIONS, Resource: [table, `${table}/index/*`] },
      {
        Sid: 'MigrationsItem',
        Effect: 'Allow',
        Action: MIGRATION_ITEM_ACTIONS,
        Resource: table,
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [migrationsKey] } },
      },
    ],
  }
}

interface TenantScope {
  prefix: string
  covers(p: AccessPattern): boolean
  ownsItems(e: EntityDefinition): boolean
}

/** The literal before `{tenantAttribute}` in some entity's partition key: `TEAM#` for `TEAM#{teamId}`. */
function tenantScope(entities: readonly EntityDefinition[], attribute: string, partitionKey: string): TenantScope {
  const holder = entities.find((e) => e.keys.pk.template.endsWith(`{${attribute}}`) && e.keys.pk.inputs.length === 1)
  if (!holder) {
    const attributes = [...new Set(entities.flatMap((e) => (e.keys.pk.inputs.length === 1 ? e.keys.pk.inputs : [])))]
    throw new InfraError(`--tenant-attribute ${attribute}: no partition key of the design is made of {${attribute}}, so dynamodb:LeadingKeys can not confine a tenant; partition keys are made of ${attributes.map((a) => `{${a}}`).join(', ')}`, 'tenantAttribute')
  }
  const prefix = holder.keys.pk.template.slice(0, -`{${attribute}}`.length)
  // a partition key of the tenant's shape: the prefix then exactly one placeholder
  const shaped = (value: string | undefined): boolean => value !== undefined && value.startsWith(prefix) && /^\{[^}]+\}$/.test(value.slice(prefix.length))
  return {
    prefix,
    covers: (p) => {
      if (p.request.IndexName) return false
      const pk = p.request.Key ? p.request.Key[partitionKey] : p.request.ExpressionAttributeValues?.[':pk']
      return shaped(pk && 'S' in pk ? pk.S : undefined)
    },
    ownsItems: (e) => shaped(e.keys.pk.template) && e.uniques.length === 0,
  }
}
