/** Query and Scan: ordered reads over a table or index with paging, filters and projections. */
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import { RawJson, type Engine, type Operation } from '../engine.ts'
import { validationError } from '../errors.ts'
import { evaluateCondition, parseCondition, parseKeyCondition, parseProjection, type ConditionNode, type RequestPlaceholders, type PathNode } from '../expressions/index.ts'
import { filterAttributes } from './filter-names.ts'
import { EMPTY, entryKey, keyBytes, partitionHash, pickKey } from '../storage/keys.ts'
import { satisfies, type Bound, type ItemRow, type Position } from '../storage/store.ts'
import { attributeType, type IndexMeta, type KeyNames, type TableMeta } from '../storage/types.ts'
import { canonicalItem, valueType } from '../canonical-values.ts'
import { readLegacy, usesLegacy } from '../legacy/index.ts'
import { bindExpressions, checkName, expressionContext, integerMember, projector, withCapacity } from './common.ts'
import { readUnits } from './capacity.ts'
import { tableOrChecked } from './request-checks.ts'

const PAGE_BYTES = 1024 * 1024
const CHUNK = 256

interface Source {
  meta: TableMeta
  index: IndexMeta | undefined
  key: KeyNames
}

function source(engine: Engine, input: Record<string, unknown>, operation: 'Query' | 'Scan', checkConsistency = true): Source {
  checkName(input.TableName)
  const meta = tableOrChecked(engine, input.TableName, operation, input)
  if (input.IndexName === undefined) return { meta, index: undefined, key: meta.key }
  const index = meta.indexes.find((i) => i.name === input.IndexName)
  if (!index) throw validationError(`The table does not have the specified index: ${String(input.IndexName)}`)
  // DynamoDB refuses reads of a GSI until its backfill is done (only while lifecycleMs lasts here).
  if (engine.indexCreating(meta.name, index.name)) throw validationError(`Cannot read from backfilling global secondary index: ${index.name}`)
  const src = { meta, index, key: index.key }
  if (checkConsistency) checkConsistentRead(src, input)
  return src
}

function checkConsistentRead(src: Source, input: Record<string, unknown>): void {
  if (src.index?.kind === 'GSI' && input.ConsistentRead === true) throw validationError('Consistent reads are not supported on global secondary indexes')
}

type Select = 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT'

function select(input: Record<string, unknown>, src: Source): Select {
  const legacyProjection = input.AttributesToGet !== undefined && input.AttributesToGet !== null
  const hasProjection = input.ProjectionExpression !== undefined || legacyProjection
  const value = (input.Select as Select | undefined) ?? (hasProjection ? 'SPECIFIC_ATTRIBUTES' : src.index ? 'ALL_PROJECTED_ATTRIBUTES' : 'ALL_ATTRIBUTES')
  if (!['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'].includes(value)) {
    throw validationError(`1 validation error detected: Value '${value}' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]`)
  }
  if (legacyProjection && value !== 'SPECIFIC_ATTRIBUTES') throw validationError(`Cannot specify the AttributesToGet when choosing to get ${value === 'COUNT' ? 'only the Count' : value}`)
  if (hasProjection && value !== 'SPECIFIC_ATTRIBUTES') throw validationError(`Cannot specify the ProjectionExpression when choosing to get ${value}`)
  if (!hasProjection && value === 'SPECIFIC_ATTRIBUTES') throw validationError('Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES')
  if (value === 'ALL_PROJECTED_ATTRIBUTES' && !src.index) throw validationError('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName')
  if (value === 'ALL_ATTRIBUTES' && src.index?.kind === 'GSI' && src.index.projection.ProjectionType !== 'ALL') {
    throw validationError(`One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${src.index.name} because its projection type is not ALL`)
  }
  return value
}

function limitOf(input: Record<string, unknown>): number {
  const n = integerMember(input, 'Limit')
  if (n === undefined) return Infinity
  if (!(n >= 1)) throw validationError('Limit must be greater than or equal to 1')
  return n
}

/** Resume position from ExclusiveStartKey: index key, then the table key for index rows. */
function startPosition(src: Source, raw: unknown): Position | undefined {
  if (raw === undefined) return undefined
  const esk = canonicalItem(raw)
  const tableKey = entryKey(esk, src.meta.key)
  const at = src.index ? entryKey(esk, src.index.key) : tableKey
  const expected = new Set([src.meta.key.hash, src.meta.key.range, src.key.hash, src.key.range].filter(Boolean))
  if (Object.keys(esk).length !== expected.size) throw validationError("Exclusive Start Key must have same size as table's key schema")
  if (!tableKey || !at || Object.keys(esk).some((k) => !expected.has(k))) throw validationError('The provided starting key is invalid: The provided key element does not match the schema')
  // A key value of another type than the schema's can never be a position (DynamoDB's wording).
  for (const name of expected) {
    if (valueType(esk[name!]!) !== attributeType(src.meta, name!)) throw validationError('The provided starting key is invalid: The provided key element does not match the schema')
  }
  return { hh: at.hh, hk: at.hk, rk: at.rk, thk: src.index ? tableKey.hk : EMPTY, trk: src.index ? tableKey.rk : EMPTY }
}

interface Reader {
  /** begins_with: 'skip' passes over a row unseen, 'stop' ends the read before it. */
  accept?: (item: AttributeMap) => 'take' | 'skip' | 'stop'
  /** Inclusive sort-key bound in the direction of travel: a Limit page ending on it is the last. */
  end?: Uint8Array
  /** Scan on a GSI with a partial projection: the filter reads the table item, as DynamoDB Local's does. */
  filterOnTable?: boolean
  fetch(after: Position | undefined, limit: number): ItemRow[]
}

/** Where a read resumes after `item` (a row of the table or index read): its keys, as stored. */
function positionOf(src: Source, item: AttributeMap): Position {
  const at = entryKey(item, src.key)!
  const table = src.index ? entryKey(item, src.meta.key)! : undefined
  return { hh: at.hh, hk: at.hk, rk: at.rk, thk: table?.hk ?? EMPTY, trk: table?.rk ?? EMPTY }
}

/** A Limit page is the last when its final row sits on the reader's far bound. */
function endsAtBound(src: Source, reader: Reader, item: AttributeMap | string): boolean {
  if (reader.end === undefined) return false
  const parsed = typeof item === 'string' ? (JSON.parse(item) as AttributeMap) : item
  return Buffer.compare(entryKey(parsed, src.key)!.rk, reader.end) === 0
}

function run(engine: Engine, input: Record<string, unknown>, src: Source, reader: Reader, filter: ConditionNode | undefined, ctx: RequestPlaceholders, chosen: Select, paths: PathNode[] | undefined): Record<string, unknown> | RawJson {
  const limit = limitOf(input)
  const project = projector(paths, ctx)
  // LSI rows hold only projected attributes; reads needing more go back to the table row. A filter
  // alone is evaluated on the table row, but the answer stays the index's projection.
  const partialLsi = src.index?.kind === 'LSI' && src.index.projection.ProjectionType !== 'ALL'
  const returnsTable = partialLsi && (chosen === 'ALL_ATTRIBUTES' || paths !== undefined)
  const filtersTable = (partialLsi && filter !== undefined) || reader.filterOnTable === true
  const needsTable = returnsTable || filtersTable
  const items: AttributeMap[] = []
  // Fast path: nothing to look at in the rows, so their stored JSON goes out untouched.
  const raw = !filter && !project && !needsTable && !reader.accept
  const rawItems: string[] = []
  let lastRaw: string | undefined
  let scanned = 0
  let matched = 0
  let bytes = 0
  let after = startPosition(src, input.ExclusiveStartKey)
  let last: AttributeMap | undefined
  let more = false
  outer: for (;;) {
    const want = Math.min(CHUNK, limit - scanned)
    const rows = reader.fetch(after, want)
    for (const [json, size] of rows) {
      if (raw) {
        scanned++
        matched++
        bytes += size
        lastRaw = json
        if (chosen !== 'COUNT') rawItems.push(json)
        if (scanned >= limit || bytes >= PAGE_BYTES) {
          more = !(scanned >= limit && endsAtBound(src, reader, json))
          break outer
        }
        continue
      }
      const row = JSON.parse(json) as AttributeMap
      let item = row
      if (reader.accept) {
        const verdict = reader.accept(item)
        if (verdict === 'stop') break outer
        if (verdict === 'skip') continue
      }
      const tableItem = needsTable ? (engine.store.get(src.meta, entryKey(row, src.meta.key)!) ?? row) : row
      if (returnsTable) item = tableItem
      scanned++
      bytes += size
      last = item
      const tested = filtersTable ? tableItem : item
      if (!filter || evaluateCondition(filter, tested, ctx)) {
        matched++
        if (chosen !== 'COUNT') items.push(project ? project(item) : item)
      }
      if (scanned >= limit || bytes >= PAGE_BYTES) {
        // A page full at Limit has a LastEvaluatedKey even when nothing follows (the next page
        // is empty), except where DynamoDB Local knows the range is exhausted (see query()).
        more = !(scanned >= limit && endsAtBound(src, reader, row))
        break outer
      }
    }
    if (rows.length < want) break
    // Resume after the chunk's final row; only that one row's keys are ever needed.
    after = positionOf(src, JSON.parse(rows[rows.length - 1]![0]) as AttributeMap)
  }
  if (lastRaw !== undefined) last = JSON.parse(lastRaw) as AttributeMap
  const out: Record<string, unknown> = {}
  if (chosen !== 'COUNT' && !raw) out.Items = items
  out.Count = matched
  out.ScannedCount = scanned
  if (more && last) {
    out.LastEvaluatedKey = { ...pickKey(last, src.meta.key), ...(src.index ? pickKey(last, src.index.key) : {}) }
  }
  // The bytes read, summed over the page and then rounded up (an index read is charged to the index).
  const units = readUnits(bytes, input.ConsistentRead === true)
  const capacity = withCapacity(out, src.meta, input, src.index ? { table: 0, indexes: new Map([[src.index.name, units]]) } : { table: units, indexes: new Map() })
  if (raw && chosen !== 'COUNT') return new RawJson(`{"Items":[${rawItems.join(',')}],${JSON.stringify(capacity).slice(1)}`)
  return capacity
}

const query: Operation = (engine, input) => {
  // Validation order as DynamoDB Local's: the request's own shape and expressions first (Limit,
  // syntax, placeholders, operand types, BETWEEN order), then ConsistentRead on a GSI, then what
  // needs the schema (Select, key types, projected attributes, the start key).
  // With legacy conditions DynamoDB Local refuses ConsistentRead on a GSI before reading them.
  const src = source(engine, input, 'Query', usesLegacy(input))
  const legacy = readLegacy('Query', input)
  const keyText = input.KeyConditionExpression
  if (typeof keyText !== 'string' && !legacy.keyCondition) {
    throw validationError('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.')
  }
  limitOf(input)
  const filterText = input.FilterExpression as string | undefined
  const projection = input.ProjectionExpression as string | undefined
  const filterNode = legacy.filter ?? (filterText !== undefined ? parseCondition(filterText, 'FilterExpression') : undefined)
  const paths = legacy.projection ?? (projection !== undefined ? parseProjection(projection) : undefined)
  const ctx = legacy.context(expressionContext(input, { KeyConditionExpression: typeof keyText === 'string' ? keyText : undefined, FilterExpression: filterText, ProjectionExpression: projection }))
  bindExpressions(ctx, { filter: filterNode, paths })
  const cond = typeof keyText === 'string' ? parseKeyCondition(keyText, ctx, src.key) : legacy.keyCondition!(src.key)
  if (cond.range?.op === 'BETWEEN') {
    const [low, high] = cond.range.values as [AttributeValue, AttributeValue]
    const t = valueType(low)
    if (t === valueType(high) && (t === 'S' || t === 'N' || t === 'B') && Buffer.compare(keyBytes(low), keyBytes(high)) > 0) {
      throw validationError(`Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: ${avText(low)}, upper bound operand: AttributeValue: ${avText(high)}`)
    }
  }
  if (cond.range?.op === 'BEGINS_WITH') {
    const t = valueType(cond.range.values[0]!)
    if (t !== 'S' && t !== 'B') throw validationError(`Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: ${t}`)
  }
  checkConsistentRead(src, input)
  const chosen = select(input, src)
  const hashType = attributeType(src.meta, src.key.hash)
  if (valueType(cond.hash.value) !== hashType) throw validationError('One or more parameter values were invalid: Condition parameter type does not match schema type')
  const rangeType = src.key.range ? attributeType(src.meta, src.key.range) : undefined
  for (const v of cond.range?.values ?? []) if (valueType(v) !== rangeType) throw validationError('One or more parameter values were invalid: Condition parameter type does not match schema type')
  for (const [name, v] of [[src.key.hash, cond.hash.value], ...(cond.range ? cond.range.values.map((x) => [src.key.range!, x] as const) : [])] as const) {
    if (('S' in v && v.S === '') || ('B' in v && v.B.length === 0)) {
      const kind = 'S' in v ? 'string' : 'binary'
      // On a GSI every key is the index's, also one it shares with the table (DynamoDB Local's wording).
      if (src.index && (src.index.kind === 'GSI' || (name !== src.meta.key.hash && name !== src.meta.key.range))) throw validationError(`One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value. IndexName: ${src.index.name}, IndexKey: ${name}`)
      throw validationError(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: ${name}`)
    }
  }
  if (filterNode) checkFilterAttributes(filterNode, ctx, src, legacy.filter ? 'QueryFilter' : 'Filter Expression')
  if (paths) checkProjectedAttributes(paths, ctx, src)
  let lo: Bound | undefined
  let hi: Bound | undefined
  const forward = input.ScanIndexForward !== false
  const reader: Reader = { fetch: () => [] }
  if (cond.range) {
    for (const v of cond.range.values) if (valueType(v) !== rangeType) throw validationError('One or more parameter values were invalid: Condition parameter type does not match schema type')
    const [a, b] = cond.range.values.map(keyBytes) as [Uint8Array, Uint8Array | undefined]
    switch (cond.range.op) {
      case '=': lo = { value: a, inclusive: true }; hi = { value: a, inclusive: true }; break
      case '<': hi = { value: a, inclusive: false }; break
      case '<=': hi = { value: a, inclusive: true }; break
      case '>': lo = { value: a, inclusive: false }; break
      case '>=': lo = { value: a, inclusive: true }; break
      case 'BETWEEN':
        lo = { value: a, inclusive: true }; hi = { value: b!, inclusive: true }; break
      case 'BEGINS_WITH': {
        const prefix = cond.range.values[0]!
        const name = src.key.range!
        // Values with the prefix sort at or after the prefix and are contiguous: ascending reads
        // stop at the first miss, descending reads skip what lies above the prefix range.
        lo = { value: a, inclusive: true }
        reader.accept = (item) => (startsWith(item[name], prefix) ? 'take' : forward ? 'stop' : 'skip')
        break
      }
    }
  }
  const hk = keyBytes(cond.hash.value)
  const hh = partitionHash(hk)
  const ix = src.index?.id ?? 0
  const start = startPosition(src, input.ExclusiveStartKey)
  // As DynamoDB Local: the start key itself must match the sort-key condition (an exclusive bound excludes it).
  if (start && (start.hh !== hh || Buffer.compare(start.hk, hk) !== 0 || (lo && !satisfies(start.rk, lo, 1)) || (hi && !satisfies(start.rk, hi, -1)))) {
    throw validationError('The provided starting key does not match the range key predicate')
  }
  reader.fetch = (after, limit) => engine.store.partition(src.meta, ix, hh, hk, lo, hi, forward, after, limit)
  // DynamoDB Local omits LastEvaluatedKey when a table (never an index) Query's Limit row sits
  // on an inclusive far bound (<=, >=, BETWEEN; not = or begins_with), and on a hash-only table's
  // one item. Index queries, = and begins_with always page on.
  const far = forward ? hi : lo
  if (!src.index && far?.inclusive && cond.range?.op !== '=' && cond.range?.op !== 'BEGINS_WITH') reader.end = far.value
  if (!src.key.range && !src.index) reader.end = EMPTY
  return run(engine, input, src, reader, filterNode, ctx, chosen, paths)
}

function avText(v: AttributeValue): string {
  const [type, value] = Object.entries(v)[0] ?? ['', '']
  return `{${type}: ${String(value)},}`
}

function startsWith(value: AttributeValue | undefined, prefix: AttributeValue): boolean {
  if (!value) return false
  if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S)
  if ('B' in value && 'B' in prefix) {
    const v = Buffer.from(value.B as string, 'base64')
    const p = Buffer.from(prefix.B as string, 'base64')
    return v.subarray(0, p.length).equals(p)
  }
  return false
}

const scan: Operation = (engine, input) => {
  const src = source(engine, input, 'Scan')
  const legacy = readLegacy('Scan', input)
  const chosen = select(input, src)
  const filterText = input.FilterExpression as string | undefined
  const projection = input.ProjectionExpression as string | undefined
  const filterNode = legacy.filter ?? (filterText !== undefined ? parseCondition(filterText, 'FilterExpression') : undefined)
  const paths = legacy.projection ?? (projection !== undefined ? parseProjection(projection) : undefined)
  const ctx = legacy.context(expressionContext(input, { FilterExpression: filterText, ProjectionExpression: projection }))
  bindExpressions(ctx, { filter: filterNode, paths })
  if (paths) checkProjectedAttributes(paths, ctx, src)
  let from = 0
  let to = 2 ** 32
  if (input.Segment !== undefined || input.TotalSegments !== undefined) {
    if (input.TotalSegments === undefined) throw validationError('If segment is specified, total segment must also be specified')
    if (input.Segment === undefined) throw validationError('If total segments is specified, a particular segment must also be specified for this request')
    const total = integerMember(input, 'TotalSegments')!
    const segment = integerMember(input, 'Segment')!
    // DynamoDB Local checks the segment against TotalSegments - 1 first, whatever is wrong.
    if (!(segment >= 0 && segment < total)) throw validationError(`1 validation error detected: Value '${segment}' at 'segment' failed to satisfy constraint: Member must have value less than or equal to ${total - 1}`)
    if (!(total <= 1000000)) throw validationError(`1 validation error detected: Value '${total}' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000`)
    from = Math.floor((segment * 2 ** 32) / total)
    to = Math.floor(((segment + 1) * 2 ** 32) / total)
  }
  const ix = src.index?.id ?? 0
  const reader: Reader = { fetch: (after, limit) => engine.store.scan(src.meta, ix, from, to, after, limit) }
  if (filterNode && src.index?.kind === 'GSI' && unprojected(filterAttributes(filterNode, ctx), src).length) reader.filterOnTable = true
  return run(engine, input, src, reader, filterNode, ctx, chosen, paths)
}

export const readOperations: Record<string, Operation> = { Query: query, Scan: scan }

/** Query (not Scan) refuses filters on key attributes and on attributes the index does not project (named in sorted order, as DynamoDB Local does). */
function checkFilterAttributes(node: ConditionNode, ctx: RequestPlaceholders, src: Source, label: 'Filter Expression' | 'QueryFilter'): void {
  const names = filterAttributes(node, ctx)
  for (const key of [src.key.hash, src.key.range]) {
    if (key && names.includes(key)) throw validationError(`${label} can only contain non-primary key attributes: Primary key attribute: ${key}`)
  }
  const missing = unprojected(names, src)
  if (missing.length) throw validationError(`One or more parameter values were invalid: Secondary index ${src.index!.name} does not project one or more filter attributes: [${[...missing].sort().join(', ')}]`)
}

/** The top-level names among `names` that the read index does not project (none for a table or ALL). */
function unprojected(names: string[], src: Source): string[] {
  const ix = src.index
  if (!ix || ix.projection.ProjectionType === 'ALL') return []
  const projected = new Set([src.meta.key.hash, src.meta.key.range, ix.key.hash, ix.key.range, ...(ix.projection.NonKeyAttributes ?? [])])
  return names.filter((n) => !projected.has(n))
}

/** A GSI can only return what it projects; DynamoDB refuses a ProjectionExpression asking for more. */
function checkProjectedAttributes(paths: PathNode[], ctx: RequestPlaceholders, src: Source): void {
  const ix = src.index
  if (!ix || ix.kind !== 'GSI' || ix.projection.ProjectionType === 'ALL') return
  const projected = new Set([src.meta.key.hash, src.meta.key.range, ix.key.hash, ix.key.range, ...(ix.projection.NonKeyAttributes ?? [])])
  const missing: string[] = []
  for (const path of paths) {
    const first = path.elements[0]
    if (first?.type !== 'name') continue
    const name = first.placeholder ? (ctx.names?.[first.name] ?? first.name) : first.name
    if (!projected.has(name) && !missing.includes(name)) missing.push(name)
  }
  if (missing.length) throw validationError(`One or more parameter values were invalid: Global secondary index ${ix.name} does not project [${javaSetOrder(missing).join(', ')}]`)
}

/**
 * The iteration order of a java.util.HashSet of these names, which DynamoDB Local prints: by hash
 * bucket, and within a bucket in sorted order (DynamoDB Local fills the set from sorted names).
 */
function javaSetOrder(names: string[]): string[] {
  let capacity = 16
  while (names.length > capacity * 0.75) capacity *= 2
  const bucket = (name: string) => {
    let h = 0
    for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) | 0
    return (h ^ (h >>> 16)) & (capacity - 1)
  }
  return names.map((name) => ({ name, b: bucket(name) })).sort((x, y) => x.b - y.b || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)).map((x) => x.name)
}
