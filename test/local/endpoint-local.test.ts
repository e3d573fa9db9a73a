import { expect, test } from 'bun:test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DocumentClient, DynamoDBClient } from '../../src/index.ts'

test("endpoint: 'local' runs the embedded engine in-process, opted in explicitly", async () => {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'dbtooling-endpoint-local-')), 'data.sqlite')
  const doc = new DocumentClient({ endpoint: 'local', local: { dbPath } })
  await doc.client.send('CreateTable', {
    TableName: 'things',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  })
  await doc.put({ table: 'things', item: { pk: 'a', n: 1 } })
  doc.close()
  // The data is in the file: a second client sees it.
  const again = new DocumentClient({ endpoint: 'local', local: { dbPath } })
  expect(await again.get({ table: 'things', key: { pk: 'a' } })).toEqual({ pk: 'a', n: 1 })
  again.close()
})

test('without an endpoint the library never falls back to the engine', async () => {
  const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
  expect((await client.resolvedConfig()).endpoint).toBe('https://dynamodb.us-east-1.amazonaws.com/')
})

test("endpoint: 'local' deletes expired items in the background (TTL sweeper runs in-process, every ttlIntervalMs)", async () => {
  // 50 ms, not the default 1000: the item must be gone well before the first default sweep.
  const doc = new DocumentClient({ endpoint: 'local', local: { inMemory: true, ttlIntervalMs: 50 } })
  await doc.client.send('CreateTable', {
    TableName: 'expiring',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  })
  await doc.client.send('UpdateTimeToLive', { TableName: 'expiring', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } })
  await doc.put({ table: 'expiring', item: { pk: 'old', expiresAt: Math.floor(Date.now() / 1000) - 60 } })
  await doc.put({ table: 'expiring', item: { pk: 'new', expiresAt: Math.floor(Date.now() / 1000) + 3600 } })
  const deadline = Date.now() + 600
  while (Date.now() < deadline && (await doc.get({ table: 'expiring', key: { pk: 'old' } }))) await Bun.sleep(100)
  expect(await doc.get({ table: 'expiring', key: { pk: 'old' } })).toBeUndefined()
  expect(await doc.get({ table: 'expiring', key: { pk: 'new' } })).toBeDefined()
  doc.close()
})

test("endpoint: 'local' passes lifecycleMs to the engine: CREATING, then ACTIVE (waiters can be tested)", async () => {
  const client = new DynamoDBClient({ endpoint: 'local', local: { inMemory: true, lifecycleMs: 300 } })
  const status = async () => (await client.send('DescribeTable', { TableName: 'slow' })).Table?.TableStatus
  await client.send('CreateTable', {
    TableName: 'slow',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  })
  expect(await status()).toBe('CREATING')
  await Bun.sleep(400)
  expect(await status()).toBe('ACTIVE')
  client.close()
  // Without it every change is ACTIVE at once.
  const quick = new DynamoDBClient({ endpoint: 'local', local: { inMemory: true } })
  const created = await quick.send('CreateTable', {
    TableName: 'quick',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  })
  expect(created.TableDescription?.TableStatus).toBe('ACTIVE')
  quick.close()
})

test("endpoint: 'local' refuses a bad lifecycleMs, and one that differs from the engine already open on the file", async () => {
  const bad = new DynamoDBClient({ endpoint: 'local', local: { inMemory: true, lifecycleMs: -1 } })
  await expect(bad.send('ListTables', {})).rejects.toThrow('lifecycleMs must be a number of milliseconds >= 0, got -1')
  const dbPath = join(mkdtempSync(join(tmpdir(), 'dbtooling-endpoint-local-')), 'data.sqlite')
  const first = new DynamoDBClient({ endpoint: 'local', local: { dbPath, lifecycleMs: 50 } })
  await first.send('ListTables', {})
  const second = new DynamoDBClient({ endpoint: 'local', local: { dbPath, lifecycleMs: 0 } })
  await expect(second.send('ListTables', {})).rejects.toThrow('is already open in this process with lifecycleMs 50')
  const same = new DynamoDBClient({ endpoint: 'local', local: { dbPath, lifecycleMs: 50 } })
  expect((await same.send('ListTables', {})).TableNames).toEqual([])
  same.close()
  first.close()
})
