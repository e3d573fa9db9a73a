/** DynamoDB's TTL rule: an item whose TTL is more than five years in the past is never deleted. */
import { expect, test } from 'bun:test'
import { openLocal } from '../../src/local/server.ts'
import { sweepExpired } from '../../src/local/operations/ttl.ts'

test('items expired more than five years ago (0 = "never expires") are kept; recent ones are deleted', () => {
  const { engine, close } = openLocal({ inMemory: true, ttlIntervalMs: 60_000 })
  try {
    engine.execute('CreateTable', { TableName: 'ttl-horizon', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] })
    engine.execute('UpdateTimeToLive', { TableName: 'ttl-horizon', TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } })
    const now = Math.floor(Date.now() / 1000)
    const year = 365 * 24 * 60 * 60
    const items: [string, number][] = [
      ['zero', 0],
      ['six-years-ago', now - 6 * year],
      ['five-years-and-a-day-ago', now - 5 * year - 86_400],
      ['four-years-ago', now - 4 * year],
      ['a-minute-ago', now - 60],
      ['in-an-hour', now + 3600],
    ]
    for (const [pk, exp] of items) engine.execute('PutItem', { TableName: 'ttl-horizon', Item: { pk: { S: pk }, exp: { N: String(exp) } } })
    expect(sweepExpired(engine)).toBe(2)
    const left = (engine.execute('Scan', { TableName: 'ttl-horizon' }) as { Items: { pk: { S: string } }[] }).Items.map((i) => i.pk.S).sort()
    expect(left).toEqual(['five-years-and-a-day-ago', 'in-an-hour', 'six-years-ago', 'zero'])
  } finally {
    close()
  }
})
