/**
 * Runs a query plan with the DocumentClient and returns stored items (unmarshalled, keys and all).
 * Sharded partitions are read side by side and merged by sort key, so "list all" reads in order.
 * Cursors are opaque, checked, and bound to the query that issued them.
 */
import { decodeCursor, encodeCursor } from '../../dynamodb/cursor.ts'
import type { DocumentClient } from '../../dynamodb/document.ts'
import { compileRequest } from '../../dynamodb/expressions/index.ts'
import { marshall, unmarshall } from '../../dynamodb/marshall.ts'
import type { EntityDefinition } from '../../single-table/design/types.ts'
import type { Item } from '../../single-table/items/types.ts'
import { OrmError } from '../errors.ts'
import type { QueryPlan } from './planner.ts'
import { matches } from './residual.ts'

type QueryStep = Extract<QueryPlan, { operation: 'Query' }>

export interface RunContext {
  doc: DocumentClient
  entity: EntityDefinition
  table: string
  projection?: readonly string[]
  consistentRead: boolean
  /** Identity of the query, baked into its cursors. */
  fingerprint: string
}

export interface ItemPage {
  items: Item[]
  cursor?: string
}

/** Items of a key-addressed plan (GetItem, BatchGetItem, unique sentinel), residual conditions applied. */
export async function readByKey(ctx: RunContext, p: Exclude<QueryPlan, QueryStep>): Promise<Item[]> {
  let items: (Item | undefined)[]
  if (p.operation === 'GetItem') items = [await ctx.doc.get({ table: ctx.table, key: p.key, consistentRead: ctx.consistentRead })]
  else if (p.operation === 'BatchGetItem') items = p.keys.length === 0 ? [] : await ctx.doc.batchGet(p.keys.map((key) => ({ table: ctx.table, key })), { consistentRead: ctx.consistentRead })
  else {
    const sentinel = await ctx.doc.get({ table: ctx.table, key: p.sentinel, consistentRead: ctx.consistentRead })
    const keyNames = Object.keys(p.sentinel)
    items = sentinel ? [await ctx.doc.get({ table: ctx.table, key: { [keyNames[0]!]: sentinel.ownerPk, [keyNames[1]!]: sentinel.ownerSk }, consistentRead: ctx.consistentRead })] : []
  }
  return items.filter((i): i is Item => i !== undefined && matches(ctx.entity, p.residual, i))
}

/** The wire request of one partition of a Query plan (for toRequest, and what each page sends). */
export function queryRequest(ctx: Pick<RunContext, 'table' | 'projection' | 'consistentRead'>, p: QueryStep, partition: string, limit?: number): Record<string, unknown> {
  const compiled = compileRequest({ keyCondition: p.keyCondition(partition), filter: p.filter, projection: ctx.projection ? [...new Set([...ctx.projection])] : undefined })
  return {
    TableName: ctx.table,
    ...(p.index ? { IndexName: p.index } : {}),
    ...compiled,
    ...(p.descending ? { ScanIndexForward: false } : {}),
    ...(ctx.consistentRead ? { ConsistentRead: true } : {}),
    ...(limit ? { Limit: limit } : {}),
  }
}

const MAX_LIMIT = 2 ** 31 - 1

interface Position {
  /** Per partition: undefined = not started, null = done, else the key to start after. */
  after: (Record<string, unknown> | null | undefined)[]
}

/**
 * One page of up to `size` items, starting at `cursor`. Each partition is read from its own
 * position; the merged page takes the first `size` items in sort-key order and the cursor
 * records, per partition, the last item taken.
 */
export async function queryPage(ctx: RunContext, p: QueryStep, size: number, cursor?: string, keyNames?: readonly string[]): Promise<ItemPage> {
  const position = cursor ? decode(cursor, ctx.fingerprint, p.partitions.length) : { after: p.partitions.map(() => undefined) }
  const pulls = await Promise.all(p.partitions.map(async (partition, i) => {
    const after = position.after[i]
    if (after === null) return { items: [] as Item[], done: true }
    const collected: Item[] = []
    let start: Record<string, unknown> | undefined = after
    for (;;) {
      const page = await ctx.doc.query({
        table: ctx.table,
        index: p.index,
        key: p.keyCondition(partition),
        filter: p.filter,
        descending: p.descending,
        consistentRead: ctx.consistentRead,
        // DynamoDB's Limit is a 32-bit count: leave it out when the caller wants everything
        limit: Number.isSafeInteger(size) && size < MAX_LIMIT ? Math.max(size - collected.length, 1) : undefined,
      }, { cursor: start ? encodeStart(start) : undefined })
      collected.push(...page.items)
      if (!page.lastEvaluatedKey) return { items: collected, done: true }
      if (collected.length >= size) return { items: collected, done: false }
      start = unmarshall(page.lastEvaluatedKey)
    }
  }))
  const merged = pulls.flatMap((pull, i) => pull.items.map((item) => ({ item, i })))
  if (p.partitions.length > 1) {
    const sortKey = p.sortAttribute
    merged.sort((a, b) => compare(a.item[sortKey], b.item[sortKey]) * (p.descending ? -1 : 1))
  }
  const taken = merged.slice(0, size)
  const next: Position = { after: position.after.slice() }
  let more = false
  for (let i = 0; i < p.partitions.length; i++) {
    const mine = taken.filter((t) => t.i === i)
    const pull = pulls[i]!
    const all = pull.items.length
    if (mine.length > 0) next.after[i] = mine.length === all && pull.done ? null : keyOf(mine[mine.length - 1]!.item, keyNames ?? [])
    else if (pull.done && all === 0) next.after[i] = null
    if (next.after[i] !== null) more = true
  }
  return { items: taken.map((t) => t.item), cursor: more ? encode(next, ctx.fingerprint) : undefined }
}

function compare(a: unknown, b: unknown): number {
  const x = String(a ?? '')
  const y = String(b ?? '')
  return x < y ? -1 : x > y ? 1 : 0
}

function keyOf(item: Item, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]))
}

/** The DocumentClient resumes from its own cursor strings; the ORM keeps plain keys and wraps them. */
function encodeStart(key: Record<string, unknown>): string {
  return encodeCursor(marshall(key))
}

const checksum = (payload: string): string => new Bun.CryptoHasher('sha256').update(payload).digest('base64url').slice(0, 12)

function encode(position: Position, fingerprint: string): string {
  const payload = Buffer.from(JSON.stringify({ f: fingerprint, a: position.after.map((k) => (k ? decodeCursor(encodeStart(k)) : k ?? 0)) })).toString('base64url')
  return `${payload}.${checksum(payload + fingerprint)}`
}

function decode(cursor: string, fingerprint: string, partitions: number): Position {
  const dot = cursor.lastIndexOf('.')
  const payload = dot > 0 ? cursor.slice(0, dot) : ''
  if (!payload || cursor.slice(dot + 1) !== checksum(payload + fingerprint)) {
    throw new OrmError('InvalidQuery', 'this cursor was issued by another query (or altered): pass back the cursor of the same query, or start without one')
  }
  const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { a: (Record<string, never> | null | 0)[] }
  if (!Array.isArray(data.a) || data.a.length !== partitions) throw new OrmError('InvalidQuery', 'the cursor does not fit this query')
  return { after: data.a.map((k) => (k === 0 ? undefined : k === null ? null : unmarshall(k))) }
}
