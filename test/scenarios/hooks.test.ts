/**
 * The client's hook chain on every target: counting requests, changing the wire request, seeing
 * outputs, errors, durations and attempts, the order hooks run in, and errors thrown by hooks.
 */
import { expect, test } from 'bun:test'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { DocumentClient } from '../../src/dynamodb/document.ts'
import { ConditionalCheckFailedError, ResourceNotFoundError } from '../../src/dynamodb/errors.ts'
import type { ClientHook, ReceiveContext } from '../../src/dynamodb/hooks.ts'
import type { OperationName } from '../../src/dynamodb/operations.ts'
import { testCredentials, testRegion } from '../support/targets.ts'
import { scenario } from './harness.ts'

/** Counts operations by name, as a test suite would to assert how many reads a code path makes. */
function requestCounter(): ClientHook & { counts: Partial<Record<OperationName, number>> } {
  const counts: Partial<Record<OperationName, number>> = {}
  return {
    counts,
    beforeSend(ctx) {
      counts[ctx.operation] = (counts[ctx.operation] ?? 0) + 1
    },
  }
}

scenario('client hooks', ctx => {
  let table: string
  test('setup', async () => {
    table = await ctx.createTable()
    for (let i = 0; i < 3; i++) await ctx.doc.put({ table, item: { pk: 'U#1', sk: `POST#${i}`, n: i } })
  })

  test('a hook counts the GetItem, Query and Scan requests a code path makes; unsubscribing stops it', async () => {
    const counter = requestCounter()
    const off = ctx.doc.client.use(counter)
    try {
      await ctx.doc.get({ table, key: { pk: 'U#1', sk: 'POST#0' } })
      await ctx.doc.get({ table, key: { pk: 'U#1', sk: 'POST#9' } })
      // Pages of two: Query is sent twice (two items, then the last one).
      expect(await ctx.doc.queryAll({ table, key: { pk: 'U#1' }, limit: 2 })).toHaveLength(3)
      expect(await ctx.doc.scanAll({ table })).toHaveLength(3)
    } finally {
      off()
    }
    expect(counter.counts.GetItem).toBe(2)
    expect(counter.counts.Query).toBe(2)
    expect(counter.counts.Scan).toBe(1)
    expect(counter.counts.PutItem).toBeUndefined()
    await ctx.doc.get({ table, key: { pk: 'U#1', sk: 'POST#0' } })
    expect(counter.counts.GetItem).toBe(2)
    off() // a second call is harmless
  })

  test('before-send may change the wire request; after-receive sees the output, duration and one attempt', async () => {
    const seen: ReceiveContext[] = []
    const doc = new DocumentClient({
      endpoint: ctx.endpoint,
      region: testRegion,
      credentials: testCredentials,
      hooks: [
        {
          beforeSend(c) {
            if (c.operation === 'GetItem') c.input = { ...c.input, ReturnConsumedCapacity: 'TOTAL' }
          },
          afterReceive(c) {
            seen.push(c)
          },
        },
      ],
    })
    try {
      expect(await doc.get({ table, key: { pk: 'U#1', sk: 'POST#1' } })).toEqual({ pk: 'U#1', sk: 'POST#1', n: 1 })
    } finally {
      doc.close()
    }
    expect(seen).toHaveLength(1)
    const c = seen[0]!
    expect(c.operation).toBe('GetItem')
    expect(c.failed).toBe(false)
    expect(c.error).toBeUndefined()
    expect(c.attempts).toBe(1)
    expect(c.durationMs).toBeGreaterThan(0)
    if (c.operation !== 'GetItem') throw new Error('narrowing')
    expect(c.input.ReturnConsumedCapacity).toBe('TOTAL')
    expect(c.output?.ConsumedCapacity?.TableName).toBe(table)
    expect(c.output?.Item?.n).toEqual({ N: '1' })
  })

  test('before-send runs in registration order, after-receive in reverse', async () => {
    const order: string[] = []
    const hook = (name: string): ClientHook => ({ beforeSend: () => void order.push(`before ${name}`), afterReceive: () => void order.push(`after ${name}`) })
    const client = new DynamoDBClient({ endpoint: ctx.endpoint, region: testRegion, credentials: testCredentials, hooks: [hook('a')] })
    client.use(hook('b'))
    client.use({ afterReceive: async () => void order.push('after c (async)') })
    try {
      await client.describeTable({ TableName: table })
    } finally {
      client.close()
    }
    expect(order).toEqual(['before a', 'before b', 'after c (async)', 'after b', 'after a'])
  })

  test('after-receive sees a service error; the caller gets the same typed error', async () => {
    const seen: ReceiveContext[] = []
    const off = ctx.doc.client.use({ afterReceive: c => void seen.push(c) })
    try {
      const error = await ctx.doc.client.putItem({ TableName: table, Item: { pk: { S: 'U#1' }, sk: { S: 'POST#0' } }, ConditionExpression: 'attribute_not_exists(pk)' }).catch(e => e)
      expect(error).toBeInstanceOf(ConditionalCheckFailedError)
      expect(seen[0]!.failed).toBe(true)
      expect(seen[0]!.error).toBe(error)
      expect(seen[0]!.attempts).toBe(1)
      expect(seen[0]!.output).toBeUndefined()
    } finally {
      off()
    }
  })

  test('a before-send error stops the request and reaches the caller as thrown; outer hooks see it', async () => {
    class Refused extends Error {}
    const seen: ReceiveContext[] = []
    const counter = requestCounter()
    const client = new DynamoDBClient({
      endpoint: ctx.endpoint,
      region: testRegion,
      credentials: testCredentials,
      hooks: [
        { afterReceive: c => void seen.push(c) },
        {
          beforeSend(c) {
            if (c.operation === 'DeleteItem') throw new Refused('no deletes here')
          },
          afterReceive: () => {
            throw new Error('never runs: its own beforeSend threw')
          },
        },
        counter,
      ],
    })
    try {
      const error = await client.deleteItem({ TableName: table, Key: { pk: { S: 'U#1' }, sk: { S: 'POST#0' } } }).catch(e => e)
      expect(error).toBeInstanceOf(Refused)
      expect(seen).toHaveLength(1)
      expect(seen[0]!.error).toBe(error)
      expect(seen[0]!.attempts).toBe(0)
      expect(counter.counts.DeleteItem).toBeUndefined()
    } finally {
      client.close()
    }
    // Nothing was sent: the item is still there.
    expect(await ctx.doc.get({ table, key: { pk: 'U#1', sk: 'POST#0' } })).toBeDefined()
  })

  test('an after-receive error replaces the result; a successful write stays written', async () => {
    const client = new DynamoDBClient({
      endpoint: ctx.endpoint,
      region: testRegion,
      credentials: testCredentials,
      hooks: [
        {
          afterReceive(c) {
            if (c.operation === 'PutItem') throw new Error('audit log unavailable', { cause: c.error })
          },
        },
      ],
    })
    try {
      const error = await client.putItem({ TableName: table, Item: { pk: { S: 'U#2' }, sk: { S: 'X' } } }).catch(e => e)
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).message).toBe('audit log unavailable')
      const missing = await client.describeTable({ TableName: `${table}-missing` }).catch(e => e)
      expect(missing).toBeInstanceOf(ResourceNotFoundError)
    } finally {
      client.close()
    }
    expect(await ctx.doc.get({ table, key: { pk: 'U#2', sk: 'X' } })).toEqual({ pk: 'U#2', sk: 'X' })
  })

  test('after-receive counts retried attempts on success', async () => {
    // The first attempt never reaches the server (a dropped connection); the retry does.
    let dropped = false
    const seen: ReceiveContext[] = []
    const client = new DynamoDBClient({
      endpoint: ctx.endpoint,
      region: testRegion,
      credentials: testCredentials,
      retry: { baseDelayMs: 1 },
      fetch: request => {
        if (!dropped) {
          dropped = true
          return Promise.reject(new TypeError('socket hang up'))
        }
        return fetch(request)
      },
      hooks: [{ afterReceive: c => void seen.push(c) }],
    })
    try {
      expect((await client.getItem({ TableName: table, Key: { pk: { S: 'U#1' }, sk: { S: 'POST#2' } } })).Item?.n).toEqual({ N: '2' })
    } finally {
      client.close()
    }
    expect(seen[0]!.failed).toBe(false)
    expect(seen[0]!.attempts).toBe(2)
  })
})
