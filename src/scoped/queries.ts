/**
 * Reads through the five GSIs. Live records are a key condition alone (archived and deleted ones
 * sit in suffixed partitions, see keys.ts), so `limit: 25` returns 25 live records when there are
 * that many. With includeDeleted/includeArchived the live and state partitions are merged by
 * sequence, each with its own resume position, so paging stays exact there too.
 */
import { encodeCursor } from '../dynamodb/cursor.ts'
import { marshall, unmarshall } from '../dynamodb/marshall.ts'
import { INDEX_ALIAS, INDEX_CLASS, INDEX_SCOPE, INDEX_TYPE, INDEX_XID, SEQUENCE, type ScopedIndexName } from './constants.ts'
import type { ScopedContext } from './context.ts'
import { ScopedValidationError } from './errors.ts'
import { buildIndexAlias, buildIndexClass, buildIndexScope, buildIndexType, buildIndexXid, requireText, statePartitions } from './keys.ts'
import type { BaseQueryOptions, QueryByAliasParams, QueryByClassParams, QueryByScopeParams, QueryByTypeParams, QueryByXidParams, QueryResult, StorableEntity } from './types.ts'

type Entity = StorableEntity
/** The field of a merged query's startKey: each partition's resume key, null once read to the end. */
const MERGED = '@partitions'

export function queryByScope<T extends Entity = Entity>(ctx: ScopedContext, params: QueryByScopeParams): Promise<QueryResult<T>> {
  const { model, scope } = base(params)
  return queryIndex<T>(ctx, INDEX_SCOPE, buildIndexScope(scope, model), params)
}

export function queryByClass<T extends Entity = Entity>(ctx: ScopedContext, params: QueryByClassParams): Promise<QueryResult<T>> {
  const { model, scope } = base(params)
  return queryIndex<T>(ctx, INDEX_CLASS, buildIndexClass(scope, model, requireText(params as unknown as Record<string, unknown>, 'recordClass')), params)
}

export function queryByType<T extends Entity = Entity>(ctx: ScopedContext, params: QueryByTypeParams): Promise<QueryResult<T>> {
  const { model, scope } = base(params)
  return queryIndex<T>(ctx, INDEX_TYPE, buildIndexType(scope, model, requireText(params as unknown as Record<string, unknown>, 'type')), params)
}

/** The live record with this alias in the scope, or null. */
export async function queryByAlias<T extends Entity = Entity>(ctx: ScopedContext, params: QueryByAliasParams): Promise<T | null> {
  const { model, scope } = base(params)
  const key = buildIndexAlias(scope, model, requireText(params as unknown as Record<string, unknown>, 'alias'))
  return (await queryIndex<T>(ctx, INDEX_ALIAS, key, { ...pick(params), limit: 1 })).items[0] ?? null
}

/** The live record with this external id in the scope, or null. */
export async function queryByXid<T extends Entity = Entity>(ctx: ScopedContext, params: QueryByXidParams): Promise<T | null> {
  const { model, scope } = base(params)
  const key = buildIndexXid(scope, model, requireText(params as unknown as Record<string, unknown>, 'xid'))
  return (await queryIndex<T>(ctx, INDEX_XID, key, { ...pick(params), limit: 1 })).items[0] ?? null
}

function base(params: { model: string; scope: string }): { model: string; scope: string } {
  if (!params || typeof params !== 'object') throw new ScopedValidationError('params', 'query parameters are required: an object with model and scope')
  const record = params as unknown as Record<string, unknown>
  return { model: requireText(record, 'model'), scope: requireText(record, 'scope') }
}

function pick(params: { includeDeleted?: boolean; includeArchived?: boolean }): BaseQueryOptions {
  return { includeDeleted: params.includeDeleted, includeArchived: params.includeArchived }
}

async function queryIndex<T>(ctx: ScopedContext, index: ScopedIndexName, key: string, options: BaseQueryOptions): Promise<QueryResult<T>> {
  const limit = options.limit
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new ScopedValidationError('limit', `limit must be a positive integer (got ${JSON.stringify(limit)})`)
  const partitions = statePartitions(key, options)
  if (partitions.length === 1) {
    if (options.startKey && MERGED in options.startKey) throw mismatchedStartKey()
    const page = await readPartition(ctx, index, key, options, options.startKey)
    return { items: page.items as T[], ...(page.lastEvaluatedKey ? { lastEvaluatedKey: page.lastEvaluatedKey } : {}) }
  }
  return mergedPage<T>(ctx, index, partitions, options)
}

interface PartitionPage {
  items: Record<string, unknown>[]
  lastEvaluatedKey?: Record<string, unknown>
}

async function readPartition(ctx: ScopedContext, index: ScopedIndexName, key: string, options: BaseQueryOptions, startKey: Record<string, unknown> | undefined): Promise<PartitionPage> {
  const page = await ctx.doc.query(
    { table: ctx.table, index, key: { [index]: key }, ...(options.limit !== undefined ? { limit: options.limit } : {}), descending: !options.ascending },
    startKey ? { cursor: encodeCursor(marshall(startKey)) } : {},
  )
  return { items: page.items, ...(page.lastEvaluatedKey ? { lastEvaluatedKey: unmarshall(page.lastEvaluatedKey) } : {}) }
}

type Position = Record<string, unknown> | null | undefined

/**
 * One page over several partitions: each is read from its own position, and records are taken
 * in sequence order until the limit, or until a partition with more to read has none left in
 * hand (its next record could come next). Each partition then resumes after its last record taken.
 */
async function mergedPage<T>(ctx: ScopedContext, index: ScopedIndexName, partitions: string[], options: BaseQueryOptions): Promise<QueryResult<T>> {
  const start = startPositions(options.startKey, partitions)
  const pages = await Promise.all(partitions.map(p => (start[p] === null ? Promise.resolve(undefined) : readPartition(ctx, index, p, options, start[p] ?? undefined))))
  const taken = partitions.map(() => 0)
  const items: Record<string, unknown>[] = []
  const direction = options.ascending ? 1 : -1
  while (options.limit === undefined || items.length < options.limit) {
    let best = -1
    let stop = false
    pages.forEach((page, i) => {
      if (!page) return
      if (taken[i]! >= page.items.length) {
        if (page.lastEvaluatedKey) stop = true
        return
      }
      if (best < 0 || (Number(page.items[taken[i]!]![SEQUENCE]) - Number(pages[best]!.items[taken[best]!]![SEQUENCE])) * direction < 0) best = i
    })
    if (stop || best < 0) break
    items.push(pages[best]!.items[taken[best]!]!)
    taken[best]! += 1
  }
  const positions: Record<string, Position> = {}
  let more = false
  partitions.forEach((p, i) => {
    const page = pages[i]
    let position: Position
    if (!page) position = null
    else if (taken[i] === page.items.length) position = page.lastEvaluatedKey ?? null
    else if (taken[i] === 0) position = start[p]
    else position = resumeKey(page.items[taken[i]! - 1]!, index)
    if (position !== null) more = true
    positions[p] = position
  })
  return { items: items as T[], ...(more ? { lastEvaluatedKey: { [MERGED]: positions } } : {}) }
}

function startPositions(startKey: Record<string, unknown> | undefined, partitions: string[]): Record<string, Position> {
  if (!startKey) return {}
  const positions = startKey[MERGED]
  if (typeof positions !== 'object' || positions === null || Object.keys(positions).some(p => !partitions.includes(p))) throw mismatchedStartKey()
  return positions as Record<string, Position>
}

/** The ExclusiveStartKey of a GSI: the table's key, the index key and the sort key. */
function resumeKey(item: Record<string, unknown>, index: ScopedIndexName): Record<string, unknown> {
  return { model: item.model, id: item.id, [index]: item[index], [SEQUENCE]: item[SEQUENCE] }
}

function mismatchedStartKey(): ScopedValidationError {
  return new ScopedValidationError('startKey', 'startKey comes from a query with other includeDeleted/includeArchived options or another key: pass back the lastEvaluatedKey of the same query')
}
