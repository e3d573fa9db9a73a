/**
 * Query and Scan for callers that print or stream: pages handed over as they arrive, one page
 * or every page, optionally over parallel segments (the one parallel-scan primitive).
 */
import type { DocumentClient } from '../dynamodb/document.ts'
import { decodeCursor } from '../dynamodb/cursor.ts'
import { pages, scanSegments, segmentPage, type Page, type ReadSender, type WireReadRequest } from '../dynamodb/paginate.ts'
import { ServiceError } from './errors.ts'

export interface ReadOptions {
  /** Continue after a previous page's cursor. */
  cursor?: string
  /** Without `all`: the page size. With `all`: the most items over all pages. */
  limit?: number
  /** Read every page (else one page). */
  all?: boolean
  /** Scan only: read in this many parallel segments (needs `all`). */
  segments?: number
  /** Scan segments with a request in flight at once (default min(segments, 4)). */
  concurrency?: number
  signal?: AbortSignal
  /** Receives each page as it arrives (one at a time). */
  onPage(page: Page): void | Promise<void>
}

export interface ReadSummary {
  count: number
  scannedCount: number
  /** Where the next page starts, when one page was read and there is more. */
  cursor?: string
}

/** Query and Scan through the client's typed send. */
export function readSender(doc: DocumentClient): ReadSender {
  return (operation, input, options) => (operation === 'Query' ? doc.client.send('Query', input, options) : doc.client.send('Scan', input, options))
}

export async function readItems(doc: DocumentClient, operation: 'Query' | 'Scan', request: WireReadRequest, options: ReadOptions): Promise<ReadSummary> {
  if (options.cursor) decodeCursor(options.cursor)
  const segments = options.segments ?? 1
  let count = 0
  let scannedCount = 0
  let cursor: string | undefined
  if (segments > 1) {
    if (operation !== 'Scan') throw new ServiceError('InvalidSegments', 'segments apply to scans only', undefined, true)
    if (!options.all) throw new ServiceError('InvalidSegments', 'a parallel scan in segments reads every page: pass --all with --segments', undefined, true)
    if (options.cursor) throw new ServiceError('InvalidSegments', '--cursor cannot be combined with --segments', undefined, true)
    await scanSegments(readSender(doc), request, {
      segments,
      concurrency: options.concurrency,
      signal: options.signal,
      maxItems: options.limit,
      onPage: async output => {
        count += output.items.length
        scannedCount += output.scannedCount
        await options.onPage(segmentPage(output))
      },
    })
    return { count, scannedCount }
  }
  const pageRequest = !options.all && options.limit !== undefined ? { ...request, Limit: options.limit } : request
  for await (const page of pages(readSender(doc), operation, pageRequest, { cursor: options.cursor, maxItems: options.all ? options.limit : undefined, signal: options.signal })) {
    count += page.items.length
    scannedCount += page.scannedCount
    cursor = page.cursor
    await options.onPage(page)
    if (!options.all) break
  }
  return { count, scannedCount, ...(cursor && !options.all ? { cursor } : {}) }
}
