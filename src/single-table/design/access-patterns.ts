/**
 * `accessPatterns(schema)`: every read the design serves, as a ready GetItem or Query request.
 * Never a Scan. Requests hold `{param}` placeholders; `buildRequest` fills them.
 */
import { SingleTableError } from '../errors.ts'
import { formatKeyValue, literalPrefix } from './keys.ts'
import { patternNames } from './pattern-names.ts'
import type { AttributeValue } from '../../dynamodb/attribute-value.ts'
import type { GetItemInput } from '../../dynamodb/types/items.ts'
import type { QueryInput } from '../../dynamodb/types/query.ts'
import type { AccessPattern, AccessPatternKind, DerivedSchema, EntityDefinition, KeyPattern, PatternParam, PatternRequest } from './types.ts'

interface Draft {
  name: string
  kind: AccessPatternKind
  via?: string
  entity: string
  description: string
  returns: string
  notes: string[]
}

export function accessPatterns(schema: DerivedSchema): AccessPattern[] {
  const byName = new Map(schema.entities.map((e) => [e.name, e]))
  const table = schema.config.tableName
  const out: AccessPattern[] = []
  for (const entity of schema.entities) {
    if (entity.kind !== 'model') continue
    const ctx = { schema, table, byName }
    out.push(getById(ctx, entity))
    for (const u of entity.uniques) out.push(getByUnique(ctx, entity, u.attributes, u.template))
    for (const rel of entity.relations) {
      const target = byName.get(rel.model) as EntityDefinition
      if (rel.kind === 'belongsTo') out.push(parentOf(ctx, entity, target, rel.foreignKey))
      else if (rel.kind === 'belongsToMany') out.push(manyOf(ctx, entity, target))
      else out.push(childrenOf(ctx, entity, target, rel.kind === 'hasOne'))
    }
    // a belongsTo without an inverse still gets its parent → children pattern, on the parent
    for (const other of schema.entities) {
      for (const rel of other.relations) {
        if (rel.kind !== 'belongsTo' || rel.model !== entity.name) continue
        if (entity.relations.some((r) => (r.kind === 'hasMany' || r.kind === 'hasOne') && r.model === other.name)) continue
        out.push(childrenOf(ctx, entity, other, false))
      }
    }
    for (const index of entity.indexes) out.push(byIndex(ctx, entity, index.name))
    out.push(listAll(ctx, entity))
  }
  const seen = new Set<string>()
  for (const p of out) {
    if (seen.has(p.name)) throw new SingleTableError('KEY_PATTERN_CLASH', `two access patterns are both named ${p.name}; rename a relation or index`)
    seen.add(p.name)
  }
  return out
}

interface Ctx {
  schema: DerivedSchema
  table: string
  byName: ReadonlyMap<string, EntityDefinition>
}

// ------------------------------------------------------------------ the patterns

function getById(ctx: Ctx, e: EntityDefinition): AccessPattern {
  const notes = e.parent ? [`${e.name} lives in its ${e.parent.model}'s item collection: the key needs ${e.parent.foreignKey} as well as the id.`] : []
  return getItem(ctx, e, { name: patternNames.getById(e.name), kind: 'getById', entity: e.name, description: `Get a ${e.name} by id`, returns: e.name, notes }, e.keys.pk, e.keys.sk)
}

function getByUnique(ctx: Ctx, e: EntityDefinition, attributes: string[], template: string): AccessPattern {
  const delimiter = ctx.schema.config.delimiter
  const k = (attribute: string): KeyPattern => ({ attribute, template, inputs: attributes })
  return getItem(
    ctx,
    e,
    {
      name: patternNames.getByUnique(e.name, attributes),
      kind: 'getByUnique',
      via: attributes.join('+'),
      entity: e.name,
      description: `Get a ${e.name} by its unique ${attributes.join(' + ')}`,
      returns: `UNIQUE${delimiter}${e.name}`,
      notes: [`Reads the uniqueness sentinel; its ownerPk/ownerSk attributes are the ${e.name}'s key (a second GetItem, or a TransactGetItems of both).`],
    },
    k(ctx.schema.config.partitionKey),
    k(ctx.schema.config.sortKey),
  )
}

function parentOf(ctx: Ctx, child: EntityDefinition, parent: EntityDefinition, foreignKey: string): AccessPattern {
  // the parent's key, with its id read from the child's foreign key
  const rename = (p: KeyPattern): KeyPattern => ({
    ...p,
    template: p.template.replaceAll(`{${parent.idAttribute}}`, `{${foreignKey}}`),
    inputs: p.inputs.map((i) => (i === parent.idAttribute ? foreignKey : i)),
  })
  const notes = [`Takes ${foreignKey} from the ${child.name} item.`]
  if (parent.parent) notes.push(`${parent.name} lives in its ${parent.parent.model}'s collection: ${parent.parent.foreignKey} is needed too.`)
  const draft: Draft = { name: patternNames.parentOf(child.name, parent.name), kind: 'getParent', via: foreignKey, entity: child.name, description: `Get the ${parent.name} of a ${child.name}`, returns: parent.name, notes }
  return getItem(ctx, parent, draft, rename(parent.keys.pk), rename(parent.keys.sk), child)
}

function childrenOf(ctx: Ctx, parent: EntityDefinition, child: EntityDefinition, one: boolean): AccessPattern {
  const draft: Draft = {
    name: patternNames.childrenOf(parent.name, child.name, one),
    kind: one ? 'getChild' : 'listChildren',
    via: childForeignKey(child, parent.name),
    entity: parent.name,
    description: one ? `Get the ${child.name} of a ${parent.name}` : `List the ${child.name} items of a ${parent.name}`,
    returns: child.name,
    notes: [],
  }
  if (child.parent?.model === parent.name) {
    draft.notes.push(
      `Served by ${parent.name}'s item collection in the table, in sort-key order (${child.keys.sk.template}); for another order declare an index [${child.parent.foreignKey}, <attribute>] (an LSI).`,
    )
    return query(ctx, child, draft, undefined, child.keys.pk, literalPrefix(child.keys.sk.template), child.keys.sk.attribute, { one, filterDeleted: true })
  }
  const key = child.indexKeys.find((k) => k.purpose === 'relation' && k.serves.endsWith(` ${parent.name}`))
  if (!key?.pk) throw new SingleTableError('UNKNOWN_ENTITY', `no index serves ${draft.name}`)
  if (child.traits.useTimestamps) draft.notes.push('Ordered by createdAt (oldest first; ScanIndexForward: false for newest first).')
  return query(ctx, child, draft, key.index, key.pk, literalPrefix(key.sk.template), key.sk.attribute, { one })
}

function manyOf(ctx: Ctx, e: EntityDefinition, other: EntityDefinition): AccessPattern {
  const edge = [...ctx.byName.values()].find((x) => x.edge && [x.edge.owner, x.edge.other].sort().join() === [e.name, other.name].sort().join())
  if (!edge?.edge) throw new SingleTableError('UNKNOWN_ENTITY', `no edge entity for ${e.name} ↔ ${other.name}`)
  const draft: Draft = {
    name: patternNames.manyOf(e.name, other.name),
    kind: 'listRelated',
    via: edge.name,
    entity: e.name,
    description: `List the ${other.name} items of a ${e.name} (many-to-many)`,
    returns: edge.name,
    notes: [`Returns ${edge.name} edge items carrying ${edge.edge.ownerKey} and ${edge.edge.otherKey}; BatchGetItem the ${other.name} items.`],
  }
  if (edge.edge.owner === e.name) {
    return query(ctx, edge, draft, undefined, edge.keys.pk, literalPrefix(edge.keys.sk.template), edge.keys.sk.attribute, {})
  }
  const inv = edge.indexKeys.find((k) => k.purpose === 'inverted') as NonNullable<EntityDefinition['indexKeys'][number]>
  draft.notes.push(`${inv.index} is the inverted index of the edges.`)
  return query(ctx, edge, draft, inv.index, inv.pk as KeyPattern, literalPrefix(inv.sk.template), inv.sk.attribute, {})
}

function byIndex(ctx: Ctx, e: EntityDefinition, indexName: string): AccessPattern {
  const index = e.indexes.find((i) => i.name === indexName) as EntityDefinition['indexes'][number]
  const key = e.indexKeys.find((k) => k.serves === `index ${indexName}`) as EntityDefinition['indexKeys'][number]
  const sortColumn = index.columns[index.columns.length - 1] as string
  const attr = e.attributes.find((a) => a.name === sortColumn)
  const dated = attr?.cast === 'datetime' || attr?.cast === 'date' || attr?.cast === 'timestamp'
  const partition = key.type === 'LSI' ? e.keys.pk.inputs : index.columns.length === 1 ? index.columns : index.columns.slice(0, -1)
  const draft: Draft = {
    name: patternNames.byIndex(e.name, index, e.indexes),
    kind: 'listByIndex',
    via: index.name,
    entity: e.name,
    description: `List ${e.name} items by ${partition.join(' + ')}, ordered by ${index.columns.length > 1 ? sortColumn : 'id'}${dated ? ', newest first' : ''} (index ${index.name})`,
    returns: e.name,
    notes: [],
  }
  const sparse = index.columns.filter((c) => e.attributes.find((a) => a.name === c)?.nullable)
  if (sparse.length > 0) draft.notes.push(`Sparse: items without ${sparse.join(' or ')} are not in the index.`)
  if (e.traits.useSoftDeletes) draft.notes.push('Soft-deleted items are not in the index.')
  if (key.type === 'LSI') {
    return query(ctx, e, draft, key.index, e.keys.pk, literalPrefix(key.sk.template), key.sk.attribute, { descending: dated })
  }
  return query(ctx, e, draft, key.index, key.pk as KeyPattern, undefined, key.sk.attribute, { descending: dated })
}

function listAll(ctx: Ctx, e: EntityDefinition): AccessPattern {
  const key = e.indexKeys.find((k) => k.purpose === 'listAll') as EntityDefinition['indexKeys'][number]
  const draft: Draft = {
    name: patternNames.listAll(e.name),
    kind: 'listAll',
    entity: e.name,
    description: `List every ${e.name}`,
    returns: e.name,
    notes: [
      `Write-sharded over ${e.shards} partitions: run the query for shard 0..${e.shards - 1} and merge${e.traits.useTimestamps ? ' by GSI sort key (createdAt)' : ''}. ` +
        `Each shard takes 1/${e.shards} of all ${e.name} writes; raise dynamodb.shards for high write rates.`,
    ],
  }
  if (e.traits.useSoftDeletes) draft.notes.push('Soft-deleted items are not in the index.')
  const pattern = query(ctx, e, draft, key.index, key.pk as KeyPattern, literalPrefix(key.sk.template), key.sk.attribute, {})
  pattern.shards = e.shards
  return pattern
}

function childForeignKey(child: EntityDefinition, parent: string): string {
  return child.relations.find((r) => r.kind === 'belongsTo' && r.model === parent)?.foreignKey ?? ''
}

// ------------------------------------------------------------------ request builders

function params(e: EntityDefinition, inputs: readonly string[], from: EntityDefinition = e): PatternParam[] {
  const out: PatternParam[] = []
  for (const name of inputs) {
    if (out.some((p) => p.name === name)) continue
    if (name === 'shard') {
      out.push({ name, type: 'shard' })
      continue
    }
    const attr = from.attributes.find((a) => a.name === name) ?? e.attributes.find((a) => a.name === name)
    out.push({ name, type: attr?.cast === 'integer' ? 'integer' : 'string', from: `${from.name}.${name}` })
  }
  return out
}

function getItem(ctx: Ctx, e: EntityDefinition, draft: Draft, pk: KeyPattern, sk: KeyPattern, from?: EntityDefinition): AccessPattern {
  const request: PatternRequest = {
    TableName: ctx.table,
    Key: { [pk.attribute]: { S: pk.template }, [sk.attribute]: { S: sk.template } },
  }
  const ps = params(e, [...pk.inputs, ...sk.inputs], from)
  return finish(draft, 'GetItem', undefined, `${pk.attribute} = ${pk.template} AND ${sk.attribute} = ${sk.template}`, ps, request, ctx, e)
}

function query(
  ctx: Ctx,
  e: EntityDefinition,
  draft: Draft,
  index: string | undefined,
  pk: KeyPattern,
  skPrefix: string | undefined,
  skAttribute: string,
  opts: { one?: boolean; descending?: boolean; filterDeleted?: boolean },
): AccessPattern {
  const names: Record<string, string> = { '#pk': pk.attribute }
  const values: Record<string, AttributeValue> = { ':pk': { S: pk.template } }
  let condition = '#pk = :pk'
  let readable = `${pk.attribute} = ${pk.template}`
  if (skPrefix) {
    names['#sk'] = skAttribute
    values[':sk'] = { S: skPrefix }
    condition += ' AND begins_with(#sk, :sk)'
    readable += ` AND begins_with(${skAttribute}, "${skPrefix}")`
  }
  const request: PatternRequest = { TableName: ctx.table }
  if (index) request.IndexName = index
  request.KeyConditionExpression = condition
  if (opts.filterDeleted && e.traits.useSoftDeletes) {
    // the table itself is not sparse: soft-deleted children are still in the collection
    request.FilterExpression = 'attribute_not_exists(#deletedAt)'
    names['#deletedAt'] = 'deletedAt'
    draft.notes.push('Filters out soft-deleted items (deletedAt set).')
  }
  request.ExpressionAttributeNames = names
  request.ExpressionAttributeValues = values
  if (opts.descending) request.ScanIndexForward = false
  if (opts.one && !request.FilterExpression) request.Limit = 1
  return finish(draft, 'Query', index, readable, params(e, pk.inputs), request, ctx, e)
}

function finish(
  draft: Draft,
  operation: AccessPattern['operation'],
  index: string | undefined,
  keyCondition: string,
  ps: PatternParam[],
  request: PatternRequest,
  ctx: Ctx,
  e: EntityDefinition,
): AccessPattern {
  const pattern: AccessPattern = {
    name: draft.name,
    kind: draft.kind,
    entity: draft.entity,
    description: draft.description,
    operation,
    returns: draft.returns,
    keyCondition,
    params: ps,
    request,
    example: request,
    notes: draft.notes,
  }
  if (draft.via !== undefined) pattern.via = draft.via
  if (index) pattern.index = index
  pattern.example = buildRequest(pattern, exampleValues(ps, ctx, e))
  return pattern
}

/** A fixed UUID per parameter name, so examples read as different ids but never change. */
function exampleUuid(name: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0
  return `5f0c2a9e-7b1d-4c3e-9a8f-${hash.toString(16).padStart(8, '0')}0001`
}

/** Deterministic example values, so the pattern document can be snapshotted and read. */
function exampleValues(ps: readonly PatternParam[], ctx: Ctx, e: EntityDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const p of ps) {
    if (p.type === 'shard') out[p.name] = 0
    else if (p.type === 'integer') out[p.name] = 42
    else {
      const [entityName, attrName] = (p.from ?? `${e.name}.${p.name}`).split('.') as [string, string]
      const attr = ctx.byName.get(entityName)?.attributes.find((a) => a.name === attrName)
      const spec = attr?.validation
      if (spec?.type === 'enum' && spec.values?.[0] !== undefined) out[p.name] = spec.values[0]
      else if (attr?.cast === 'datetime' || attr?.cast === 'date' || attr?.cast === 'timestamp') out[p.name] = '2026-01-01T00:00:00.000Z'
      else if (spec?.rules.some((r) => r.name === 'email')) out[p.name] = 'ada@example.com'
      else if (attr?.origin === 'primaryKey' || attr?.origin === 'foreignKey') out[p.name] = exampleUuid(p.name)
      else out[p.name] = `example-${p.name}`
    }
  }
  return out
}

/**
 * Fills a pattern's request with values: `buildRequest(getUserByEmail, { email: 'a@b.c' })`.
 * For sharded patterns pass `shard` (0..pattern.shards-1). Missing values are an error.
 */
export function buildRequest(pattern: AccessPattern, values: Record<string, unknown>, options: { tableName?: string } = {}): PatternRequest {
  const types = new Map(pattern.params.map((p) => [p.name, p.type]))
  const fill = (text: string): string =>
    text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const value = values[name]
      if (value === undefined || value === null || value === '') {
        throw new SingleTableError('MISSING_PARAMETER', `${pattern.name} needs ${name} (params: ${pattern.params.map((p) => p.name).join(', ')})`, { field: name })
      }
      if (types.get(name) === 'shard' && pattern.shards !== undefined && !(Number(value) >= 0 && Number(value) < pattern.shards)) {
        throw new SingleTableError('MISSING_PARAMETER', `${pattern.name}: shard must be 0..${pattern.shards - 1}, got ${String(value)}`, { field: name })
      }
      return formatKeyValue(value, types.get(name) === 'integer')
    })
  const fillMap = (map: Record<string, AttributeValue> | undefined): Record<string, AttributeValue> | undefined =>
    map && Object.fromEntries(Object.entries(map).map(([k, v]) => [k, 'S' in v ? { S: fill(v.S) } : v]))
  const out: PatternRequest = { ...pattern.request }
  if (options.tableName) out.TableName = options.tableName
  if (out.Key) out.Key = fillMap(out.Key)
  if (out.ExpressionAttributeValues) out.ExpressionAttributeValues = fillMap(out.ExpressionAttributeValues)
  if (out.ExpressionAttributeNames) out.ExpressionAttributeNames = { ...out.ExpressionAttributeNames }
  return out
}

/** `buildRequest` for a GetItem pattern, typed for `client.getItem`. */
export function buildGetItem(pattern: AccessPattern, values: Record<string, unknown>, options: { tableName?: string } = {}): GetItemInput {
  const request = buildRequest(pattern, values, options)
  if (pattern.operation !== 'GetItem' || !request.Key) {
    throw new SingleTableError('WRONG_OPERATION', `${pattern.name} is a ${pattern.operation}, not a GetItem; use buildQuery`)
  }
  return { TableName: request.TableName, Key: request.Key }
}

/** `buildRequest` for a Query pattern, typed for `client.query`. */
export function buildQuery(pattern: AccessPattern, values: Record<string, unknown>, options: { tableName?: string } = {}): QueryInput {
  if (pattern.operation !== 'Query') {
    throw new SingleTableError('WRONG_OPERATION', `${pattern.name} is a ${pattern.operation}, not a Query; use buildGetItem`)
  }
  const { Key: _key, ...query } = buildRequest(pattern, values, options)
  return query
}
