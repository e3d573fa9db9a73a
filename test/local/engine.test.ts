/** Behaviour of the embedded engine that does not need DynamoDB Local to pin down. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Engine } from '../../src/local/engine.ts'
import { createHandler, startLocal, type LocalServer } from '../../src/local/server.ts'
import { sweepExpired } from '../../src/local/operations/ttl.ts'
import { call } from './support.ts'

let server: LocalServer
let endpoint: string
let counter = 0
const fresh = () => `t${++counter}-${Date.now().toString(36)}`

beforeAll(async () => {
  server = await startLocal({ port: 0, inMemory: true, ttlIntervalMs: 50 })
  endpoint = server.endpoint
})
afterAll(async () => {
  await server.stop()
})

async function ok(operation: string, input: unknown): Promise<Record<string, unknown>> {
  const answer = await call(endpoint, operation, input)
  if (answer.status !== 200) throw new Error(`${operation} failed: ${JSON.stringify(answer.body)}`)
  return answer.body
}

function simpleTable(name: string, extra: Record<string, unknown> = {}) {
  return {
    TableName: name,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    ...extra,
  }
}

describe('server', () => {
  test('binds 127.0.0.1 by default and answers with request id and a correct crc32', async () => {
    expect(server.host).toBe('127.0.0.1')
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await call(endpoint, 'ListTables', {})
    expect(res.status).toBe(200)
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[A-Z0-9]{52}$/)
    const body = JSON.stringify(res.body)
    expect(Number(res.headers.get('x-amz-crc32'))).toBe(Bun.hash.crc32(body) >>> 0)
  })

  test("errors use DynamoDB's body shape and status", async () => {
    const res = await call(endpoint, 'DescribeTable', { TableName: 'does-not-exist' })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' })
    const unsigned = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' })
    expect(unsigned.status).toBe(400)
    expect(((await unsigned.json()) as { __type: string }).__type).toContain('MissingAuthenticationToken')
  })

  test('the handler works in-process without a socket', async () => {
    const engine = new Engine({ inMemory: true })
    const handler = createHandler(engine)
    const res = await handler(new Request('http://local/', { method: 'POST', headers: { authorization: 'x', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ TableNames: [] })
    engine.close()
  })

  test('start-up to first answered request is fast', async () => {
    const started = performance.now()
    const s = await startLocal({ port: 0, inMemory: true })
    const res = await call(s.endpoint, 'ListTables', {})
    const elapsed = performance.now() - started
    await s.stop()
    expect(res.status).toBe(200)
    expect(elapsed).toBeLessThan(500)
  })
})

describe('storage', () => {
  test('a file database survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbtooling-local-'))
    const dbPath = join(dir, 'nested', 'local.sqlite')
    try {
      const first = await startLocal({ port: 0, dbPath })
      await call(first.endpoint, 'CreateTable', simpleTable('persisted', { GlobalSecondaryIndexes: [{ IndexName: 'bySk', KeySchema: [{ AttributeName: 'sk', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }] }))
      await call(first.endpoint, 'PutItem', { TableName: 'persisted', Item: { pk: { S: 'a' }, sk: { S: '1' }, v: { N: '42' } } })
      await first.stop()
      const second = await startLocal({ port: 0, dbPath })
      const got = await call(second.endpoint, 'GetItem', { TableName: 'persisted', Key: { pk: { S: 'a' }, sk: { S: '1' } } })
      expect(got.body).toEqual({ Item: { pk: { S: 'a' }, sk: { S: '1' }, v: { N: '42' } } })
      const viaIndex = await call(second.endpoint, 'Query', { TableName: 'persisted', IndexName: 'bySk', KeyConditionExpression: 'sk = :s', ExpressionAttributeValues: { ':s': { S: '1' } } })
      expect(viaIndex.body.Count).toBe(1)
      expect(second.engine.stats().tables).toEqual([{ name: 'persisted', itemCount: 1, sizeBytes: 9 }])
      await second.stop()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('concurrent updates are serialized: 50 parallel ADDs count to 50', async () => {
    const name = fresh()
    await ok('CreateTable', simpleTable(name))
    const key = { pk: { S: 'c' }, sk: { S: 'c' } }
    await Promise.all(Array.from({ length: 50 }, () => ok('UpdateItem', { TableName: name, Key: key, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } })))
    expect((await ok('GetItem', { TableName: name, Key: key })).Item).toEqual({ ...key, n: { N: '50' } })
  })

  test('a cancelled transaction writes nothing', async () => {
    const name = fresh()
    await ok('CreateTable', simpleTable(name))
    const res = await call(endpoint, 'TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: name, Item: { pk: { S: 'x' }, sk: { S: '1' } } } },
        { ConditionCheck: { TableName: name, Key: { pk: { S: 'y' }, sk: { S: '1' } }, ConditionExpression: 'attribute_exists(pk)' } },
      ],
    })
    expect(res.status).toBe(400)
    expect(res.body.CancellationReasons).toEqual([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed.' }])
    expect((await ok('Scan', { TableName: name })).Count).toBe(0)
  })
})

describe('reads', () => {
  test('the 1 MB page limit pages a large partition exactly once per item', async () => {
    const name = fresh()
    await ok('CreateTable', simpleTable(name))
    const blob = 'x'.repeat(100 * 1024)
    for (let i = 0; i < 25; i++) await ok('PutItem', { TableName: name, Item: { pk: { S: 'big' }, sk: { S: String(i).padStart(3, '0') }, blob: { S: blob } } })
    const seen: string[] = []
    let start: unknown
    let pages = 0
    do {
      const page = await ok('Query', { TableName: name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'big' } }, ProjectionExpression: 'sk', ...(start ? { ExclusiveStartKey: start } : {}) })
      pages++
      for (const item of page.Items as { sk: { S: string } }[]) seen.push(item.sk.S)
      start = page.LastEvaluatedKey
    } while (start)
    expect(pages).toBe(3)
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => String(i).padStart(3, '0')))
  })

  test('parallel scan segments are disjoint and cover the table', async () => {
    const name = fresh()
    await ok('CreateTable', simpleTable(name))
    const puts = Array.from({ length: 100 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `p${i}` }, sk: { S: 's' } } } }))
    for (let i = 0; i < puts.length; i += 25) await ok('BatchWriteItem', { RequestItems: { [name]: puts.slice(i, i + 25) } })
    const all: string[] = []
    for (let segment = 0; segment < 4; segment++) {
      let start: unknown
      do {
        const page = await ok('Scan', { TableName: name, Segment: segment, TotalSegments: 4, Limit: 7, ...(start ? { ExclusiveStartKey: start } : {}) })
        for (const item of page.Items as { pk: { S: string } }[]) all.push(item.pk.S)
        start = page.LastEvaluatedKey
      } while (start)
    }
    expect(all.length).toBe(100)
    expect(new Set(all).size).toBe(100)

    // A start key from before a segment (here: the first item of segment 0) reads segment 1 from its
    // start; one from inside it resumes after it, never outside the segment.
    const segment1 = ((await ok('Scan', { TableName: name, Segment: 1, TotalSegments: 4 })).Items as { pk: { S: string } }[]).map(i => i.pk.S)
    const segment0 = (await ok('Scan', { TableName: name, Segment: 0, TotalSegments: 4 })).Items as { pk: { S: string }; sk: { S: string } }[]
    const before = segment0[0]!
    const fromBefore = await ok('Scan', { TableName: name, Segment: 1, TotalSegments: 4, ExclusiveStartKey: { pk: before.pk, sk: before.sk } })
    expect((fromBefore.Items as { pk: { S: string } }[]).map(i => i.pk.S)).toEqual(segment1)
    const inside = await ok('Scan', { TableName: name, Segment: 1, TotalSegments: 4, ExclusiveStartKey: { pk: { S: segment1[2]! }, sk: { S: 's' } } })
    expect((inside.Items as { pk: { S: string } }[]).map(i => i.pk.S)).toEqual(segment1.slice(3))
  })

  test('sparse GSI follows item updates; UpdateTable backfills a new index', async () => {
    const name = fresh()
    await ok('CreateTable', simpleTable(name, {
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    }))
    const key = { pk: { S: 'a' }, sk: { S: '1' } }
    const byG = () => ok('Query', { TableName: name, IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'G' } } })
    await ok('PutItem', { TableName: name, Item: { ...key, oth: { S: 'o' } } })
    expect((await byG()).Count).toBe(0)
    await ok('UpdateItem', { TableName: name, Key: key, UpdateExpression: 'SET g = :g', ExpressionAttributeValues: { ':g': { S: 'G' } } })
    expect((await byG()).Items).toEqual([{ ...key, g: { S: 'G' } }])
    await ok('UpdateItem', { TableName: name, Key: key, UpdateExpression: 'REMOVE g' })
    expect((await byG()).Count).toBe(0)
    await ok('UpdateTable', { TableName: name, AttributeDefinitions: [{ AttributeName: 'oth', AttributeType: 'S' }], GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byOther', KeySchema: [{ AttributeName: 'oth', KeyType: 'HASH' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['x'] } } }] })
    const backfilled = await ok('Query', { TableName: name, IndexName: 'byOther', KeyConditionExpression: 'oth = :o', ExpressionAttributeValues: { ':o': { S: 'o' } } })
    expect(backfilled.Items).toEqual([{ ...key, oth: { S: 'o' } }])
  })

  test('ListTables pages with Limit and ExclusiveStartTableName', async () => {
    const engine = new Engine({ inMemory: true })
    const handler = createHandler(engine)
    for (const n of ['ccc', 'aaa', 'bbb']) engine.execute('CreateTable', simpleTable(n))
    expect(engine.execute('ListTables', { Limit: 2 })).toEqual({ TableNames: ['aaa', 'bbb'], LastEvaluatedTableName: 'bbb' })
    expect(engine.execute('ListTables', { Limit: 2, ExclusiveStartTableName: 'bbb' })).toEqual({ TableNames: ['ccc'] })
    void handler
    engine.close()
  })
})

describe('TTL, tags, streams', () => {
  test('expired items are deleted in the background and streamed as service deletions', async () => {
    const name = fresh()
    await ok('CreateTable', simpleTable(name, { StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' } }))
    await ok('UpdateTimeToLive', { TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } })
    const past = String(Math.floor(Date.now() / 1000) - 10)
    const future = String(Math.floor(Date.now() / 1000) + 3600)
    await ok('PutItem', { TableName: name, Item: { pk: { S: 'old' }, sk: { S: '1' }, exp: { N: past } } })
    await ok('PutItem', { TableName: name, Item: { pk: { S: 'new' }, sk: { S: '1' }, exp: { N: future } } })
    await ok('PutItem', { TableName: name, Item: { pk: { S: 'none' }, sk: { S: '1' }, exp: { S: past } } })
    for (let i = 0; i < 40 && (await ok('Scan', { TableName: name })).Count !== 2; i++) await Bun.sleep(50)
    const left = (await ok('Scan', { TableName: name })).Items as { pk: { S: string } }[]
    expect(left.map((i) => i.pk.S).sort()).toEqual(['new', 'none'])
    const { Table } = (await ok('DescribeTable', { TableName: name })) as { Table: { LatestStreamArn: string } }
    const shard = ((await ok('DescribeStream', { StreamArn: Table.LatestStreamArn })) as { StreamDescription: { Shards: { ShardId: string }[] } }).StreamDescription.Shards[0]!.ShardId
    const { ShardIterator } = (await ok('GetShardIterator', { StreamArn: Table.LatestStreamArn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' })) as { ShardIterator: string }
    const { Records } = (await ok('GetRecords', { ShardIterator })) as { Records: Record<string, unknown>[] }
    const removal = Records.find((r) => r.eventName === 'REMOVE')!
    expect(removal.userIdentity).toEqual({ Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' })
    expect((removal.dynamodb as Record<string, unknown>).OldImage).toEqual({ pk: { S: 'old' }, sk: { S: '1' }, exp: { N: past } })
    expect(sweepExpired(server.engine)).toBe(0)
  })

  test('tags can be added, listed and removed', async () => {
    const name = fresh()
    const { TableDescription } = (await ok('CreateTable', simpleTable(name, { Tags: [{ Key: 'env', Value: 'dev' }] }))) as { TableDescription: { TableArn: string } }
    const arn = TableDescription.TableArn
    await ok('TagResource', { ResourceArn: arn, Tags: [{ Key: 'team', Value: 'db' }] })
    expect((await ok('ListTagsOfResource', { ResourceArn: arn })).Tags).toEqual([{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'db' }])
    await ok('UntagResource', { ResourceArn: arn, TagKeys: ['env'] })
    expect((await ok('ListTagsOfResource', { ResourceArn: arn })).Tags).toEqual([{ Key: 'team', Value: 'db' }])
    const missing = await call(endpoint, 'ListTagsOfResource', { ResourceArn: `${arn}-nope` })
    expect(missing.status).toBe(400)
  })

  test('stream records arrive in order with the configured images', async () => {
    const name = fresh()
    const created = (await ok('CreateTable', simpleTable(name, { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }))) as { TableDescription: { LatestStreamArn: string } }
    const arn = created.TableDescription.LatestStreamArn
    const key = { pk: { S: 'a' }, sk: { S: '1' } }
    await ok('PutItem', { TableName: name, Item: { ...key, v: { N: '1' } } })
    await ok('UpdateItem', { TableName: name, Key: key, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: '2' } } })
    await ok('DeleteItem', { TableName: name, Key: key })
    const streams = (await ok('ListStreams', { TableName: name })) as { Streams: { StreamArn: string }[] }
    expect(streams.Streams.map((s) => s.StreamArn)).toEqual([arn])
    const shard = ((await ok('DescribeStream', { StreamArn: arn })) as { StreamDescription: { StreamStatus: string; Shards: { ShardId: string }[] } }).StreamDescription
    expect(shard.StreamStatus).toBe('ENABLED')
    const it = (await ok('GetShardIterator', { StreamArn: arn, ShardId: shard.Shards[0]!.ShardId, ShardIteratorType: 'TRIM_HORIZON' })) as { ShardIterator: string }
    const page = (await ok('GetRecords', { ShardIterator: it.ShardIterator })) as { Records: { eventName: string; dynamodb: Record<string, unknown> }[]; NextShardIterator: string }
    expect(page.Records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE'])
    expect(page.Records[1]!.dynamodb).toMatchObject({ Keys: key, OldImage: { ...key, v: { N: '1' } }, NewImage: { ...key, v: { N: '2' } }, SizeBytes: 24, StreamViewType: 'NEW_AND_OLD_IMAGES' })
    expect(page.Records[2]!.dynamodb.NewImage).toBeUndefined()
    const next = (await ok('GetRecords', { ShardIterator: page.NextShardIterator })) as { Records: unknown[] }
    expect(next.Records).toEqual([])
    await ok('PutItem', { TableName: name, Item: { ...key, v: { N: '3' } } })
    const later = (await ok('GetRecords', { ShardIterator: page.NextShardIterator })) as { Records: { eventName: string }[] }
    expect(later.Records.map((r) => r.eventName)).toEqual(['INSERT'])
  })
})

describe('openLocal', () => {
  test('runs in-process with the TTL sweeper and closes cleanly', async () => {
    const { openLocal } = await import('../../src/local/server.ts')
    const local = openLocal({ inMemory: true, ttlIntervalMs: 20 })
    const send = (op: string, input: unknown) => local.fetch(new Request('http://local/', { method: 'POST', headers: { authorization: 'x', 'x-amz-target': `DynamoDB_20120810.${op}` }, body: JSON.stringify(input) }))
    await send('CreateTable', simpleTable('inproc'))
    await send('UpdateTimeToLive', { TableName: 'inproc', TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } })
    // A minute ago: TTLs more than five years in the past are never deleted (DynamoDB's rule).
    await send('PutItem', { TableName: 'inproc', Item: { pk: { S: 'a' }, sk: { S: '1' }, exp: { N: String(Math.floor(Date.now() / 1000) - 60) } } })
    for (let i = 0; i < 50 && local.engine.stats().tables[0]!.itemCount > 0; i++) await Bun.sleep(20)
    expect(local.engine.stats().tables).toEqual([{ name: 'inproc', itemCount: 0, sizeBytes: 0 }])
    local.close()
  })
})
