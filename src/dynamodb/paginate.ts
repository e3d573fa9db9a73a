/**
 * Query and Scan paging: one page, an async iterator over pages, everything, COUNT across pages,
 * and the one parallel scan over N segments with bounded concurrency (scanSegments). Pages carry an opaque cursor.
 */
import type { AttributeMap } from './attribute-value.ts'
import { runBounded, yieldToEventLoop } from './backoff.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { unmarshall, type UnmarshallOptions } from './marshall.ts'
import type { QueryInput, QueryOutput, ScanInput, ScanOutput } from './types/query.ts'

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
export type WireReadRequest = QueryInput & ScanInput

/** What paging needs from a client: Query and Scan in wire format (the DocumentClient's send is one). */
export type ReadSender = (operation: 'Query' | 'Scan', input: WireReadRequest, options?: { signal?: AbortSignal }) => Promise<unknown>

export interface PageOptions {
  /** Start after this cursor (from a previous page). */
  cursor?: string
  /** Maximum number of items over all pages (all/pages stop once reached). */
  maxItems?: number
  signal?: AbortSignal
  unmarshallOptions?: UnmarshallOptions
}

export async function readPage(send: ReadSender, operation: 'Query' | 'Scan', request: WireReadRequest, startKey: AttributeMap | undefined, options: PageOptions): Promise<Page> {
  const input = startKey ? { ...request, ExclusiveStartKey: startKey } : request
  const out = (await send(operation, input, { signal: options.signal })) as QueryOutput
  const items = out.Items ?? []
  return segmentPage({ items, count: out.Count ?? items.length, scannedCount: out.ScannedCount ?? items.length, ...(out.LastEvaluatedKey ? { lastEvaluatedKey: out.LastEvaluatedKey } : {}) }, options)
}

export async function* pages(send: ReadSender, operation: 'Query' | 'Scan', request: WireReadRequest, options: PageOptions = {}): AsyncGenerator<Page> {
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

export async function all(send: ReadSender, operation: 'Query' | 'Scan', request: WireReadRequest, options: PageOptions = {}): Promise<Item[]> {
  const items: Item[] = []
  for await (const page of pages(send, operation, request, options)) items.push(...page.items)
  return items
}

/** Select COUNT across every page: the number of matching items, reading no attributes. */
export async function count(send: ReadSender, operation: 'Query' | 'Scan', request: WireReadRequest, options: PageOptions = {}): Promise<{ count: number; scannedCount: number }> {
  // The caller compiles `request` without a projection: COUNT reads no attributes.
  const countRequest = { ...request, Select: 'COUNT' as const }
  let total = 0
  let scanned = 0
  for await (const page of pages(send, operation, countRequest, options)) {
    total += page.count
    scanned += page.scannedCount
  }
  return { count: total, scannedCount: scanned }
}

/** Where one segment of a parallel scan stands: resume after `lastEvaluatedKey`, or nothing left when `done`. */
export interface SegmentPosition {
  lastEvaluatedKey?: AttributeMap
  done?: boolean
}

/** One Scan response of a segment, as DynamoDB sent it (items still AttributeValues). */
export interface SegmentOutput {
  items: AttributeMap[]
  count: number
  scannedCount: number
  /** Absent when the segment is finished. */
  lastEvaluatedKey?: AttributeMap
}

export interface ScanSegmentsOptions {
  /** TotalSegments (1..1,000,000). */
  segments: number
  /** Segments with a request in flight at once (default min(segments, 4)). */
  concurrency?: number
  /** Stops every segment: requests in flight are cancelled and the call rejects with the signal's reason. */
  signal?: AbortSignal
  /** Per segment: where to resume (export's checkpoint). Segments past the array's end start fresh. */
  positions?: readonly SegmentPosition[]
  /** Stop once this many items were delivered over all segments. */
  maxItems?: number
  /**
   * Receives every response in arrival order, one call at a time (never two at once), with its
   * segment; the segment's next request waits for it, so a slow consumer holds the scan back.
   */
  onPage(output: SegmentOutput, segment: number): void | Promise<void>
}

/**
 * The one parallel-scan primitive: N segments, each paging through its part of the table, with
 * up to `concurrency` requests in flight at once. A failing segment stops the others and its
 * error is what rejects; nothing is delivered after a failure or an abort.
 */
export async function scanSegments(send: ReadSender, request: WireReadRequest, options: ScanSegmentsOptions): Promise<void> {
  const { segments } = options
  if (!Number.isInteger(segments) || segments < 1 || segments > 1_000_000) {
    throw new RangeError(`parallel scan: segments must be an integer from 1 to 1000000, got ${segments}`)
  }
  const concurrency = options.concurrency ?? Math.min(segments, 4)
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`parallel scan: concurrency must be a positive integer, got ${concurrency}`)
  options.signal?.throwIfAborted()
  // Our own controller: a failure in one segment cancels the requests of the others.
  const stop = new AbortController()
  const onAbort = () => stop.abort(options.signal!.reason)
  options.signal?.addEventListener('abort', onAbort, { once: true })
  let delivered = 0
  const full = () => options.maxItems !== undefined && delivered >= options.maxItems
  // Deliveries are serialised: consumers (a file writer, a checkpoint) see one page at a time.
  let delivering: Promise<void> = Promise.resolve()
  const deliver = (output: SegmentOutput, segment: number) => {
    const next = delivering.then(async () => {
      if (stop.signal.aborted || full()) return
      const room = options.maxItems === undefined ? undefined : options.maxItems - delivered
      const page = room !== undefined && output.items.length > room ? { ...output, items: output.items.slice(0, room) } : output
      delivered += page.items.length
      await options.onPage(page, segment)
    })
    delivering = next.catch(() => {})
    return next
  }
  const pending = Array.from({ length: segments }, (_, i) => i).filter(i => !options.positions?.[i]?.done)
  try {
    await runBounded(pending, concurrency, async segment => {
      let startKey = options.positions?.[segment]?.lastEvaluatedKey
      while (!stop.signal.aborted && !full()) {
        await yieldToEventLoop()
        if (stop.signal.aborted) break
        const input = { ...request, Segment: segment, TotalSegments: segments, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }
        const out = (await send('Scan', input, { signal: stop.signal })) as ScanOutput
        const output: SegmentOutput = { items: out.Items ?? [], count: out.Count ?? out.Items?.length ?? 0, scannedCount: out.ScannedCount ?? out.Items?.length ?? 0, ...(out.LastEvaluatedKey ? { lastEvaluatedKey: out.LastEvaluatedKey } : {}) }
        await deliver(output, segment)
        if (!out.LastEvaluatedKey) return
        startKey = out.LastEvaluatedKey
      }
    }).catch(error => {
      // the caller stopped us: their reason, not the AbortError of whichever request was in flight
      if (options.signal?.aborted) throw options.signal.reason
      stop.abort(error)
      throw error
    })
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }
  if (stop.signal.aborted) throw stop.signal.reason
}

export interface ParallelScanOptions extends PageOptions {
  /** TotalSegments (1..1,000,000). */
  segments: number
  /** Segments read at once (default min(segments, 4)). */
  concurrency?: number
  /** Receives each page as it arrives, with its segment; when given, items are not collected. */
  onPage?: (page: Page, segment: number) => void | Promise<void>
}

/** A parallel scan of unmarshalled items: collected in segment order, or handed to `onPage` as they arrive. */
export async function parallelScan(send: ReadSender, request: WireReadRequest, options: ParallelScanOptions): Promise<Item[]> {
  const bySegment: Item[][] = []
  await scanSegments(send, request, {
    segments: options.segments,
    concurrency: options.concurrency,
    signal: options.signal,
    maxItems: options.maxItems,
    onPage: async (output, segment) => {
      const page = segmentPage(output, options)
      if (options.onPage) await options.onPage(page, segment)
      else (bySegment[segment] ??= []).push(...page.items)
    },
  })
  return bySegment.flat()
}

/** A segment's response as a Page: items unmarshalled, the cursor of where it stopped. */
export function segmentPage(output: SegmentOutput, options: PageOptions = {}): Page {
  const items = output.items.map(i => unmarshall(i, options.unmarshallOptions))
  return {
    items,
    count: output.count,
    scannedCount: output.scannedCount,
    ...(output.lastEvaluatedKey ? { cursor: encodeCursor(output.lastEvaluatedKey), lastEvaluatedKey: output.lastEvaluatedKey } : {}),
  }
}
