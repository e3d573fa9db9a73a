/**
 * The one parallel-scan primitive (scanSegments) and its users (DocumentClient.parallelScan,
 * `scan --segments`), on the embedded engine behind a proxy that records how many Scan requests
 * are in flight at once: segments must overlap, stay within the bound, and see every item once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { AttributeMap } from '../../src/dynamodb/attribute-value.ts'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { DocumentClient } from '../../src/dynamodb/document.ts'
import { scanSegments, type SegmentPosition } from '../../src/dynamodb/paginate.ts'
import { startLocal, type LocalServer } from '../../src/local/server.ts'
import { readSender } from '../../src/service/read.ts'
import { runDbtooling } from '../support/cli.ts'

const ITEMS = 240
const pkOf = (item: AttributeMap) => (item.pk as { S: string }).S
const table = 'parallel'

/** Forwards to the engine; each Scan is held 25 ms so overlapping requests are observable. */
function recordingProxy(target: string) {
  const stats = { inFlight: 0, maxInFlight: 0, scans: 0 }
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const scan = request.headers.get('x-amz-target')?.endsWith('.Scan') === true
      if (scan) {
        stats.scans++
        stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight)
        await Bun.sleep(25)
      }
      try {
        const response = await fetch(target, { method: 'POST', headers: request.headers, body: await request.arrayBuffer() })
        return new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers })
      } finally {
        if (scan) stats.inFlight--
      }
    },
  })
  return { endpoint: `http://127.0.0.1:${server.port}`, stats, reset: () => Object.assign(stats, { inFlight: 0, maxInFlight: 0, scans: 0 }), stop: () => server.stop(true) }
}

describe('parallel scan: one primitive, segments in flight at once', () => {
  let engine: LocalServer
  let proxy: ReturnType<typeof recordingProxy>
  let doc: DocumentClient

  beforeAll(async () => {
    engine = await startLocal({ port: 0, inMemory: true })
    proxy = recordingProxy(engine.endpoint)
    doc = new DocumentClient(new DynamoDBClient({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }))
    await doc.client.send('CreateTable', {
      TableName: table,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    })
    for (let i = 0; i < ITEMS; i += 25) await doc.batchWrite(Array.from({ length: Math.min(25, ITEMS - i) }, (_, j) => ({ table, put: { pk: `item-${i + j}`, n: i + j } })))
  })
  afterAll(async () => {
    doc?.close()
    proxy?.stop()
    await engine?.stop()
  })

  test('DocumentClient.parallelScan reads its segments concurrently and returns every item once', async () => {
    proxy.reset()
    const items = await doc.parallelScan({ table, limit: 20 }, { segments: 4, concurrency: 4 })
    expect(items.map(i => i.pk).sort()).toEqual(Array.from({ length: ITEMS }, (_, i) => `item-${i}`).sort())
    expect(proxy.stats.maxInFlight).toBe(4)
  })

  test('the concurrency bound holds and the pages of all segments arrive one at a time', async () => {
    proxy.reset()
    const seen = new Map<string, number>()
    let delivering = 0
    let overlapped = false
    await scanSegments(readSender(doc), { TableName: table, Limit: 15 }, {
      segments: 6,
      concurrency: 2,
      onPage: async output => {
        if (++delivering > 1) overlapped = true
        await Bun.sleep(1)
        for (const item of output.items) seen.set(pkOf(item), (seen.get(pkOf(item)) ?? 0) + 1)
        delivering--
      },
    })
    expect(proxy.stats.maxInFlight).toBe(2)
    expect(overlapped).toBe(false)
    expect(seen.size).toBe(ITEMS)
    expect([...seen.values()].every(n => n === 1)).toBe(true)
  })

  test('resume positions: finished segments are skipped, the others continue after their key', async () => {
    const segments = 3
    const positions: SegmentPosition[] = Array.from({ length: segments }, () => ({}))
    const firstRun = new Set<string>()
    // First run: stop after the first page of every segment, as a Ctrl-C after a checkpoint would.
    const controller = new AbortController()
    let pages = 0
    await expect(scanSegments(readSender(doc), { TableName: table, Limit: 10 }, {
      segments,
      signal: controller.signal,
      onPage: (output, segment) => {
        for (const item of output.items) firstRun.add(pkOf(item))
        positions[segment] = output.lastEvaluatedKey ? { lastEvaluatedKey: output.lastEvaluatedKey } : { done: true }
        if (++pages === segments) controller.abort(new Error('stopped'))
      },
    })).rejects.toThrow('stopped')
    expect(pages).toBe(segments)
    const secondRun: string[] = []
    await scanSegments(readSender(doc), { TableName: table, Limit: 10 }, { segments, positions, onPage: output => void secondRun.push(...output.items.map(i => pkOf(i))) })
    expect(secondRun.filter(pk => firstRun.has(pk))).toEqual([])
    expect(firstRun.size + secondRun.length).toBe(ITEMS)
  })

  test('a failing segment stops the others and its error rejects', async () => {
    await expect(scanSegments(readSender(doc), { TableName: 'no-such-table' }, { segments: 3, onPage: () => {} })).rejects.toThrow(/no-such-table|not found|non-existent/i)
  })

  test('scan --segments reads the segments concurrently (CLI)', async () => {
    proxy.reset()
    const r = await runDbtooling(['scan', '--endpoint-url', proxy.endpoint, '--table', table, '--segments', '4', '--limit', '1000', '--all', '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.count).toBe(ITEMS)
    expect(new Set(out.items.map((i: { pk: string }) => i.pk)).size).toBe(ITEMS)
    expect(proxy.stats.maxInFlight).toBeGreaterThanOrEqual(2)
  })
})
