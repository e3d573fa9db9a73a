/**
 * The low-level client against the official DynamoDB Local: every item, query, scan, batch,
 * transaction, PartiQL, table, TTL, tag, limits and Streams operation the emulator supports, with
 * assertions on what comes back, plus the mapping of its errors to typed classes.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import {
  ConditionalCheckFailedError,
  DynamoDBServiceError,
  ResourceNotFoundError,
  TransactionCanceledError,
  ValidationError,
} from '../../src/dynamodb/errors.ts'
import { DYNAMODB_OPERATIONS, methodName, STREAMS_OPERATIONS } from '../../src/dynamodb/operations.ts'
import type { AttributeMap } from '../../src/dynamodb/types/index.ts'
import { dynamodbLocal, dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { testCredentials, testRegion, uniqueTableName } from '../support/targets.ts'

let client: DynamoDBClient
let table: string

const S = (s: string) => ({ S: s })
const N = (n: number) => ({ N: String(n) })

async function createItemsTable(name: string, streams = false) {
  return client.createTable({
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'color', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    LocalSecondaryIndexes: [
      { IndexName: 'by-color-local', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'color', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    ...(streams ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const } } : {}),
    Tags: [{ Key: 'project', Value: 'dbtooling' }],
  })
}

describe.skipIf(!dynamodbLocalAvailable)('DynamoDBClient against DynamoDB Local', () => {
  beforeAll(async () => {
    const { endpoint } = await dynamodbLocal()
    client = new DynamoDBClient({ endpoint, region: testRegion, credentials: testCredentials })
    table = uniqueTableName('client')
    const created = await createItemsTable(table)
    expect(created.TableDescription?.TableName).toBe(table)
    expect(created.TableDescription?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }])
    expect(created.TableDescription?.LocalSecondaryIndexes?.[0]?.IndexName).toBe('by-color-local')
  }, 120_000) // the first caller boots the JVM

  test('DescribeTable and ListTables with paging', async () => {
    const described = await client.describeTable({ TableName: table })
    expect(described.Table?.TableStatus).toBe('ACTIVE')
    expect(described.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST')
    expect(described.Table?.TableArn).toContain(table)

    const extra = [uniqueTableName('page'), uniqueTableName('page')]
    for (const name of extra) await createItemsTable(name)
    const seen: string[] = []
    let start: string | undefined
    let pages = 0
    do {
      const page = await client.listTables({ Limit: 1, ExclusiveStartTableName: start })
      expect(page.TableNames!.length).toBeLessThanOrEqual(1)
      seen.push(...(page.TableNames ?? []))
      start = page.LastEvaluatedTableName
      pages += 1
    } while (start !== undefined && pages < 500)
    for (const name of [table, ...extra]) expect(seen.filter((n) => n === name).length).toBe(1)
    expect(pages).toBeGreaterThanOrEqual(3)
    for (const name of extra) await client.deleteTable({ TableName: name })
  })

  test('PutItem, GetItem, UpdateItem, DeleteItem with return values', async () => {
    const item = { pk: S('user#1'), sk: N(1), name: S('Ada'), color: S('red'), tags: { SS: ['a', 'b'] }, bin: { B: 'AQID' } }
    const first = await client.putItem({ TableName: table, Item: item, ReturnValues: 'ALL_OLD' })
    expect(first.Attributes).toBeUndefined()
    const second = await client.putItem({ TableName: table, Item: { ...item, name: S('Ada L.') }, ReturnValues: 'ALL_OLD', ReturnConsumedCapacity: 'TOTAL' })
    expect(second.Attributes?.name).toEqual(S('Ada'))
    expect(second.ConsumedCapacity?.TableName).toBe(table)

    const got = await client.getItem({ TableName: table, Key: { pk: S('user#1'), sk: N(1) }, ConsistentRead: true })
    expect(got.Item).toEqual({ ...item, name: S('Ada L.') })
    const projected = await client.getItem({ TableName: table, Key: { pk: S('user#1'), sk: N(1) }, ProjectionExpression: '#n, bin', ExpressionAttributeNames: { '#n': 'name' } })
    expect(projected.Item).toEqual({ name: S('Ada L.'), bin: { B: 'AQID' } })
    expect((await client.getItem({ TableName: table, Key: { pk: S('nobody'), sk: N(0) } })).Item).toBeUndefined()

    // Raw Uint8Arrays go on the wire as base64; binariesEncoded skips that search for marshalled input.
    await client.putItem({ TableName: table, Item: { pk: S('bin#raw'), sk: N(1), b: { B: new Uint8Array([1, 2, 3]) }, bs: { BS: [new Uint8Array([255])] } } })
    await client.send('PutItem', { TableName: table, Item: { pk: S('bin#encoded'), sk: N(1), b: { B: 'AQID' }, bs: { BS: ['/w=='] } } }, { binariesEncoded: true })
    for (const pk of ['bin#raw', 'bin#encoded']) {
      const back = await client.getItem({ TableName: table, Key: { pk: S(pk), sk: N(1) }, ConsistentRead: true })
      expect(back.Item).toEqual({ pk: S(pk), sk: N(1), b: { B: 'AQID' }, bs: { BS: ['/w=='] } })
    }

    const updated = await client.updateItem({
      TableName: table,
      Key: { pk: S('user#1'), sk: N(1) },
      UpdateExpression: 'SET #n = :n ADD visits :one REMOVE color',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#n': 'name' },
      ExpressionAttributeValues: { ':n': S('Ada Lovelace'), ':one': N(1) },
      ReturnValues: 'ALL_NEW',
    })
    expect(updated.Attributes?.name).toEqual(S('Ada Lovelace'))
    expect(updated.Attributes?.visits).toEqual(N(1))
    expect(updated.Attributes?.color).toBeUndefined()

    const deleted = await client.deleteItem({ TableName: table, Key: { pk: S('user#1'), sk: N(1) }, ReturnValues: 'ALL_OLD' })
    expect(deleted.Attributes?.name).toEqual(S('Ada Lovelace'))
    expect((await client.getItem({ TableName: table, Key: { pk: S('user#1'), sk: N(1) } })).Item).toBeUndefined()
  })

  test('BatchWriteItem, BatchGetItem, Query (paging, order, filter, LSI) and Scan (segments, COUNT)', async () => {
    const colors = ['red', 'green', 'blue']
    const writes = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: S('q'), sk: N(i), color: S(colors[i % 3]!), n: N(i * 10) } } }))
    const written = await client.batchWriteItem({ RequestItems: { [table]: writes } })
    expect(Object.keys(written.UnprocessedItems ?? {}).length).toBe(0)

    const got = await client.batchGetItem({ RequestItems: { [table]: { Keys: [0, 7, 24, 99].map((i) => ({ pk: S('q'), sk: N(i) })), ProjectionExpression: 'sk, n' } } })
    const fetched = (got.Responses?.[table] ?? []).map((item) => Number((item.sk as { N: string }).N)).sort((a, b) => a - b)
    expect(fetched).toEqual([0, 7, 24])

    const items: AttributeMap[] = []
    let start: AttributeMap | undefined
    let pages = 0
    do {
      const page = await client.query({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': S('q'), ':lo': N(5), ':hi': N(20) },
        ScanIndexForward: false,
        Limit: 4,
        ExclusiveStartKey: start,
      })
      items.push(...(page.Items ?? []))
      start = page.LastEvaluatedKey
      pages += 1
    } while (start)
    expect(items.map((i) => Number((i.sk as { N: string }).N))).toEqual(Array.from({ length: 16 }, (_, i) => 20 - i))
    expect(pages).toBeGreaterThanOrEqual(4)

    const filtered = await client.query({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'n >= :min',
      ExpressionAttributeValues: { ':pk': S('q'), ':min': N(200) },
    })
    expect(filtered.Count).toBe(5)
    expect(filtered.ScannedCount).toBe(25)

    const blue = await client.query({
      TableName: table,
      IndexName: 'by-color-local',
      KeyConditionExpression: 'pk = :pk AND color = :c',
      ExpressionAttributeValues: { ':pk': S('q'), ':c': S('blue') },
    })
    expect(blue.Count).toBe(8)

    let total = 0
    for (let segment = 0; segment < 2; segment++) {
      const page = await client.scan({ TableName: table, Segment: segment, TotalSegments: 2, Select: 'COUNT', FilterExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': S('q') } })
      expect(page.Items).toBeUndefined()
      total += page.Count ?? 0
    }
    expect(total).toBe(25)
  })

  test('TransactWriteItems and TransactGetItems', async () => {
    await client.putItem({ TableName: table, Item: { pk: S('tx'), sk: N(1), balance: N(100) } })
    await client.putItem({ TableName: table, Item: { pk: S('tx'), sk: N(9), doomed: { BOOL: true } } })
    await client.transactWriteItems({
      ClientRequestToken: crypto.randomUUID(),
      TransactItems: [
        { Update: { TableName: table, Key: { pk: S('tx'), sk: N(1) }, UpdateExpression: 'SET balance = balance - :a', ConditionExpression: 'balance >= :a', ExpressionAttributeValues: { ':a': N(30) } } },
        { Put: { TableName: table, Item: { pk: S('tx'), sk: N(2), balance: N(30) }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Delete: { TableName: table, Key: { pk: S('tx'), sk: N(9) } } },
        { ConditionCheck: { TableName: table, Key: { pk: S('q'), sk: N(0) }, ConditionExpression: 'attribute_exists(pk)' } },
      ],
    })
    const read = await client.transactGetItems({
      TransactItems: [1, 2, 9].map((sk) => ({ Get: { TableName: table, Key: { pk: S('tx'), sk: N(sk) } } })),
    })
    expect(read.Responses?.map((r) => r.Item?.balance)).toEqual([N(70), N(30), undefined])
  })

  test('PartiQL: ExecuteStatement, BatchExecuteStatement, ExecuteTransaction', async () => {
    await client.executeStatement({ Statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'title': ?}`, Parameters: [S('pq'), N(1), S('one')] })
    const batch = await client.batchExecuteStatement({
      Statements: [
        { Statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'title': ?}`, Parameters: [S('pq'), N(2), S('two')] },
        { Statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'title': ?}`, Parameters: [S('pq'), N(1), S('dup')] },
      ],
    })
    expect(batch.Responses?.[0]?.Error).toBeUndefined()
    expect(batch.Responses?.[1]?.Error?.Code).toBe('DuplicateItem')

    await client.executeTransaction({
      TransactStatements: [
        { Statement: `UPDATE "${table}" SET title = ? WHERE pk = ? AND sk = ?`, Parameters: [S('uno'), S('pq'), N(1)] },
        { Statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'title': ?}`, Parameters: [S('pq'), N(3), S('three')] },
      ],
    })
    const selected = await client.executeStatement({ Statement: `SELECT title FROM "${table}" WHERE pk = ? ORDER BY sk`, Parameters: [S('pq')] })
    expect(selected.Items).toEqual([{ title: S('uno') }, { title: S('two') }, { title: S('three') }])
  })

  test('UpdateTable adds a GSI that can then be queried', async () => {
    const updated = await client.updateTable({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'color', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
      GlobalSecondaryIndexUpdates: [
        { Create: { IndexName: 'by-color', KeySchema: [{ AttributeName: 'color', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } } },
      ],
    })
    expect(updated.TableDescription?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toContain('by-color')
    for (let i = 0; i < 50; i++) {
      const status = (await client.describeTable({ TableName: table })).Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus
      if (status === 'ACTIVE') break
      await Bun.sleep(100)
    }
    await client.putItem({ TableName: table, Item: { pk: S('gsi'), sk: N(5), color: S('mauve') } })
    const byColor = await client.query({ TableName: table, IndexName: 'by-color', KeyConditionExpression: 'color = :c', ExpressionAttributeValues: { ':c': S('mauve') } })
    expect(byColor.Items).toEqual([{ pk: S('gsi'), sk: N(5), color: S('mauve') }])
  })

  test('UpdateTimeToLive, DescribeTimeToLive, tags and DescribeLimits', async () => {
    const ttl = await client.updateTimeToLive({ TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } })
    expect(ttl.TimeToLiveSpecification).toEqual({ Enabled: true, AttributeName: 'expiresAt' })
    const described = await client.describeTimeToLive({ TableName: table })
    expect(described.TimeToLiveDescription?.AttributeName).toBe('expiresAt')
    expect(described.TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED')

    // DynamoDB Local answers every tagging call with UnknownOperationException ("Tagging is not
    // currently supported"); the wire format of these calls is pinned by test/http.test.ts.
    const arn = (await client.describeTable({ TableName: table })).Table!.TableArn!
    const tagging = [
      client.tagResource({ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'data' }] }),
      client.listTagsOfResource({ ResourceArn: arn }),
      client.untagResource({ ResourceArn: arn, TagKeys: ['team'] }),
    ]
    // Settle all three at once: awaiting them one by one leaves the later rejections unhandled.
    for (const error of await Promise.all(tagging.map((call) => call.catch((e) => e)))) {
      expect(error).toBeInstanceOf(DynamoDBServiceError)
      expect(error.code).toBe('UnknownOperationException')
    }

    const limits = await client.describeLimits()
    expect(limits.AccountMaxReadCapacityUnits).toBeGreaterThan(0)
    expect(limits.TableMaxWriteCapacityUnits).toBeGreaterThan(0)
  })

  test('Streams: ListStreams, DescribeStream, GetShardIterator, GetRecords', async () => {
    const streamed = uniqueTableName('streamed')
    const created = await createItemsTable(streamed, true)
    const arn = created.TableDescription?.LatestStreamArn
    expect(arn).toBeString()
    await client.putItem({ TableName: streamed, Item: { pk: S('s'), sk: N(1), v: S('first') } })
    await client.updateItem({ TableName: streamed, Key: { pk: S('s'), sk: N(1) }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': S('second') } })
    await client.deleteItem({ TableName: streamed, Key: { pk: S('s'), sk: N(1) } })

    const listed = await client.listStreams({ TableName: streamed })
    expect(listed.Streams?.map((s) => s.StreamArn)).toEqual([arn!])
    const description = (await client.describeStream({ StreamArn: arn! })).StreamDescription!
    expect(description.StreamViewType).toBe('NEW_AND_OLD_IMAGES')
    expect(description.TableName).toBe(streamed)
    const shard = description.Shards![0]!
    const { ShardIterator } = await client.getShardIterator({ StreamArn: arn!, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' })
    expect(ShardIterator).toBeString()
    const records = await client.getRecords({ ShardIterator: ShardIterator!, Limit: 100 })
    expect(records.Records?.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE'])
    expect(records.Records?.[1]?.dynamodb?.OldImage?.v).toEqual(S('first'))
    expect(records.Records?.[1]?.dynamodb?.NewImage?.v).toEqual(S('second'))
    expect(records.NextShardIterator).toBeString()

    const deleted = await client.deleteTable({ TableName: streamed })
    expect(deleted.TableDescription?.TableName).toBe(streamed)
    const gone = await client.describeTable({ TableName: streamed }).catch((e) => e)
    expect(gone).toBeInstanceOf(ResourceNotFoundError)
  })

  describe('errors', () => {
    test('ConditionalCheckFailed carries the current item when asked for', async () => {
      await client.putItem({ TableName: table, Item: { pk: S('cc'), sk: N(1), v: N(1) } })
      const error = await client.putItem({
        TableName: table,
        Item: { pk: S('cc'), sk: N(1), v: N(2) },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }).catch((e) => e)
      expect(error).toBeInstanceOf(ConditionalCheckFailedError)
      expect(error.code).toBe('ConditionalCheckFailedException')
      expect(error.statusCode).toBe(400)
      expect(error.requestId).toBeString()
      expect(error.item).toEqual({ pk: S('cc'), sk: N(1), v: N(1) })
      const without = await client.putItem({ TableName: table, Item: { pk: S('cc'), sk: N(1) }, ConditionExpression: 'attribute_not_exists(pk)' }).catch((e) => e)
      expect(without.item).toBeUndefined()
    })

    test('TransactionCanceled lists a reason per action', async () => {
      const error = await client.transactWriteItems({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: S('tc'), sk: N(1) } } },
          { ConditionCheck: { TableName: table, Key: { pk: S('cc'), sk: N(1) }, ConditionExpression: 'v = :nine', ExpressionAttributeValues: { ':nine': N(9) }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
        ],
      }).catch((e) => e)
      expect(error).toBeInstanceOf(TransactionCanceledError)
      expect(error.retryable).toBe(false)
      expect(error.cancellationReasons.map((r: { Code?: string }) => r.Code)).toEqual(['None', 'ConditionalCheckFailed'])
      expect(error.cancellationReasons[1].Item).toEqual({ pk: S('cc'), sk: N(1), v: N(1) })
      expect((await client.getItem({ TableName: table, Key: { pk: S('tc'), sk: N(1) } })).Item).toBeUndefined()
    })

    test('ResourceNotFound and Validation map to their classes', async () => {
      const missing = await client.getItem({ TableName: 'no-such-table-here', Key: { pk: S('x'), sk: N(1) } }).catch((e) => e)
      expect(missing).toBeInstanceOf(ResourceNotFoundError)
      expect(missing.code).toBe('ResourceNotFoundException')
      expect(missing.operation).toBe('GetItem')
      const invalid = await client.getItem({ TableName: table, Key: { pk: N(1) } }).catch((e) => e)
      expect(invalid).toBeInstanceOf(ValidationError)
      expect(invalid.retryable).toBe(false)
      expect(invalid.message).toStartWith('GetItem: ')
    })

    test('operations DynamoDB Local lacks reach it with the right target and fail typed', async () => {
      for (const op of ['DescribeContinuousBackups', 'DescribeContributorInsights', 'ListBackups'] as const) {
        const error = await client.send(op, { TableName: table }).catch((e) => e)
        expect(error).toBeInstanceOf(DynamoDBServiceError)
        expect(error.code).toBe('UnknownOperationException')
        expect(error.operation).toBe(op)
      }
    })
  })

  test('every operation has its camelCase method', () => {
    const all = [...DYNAMODB_OPERATIONS, ...STREAMS_OPERATIONS]
    expect(all.length).toBe(61)
    for (const op of all) expect(typeof (client as unknown as Record<string, unknown>)[methodName(op)]).toBe('function')
  })

  test('DeleteTable', async () => {
    const name = uniqueTableName('gone')
    await createItemsTable(name)
    const deleted = await client.deleteTable({ TableName: name })
    expect(deleted.TableDescription?.TableName).toBe(name)
    expect(await client.describeTable({ TableName: name }).catch((e) => e.code)).toBe('ResourceNotFoundException')
  })
})
