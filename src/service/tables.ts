/**
 * Table operations as plain functions: a DocumentClient and plain options in, plain data out.
 * The CLI, the MCP server and the studio call these; none of them prints, exits or reads flags.
 */
import type { DocumentClient } from '../dynamodb/document.ts'
import type { AttributeDefinition, BillingMode, CreateTableInput, GlobalSecondaryIndex, KeySchemaElement, ScalarAttributeType, StreamViewType, TableClass, TableDescription } from '../dynamodb/types/index.ts'
import { ServiceError } from './errors.ts'

export interface KeyAttribute {
  name: string
  /** S, N or B. */
  type: ScalarAttributeType
}

export interface KeySchema {
  hash: KeyAttribute
  range?: KeyAttribute
}

export interface IndexSummary {
  kind: 'GSI' | 'LSI'
  name: string
  key: KeySchemaElement[]
  status?: string
}

export interface TableSummary {
  name: string
  status: string
  key: KeySchemaElement[]
  itemCount: number
  sizeBytes: number
  billing: string
  /** The stream view type, or undefined when streams are off. */
  stream?: string
  deletionProtection: boolean
  indexes: IndexSummary[]
  /** DescribeTable's answer as DynamoDB sent it. */
  description: TableDescription
}

export async function describeTable(doc: DocumentClient, table: string, options: { signal?: AbortSignal } = {}): Promise<TableSummary> {
  const out = await doc.client.send('DescribeTable', { TableName: table }, options)
  const t = out.Table
  if (!t) throw new ServiceError('ResourceNotFoundException', `DescribeTable returned no table for ${table}`)
  return {
    name: t.TableName ?? table,
    status: t.TableStatus ?? 'ACTIVE',
    key: t.KeySchema ?? [],
    itemCount: t.ItemCount ?? 0,
    sizeBytes: t.TableSizeBytes ?? 0,
    billing: t.BillingModeSummary?.BillingMode ?? 'PROVISIONED',
    ...(t.StreamSpecification?.StreamEnabled && t.StreamSpecification.StreamViewType ? { stream: t.StreamSpecification.StreamViewType } : {}),
    deletionProtection: t.DeletionProtectionEnabled === true,
    indexes: [
      ...(t.GlobalSecondaryIndexes ?? []).map(i => ({ kind: 'GSI' as const, name: i.IndexName ?? '', key: i.KeySchema ?? [], ...(i.IndexStatus ? { status: i.IndexStatus } : {}) })),
      ...(t.LocalSecondaryIndexes ?? []).map(i => ({ kind: 'LSI' as const, name: i.IndexName ?? '', key: i.KeySchema ?? [] })),
    ],
    description: t,
  }
}

/** Key attribute names and types of the table, or of one of its indexes. */
export async function keySchema(doc: DocumentClient, table: string, index?: string): Promise<KeySchema> {
  return keySchemaOf((await describeTable(doc, table)).description, index)
}

/** The key schema in a DescribeTable answer, of the table or one of its indexes. */
export function keySchemaOf(t: TableDescription, index?: string): KeySchema {
  const table = t.TableName ?? 'the table'
  let schema = t.KeySchema ?? []
  if (index) {
    const indexes = [...(t.GlobalSecondaryIndexes ?? []), ...(t.LocalSecondaryIndexes ?? [])]
    const found = indexes.find(i => i.IndexName === index)
    if (!found) {
      const names = indexes.map(i => i.IndexName)
      throw new ServiceError('IndexNotFound', `table ${table} has no index ${index}${names.length ? `; indexes: ${names.join(', ')}` : ''}`, 'pass one of the table\'s indexes (`dbtooling table:describe`)', true)
    }
    schema = found.KeySchema ?? []
  }
  const type = (name: string): ScalarAttributeType => t.AttributeDefinitions?.find(d => d.AttributeName === name)?.AttributeType ?? 'S'
  const hash = schema.find(k => k.KeyType === 'HASH')?.AttributeName
  if (!hash) throw new ServiceError('InvalidKeySchema', `table ${table}${index ? ` index ${index}` : ''} has no partition key in DescribeTable`)
  const range = schema.find(k => k.KeyType === 'RANGE')?.AttributeName
  return { hash: { name: hash, type: type(hash) }, ...(range ? { range: { name: range, type: type(range) } } : {}) }
}

/** The key attribute names, hash first. */
export function keyNames(schema: KeySchema): string[] {
  return [schema.hash.name, ...(schema.range ? [schema.range.name] : [])]
}

/** One page of table names; pass `next` back as `startAfter` for the following page. */
export async function listTables(doc: DocumentClient, options: { limit?: number; startAfter?: string; signal?: AbortSignal } = {}): Promise<{ tables: string[]; next?: string }> {
  const out = await doc.client.send('ListTables', {
    ...(options.startAfter ? { ExclusiveStartTableName: options.startAfter } : {}),
    ...(options.limit ? { Limit: options.limit } : {}),
  }, { signal: options.signal })
  return { tables: out.TableNames ?? [], ...(out.LastEvaluatedTableName ? { next: out.LastEvaluatedTableName } : {}) }
}

/** Every table name, over all pages. */
export async function listAllTables(doc: DocumentClient, options: { signal?: AbortSignal } = {}): Promise<string[]> {
  const names: string[] = []
  let startAfter: string | undefined
  do {
    const page = await listTables(doc, { startAfter, signal: options.signal })
    names.push(...page.tables)
    startAfter = page.next
  } while (startAfter)
  return names
}

/** A table by key names and settings, the shape `table:create` takes: `pk` or `pk:N`. */
export interface TableDefinition {
  name: string
  /** Partition key as `name` or `name:S|N|B`. */
  pk: string
  /** Sort key as `name[:type]`; omit or '' for none. */
  sk?: string
  /** Global secondary indexes as `index=pk[:type][,sk[:type]]`. */
  gsis?: string[]
  billing?: string
  stream?: string
  readCapacity?: number
  writeCapacity?: number
  tableClass?: string
  deletionProtection?: boolean
  tags?: Record<string, string>
}

/** CreateTable's input for a definition; bad key specs are ServiceErrors naming the field. */
export function createTableRequest(def: TableDefinition): CreateTableInput {
  const pk = keyAttribute(def.pk, 'pk')
  const sk = def.sk ? keyAttribute(def.sk, 'sk') : undefined
  const defs = new Map<string, ScalarAttributeType>([[pk.name, pk.type]])
  if (sk) defs.set(sk.name, sk.type)
  const mode = billingMode(def.billing)
  const throughput = { ReadCapacityUnits: def.readCapacity ?? 5, WriteCapacityUnits: def.writeCapacity ?? 5 }
  const gsis: GlobalSecondaryIndex[] = (def.gsis ?? []).map(g => {
    const [indexName, keys] = g.split('=')
    const [hash, range] = (keys ?? '').split(',')
    if (!indexName || !hash) throw new ServiceError('InvalidIndex', `--gsi ${g}: expected <index>=<pk>[:type][,<sk>[:type]]`, undefined, true)
    const h = keyAttribute(hash, 'gsi')
    const r = range ? keyAttribute(range, 'gsi') : undefined
    defs.set(h.name, h.type)
    if (r) defs.set(r.name, r.type)
    return {
      IndexName: indexName,
      KeySchema: keyElements(h, r),
      Projection: { ProjectionType: 'ALL' },
      ...(mode === 'PROVISIONED' ? { ProvisionedThroughput: throughput } : {}),
    }
  })
  const stream = def.stream ? streamViewType(def.stream) : undefined
  const tags = def.tags ?? {}
  const definitions: AttributeDefinition[] = [...defs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }))
  return {
    TableName: def.name,
    KeySchema: keyElements(pk, sk),
    AttributeDefinitions: definitions,
    BillingMode: mode,
    ...(mode === 'PROVISIONED' ? { ProvisionedThroughput: throughput } : {}),
    ...(gsis.length ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } } : {}),
    ...(def.tableClass ? { TableClass: def.tableClass as TableClass } : {}),
    ...(def.deletionProtection ? { DeletionProtectionEnabled: true } : {}),
    ...(Object.keys(tags).length ? { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
  }
}

function keyElements(hash: KeyAttribute, range: KeyAttribute | undefined): KeySchemaElement[] {
  return [{ AttributeName: hash.name, KeyType: 'HASH' }, ...(range ? [{ AttributeName: range.name, KeyType: 'RANGE' as const }] : [])]
}

/** `name` or `name:S|N|B` as a key attribute. */
function keyAttribute(spec: string, field: string): KeyAttribute {
  const [name, type = 'S'] = spec.split(':')
  const upper = type.toUpperCase()
  if (!name || (upper !== 'S' && upper !== 'N' && upper !== 'B')) throw new ServiceError('InvalidKey', `--${field} ${spec}: expected <name>[:S|N|B]`, undefined, true)
  return { name, type: upper }
}

function billingMode(value: string | undefined): BillingMode {
  const mode = (value ?? 'PAY_PER_REQUEST').toUpperCase()
  if (mode !== 'PAY_PER_REQUEST' && mode !== 'PROVISIONED') throw new ServiceError('InvalidBillingMode', `--billing ${value}: expected PAY_PER_REQUEST or PROVISIONED`, undefined, true)
  return mode
}

const STREAM_VIEWS: readonly StreamViewType[] = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']
function streamViewType(value: string): StreamViewType {
  const view = STREAM_VIEWS.find(v => v === value.toUpperCase())
  if (!view) throw new ServiceError('InvalidStreamView', `--stream ${value}: expected one of ${STREAM_VIEWS.join(', ')}`, undefined, true)
  return view
}

export interface WaitOptions {
  /** Poll interval (DynamoDB Local and the engine: short; AWS: seconds). */
  intervalMs?: number
  timeoutMs?: number
  signal?: AbortSignal
}

/** Creates a table; with `wait`, returns once it is ACTIVE. */
export async function createTable(doc: DocumentClient, input: CreateTableInput, options: WaitOptions & { wait?: boolean } = {}): Promise<{ table: string; status: string }> {
  const out = await doc.client.send('CreateTable', input, { signal: options.signal })
  let status: string = out.TableDescription?.TableStatus ?? 'CREATING'
  if (options.wait) status = await doc.waitForTableActive(input.TableName, options)
  return { table: input.TableName, status }
}

/**
 * Deletes a table unless deletion protection is on. `confirm` sees the table first (its item
 * count, for the question) and may refuse: then nothing is deleted.
 */
export async function deleteTable(doc: DocumentClient, table: string, options: WaitOptions & { wait?: boolean; confirm?: (summary: TableSummary) => Promise<boolean> | boolean } = {}): Promise<{ table: string; deleted: boolean }> {
  const summary = await describeTable(doc, table, options)
  if (summary.deletionProtection) {
    throw new ServiceError('DeletionProtected', `table ${table} has deletion protection on; nothing was deleted`, 'turn it off first (UpdateTable DeletionProtectionEnabled=false), then delete')
  }
  if (options.confirm && !(await options.confirm(summary))) return { table, deleted: false }
  await doc.client.send('DeleteTable', { TableName: table }, { signal: options.signal })
  if (options.wait) await doc.waitForTableDeleted(table, options)
  return { table, deleted: true }
}

/** Waits until the table is ACTIVE, or with `deleted` until it is gone; returns the final state. */
export function waitForTable(doc: DocumentClient, table: string, options: WaitOptions & { deleted?: boolean } = {}): Promise<string> {
  return options.deleted ? doc.waitForTableDeleted(table, options) : doc.waitForTableActive(table, options)
}

export interface TimeToLiveState {
  table: string
  /** ENABLED, ENABLING, DISABLED or DISABLING. */
  status: string
  attribute?: string
}

export async function timeToLive(doc: DocumentClient, table: string, options: { signal?: AbortSignal } = {}): Promise<TimeToLiveState> {
  const d = (await doc.client.send('DescribeTimeToLive', { TableName: table }, options)).TimeToLiveDescription
  return { table, status: d?.TimeToLiveStatus ?? 'DISABLED', ...(d?.AttributeName ? { attribute: d.AttributeName } : {}) }
}

/** Enables TTL on `attribute`, or disables it (on the attribute it is enabled on when none is given). */
export async function setTimeToLive(doc: DocumentClient, table: string, change: { enabled: boolean; attribute?: string }, options: { signal?: AbortSignal } = {}): Promise<TimeToLiveState> {
  let attribute = change.attribute
  if (!attribute) {
    if (change.enabled) throw new ServiceError('MissingAttribute', 'enabling TTL needs the attribute that holds the expiry (epoch seconds)', undefined, true)
    attribute = (await timeToLive(doc, table, options)).attribute
    if (!attribute) throw new ServiceError('TtlNotEnabled', `TTL is not enabled on ${table}; nothing to disable`)
  }
  await doc.client.send('UpdateTimeToLive', { TableName: table, TimeToLiveSpecification: { Enabled: change.enabled, AttributeName: attribute } }, options)
  return timeToLive(doc, table, options)
}
