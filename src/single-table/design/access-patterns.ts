/**
 * `accessPatterns(schema)`: every read the design serves, as a GetItem or Query. Never a Scan.
 * A pattern holds expression trees whose key values are templates of `param()`s; `buildRequest`
 * compiles them with the values, through the one compiler (`compileRequest`).
 */
import { SingleTableError } from '../errors.ts'
import { formatKeyValue, keyTemplate, literalPrefix } from './keys.ts'
import { patternNames } from './pattern-names.ts'
import { cond, compileKey, compileRequest, keyCondition, readableExpression } from '../../dynamodb/expressions/index.ts'
import type { Condition, KeyCondition } from '../../dynamodb/expressions/index.ts'
import type { GetItemInput } from '../../dynamodb/types/items.ts'
import type { QueryInput } from '../../dynamodb/types/query.ts'
import type { AccessPattern, AccessPatternKind, DerivedSchema, EntityDefinition, KeyPattern, PatternExpressions, PatternParam, PatternRequest } from './types.ts'

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
  const key = keyCondition(cond.eq(pk.attribute, keyTemplate(pk)), cond.eq(sk.attribute, keyTemplate(sk)))
  return finish(draft, { operation: 'GetItem', table: ctx.table, expressions: { keyCondition: key } }, params(e, [...pk.inputs, ...sk.inputs], from), ctx, e)
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
  const partition = cond.eq(pk.attribute, keyTemplate(pk))
  const expressions: PatternExpressions = {
    keyCondition: skPrefix ? keyCondition(partition, cond.beginsWith(skAttribute, skPrefix)) : keyCondition(partition),
  }
  if (opts.filterDeleted && e.traits.useSoftDeletes) {
    // the table itself is not sparse: soft-deleted children are still in the collection
    expressions.filter = cond.attributeNotExists('deletedAt')
    draft.notes.push('Filters out soft-deleted items (deletedAt set).')
  }
  const read: PatternRead = { operation: 'Query', table: ctx.table, expressions }
  if (index) read.index = index
  if (opts.descending) read.scanIndexForward = false
  if (opts.one && !expressions.filter) read.limit = 1
  return finish(draft, read, params(e, pk.inputs), ctx, e)
}

/** What a pattern reads and how: the part `buildRequest` compiles. */
type PatternRead = Pick<AccessPattern, 'operation' | 'table' | 'index' | 'expressions' | 'scanIndexForward' | 'limit'>

function finish(draft: Draft, read: PatternRead, ps: PatternParam[], ctx: Ctx, e: EntityDefinition): AccessPattern {
  const pattern: AccessPattern = {
    name: draft.name,
    kind: draft.kind,
    entity: draft.entity,
    description: draft.description,
    ...read,
    keyCondition: readableExpression(read.expressions.keyCondition),
    returns: draft.returns,
    params: ps,
    request: { TableName: read.table },
    example: { TableName: read.table },
    notes: draft.notes,
  }
  if (draft.via !== undefined) pattern.via = draft.via
  // the request as a template: each param's value is its own {name}
  pattern.request = compilePattern(pattern, Object.fromEntries(ps.map((p) => [p.name, `{${p.name}}`])))
  pattern.example = buildRequest(pattern, exampleValues(ps, ctx, e))
  return pattern
}

/** The wire request of a pattern, its trees compiled with `params` (key text, already formatted). */
function compilePattern(pattern: AccessPattern, params: Record<string, string>, tableName = pattern.table): PatternRequest {
  const out: PatternRequest = { TableName: tableName }
  if (pattern.index) out.IndexName = pattern.index
  const { keyCondition, filter } = pattern.expressions
  if (pattern.operation === 'GetItem') {
    out.Key = compileKey(keyCondition, { params })
    return out
  }
  Object.assign(out, compileRequest({ keyCondition, filter }, { params, aliases: readableAliases(keyCondition) }))
  if (pattern.scanIndexForward === false) out.ScanIndexForward = false
  if (pattern.limit !== undefined) out.Limit = pattern.limit
  return out
}

/** `#pk = :pk AND begins_with(#sk, :sk)`: the same placeholders whatever the index's key names. */
function readableAliases(key: KeyCondition): Record<string, string> {
  const name = (c: Condition): string | undefined => (c.kind === 'compare' && c.left.kind === 'path' ? String(c.left.path[0]) : c.kind === 'begins_with' ? String(c.path[0]) : undefined)
  const aliases: Record<string, string> = { deletedAt: 'deletedAt' }
  const pk = name(key.partition)
  const sk = key.sort && name(key.sort)
  if (pk !== undefined) aliases[pk] = 'pk'
  if (sk !== undefined) aliases[sk] = 'sk'
  return aliases
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
  const params: Record<string, string> = {}
  for (const p of pattern.params) {
    const value = values[p.name]
    if (value === undefined || value === null || value === '') {
      throw new SingleTableError('MISSING_PARAMETER', `${pattern.name} needs ${p.name} (params: ${pattern.params.map((x) => x.name).join(', ')})`, { field: p.name })
    }
    if (p.type === 'shard' && pattern.shards !== undefined && !(Number(value) >= 0 && Number(value) < pattern.shards)) {
      throw new SingleTableError('MISSING_PARAMETER', `${pattern.name}: shard must be 0..${pattern.shards - 1}, got ${String(value)}`, { field: p.name })
    }
    params[p.name] = formatKeyValue(value, p.type === 'integer')
  }
  return compilePattern(pattern, params, options.tableName)
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
