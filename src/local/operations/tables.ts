/** CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable. */
import type { Engine, Operation } from '../engine.ts'
import { LocalError, validationError } from '../errors.ts'
import type { AttributeDefinition, IndexMeta, KeyNames, KeySchemaElement, Projection, StreamMeta, TableMeta, Throughput } from '../storage/types.ts'
import { tableArn } from '../storage/types.ts'
import { checkName, integerMember, required } from './common.ts'
import { readTags } from './tags.ts'

function keyNames(schema: unknown, what: string): { names: KeyNames; schema: KeySchemaElement[] } {
  if (!Array.isArray(schema) || schema.length === 0 || schema.length > 2) throw validationError(`${what} must have 1 or 2 elements`)
  const hash = schema.find((k: KeySchemaElement) => k.KeyType === 'HASH') as KeySchemaElement | undefined
  const range = schema.find((k: KeySchemaElement) => k.KeyType === 'RANGE') as KeySchemaElement | undefined
  if (!hash) throw validationError('No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key')
  if (schema[0] !== hash) throw validationError('Invalid KeySchema: The first KeySchemaElement is not a HASH key type')
  if (schema.length === 2 && !range) throw validationError('Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key')
  if (range && range.AttributeName === hash.AttributeName) throw validationError('Both the Hash Key and the Range Key element in the KeySchema have the same name')
  const names: KeyNames = { hash: hash.AttributeName }
  if (range) names.range = range.AttributeName
  return { names, schema: schema.map((k: KeySchemaElement) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })) }
}

function projection(p: unknown): Projection {
  // An empty Projection ({}) specifies nothing either.
  if (p === undefined || p === null || (typeof p === 'object' && Object.keys(p).length === 0)) throw validationError('Indexes must have a projection specified')
  const raw = p as Projection
  const type = raw.ProjectionType ?? 'ALL'
  if (!['ALL', 'KEYS_ONLY', 'INCLUDE'].includes(type)) throw validationError(`1 validation error detected: Value '${type}' at 'projection.projectionType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]`)
  const out: Projection = { ProjectionType: type }
  if (type === 'INCLUDE') {
    if (!raw.NonKeyAttributes?.length) throw validationError('If Projection type INCLUDE is specified, some non-key attributes to include in the projection must be specified as well')
    out.NonKeyAttributes = raw.NonKeyAttributes
  } else if (raw.NonKeyAttributes) throw validationError('No attributes should be specified to be projected unless projection type is INCLUDE')
  return out
}

function throughput(raw: unknown): Throughput {
  const t = (raw ?? {}) as Partial<Throughput>
  return { ReadCapacityUnits: Number(t.ReadCapacityUnits ?? 0), WriteCapacityUnits: Number(t.WriteCapacityUnits ?? 0) }
}

function streamMeta(tableName: string, spec: unknown, now: number): StreamMeta | undefined {
  const s = spec as { StreamEnabled?: boolean; StreamViewType?: StreamMeta['viewType'] } | undefined
  if (!s?.StreamEnabled) return undefined
  if (!s.StreamViewType) throw validationError('Invalid StreamViewType: Stream ViewType must not be null or empty when enabling streams.')
  const label = new Date(now).toISOString().slice(0, 23)
  return { enabled: true, viewType: s.StreamViewType, label, arn: `${tableArn(tableName)}/stream/${label}`, createdAt: now / 1000 }
}

function buildIndex(raw: Record<string, unknown>, kind: 'GSI' | 'LSI', id: number, billing: TableMeta['billingMode']): IndexMeta {
  const name = checkName(raw.IndexName, 'indexName')
  const { names, schema } = keyNames(raw.KeySchema, 'KeySchema')
  const index: IndexMeta = { id, name, kind, key: names, keySchema: schema, projection: projection(raw.Projection) }
  if (kind === 'GSI') {
    if (billing === 'PROVISIONED' && !raw.ProvisionedThroughput) throw validationError('No provisioned throughput specified for the global secondary index')
    index.throughput = throughput(raw.ProvisionedThroughput)
  }
  return index
}

function checkDefinitions(defs: AttributeDefinition[], meta: { key: KeyNames; indexes: IndexMeta[] }): void {
  const defined = new Set(defs.map((d) => d.AttributeName))
  const used = new Set<string>()
  const need = (name: string, which: string) => {
    if (!defined.has(name)) throw validationError(`${which} Key not specified in Attribute Definitions.  Type unknown.`)
    used.add(name)
  }
  need(meta.key.hash, 'Hash')
  if (meta.key.range) need(meta.key.range, 'Range')
  for (const ix of meta.indexes) {
    for (const [name, which] of [[ix.key.hash, 'hash'], [ix.key.range, 'range']] as const) {
      if (!name || defined.has(name)) continue
      if (ix.kind === 'LSI') throw validationError(`Local Secondary Index ${which} key not specified in Attribute Definitions.Type unknown.`)
      throw validationError(`Attribute ${name} is not defined in AttributeDefinitions`)
    }
    used.add(ix.key.hash)
    if (ix.key.range) used.add(ix.key.range)
  }
  if (used.size !== defined.size) {
    if (meta.indexes.length === 0) throw validationError('The number of attributes in key schema must match the number of attributes defined in attribute definitions.')
    throw validationError(`One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [${[...defined].join(', ')}], keys used: [${[...used].join(', ')}]`)
  }
}

/** DynamoDB's default quota of global secondary indexes per table. */
const MAX_GSIS = 20

const createTable: Operation = (engine, input) => {
  const name = checkName(input.TableName)
  required(input.KeySchema, 'keySchema')
  required(input.AttributeDefinitions, 'attributeDefinitions')
  const { names, schema } = keyNames(input.KeySchema, 'KeySchema')
  const billingMode = (input.BillingMode as TableMeta['billingMode'] | undefined) ?? 'PROVISIONED'
  if (billingMode === 'PROVISIONED' && !input.ProvisionedThroughput) throw validationError('No provisioned throughput specified for the table')
  if (billingMode === 'PAY_PER_REQUEST' && input.ProvisionedThroughput) throw validationError('One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST')
  const now = Date.now()
  let nextIndexId = 1
  const indexes: IndexMeta[] = []
  for (const raw of (input.LocalSecondaryIndexes as Record<string, unknown>[] | undefined) ?? []) {
    const ix = buildIndex(raw, 'LSI', nextIndexId++, billingMode)
    if (!names.range) throw validationError('Local Secondary indices are not allowed on hash tables, only hash and range tables')
    if (ix.key.hash !== names.hash) throw validationError('Local Secondary indices must have the same hash key as the main table')
    if (!ix.key.range) throw validationError(`One or more parameter values were invalid: Index KeySchema does not have a range key for index: ${ix.name}`)
    indexes.push(ix)
  }
  const gsis = (input.GlobalSecondaryIndexes as Record<string, unknown>[] | undefined) ?? []
  if (gsis.length > MAX_GSIS) throw validationError('GlobalSecondaryIndex count exceeds the per-table limit')
  for (const raw of gsis) indexes.push(buildIndex(raw, 'GSI', nextIndexId++, billingMode))
  const seen = new Set<string>()
  for (const ix of indexes) {
    if (seen.has(ix.name)) throw validationError(`Two ${ix.kind === 'LSI' ? 'local' : 'global'} secondary indices have the same name`)
    seen.add(ix.name)
  }
  const defs = (input.AttributeDefinitions as AttributeDefinition[]).map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType }))
  if (defs.some((d) => !['S', 'N', 'B'].includes(d.AttributeType))) throw validationError('Member must satisfy enum value set: [B, N, S]')
  checkDefinitions(defs, { key: names, indexes })
  // An empty list is accepted here (TagResource refuses one).
  const tags = Object.fromEntries(readTags((input.Tags as unknown[] | undefined) ?? []))
  // A table mid-change (a DELETING one too) holds its name.
  if (engine.findTable(name) || engine.tableStatus(name) !== 'ACTIVE') throw new LocalError('ResourceInUseException', 'Cannot create preexisting table')
  const meta: TableMeta = {
    id: engine.nextTableId(),
    name,
    key: names,
    keySchema: schema,
    attributeDefinitions: defs,
    indexes,
    createdAt: now / 1000,
    billingMode,
    throughput: throughput(input.ProvisionedThroughput),
    tags,
    deletionProtection: input.DeletionProtectionEnabled === true,
    nextIndexId,
  }
  const stream = streamMeta(name, input.StreamSpecification, now)
  if (stream) meta.stream = stream
  if (typeof input.TableClass === 'string') meta.tableClass = input.TableClass
  engine.saveTable(meta)
  engine.beginTransition(meta, 'CREATING')
  return { TableDescription: describe(engine, meta) }
}

const ts = (seconds: number) => Math.round(seconds * 1000) / 1000

/** DescribeTable's `Table` object, shaped and ordered as DynamoDB Local answers. */
export function describe(engine: Engine, meta: TableMeta, deleting: IndexMeta[] = []): Record<string, unknown> {
  const { n, bytes } = engine.store.count(meta.id, 0)
  const out: Record<string, unknown> = {
    AttributeDefinitions: meta.attributeDefinitions,
    TableName: meta.name,
    KeySchema: meta.keySchema,
    TableStatus: engine.tableStatus(meta.name),
    CreationDateTime: ts(meta.createdAt),
    ProvisionedThroughput: { LastIncreaseDateTime: 0, LastDecreaseDateTime: 0, NumberOfDecreasesToday: 0, ...meta.throughput },
    TableSizeBytes: bytes,
    ItemCount: n,
    TableArn: tableArn(meta.name),
  }
  if (meta.billingMode === 'PAY_PER_REQUEST') out.BillingModeSummary = { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: ts(meta.createdAt) }
  else if (meta.billingModeChanged) out.BillingModeSummary = { BillingMode: 'PROVISIONED', LastUpdateToPayPerRequestDateTime: ts(meta.createdAt) }
  const indexDescription = (ix: IndexMeta) => {
    const c = engine.store.count(meta.id, ix.id)
    const d: Record<string, unknown> = { IndexName: ix.name, KeySchema: ix.keySchema, Projection: ix.projection }
    if (ix.kind === 'GSI') {
      // A GSI added by UpdateTable backfills first, as in DynamoDB (only while lifecycleMs lasts).
      if (engine.indexCreating(meta.name, ix.name)) Object.assign(d, { IndexStatus: 'CREATING', Backfilling: true })
      else d.IndexStatus = 'ACTIVE'
      if (meta.billingMode === 'PROVISIONED') d.ProvisionedThroughput = { ...ix.throughput }
    }
    d.IndexSizeBytes = c.bytes
    d.ItemCount = c.n
    d.IndexArn = `${tableArn(meta.name)}/index/${ix.name}`
    if (ix.onDemand) d.OnDemandThroughput = { MaxReadRequestUnits: -1, MaxWriteRequestUnits: -1 }
    return d
  }
  const lsis = meta.indexes.filter((i) => i.kind === 'LSI')
  const gsis = meta.indexes.filter((i) => i.kind === 'GSI')
  if (lsis.length) out.LocalSecondaryIndexes = lsis.map(indexDescription)
  const described = gsis.map(indexDescription)
  for (const ix of deleting) {
    const d: Record<string, unknown> = { IndexName: ix.name, KeySchema: ix.keySchema, Projection: ix.projection, IndexStatus: 'DELETING', IndexArn: `${tableArn(meta.name)}/index/${ix.name}` }
    if (ix.onDemand) d.OnDemandThroughput = { MaxReadRequestUnits: -1, MaxWriteRequestUnits: -1 }
    described.push(d)
  }
  if (described.length) out.GlobalSecondaryIndexes = described
  if (meta.stream) {
    // A disabled stream keeps its ARN and label but loses the specification, as in DynamoDB Local.
    if (meta.stream.enabled) out.StreamSpecification = { StreamEnabled: true, StreamViewType: meta.stream.viewType }
    out.LatestStreamLabel = meta.stream.label
    out.LatestStreamArn = meta.stream.arn
  }
  if (meta.tableClass) out.TableClassSummary = { TableClass: meta.tableClass }
  out.DeletionProtectionEnabled = meta.deletionProtection
  return out
}

const describeTable: Operation = (engine, input) => {
  checkName(input.TableName)
  return { Table: describe(engine, engine.tableInAnyState(input.TableName)) }
}

const deleteTable: Operation = (engine, input) => {
  checkName(input.TableName)
  const meta = engine.tableInAnyState(input.TableName)
  engine.assertChangeable(meta.name)
  if (meta.deletionProtection) throw validationError(`Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`)
  engine.beginTransition(meta, 'DELETING')
  const description = describe(engine, meta)
  engine.removeTable(meta)
  return { TableDescription: description }
}

const listTables: Operation = (engine, input) => {
  const limit = integerMember(input, 'Limit') ?? 100
  if (!(limit >= 1)) throw validationError('Limit must be greater than or equal to 1')
  if (limit > 100) throw validationError('Limit in ListTables must be <= 100')
  const start = input.ExclusiveStartTableName as string | undefined
  const names = engine.tableNames().filter((n) => start === undefined || n > start)
  const page = names.slice(0, limit)
  const out: Record<string, unknown> = { TableNames: page }
  if (names.length > limit) out.LastEvaluatedTableName = page[page.length - 1]
  return out
}

const updateTable: Operation = (engine, input) => {
  checkName(input.TableName)
  const current = engine.tableInAnyState(input.TableName)
  const fields = ['AttributeDefinitions', 'BillingMode', 'ProvisionedThroughput', 'GlobalSecondaryIndexUpdates', 'StreamSpecification', 'DeletionProtectionEnabled', 'TableClass', 'SSESpecification', 'ReplicaUpdates', 'OnDemandThroughput']
  // An empty GlobalSecondaryIndexUpdates list updates nothing either.
  const given = (f: string) => input[f] !== undefined && !(Array.isArray(input[f]) && input[f].length === 0)
  if (!fields.some(given)) throw validationError('Nothing to update')
  engine.assertChangeable(current.name)
  const meta: TableMeta = structuredClone(current)
  const changes: (() => void)[] = []
  const deleting: IndexMeta[] = []
  const creating: string[] = []
  if (input.AttributeDefinitions) {
    for (const d of input.AttributeDefinitions as AttributeDefinition[]) {
      const existing = meta.attributeDefinitions.find((x) => x.AttributeName === d.AttributeName)
      if (existing && existing.AttributeType !== d.AttributeType) throw validationError(`One or more parameter values were invalid: Attribute ${d.AttributeName} has conflicting types`)
      if (!existing) meta.attributeDefinitions.push({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })
    }
  }
  if (input.BillingMode) {
    if (input.BillingMode === 'PROVISIONED' && meta.billingMode !== 'PROVISIONED' && !input.ProvisionedThroughput) throw validationError('No provisioned throughput specified for the table')
    meta.billingMode = input.BillingMode as TableMeta['billingMode']
    meta.billingModeChanged = true
  }
  // DynamoDB Local ignores throughput sent for an on-demand table.
  if (input.ProvisionedThroughput && meta.billingMode === 'PROVISIONED') meta.throughput = throughput(input.ProvisionedThroughput)
  if (meta.billingMode === 'PAY_PER_REQUEST' && input.BillingMode) meta.throughput = { ReadCapacityUnits: 0, WriteCapacityUnits: 0 }
  if (typeof input.DeletionProtectionEnabled === 'boolean') meta.deletionProtection = input.DeletionProtectionEnabled
  if (typeof input.TableClass === 'string') meta.tableClass = input.TableClass
  for (const update of (input.GlobalSecondaryIndexUpdates as Record<string, Record<string, unknown>>[] | undefined) ?? []) {
    if (update.Create) {
      if (!input.AttributeDefinitions) throw validationError('No Attribute Schema Defined')
      const ix = buildIndex(update.Create, 'GSI', meta.nextIndexId++, meta.billingMode)
      if (meta.billingMode === 'PAY_PER_REQUEST') ix.onDemand = true
      if (meta.indexes.some((i) => i.name === ix.name)) throw validationError(`One or more parameter values were invalid: Index with name: ${ix.name} already exists`)
      for (const k of [ix.key.hash, ix.key.range]) {
        if (k && !meta.attributeDefinitions.some((d) => d.AttributeName === k)) throw validationError('One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions.')
      }
      meta.indexes.push(ix)
      creating.push(ix.name)
      changes.push(() => engine.store.backfillIndex(meta, ix.id))
    } else if (update.Delete) {
      const name = update.Delete.IndexName
      const ix = meta.indexes.find((i) => i.name === name && i.kind === 'GSI')
      if (!ix) throw new LocalError('ResourceNotFoundException', 'Requested resource not found')
      meta.indexes = meta.indexes.filter((i) => i !== ix)
      deleting.push(ix)
      changes.push(() => engine.store.dropIndex(meta.id, ix.id))
    } else if (update.Update) {
      const ix = meta.indexes.find((i) => i.name === update.Update!.IndexName && i.kind === 'GSI')
      if (!ix) throw new LocalError('ResourceNotFoundException', 'Requested resource not found')
      if (update.Update.ProvisionedThroughput) ix.throughput = throughput(update.Update.ProvisionedThroughput)
    }
  }
  if (input.StreamSpecification) {
    const spec = input.StreamSpecification as { StreamEnabled?: boolean }
    if (spec.StreamEnabled) {
      if (meta.stream?.enabled) throw validationError('Table already has an enabled stream')
      meta.stream = streamMeta(meta.name, spec, Date.now())
    } else {
      if (!meta.stream?.enabled) throw validationError('Table has no stream to disable')
      meta.stream = { ...meta.stream, enabled: false }
    }
  }
  // Definitions only exist for key attributes; drop the ones a deleted index leaves unused.
  const used = new Set([meta.key.hash, meta.key.range, ...meta.indexes.flatMap((i) => [i.key.hash, i.key.range])])
  meta.attributeDefinitions = meta.attributeDefinitions.filter((d) => used.has(d.AttributeName))
  engine.store.transaction(() => {
    for (const change of changes) change()
    engine.saveTable(meta)
  })
  engine.beginTransition(meta, 'UPDATING', creating)
  return { TableDescription: describe(engine, meta, deleting) }
}

export const tableOperations: Record<string, Operation> = {
  CreateTable: createTable,
  DescribeTable: describeTable,
  DeleteTable: deleteTable,
  ListTables: listTables,
  UpdateTable: updateTable,
}
