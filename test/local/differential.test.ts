/**
 * The embedded engine against DynamoDB Local: the same raw requests, compared after normalizing
 * timestamps and attribute order. Where these differ, the engine is wrong.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { dynamodbLocal, dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { uniqueTableName } from '../support/targets.ts'
import { both, call, comparable, engineServer, normalize, normalizeUnordered } from './support.ts'

afterAll(async () => {
  await (await engineServer()).stop()
})

async function same(operation: string, input: unknown): Promise<Record<string, unknown>> {
  const { ours, theirs } = await both(operation, input)
  expect(comparable(ours)).toEqual(comparable(theirs))
  return ours.body
}

async function sameUnordered(operation: string, input: unknown): Promise<void> {
  const { ours, theirs } = await both(operation, input)
  expect(normalizeUnordered(ours)).toEqual(normalizeUnordered(theirs))
}

/** Waits until DynamoDB Local has finished creating or deleting indexes of `name`. */
async function settle(name: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const { body } = await call((await dynamodbLocal()).endpoint, 'DescribeTable', { TableName: name })
    const indexes = ((body.Table as Record<string, unknown>).GlobalSecondaryIndexes ?? []) as { IndexStatus: string }[]
    if (indexes.every((ix) => ix.IndexStatus === 'ACTIVE')) return
    await Bun.sleep(200)
  }
}

function compositeTable(name: string, extra: Record<string, unknown> = {}) {
  return {
    TableName: name,
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'g', AttributeType: 'S' },
      { AttributeName: 'a', AttributeType: 'S' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    LocalSecondaryIndexes: [{ IndexName: 'lsiA', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'a', KeyType: 'RANGE' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['z'] } }],
    ...extra,
  }
}

describe.skipIf(!dynamodbLocalAvailable)('engine vs DynamoDB Local', () => {
  test('table lifecycle: create, describe, list, update, delete, and their errors', async () => {
    const name = uniqueTableName('diff')
    await same('CreateTable', compositeTable(name, { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }))
    await same('CreateTable', compositeTable(name))
    await same('DescribeTable', { TableName: name })
    await same('DescribeTable', { TableName: `${name}-missing` })
    await same('CreateTable', { TableName: 'ab', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })
    await same('CreateTable', { TableName: `${name}-x`, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] })
    await same('CreateTable', { TableName: `${name}-x`, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'x', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })
    await same('CreateTable', { TableName: `${name}-x`, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'y', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })
    await same('PutItem', { TableName: name, Item: { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'x' }, a: { S: 'A' }, b: { N: '2' } } })
    await same('DescribeTable', { TableName: name })
    // Deliberate difference: our backfill is synchronous, so the new index is ACTIVE at once
    // where DynamoDB Local reports CREATING for a few seconds.
    const created = await both('UpdateTable', { TableName: name, AttributeDefinitions: [{ AttributeName: 'b', AttributeType: 'N' }], GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byB', KeySchema: [{ AttributeName: 'b', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }] })
    expect(created.ours.status).toBe(200)
    expect(created.theirs.status).toBe(200)
    const byB = ((created.ours.body.TableDescription as Record<string, unknown>).GlobalSecondaryIndexes as Record<string, unknown>[]).find((i) => i.IndexName === 'byB')
    expect(byB).toMatchObject({ IndexStatus: 'ACTIVE', ItemCount: 1, OnDemandThroughput: { MaxReadRequestUnits: -1, MaxWriteRequestUnits: -1 } })
    await settle(name)
    await same('DescribeTable', { TableName: name })
    await same('Query', { TableName: name, IndexName: 'byB', KeyConditionExpression: 'b = :b', ExpressionAttributeValues: { ':b': { N: '2' } } })
    await same('UpdateTable', { TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'nope' } }] })
    await same('UpdateTable', { TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byB' } }] })
    await settle(name)
    await same('DeleteTable', { TableName: name })
    await same('DeleteTable', { TableName: name })
  }, 120_000)

  test('item CRUD, return values, conditions and validation messages', async () => {
    const name = uniqueTableName('diff')
    await same('CreateTable', compositeTable(name))
    const key = { pk: { S: 'a' }, sk: { N: '1' } }
    await same('PutItem', { TableName: name, Item: { ...key, g: { S: 'x' }, a: { S: 'A' }, n: { N: '0001.50' }, set: { NS: ['3', '1e2'] } } })
    await same('GetItem', { TableName: name, Key: key })
    await same('GetItem', { TableName: name, Key: key, ProjectionExpression: 'a, #n', ExpressionAttributeNames: { '#n': 'n' } })
    await same('GetItem', { TableName: name, Key: { pk: { S: 'a' } } })
    await same('GetItem', { TableName: name, Key: { pk: { S: 'a' }, sk: { S: '1' } } })
    await same('GetItem', { TableName: name, Key: { ...key, x: { S: '1' } } })
    await same('GetItem', { TableName: name, Key: key, ExpressionAttributeNames: { '#a': 'a' } })
    await same('PutItem', { TableName: name, Item: { ...key }, ConditionExpression: 'attribute_not_exists(pk)' })
    await same('PutItem', { TableName: name, Item: { ...key }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })
    await same('PutItem', { TableName: name, Item: { ...key, g: { S: 'y' } }, ReturnValues: 'ALL_OLD' })
    await same('PutItem', { TableName: name, Item: key, ReturnValues: 'ALL_NEW' })
    await same('PutItem', { TableName: name, Item: { pk: { S: 'a' } } })
    await same('PutItem', { TableName: name, Item: { pk: { N: '1' }, sk: { N: '1' } } })
    await same('PutItem', { TableName: name, Item: { pk: { S: '' }, sk: { N: '1' } } })
    await same('PutItem', { TableName: name, Item: { ...key, g: { S: '' } } })
    await same('PutItem', { TableName: name, Item: { ...key, g: { N: '1' } } })
    await same('PutItem', { TableName: name, Item: { ...key, x: { SS: [] } } })
    await same('PutItem', { TableName: name, Item: { ...key, x: { SS: ['a', 'a'] } } })
    await same('PutItem', { TableName: name, Item: { ...key, x: { N: 'abc' } } })
    await same('PutItem', { TableName: name, Item: { ...key, x: { S: 'a', N: '1' } } })
    await same('PutItem', { TableName: name, Item: { ...key, x: { N: '123456789012345678901234567890123456789' } } })
    await same('PutItem', { TableName: name, Item: { pk: { S: 'k'.repeat(2049) }, sk: { N: '1' } } })
    await same('PutItem', { TableName: name, Item: { ...key }, ConditionExpression: '#b = :a', ExpressionAttributeNames: { '#b': 'x' }, ExpressionAttributeValues: { ':a': { S: 'x' }, ':b': { S: 'x' } } })
    await same('PutItem', { TableName: name, Item: { ...key }, ConditionExpression: '#b = :a', ExpressionAttributeValues: { ':a': { S: 'x' } } })
    await same('UpdateItem', { TableName: name, Key: key, UpdateExpression: 'SET sk = :v', ExpressionAttributeValues: { ':v': { N: '2' } } })
    await same('UpdateItem', { TableName: name, Key: { pk: { S: 'u' }, sk: { N: '1' } }, UpdateExpression: 'SET v = :v, w = :v', ExpressionAttributeValues: { ':v': { N: '2' } }, ReturnValues: 'UPDATED_NEW' })
    await same('UpdateItem', { TableName: name, Key: { pk: { S: 'u' }, sk: { N: '1' } }, UpdateExpression: 'SET v = :v REMOVE w', ExpressionAttributeValues: { ':v': { N: '3' } }, ReturnValues: 'UPDATED_OLD' })
    await same('UpdateItem', { TableName: name, Key: { pk: { S: 'u' }, sk: { N: '1' } }, UpdateExpression: 'ADD c :one', ExpressionAttributeValues: { ':one': { N: '1' } }, ReturnValues: 'ALL_NEW' })
    await same('UpdateItem', { TableName: name, Key: { pk: { S: 'u2' }, sk: { N: '1' } }, ReturnValues: 'ALL_NEW' })
    await same('UpdateItem', { TableName: name, Key: { pk: { S: 'u' }, sk: { N: '1' } }, UpdateExpression: 'SET v = v + :s', ExpressionAttributeValues: { ':s': { S: 'x' } } })
    await same('UpdateItem', { TableName: name, Key: { pk: { S: 'u' }, sk: { N: '1' } }, UpdateExpression: 'SET v = :v', ConditionExpression: 'v = :old', ExpressionAttributeValues: { ':v': { N: '9' }, ':old': { N: '1' } }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })
    await same('DeleteItem', { TableName: name, Key: key, ReturnValues: 'ALL_OLD' })
    await same('DeleteItem', { TableName: name, Key: key, ConditionExpression: 'attribute_exists(pk)' })
    await same('GetItem', { TableName: name, Key: key })
    await same('GetItem', { TableName: `${name}-missing`, Key: key })
    await same('DeleteTable', { TableName: name })
  }, 120_000)

  test('query ordering, paging, indexes, select and filters', async () => {
    const name = uniqueTableName('diff')
    await same('CreateTable', compositeTable(name))
    const numbers = ['-10', '-1.5', '0', '0.001', '2', '10', '100', '1e3', '12345678901234567890']
    const writes = numbers.map((n, i) => ({ PutRequest: { Item: { pk: { S: 'p' }, sk: { N: n }, g: { S: i % 2 ? 'odd' : 'even' }, a: { S: `a${i}` }, z: { N: String(i) } } } }))
    await same('BatchWriteItem', { RequestItems: { [name]: writes } })
    await same('PutItem', { TableName: name, Item: { pk: { S: 'p' }, sk: { N: '7' }, a: { S: 'no-g' } } })
    const base = { TableName: name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }
    await same('Query', base)
    await same('Query', { ...base, ScanIndexForward: false })
    await same('Query', { ...base, Select: 'COUNT' })
    await same('Query', { ...base, FilterExpression: 'z > :z', ExpressionAttributeValues: { ':p': { S: 'p' }, ':z': { N: '3' } } })
    await same('Query', { ...base, FilterExpression: 'z > :z', Select: 'COUNT', ExpressionAttributeValues: { ':p': { S: 'p' }, ':z': { N: '3' } } })
    await same('Query', { ...base, ProjectionExpression: 'sk, a' })
    await same('Query', { ...base, KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi', ExpressionAttributeValues: { ':p': { S: 'p' }, ':lo': { N: '-1.5' }, ':hi': { N: '10' } } })
    await same('Query', { ...base, KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi', ExpressionAttributeValues: { ':p': { S: 'p' }, ':lo': { N: '10' }, ':hi': { N: '1' } } })
    await same('Query', { ...base, KeyConditionExpression: 'pk = :p AND sk < :v', ExpressionAttributeValues: { ':p': { S: 'p' }, ':v': { N: '2' } }, ScanIndexForward: false })
    await same('Query', { ...base, KeyConditionExpression: 'pk = :p AND sk >= :v', ExpressionAttributeValues: { ':p': { S: 'p' }, ':v': { N: '2' } } })
    await same('Query', { ...base, KeyConditionExpression: 'pk = :p AND sk = :v', ExpressionAttributeValues: { ':p': { S: 'p' }, ':v': { N: '1000' } } })
    await same('Query', { ...base, ExpressionAttributeValues: { ':p': { N: '1' } } })
    // Paging with Limit walks the same pages on both.
    let start: unknown
    for (let page = 0; page < 6; page++) {
      const body = await same('Query', { ...base, Limit: 3, ...(start ? { ExclusiveStartKey: start } : {}) })
      start = body.LastEvaluatedKey
      if (!start) break
    }
    const gsi = { TableName: name, IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'odd' } } }
    await same('Query', gsi)
    await same('Query', { ...gsi, Limit: 2 })
    await same('Query', { ...gsi, Limit: 2, ExclusiveStartKey: (await same('Query', { ...gsi, Limit: 2 })).LastEvaluatedKey })
    await same('Query', { ...gsi, Select: 'ALL_ATTRIBUTES' })
    await same('Query', { ...gsi, ConsistentRead: true })
    await same('Query', { ...gsi, IndexName: 'nope' })
    const lsi = { TableName: name, IndexName: 'lsiA', KeyConditionExpression: 'pk = :p AND begins_with(a, :a)', ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { S: 'a' } } }
    await same('Query', lsi)
    await same('Query', { ...lsi, ScanIndexForward: false })
    await same('Query', { ...lsi, Select: 'ALL_ATTRIBUTES' })
    await same('Query', { ...lsi, Limit: 1 })
    await same('Query', { ...lsi, Limit: 2, ExclusiveStartKey: (await same('Query', { ...lsi, Limit: 2 })).LastEvaluatedKey })
    await sameUnordered('Scan', { TableName: name })
    await sameUnordered('Scan', { TableName: name, IndexName: 'byG' })
    await sameUnordered('Scan', { TableName: name, FilterExpression: 'attribute_exists(g)', Select: 'COUNT' })
    await same('Scan', { TableName: name, Segment: 2, TotalSegments: 2 })
    await same('Scan', { TableName: name, Segment: 0 })
    await same('DeleteTable', { TableName: name })
  }, 120_000)

  test('LastEvaluatedKey when a Limit page ends on the last match (on the bound, LSI, hash-only)', async () => {
    const name = uniqueTableName('diff')
    await same('CreateTable', {
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'lr', AttributeType: 'B' }],
      BillingMode: 'PAY_PER_REQUEST',
      LocalSecondaryIndexes: [{ IndexName: 'local', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'lr', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    })
    await same('PutItem', { TableName: name, Item: { pk: { S: 'é' }, sk: { N: '10' }, lr: { B: 'Ag==' } } })
    await same('PutItem', { TableName: name, Item: { pk: { S: 'é' }, sk: { N: '5' }, lr: { B: 'AQI=' } } })
    const values = (v: Record<string, unknown>) => ({ ExpressionAttributeValues: { ':p': { S: 'é' }, ...v } })
    const onBound = { TableName: name, KeyConditionExpression: 'pk = :p AND sk = :s', ...values({ ':s': { N: '10' } }), Limit: 1 }
    const page = await same('Query', onBound)
    expect(page.LastEvaluatedKey).toEqual({ pk: { S: 'é' }, sk: { N: '10' } })
    expect(await same('Query', { ...onBound, ExclusiveStartKey: page.LastEvaluatedKey })).toMatchObject({ Count: 0, ScannedCount: 0 })
    await same('Query', { TableName: name, KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b', ...values({ ':a': { N: '1' }, ':b': { N: '10' } }), Limit: 2 })
    await same('Query', { TableName: name, KeyConditionExpression: 'pk = :p AND sk >= :a', ...values({ ':a': { N: '5' } }), Limit: 2, ScanIndexForward: false })
    await same('Query', { TableName: name, KeyConditionExpression: 'pk = :p', ...values({}), Limit: 2 })
    await same('Query', { TableName: name, KeyConditionExpression: 'pk = :p', ...values({}), Limit: 2, FilterExpression: 'attribute_exists(lr)' })
    await same('Query', { TableName: name, IndexName: 'local', KeyConditionExpression: 'pk = :p AND lr <= :v', ...values({ ':v': { B: 'Ag==' } }), Limit: 2 })
    const hashOnly = uniqueTableName('diff')
    await same('CreateTable', { TableName: hashOnly, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })
    await same('PutItem', { TableName: hashOnly, Item: { pk: { S: 'é' } } })
    expect((await same('Query', { TableName: hashOnly, KeyConditionExpression: 'pk = :p', ...values({}), Limit: 1 })).LastEvaluatedKey).toBeUndefined()
    await same('DeleteTable', { TableName: name })
    await same('DeleteTable', { TableName: hashOnly })
  }, 120_000)

  test('Scan of a KEYS_ONLY GSI filters on the table item (unprojected filter attributes)', async () => {
    const name = uniqueTableName('diff')
    await same('CreateTable', {
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'N' }, { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'gh', AttributeType: 'N' }],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'gh', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    })
    await same('PutItem', { TableName: name, Item: { pk: { N: '100' }, sk: { N: '2' }, gh: { N: '2' } } })
    await same('PutItem', { TableName: name, Item: { pk: { N: '1' }, sk: { N: '1' }, gh: { N: '2' }, m: { M: { x: { N: '5' } } } } })
    await settle(name)
    const missing = await same('Scan', { TableName: name, IndexName: 'byG', FilterExpression: 'attribute_not_exists(m)' })
    expect(missing).toMatchObject({ Count: 1, ScannedCount: 2 })
    await same('Scan', { TableName: name, IndexName: 'byG', FilterExpression: 'm.x = :v', ExpressionAttributeValues: { ':v': { N: '5' } } })
    await same('Scan', { TableName: name, IndexName: 'byG', FilterExpression: 'attribute_exists(m)', Select: 'COUNT' })
    await same('Scan', { TableName: name, IndexName: 'byG', FilterExpression: 'attribute_exists(m)', ProjectionExpression: 'pk' })
    await same('Scan', { TableName: name, IndexName: 'byG', FilterExpression: 'attribute_not_exists(m)', Limit: 1 })
    await same('DeleteTable', { TableName: name })
  }, 120_000)

  test('string and binary sort keys order by bytes', async () => {
    const name = uniqueTableName('diff')
    await same('CreateTable', {
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'B' }, { AttributeName: 'sk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    })
    const keys = ['a', 'B', 'aa', 'é', '😀', '\uffff', 'Z', 'a b', '']
    for (const sk of keys.filter(Boolean)) await same('PutItem', { TableName: name, Item: { pk: { B: 'AAE=' }, sk: { S: sk } } })
    await same('Query', { TableName: name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { B: 'AAE=' } } })
    await same('Query', { TableName: name, KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': { B: 'AAE=' }, ':s': { S: 'a' } }, ScanIndexForward: false })
    await same('DeleteTable', { TableName: name })
  }, 120_000)

  test('batches: limits, duplicates, missing tables, projections', async () => {
    const name = uniqueTableName('diff')
    await same('CreateTable', compositeTable(name))
    const item = (i: number) => ({ pk: { S: `b${i}` }, sk: { N: '1' } })
    await same('BatchWriteItem', { RequestItems: { [name]: [{ PutRequest: { Item: item(1) } }, { PutRequest: { Item: item(1) } }] } })
    await same('BatchWriteItem', { RequestItems: { [name]: Array.from({ length: 26 }, (_, i) => ({ PutRequest: { Item: item(i) } })) } })
    await same('BatchWriteItem', { RequestItems: {} })
    await same('BatchWriteItem', { RequestItems: { [`${name}-missing`]: [{ PutRequest: { Item: item(1) } }] } })
    await same('BatchWriteItem', { RequestItems: { [name]: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { ...item(i), v: { N: String(i) } } } })) } })
    await same('BatchWriteItem', { RequestItems: { [name]: [{ DeleteRequest: { Key: item(3) } }, { PutRequest: { Item: { pk: { S: 'b1' } } } }] } })
    await same('BatchWriteItem', { RequestItems: { [name]: [{ DeleteRequest: { Key: item(3) } }] } })
    await same('BatchGetItem', { RequestItems: { [name]: { Keys: [item(1), item(1)] } } })
    await same('BatchGetItem', { RequestItems: { [name]: { Keys: Array.from({ length: 101 }, (_, i) => item(i)) } } })
    const got = await both('BatchGetItem', { RequestItems: { [name]: { Keys: [item(1), item(2), item(3), item(99)], ProjectionExpression: 'pk, v' } } })
    const sortItems = (b: Record<string, unknown>) => ((b.Responses as Record<string, unknown[]>)[name] ?? []).map((x) => JSON.stringify(normalize(x))).sort()
    expect(got.ours.status).toBe(200)
    expect(sortItems(got.ours.body)).toEqual(sortItems(got.theirs.body))
    expect(got.ours.body.UnprocessedKeys).toEqual({})
    await same('DeleteTable', { TableName: name })
  }, 120_000)

  test('transactions: atomic writes, cancellation reasons, idempotency', async () => {
    const name = uniqueTableName('diff')
    await same('CreateTable', compositeTable(name))
    const key = (pk: string) => ({ pk: { S: pk }, sk: { N: '1' } })
    await same('PutItem', { TableName: name, Item: { ...key('a'), s: { S: 'x' } } })
    await same('TransactWriteItems', { TransactItems: [{ Put: { TableName: name, Item: key('a'), ConditionExpression: 'attribute_not_exists(pk)' } }, { Put: { TableName: name, Item: key('b') } }] })
    await same('TransactWriteItems', { TransactItems: [{ Put: { TableName: name, Item: key('a'), ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } }, { Put: { TableName: name, Item: key('b') } }] })
    await same('GetItem', { TableName: name, Key: key('b') })
    await same('TransactWriteItems', { TransactItems: [{ Put: { TableName: name, Item: key('a') } }, { Delete: { TableName: name, Key: key('a') } }] })
    await same('TransactWriteItems', { TransactItems: [{ Put: { TableName: name, Item: key('c') } }, { ConditionCheck: { TableName: name, Key: key('q'), ConditionExpression: 'attribute_exists(pk)' } }] })
    await same('TransactWriteItems', { TransactItems: [{ Put: { TableName: `${name}-missing`, Item: key('a') } }] })
    await same('TransactWriteItems', { TransactItems: [] })
    await same('TransactWriteItems', { TransactItems: [{ Put: { TableName: name, Item: key('b') }, Delete: { TableName: name, Key: key('b') } }] })
    await same('TransactWriteItems', { TransactItems: [{ Update: { TableName: name, Key: key('a'), UpdateExpression: 'SET s = s + :n', ExpressionAttributeValues: { ':n': { N: '1' } } } }, { Put: { TableName: name, Item: key('d') } }] })
    await same('GetItem', { TableName: name, Key: key('d') })
    const token = `tok-${name}`
    await same('TransactWriteItems', { ClientRequestToken: token, TransactItems: [{ Update: { TableName: name, Key: key('e'), UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } } }] })
    await same('TransactWriteItems', { ClientRequestToken: token, TransactItems: [{ Update: { TableName: name, Key: key('e'), UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } } }] })
    await same('GetItem', { TableName: name, Key: key('e') })
    await same('TransactWriteItems', { ClientRequestToken: token, TransactItems: [{ Put: { TableName: name, Item: key('f') } }] })
    await same('TransactWriteItems', { TransactItems: [{ Put: { TableName: name, Item: key('g'), ConditionExpression: 'attribute_not_exists(pk)' } }, { Update: { TableName: name, Key: key('a'), UpdateExpression: 'SET s = :v', ConditionExpression: 's = :x', ExpressionAttributeValues: { ':v': { S: 'y' }, ':x': { S: 'x' } } } }] })
    await same('TransactGetItems', { TransactItems: [{ Get: { TableName: name, Key: key('a'), ProjectionExpression: 's' } }, { Get: { TableName: name, Key: key('zz') } }, { Get: { TableName: name, Key: key('g') } }] })
    await same('DeleteTable', { TableName: name })
  }, 120_000)

  test('streams: descriptions, records and errors', async () => {
    const name = uniqueTableName('diff')
    const opaque = new Set(['eventID', 'SequenceNumber', 'StartingSequenceNumber', 'EndingSequenceNumber', 'ShardId', 'NextShardIterator', 'ShardIterator', 'StreamArn', 'StreamLabel', 'CreationRequestDateTime'])
    const session = async (endpoint: string): Promise<string> => {
      const out: unknown[] = []
      const created = await call(endpoint, 'CreateTable', { TableName: name, KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } })
      const arn = (created.body.TableDescription as { LatestStreamArn: string }).LatestStreamArn
      await call(endpoint, 'PutItem', { TableName: name, Item: { k: { S: 'a' }, v: { N: '1' } } })
      await call(endpoint, 'UpdateItem', { TableName: name, Key: { k: { S: 'a' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: '2' } } })
      await call(endpoint, 'DeleteItem', { TableName: name, Key: { k: { S: 'a' } } })
      await call(endpoint, 'PutItem', { TableName: name, Item: { k: { S: 'b' } } })
      out.push((await call(endpoint, 'ListStreams', { TableName: name })).body)
      const described = await call(endpoint, 'DescribeStream', { StreamArn: arn })
      out.push(described.body)
      const shard = (described.body.StreamDescription as { Shards: { ShardId: string }[] }).Shards[0]!.ShardId
      const iterator = (await call(endpoint, 'GetShardIterator', { StreamArn: arn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' })).body.ShardIterator
      const first = await call(endpoint, 'GetRecords', { ShardIterator: iterator, Limit: 2 })
      out.push(first.body, (await call(endpoint, 'GetRecords', { ShardIterator: first.body.NextShardIterator })).body)
      out.push((await call(endpoint, 'GetShardIterator', { StreamArn: arn, ShardId: 'shardId-nope', ShardIteratorType: 'TRIM_HORIZON' })).body)
      out.push((await call(endpoint, 'GetShardIterator', { StreamArn: arn, ShardId: shard, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' })).body)
      out.push((await call(endpoint, 'GetRecords', { ShardIterator: 'garbage' })).body)
      await call(endpoint, 'UpdateTable', { TableName: name, StreamSpecification: { StreamEnabled: false } })
      out.push((await call(endpoint, 'DescribeStream', { StreamArn: arn })).body)
      await call(endpoint, 'DeleteTable', { TableName: name })
      return JSON.stringify(normalize(out), (key, value: unknown) => (opaque.has(key) ? '<opaque>' : value), 1)
    }
    const ours = await session((await engineServer()).endpoint)
    const theirs = await session((await dynamodbLocal()).endpoint)
    expect(ours).toBe(theirs)
  }, 120_000)

  test('TTL settings and protocol errors', async () => {
    const name = uniqueTableName('diff')
    await same('CreateTable', compositeTable(name))
    await same('DescribeTimeToLive', { TableName: name })
    await same('UpdateTimeToLive', { TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } })
    await same('UpdateTimeToLive', { TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } })
    await same('DescribeTimeToLive', { TableName: name })
    await same('DescribeTimeToLive', { TableName: `${name}-missing` })
    await same('NoSuchOperation', {})
    await same('PutItem', { TableName: name })
    await same('PutItem', { Item: {} })
    await same('DeleteTable', { TableName: name })
  }, 120_000)
})
