import { expect, test } from 'bun:test'
import { DocumentClient } from '../../src/dynamodb/document.ts'
import { startFaultProxy } from '../support/fault-proxy.ts'
import { testCredentials, testRegion } from '../support/targets.ts'
import { scenario } from './harness.ts'

scenario('batchWrite under injected throttling', ctx => {
  test('10,000 items through a proxy that throttles 20% of requests: every item is present once', async () => {
    const table = await ctx.createTable()
    const proxy = await startFaultProxy({ upstream: ctx.endpoint, faultRate: 0.2, kinds: ['throttle'], seed: 7 })
    const doc = new DocumentClient({ endpoint: proxy.url, region: testRegion, credentials: testCredentials, retry: { baseDelayMs: 5, throttlingBaseDelayMs: 10, maxDelayMs: 200 } })
    try {
      const writes = Array.from({ length: 10_000 }, (_, i) => ({ table, put: { pk: `P#${i % 97}`, sk: `I#${String(i).padStart(5, '0')}`, i } }))
      let last = 0
      const out = await doc.batchWrite(writes, { concurrency: 8, maxAttempts: 20, onProgress: p => (last = p.written) })
      expect(out.written).toBe(10_000)
      expect(last).toBe(10_000)
      expect(proxy.stats.faults.throttle).toBeGreaterThan(50)
    } finally {
      doc.close()
      await proxy.close()
    }
    // Read back directly, not through the proxy.
    const items = await ctx.doc.parallelScan({ table, projection: ['i'] }, { segments: 4 })
    expect(items.length).toBe(10_000)
    expect(new Set(items.map(i => i.i)).size).toBe(10_000)
  })
})
