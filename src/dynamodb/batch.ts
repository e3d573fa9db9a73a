/**
 * batchWrite and batchGet: split into DynamoDB-sized requests, run them with bounded
 * concurrency, re-send what DynamoDB leaves unprocessed with backoff, and never drop anything:
 * a write that did not happen is always reported back to the caller.
 */
import type { AttributeMap } from './attribute-value.ts'
import { backoffDelay, runBounded, sleep } from './backoff.ts'
import { BatchGetError, BatchWriteError, DocumentError } from './document-errors.ts'
import { assertItemSize, itemSize, MAX_ITEM_SIZE } from './value-rules.ts'
import { marshall, unmarshall, type MarshallOptions, type UnmarshallOptions } from './marshall.ts'
import type { Sender } from './sender.ts'
import { readWriteAction, type ReadAction } from './write-actions.ts'

export type Item = Record<string, unknown>

/**
 * One write of a batch: a put of a whole item, or a delete by key, in the shape transactWrite takes
 * (`{ put: { table, item } }`, `{ delete: { table, key } }`), without conditions.
 */
export type BatchWriteRequest = { put: { table: string; item: Item } } | { delete: { table: string; key: Item } } | FlatBatchWriteRequest
/** The earlier flat shape (`{ table, put: item }`, `{ table, delete: key }`), still accepted. */
export type FlatBatchWriteRequest = { table: string; put: Item } | { table: string; delete: Item }

export interface BatchOptions {
  /** Requests in flight at once (default 4). */
  concurrency?: number
  /** Attempts per request, counting re-sends of unprocessed items (default 10). */
  maxAttempts?: number
  signal?: AbortSignal
  marshallOptions?: MarshallOptions
  unmarshallOptions?: UnmarshallOptions
}

export interface BatchWriteOptions extends BatchOptions {
  /** Called after each request with the number of writes done so far. */
  onProgress?: (progress: { written: number; total: number }) => void
}

export const BATCH_WRITE_LIMIT = 25
export const BATCH_GET_LIMIT = 100

type KeyAttributes = (table: string) => Promise<string[]>

interface WireWrite {
  table: string
  index: number
  request: { PutRequest: { Item: AttributeMap } } | { DeleteRequest: { Key: AttributeMap } }
}

export async function batchWrite(send: Sender, keyAttributes: KeyAttributes, writes: readonly BatchWriteRequest[], options: BatchWriteOptions = {}): Promise<{ written: number }> {
  const wire: WireWrite[] = []
  for (let index = 0; index < writes.length; index++) {
    const w = readBatchWrite(writes[index], index)
    if (w.kind === 'put') {
      const item = marshall(w.item!, options.marshallOptions)
      if (itemSize(item) > MAX_ITEM_SIZE) assertItemSize(item, await keyAttributes(w.table).catch(() => undefined))
      wire.push({ table: w.table, index, request: { PutRequest: { Item: item } } })
    } else {
      wire.push({ table: w.table, index, request: { DeleteRequest: { Key: marshall(w.key!, options.marshallOptions) } } })
    }
  }
  const chunks = await chunkWrites(wire, keyAttributes, writes)

  let written = 0
  const notDone = new Set<number>(wire.map(w => w.index))
  const failures: unknown[] = []
  try {
    await runBounded(chunks, options.concurrency ?? 4, async chunk => {
      let pending = chunk
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= (options.maxAttempts ?? 10)) return
        if (attempt > 0) await sleep(backoffDelay(attempt), options.signal)
        const RequestItems: Record<string, WireWrite['request'][]> = {}
        for (const w of pending) (RequestItems[w.table] ??= []).push(w.request)
        let out: { UnprocessedItems?: Record<string, WireWrite['request'][]> }
        try {
          out = (await send('BatchWriteItem', { RequestItems }, { signal: options.signal })) as typeof out
        } catch (error) {
          // A throttled batch wrote nothing: back off and send it again, like unprocessed items.
          if (isRetryable(error) && attempt + 1 < (options.maxAttempts ?? 10)) continue
          failures.push(error)
          throw error
        }
        const left = new Set<WireWrite['request']>(Object.values(out.UnprocessedItems ?? {}).flat())
        const unprocessed = left.size === 0 ? [] : pending.filter(w => containsRequest(left, w.request))
        for (const w of pending) if (!unprocessed.includes(w)) notDone.delete(w.index)
        written += pending.length - unprocessed.length
        options.onProgress?.({ written, total: writes.length })
        pending = unprocessed
      }
    })
  } catch {
    // Reported below with every write that did not happen.
  }
  if (notDone.size > 0) {
    const unprocessed = [...notDone].sort((a, b) => a - b).map(i => writes[i]!)
    const cause = failures[0]
    const reason = cause instanceof Error ? `${(cause as { code?: string }).code ?? cause.name}: ${cause.message}` : `still unprocessed after ${options.maxAttempts ?? 10} attempts`
    throw new BatchWriteError(`batchWrite: ${unprocessed.length} of ${writes.length} writes did not happen (${reason}); error.unprocessed lists them, safe to re-send`, unprocessed, written, cause)
  }
  return { written }
}

/** Either shape of a batch write, checked before anything is sent. */
function readBatchWrite(write: unknown, index: number): ReadAction {
  const flat = write as Partial<Record<'table' | 'put' | 'delete', unknown>> | null
  if (flat !== null && typeof flat === 'object' && typeof flat.table === 'string') {
    const { table, put, delete: key, ...rest } = flat as Record<string, unknown>
    const nested: Record<string, unknown> = { ...rest }
    if (put !== undefined) nested.put = { table, item: put }
    if (key !== undefined) nested.delete = { table, key }
    return readWriteAction(nested, `batchWrite write ${index}`, ['put', 'delete'], false)
  }
  return readWriteAction(write, `batchWrite write ${index}`, ['put', 'delete'], false)
}

/** DynamoDB echoes unprocessed requests back as equal JSON, not the same objects. */
function containsRequest(left: Set<WireWrite['request']>, request: WireWrite['request']): boolean {
  if (left.has(request)) return true
  const text = JSON.stringify(request)
  for (const r of left) if (JSON.stringify(r) === text) return true
  return false
}

/** Splits into ≤25-write requests; two writes to the same key in one batch are refused up front. */
async function chunkWrites(wire: WireWrite[], keyAttributes: KeyAttributes, writes: readonly BatchWriteRequest[]): Promise<WireWrite[][]> {
  const seen = new Map<string, number>()
  for (const w of wire) {
    const names = await keyAttributes(w.table)
    const source = 'PutRequest' in w.request ? w.request.PutRequest.Item : w.request.DeleteRequest.Key
    const key: AttributeMap = {}
    for (const name of names) {
      const v = source[name]
      if (v === undefined) throw new DocumentError('InvalidKey', `batchWrite: write ${w.index} to ${w.table} has no key attribute ${name}; every put and delete needs the table's full key (${names.join(', ')})`)
      key[name] = v
    }
    const id = `${w.table}\u0000${JSON.stringify(key)}`
    const earlier = seen.get(id)
    if (earlier !== undefined) {
      throw new DocumentError('DuplicateKey', `batchWrite: writes ${earlier} and ${w.index} target the same key ${JSON.stringify(unmarshall(key))} in ${w.table}; DynamoDB rejects a batch with two writes to one key: merge them or send them in order`, { writes: [writes[earlier], writes[w.index]] })
    }
    seen.set(id, w.index)
  }
  const chunks: WireWrite[][] = []
  for (let i = 0; i < wire.length; i += BATCH_WRITE_LIMIT) chunks.push(wire.slice(i, i + BATCH_WRITE_LIMIT))
  return chunks
}

export interface BatchGetRequest {
  table: string
  key: Item
}

export interface BatchGetOptions extends BatchOptions {
  consistentRead?: boolean
}

/** Reads keys (any number, several tables) and returns items in request order, `undefined` where missing. */
export async function batchGet(send: Sender, requests: readonly BatchGetRequest[], options: BatchGetOptions = {}): Promise<(Item | undefined)[]> {
  // Fold duplicate keys: DynamoDB rejects them, and the caller gets the item at every position.
  const unique = new Map<string, { table: string; key: AttributeMap; positions: number[] }>()
  requests.forEach((r, position) => {
    const key = marshall(r.key, options.marshallOptions)
    const id = `${r.table}\u0000${canonicalKey(key)}`
    const entry = unique.get(id)
    if (entry) entry.positions.push(position)
    else unique.set(id, { table: r.table, key, positions: [position] })
  })
  const entries = [...unique.values()]
  const byId = new Map(entries.map(e => [`${e.table}\u0000${canonicalKey(e.key)}`, e]))
  const results: (Item | undefined)[] = new Array(requests.length).fill(undefined)
  const chunks: (typeof entries)[] = []
  for (let i = 0; i < entries.length; i += BATCH_GET_LIMIT) chunks.push(entries.slice(i, i + BATCH_GET_LIMIT))

  const missing: typeof entries = []
  await runBounded(chunks, options.concurrency ?? 4, async chunk => {
    let pending = chunk
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= (options.maxAttempts ?? 10)) {
        missing.push(...pending)
        return
      }
      if (attempt > 0) await sleep(backoffDelay(attempt), options.signal)
      const RequestItems: Record<string, { Keys: AttributeMap[]; ConsistentRead?: boolean }> = {}
      for (const e of pending) (RequestItems[e.table] ??= { Keys: [], ...(options.consistentRead ? { ConsistentRead: true } : {}) }).Keys.push(e.key)
      let out: { Responses?: Record<string, AttributeMap[]>; UnprocessedKeys?: Record<string, { Keys: AttributeMap[] }> }
      try {
        out = (await send('BatchGetItem', { RequestItems }, { signal: options.signal })) as typeof out
      } catch (error) {
        if (isRetryable(error) && attempt + 1 < (options.maxAttempts ?? 10)) continue
        throw error
      }
      for (const [table, items] of Object.entries(out.Responses ?? {})) {
        const keyNames = Object.keys(pending.find(e => e.table === table)?.key ?? {})
        for (const item of items) {
          const key: AttributeMap = {}
          for (const name of keyNames) if (item[name] !== undefined) key[name] = item[name]!
          const entry = byId.get(`${table}\u0000${canonicalKey(key)}`)
          if (!entry) continue
          const value = unmarshall(item, options.unmarshallOptions)
          for (const p of entry.positions) results[p] = value
        }
      }
      pending = Object.entries(out.UnprocessedKeys ?? {}).flatMap(([table, { Keys }]) =>
        Keys.map(k => byId.get(`${table}\u0000${canonicalKey(k)}`)!).filter(Boolean),
      )
    }
  })
  if (missing.length > 0) {
    throw new BatchGetError(`batchGet: ${missing.length} keys were still unprocessed after ${options.maxAttempts ?? 10} attempts; error.unprocessed lists them`, missing.map(m => requests[m.positions[0]!]!), results)
  }
  return results
}

/** Key identity independent of attribute order. */
function canonicalKey(key: AttributeMap): string {
  return JSON.stringify(Object.keys(key).sort().map(k => [k, key[k]]))
}

/** Throttling and transient failures the transport already gave up on are worth another round here. */
function isRetryable(error: unknown): boolean {
  return (error as { retryable?: unknown })?.retryable === true && (error as { name?: string }).name !== 'AbortError'
}
