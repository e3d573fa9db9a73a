/**
 * Query and Scan paging: one page, an async iterator over pages, everything, COUNT across pages,
 * and parallel scan over N segments with bounded concurrency. Pages carry an opaque cursor.
 */
import type { AttributeMap } from './attribute-value.ts'
import { runBounded } from './backoff.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { unmarshall, type UnmarshallOptions } from './marshall.ts'
import type { Sender } from './sender.ts'

export type Item = Record<string, unknown>

export interface Page {
  items: Item[]
  /** Items on this page (after the filter); with select COUNT, the count. */
  count: number
  /** Items read before the filter. */
  scannedCount: number
  /** Pass back as `cursor` to read the next page; absent on the last page. */
  cursor?: string
  lastEvaluatedKey?: AttributeMap
}

/** A compiled wire request for Query or Scan, without ExclusiveStartKey. */
export type WireReadRequest = Record<string, unknown>

export interface PageOptions {
  /** Start after this cursor (from a previous page). */
  cursor?: string
  /** Maximum number of items over all pages (all/pages stop once reached). */
  maxItems?: number
  signal?: AbortSignal
  unmarshallOptions?: UnmarshallOptions
}

export async function readPage(send: Sender, operation: 'Query' | 'Scan', request: WireReadRequest, startKey: AttributeMap | undefined, options: PageOptions): Promise<Page> {
  const input = startKey ? { ...request, ExclusiveStartKey: startKey } : request
  const out = (await send(operation, input, { signal: options.signal })) as {
    Items?: AttributeMap[]
    Count?: number
    ScannedCount?: number
    LastEvaluatedKey?: AttributeMap
  }
  const items = (out.Items ?? []).map(i => unmarshall(i, options.unmarshallOptions))
  return {
    items,
    count: out.Count ?? items.length,
    scannedCount: out.ScannedCount ?? items.length,
    ...(out.LastEvaluatedKey ? { cursor: encodeCursor(out.LastEvaluatedKey), lastEvaluatedKey: out.LastEvaluatedKey } : {}),
  }
}

export async function* pages(send: Sender, operation: 'Query' | 'Scan', request: WireReadRequest, options: PageOptions = {}): AsyncGenerator<Page> {
  let startKey = options.cursor ? decodeCursor(options.cursor) : undefined
  let seen = 0
  for (;;) {
    const remaining = options.maxItems === undefined ? undefined : options.maxItems - seen
    const limit = request.Limit as number | undefined
    const pageRequest = remaining !== undefined && (limit === undefined || remaining < limit) ? { ...request, Limit: remaining } : request
    const page = await readPage(send, operation, pageRequest, startKey, options)
    seen += page.items.length
    yield page
    if (!page.lastEvaluatedKey || (options.maxItems !== undefined && seen >= options.maxItems)) return
    startKey = page.lastEvaluatedKey
  }
}

export async function all(send: Sender, operation: 'Query' | 'Scan', request: WireReadRequest, options: PageOptions = {}): Promise<Item[]> {
  const items: Item[] = []
  for await (const page of pages(send, operation, request, options)) items.push(...page.items)
  return items
}

/** Select COUNT across every page: the number of matching items, reading no attributes. */
export async function count(send: Sender, operation: 'Query' | 'Scan', request: WireReadRequest, options: PageOptions = {}): Promise<{ count: number; scannedCount: number }> {
  // The caller compiles `request` without a projection: COUNT reads no attributes.
  const countRequest = { ...request, Select: 'COUNT' }
  let total = 0
  let scanned = 0
  for await (const page of pages(send, operation, countRequest, options)) {
    total += page.count
    scanned += page.scannedCount
  }
  return { count: total, scannedCount: scanned }
}

export interface ParallelScanOptions extends PageOptions {
  /** TotalSegments (1..1,000,000). */
  segments: number
  /** Segments read at once (default min(segments, 4)). */
  concurrency?: number
  /** Receives each page as it arrives, with its segment; when given, items are not collected. */
  onPage?: (page: Page, segment: number) => void | Promise<void>
}

export async function parallelScan(send: Sender, request: WireReadRequest, options: ParallelScanOptions): Promise<Item[]> {
  const { segments } = options
  if (!Number.isInteger(segments) || segments < 1 || segments > 1_000_000) {
    throw new RangeError(`parallelScan: segments must be an integer from 1 to 1000000, got ${segments}`)
  }
  const bySegment: Item[][] = Array.from({ length: segments }, () => [])
  const list = Array.from({ length: segments }, (_, i) => i)
  await runBounded(list, options.concurrency ?? Math.min(segments, 4), async segment => {
    const segmentRequest = { ...request, Segment: segment, TotalSegments: segments }
    for await (const page of pages(send, 'Scan', segmentRequest, { ...options, cursor: undefined })) {
      if (options.onPage) await options.onPage(page, segment)
      else bySegment[segment]!.push(...page.items)
    }
  })
  return bySegment.flat()
}
