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

test("endpoint: 'local' deletes expired items in the background (TTL sweeper runs in-process)", async () => {
  const doc = new DocumentClient({ endpoint: 'local', local: { inMemory: true } })
  await doc.client.send('CreateTable', {
    TableName: 'expiring',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  })
  await doc.client.send('UpdateTimeToLive', { TableName: 'expiring', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } })
  await doc.put({ table: 'expiring', item: { pk: 'old', expiresAt: Math.floor(Date.now() / 1000) - 60 } })
  await doc.put({ table: 'expiring', item: { pk: 'new', expiresAt: Math.floor(Date.now() / 1000) + 3600 } })
  const deadline = Date.now() + 5000
  while (Date.now() < deadline && (await doc.get({ table: 'expiring', key: { pk: 'old' } }))) await Bun.sleep(100)
  expect(await doc.get({ table: 'expiring', key: { pk: 'old' } })).toBeUndefined()
  expect(await doc.get({ table: 'expiring', key: { pk: 'new' } })).toBeDefined()
  doc.close()
})
