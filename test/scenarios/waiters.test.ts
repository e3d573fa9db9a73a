import { expect, test } from 'bun:test'
import { WaiterTimeoutError } from '../../src/dynamodb/document-errors.ts'
import { scenario } from './harness.ts'

scenario('waiters', ctx => {
  test('table active, index active, TTL enabled, table deleted; a bounded wait fails clearly', async () => {
    const table = await ctx.createTable()
    expect(await ctx.doc.waitForTableActive(table, { intervalMs: 50, timeoutMs: 10_000 })).toBe('ACTIVE')

    await ctx.doc.client.send('UpdateTable', {
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'status', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
    })
    expect(await ctx.doc.waitForIndexActive(table, 'byStatus', { intervalMs: 50, timeoutMs: 30_000 })).toBe('ACTIVE')

    await ctx.doc.client.send('UpdateTimeToLive', { TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } })
    expect(await ctx.doc.waitForTtlEnabled(table, { intervalMs: 50, timeoutMs: 10_000 })).toBe('ENABLED')

    const missing = await ctx.doc.waitForIndexActive(table, 'noSuchIndex', { intervalMs: 20, timeoutMs: 150 }).catch(e => e)
    expect(missing).toBeInstanceOf(WaiterTimeoutError)
    expect(missing.message).toContain('noSuchIndex')
    expect(missing.message).toContain('NOT_FOUND')

    await ctx.doc.client.send('DeleteTable', { TableName: table })
    expect(await ctx.doc.waitForTableDeleted(table, { intervalMs: 50, timeoutMs: 10_000 })).toBe('DELETED')
  })
})
