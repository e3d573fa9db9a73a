/**
 * Table and index lifecycle with `lifecycleMs`: CREATING, UPDATING (a GSI backfilling) and DELETING
 * are visible for that long, waiters see them pass, and operations on a table mid-change get
 * DynamoDB's errors. Embedded engine only: DynamoDB Local makes every change ACTIVE at once.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { EMULATOR_CREDENTIALS } from '../../src/aws/credentials/emulator.ts'
import { DocumentClient } from '../../src/dynamodb/document.ts'
import { Engine } from '../../src/local/engine.ts'
import { LocalError } from '../../src/local/errors.ts'
import { registerAll } from '../../src/local/operations/index.ts'
import { LOCAL_REGION } from '../../src/local/connection.ts'
import { startLocal, type LocalServer } from '../../src/local/server.ts'

const LIFECYCLE_MS = 300
let server: LocalServer
let doc: DocumentClient
let counter = 0
const fresh = () => `life${++counter}-${Date.now().toString(36)}`

beforeAll(async () => {
  server = await startLocal({ port: 0, inMemory: true, lifecycleMs: LIFECYCLE_MS })
  doc = new DocumentClient({ endpoint: server.endpoint, region: LOCAL_REGION, credentials: EMULATOR_CREDENTIALS })
})
afterAll(async () => {
  doc.client.close()
  await server.stop()
})

const exec = (operation: string, input: Record<string, unknown>) => server.engine.execute(operation, input) as Record<string, Record<string, unknown>>
const status = (table: string) => exec('DescribeTable', { TableName: table }).Table!.TableStatus

function create(name: string): Record<string, unknown> {
  return exec('CreateTable', { TableName: name, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }).TableDescription!
}

function failure(operation: string, input: Record<string, unknown>): { type: string; message: string } {
  try {
    server.engine.execute(operation, input)
  } catch (error) {
    if (error instanceof LocalError) return { type: error.type, message: error.message }
    throw error
  }
  throw new Error(`${operation} succeeded; an error was expected`)
}

const addIndex = (table: string) => ({
  TableName: table,
  AttributeDefinitions: [{ AttributeName: 'status', AttributeType: 'S' }],
  GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
})

test('CreateTable answers CREATING; the table is ACTIVE after lifecycleMs and the waiter sees it', async () => {
  const name = fresh()
  const started = Date.now()
  expect(create(name).TableStatus).toBe('CREATING')
  expect(status(name)).toBe('CREATING')
  expect(await doc.waitForTableActive(name, { intervalMs: 25, timeoutMs: 5000 })).toBe('ACTIVE')
  expect(Date.now() - started).toBeGreaterThanOrEqual(LIFECYCLE_MS - 10)
  expect(status(name)).toBe('ACTIVE')
})

test('a CREATING table: items are ResourceNotFoundException (DynamoDB: "its status might not be ACTIVE"), changes are ResourceInUseException', async () => {
  const name = fresh()
  create(name)
  expect(failure('PutItem', { TableName: name, Item: { pk: { S: 'a' } } })).toEqual({ type: 'ResourceNotFoundException', message: 'Requested resource not found' })
  expect(failure('GetItem', { TableName: name, Key: { pk: { S: 'a' } } }).type).toBe('ResourceNotFoundException')
  expect(failure('DeleteTable', { TableName: name })).toEqual({ type: 'ResourceInUseException', message: `Attempt to change a resource which is still in use: Table is being created: ${name}` })
  expect(failure('UpdateTable', { TableName: name, DeletionProtectionEnabled: true })).toEqual({ type: 'ResourceInUseException', message: `Attempt to change a resource which is still in use: Table is being created: ${name}` })
  expect(failure('CreateTable', { TableName: name, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }).type).toBe('ResourceInUseException')
  await doc.waitForTableActive(name, { intervalMs: 25, timeoutMs: 5000 })
  exec('PutItem', { TableName: name, Item: { pk: { S: 'a' } } })
  expect(exec('GetItem', { TableName: name, Key: { pk: { S: 'a' } } }).Item).toEqual({ pk: { S: 'a' } })
})

test('UpdateTable adding a GSI: UPDATING with the index CREATING + Backfilling; items still served; a second update refused; waitForIndexActive', async () => {
  const name = fresh()
  create(name)
  await doc.waitForTableActive(name, { intervalMs: 25, timeoutMs: 5000 })
  exec('PutItem', { TableName: name, Item: { pk: { S: 'a' }, status: { S: 'open' } } })
  const answer = exec('UpdateTable', addIndex(name)).TableDescription!
  expect(answer.TableStatus).toBe('UPDATING')
  const index = (status: Record<string, unknown>) => (status.GlobalSecondaryIndexes as Record<string, unknown>[])[0]!
  expect(index(answer)).toMatchObject({ IndexName: 'byStatus', IndexStatus: 'CREATING', Backfilling: true })
  expect(index(exec('DescribeTable', { TableName: name }).Table!)).toMatchObject({ IndexStatus: 'CREATING', Backfilling: true })
  // DynamoDB serves items while a table is UPDATING, but not reads of an index still backfilling.
  exec('PutItem', { TableName: name, Item: { pk: { S: 'b' }, status: { S: 'open' } } })
  expect(exec('GetItem', { TableName: name, Key: { pk: { S: 'a' } } }).Item).toEqual({ pk: { S: 'a' }, status: { S: 'open' } })
  expect(failure('Query', { TableName: name, IndexName: 'byStatus', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'open' } } })).toEqual({ type: 'ValidationException', message: 'Cannot read from backfilling global secondary index: byStatus' })
  expect(failure('UpdateTable', { TableName: name, DeletionProtectionEnabled: true })).toEqual({ type: 'ResourceInUseException', message: `Attempt to change a resource which is still in use: Table is being updated: ${name}` })
  expect(failure('DeleteTable', { TableName: name }).message).toContain('Table is being updated')

  expect(await doc.waitForIndexActive(name, 'byStatus', { intervalMs: 25, timeoutMs: 5000 })).toBe('ACTIVE')
  const settled = exec('DescribeTable', { TableName: name }).Table!
  expect(settled.TableStatus).toBe('ACTIVE')
  expect(index(settled).IndexStatus).toBe('ACTIVE')
  expect(index(settled).Backfilling).toBeUndefined()
  const found = exec('Query', { TableName: name, IndexName: 'byStatus', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'open' } } })
  expect(found.Count as unknown).toBe(2)
})

test('DeleteTable answers DELETING; the table is gone after lifecycleMs and the waiter sees it', async () => {
  const name = fresh()
  create(name)
  await doc.waitForTableActive(name, { intervalMs: 25, timeoutMs: 5000 })
  exec('PutItem', { TableName: name, Item: { pk: { S: 'a' } } })
  expect(exec('DeleteTable', { TableName: name }).TableDescription!.TableStatus).toBe('DELETING')
  expect(status(name)).toBe('DELETING')
  expect(exec('ListTables', {}).TableNames as unknown).toContain(name)
  expect(failure('GetItem', { TableName: name, Key: { pk: { S: 'a' } } }).type).toBe('ResourceNotFoundException')
  expect(failure('DeleteTable', { TableName: name })).toEqual({ type: 'ResourceInUseException', message: `Attempt to change a resource which is still in use: Table is being deleted: ${name}` })
  expect(failure('CreateTable', { TableName: name, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }).type).toBe('ResourceInUseException')
  expect(await doc.waitForTableDeleted(name, { intervalMs: 25, timeoutMs: 5000 })).toBe('DELETED')
  expect(failure('DescribeTable', { TableName: name }).type).toBe('ResourceNotFoundException')
  expect(exec('ListTables', {}).TableNames as unknown).not.toContain(name)
  // The name is free again, and the new table starts empty.
  create(name)
  await doc.waitForTableActive(name, { intervalMs: 25, timeoutMs: 5000 })
  expect(exec('Scan', { TableName: name }).Count as unknown).toBe(0)
})

test('lifecycleMs 0 (the default) keeps every change ACTIVE at once', () => {
  const engine = new Engine({ inMemory: true })
  try {
    expect(engine.lifecycleMs).toBe(0)
    expect(engine.tableStatus('anything')).toBe('ACTIVE')
    expect(() => new Engine({ inMemory: true, lifecycleMs: -1 })).toThrow('lifecycleMs must be a number of milliseconds >= 0')
  } finally {
    engine.close()
  }
})

test('closing the engine clears pending transitions (no timer fires into a closed database)', async () => {
  const engine = new Engine({ inMemory: true, lifecycleMs: 50 })

  registerAll(engine)
  engine.execute('CreateTable', { TableName: 'closing', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] })
  expect(engine.tableStatus('closing')).toBe('CREATING')
  engine.close()
  expect(engine.tableStatus('closing')).toBe('ACTIVE')
  await Bun.sleep(80)
})
