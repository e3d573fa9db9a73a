/**
 * The marshaller against the official DynamoDB Local: what we write is accepted and comes back
 * unchanged, and our item-size arithmetic matches where DynamoDB draws the 400 KB line.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { MarshallError, NumberValue, marshall, unmarshall } from '../../src/dynamodb/marshall.ts'
import { MAX_ITEM_SIZE, itemSize } from '../../src/dynamodb/value-rules.ts'
import { parseDecimal } from '../../src/dynamodb/value-rules.ts'
import type { AttributeMap } from '../../src/dynamodb/attribute-value.ts'
import { dynamodbLocal, dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { testCredentials, testRegion, uniqueTableName } from '../support/targets.ts'

/** Same decimal value, whatever the spelling ("1E-130" vs "0.000…1"). */
function sameDecimal(a: string, b: string): boolean {
  const x = parseDecimal(a)
  const y = parseDecimal(b)
  if (x === undefined || y === undefined) return false
  if (x.digits === '' || y.digits === '') return x.digits === y.digits
  return x.negative === y.negative && x.digits === y.digits && x.exponent === y.exponent
}

describe.skipIf(!dynamodbLocalAvailable)('marshall against DynamoDB Local', () => {
  let client: DynamoDBClient
  const table = uniqueTableName('marshall')

  async function roundTrip(item: Record<string, unknown>): Promise<{ wire: AttributeMap; sent: AttributeMap }> {
    const sent = marshall(item)
    await client.putItem({ TableName: table, Item: sent })
    const got = await client.getItem({ TableName: table, Key: { pk: sent.pk as { S: string } }, ConsistentRead: true })
    expect(got.Item).toBeDefined()
    return { wire: got.Item as AttributeMap, sent }
  }

  beforeAll(async () => {
    const { endpoint } = await dynamodbLocal()
    client = new DynamoDBClient({ endpoint, region: testRegion, credentials: testCredentials })
    await client.createTable({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    })
  }, 120_000) // the first caller boots the JVM

  afterAll(async () => {
    await client?.deleteTable({ TableName: table }).catch(() => undefined)
    client?.close()
  })

  test('binaries, sets and 38-digit numbers come back unchanged', async () => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i)
    const d38 = '12345678901234567890123456789012345678'
    const item = {
      pk: 'types',
      empty: new Uint8Array(0),
      one: new Uint8Array([0]),
      every,
      buffer: Buffer.from('héllo wörld'),
      arrayBuffer: every.slice(10, 20).buffer,
      bs: new Set([new Uint8Array([1, 2, 3]), new Uint8Array([255]), every]),
      ss: new Set(['a', 'ünïcödé', '日本語', '😀', ' spaced ']),
      ns: new Set([NumberValue.from(d38), NumberValue.from(`-0.${d38}`), 1, -2.5, 99999999999999999999999999999999999999n]),
      big: NumberValue.from(d38),
      bigNegative: NumberValue.from(`-${d38}`),
      bigFraction: NumberValue.from(`1234567890123456789.0123456789012345678`),
      bigint: 99999999999999999999999999999999999999n,
      exact: 9007199254740992,
      tiny: NumberValue.from('1E-130'),
      huge: NumberValue.from('9.9999999999999999999999999999999999999E+125'),
      nested: { list: [every.subarray(0, 4), new Set(['x']), { deeper: NumberValue.from(`-${d38}`) }] },
    }
    const { wire, sent } = await roundTrip(item)

    // binaries: byte for byte (DynamoDB hands back base64)
    const back = unmarshall(wire)
    expect(back.empty).toEqual(new Uint8Array(0))
    expect(back.one).toEqual(new Uint8Array([0]))
    expect(back.every).toEqual(every)
    expect(back.buffer).toEqual(new Uint8Array(Buffer.from('héllo wörld')))
    expect(back.arrayBuffer).toEqual(every.slice(10, 20))
    expect(back.bs).toEqual(new Set([new Uint8Array([1, 2, 3]), new Uint8Array([255]), every]))
    expect(back.ss).toEqual(item.ss)

    // 38-digit numbers: every digit, exactly as sent
    for (const name of ['big', 'bigNegative', 'bigFraction', 'bigint']) {
      expect((wire[name] as { N: string }).N).toBe((sent[name] as { N: string }).N)
    }
    expect((back.big as NumberValue).value).toBe(d38)
    expect((back.bigNegative as NumberValue).value).toBe(`-${d38}`)
    expect((back.bigFraction as NumberValue).value).toBe('1234567890123456789.0123456789012345678')
    expect(unmarshall(wire, { wrapNumbers: 'bigint' }).bigint).toBe(99999999999999999999999999999999999999n)
    expect(back.exact).toBe(9007199254740992)
    expect(((back.nested as { list: unknown[] }).list[2] as { deeper: NumberValue }).deeper.value).toBe(`-${d38}`)

    // the range limits: DynamoDB respells them in plain notation, the value is the same
    expect(sameDecimal((wire.tiny as { N: string }).N, '1E-130')).toBe(true)
    expect(sameDecimal((wire.huge as { N: string }).N, '9.9999999999999999999999999999999999999E+125')).toBe(true)

    // number sets: same members (DynamoDB does not keep set order)
    const ns = (wire.ns as { NS: string[] }).NS
    const want = (sent.ns as { NS: string[] }).NS
    expect(ns.length).toBe(want.length)
    for (const n of want) expect(ns.some((m) => sameDecimal(m, n))).toBe(true)
  })

  test('every spelling marshall gives a JS number is accepted and read back as the same number', async () => {
    const numbers = [0, -0, 1, -1, 0.1, 1 / 3, 1e21, 1.5e300 / 1e200, 5e-7, 1e-130, -1e-130, 9.99e125, Number.MAX_SAFE_INTEGER, 2 ** 60, -123.456e-50]
    const { wire } = await roundTrip({ pk: 'spellings', list: numbers })
    const back = unmarshall(wire).list as number[]
    expect(back).toEqual(numbers.map((n) => (n === 0 ? 0 : n)))
  })

  test('31 nested containers are accepted; 32 are refused by marshall before sending, as DynamoDB would', async () => {
    const nest = (levels: number): unknown => {
      let v: unknown = 'leaf'
      for (let i = 0; i < levels; i++) v = i % 2 === 0 ? { m: v } : [v]
      return v
    }
    const { wire } = await roundTrip({ pk: 'nesting', a: nest(31) })
    expect(unmarshall(wire).a).toEqual(nest(31))
    expect(() => marshall({ pk: 'nesting', a: nest(32) })).toThrow(MarshallError)
    // and DynamoDB itself refuses that depth when sent by hand
    const tooDeep = { M: { m: { L: [] as unknown[] } } }
    let inner = tooDeep.M.m.L
    for (let i = 2; i < 32; i++) {
      const next = { L: [] as unknown[] }
      inner.push(next)
      inner = next.L
    }
    inner.push({ S: 'leaf' })
    const refused = await client
      .putItem({ TableName: table, Item: { pk: { S: 'nesting32' }, a: tooDeep as never } })
      .then(() => undefined, (e: unknown) => e)
    expect(String((refused as Error | undefined)?.message)).toContain('Nesting')
  })

  test('itemSize matches where DynamoDB Local draws the 400 KB line', async () => {
    const shapes: Record<string, Record<string, unknown>> = {
      string: {},
      unicode: { name: 'ünïcödé 日本語 😀' },
      numbers: { a: 1, b: 12, c: 123, d: 1.5, e: 0.01, f: -98765.4321, g: NumberValue.from('12345678901234567890123456789012345678'), h: -7, i: NumberValue.from('-1E-130') },
      binary: { b: new Uint8Array(1000), c: new Uint8Array(1) },
      flags: { t: true, f: false, n: null },
      map: { m: { a: 'x', bb: { c: [1, 'two', null, { d: true }] }, e: {} } },
      list: { l: [[], [[]], 'x', 42, new Uint8Array(3)] },
      sets: { ss: new Set(['a', 'bb', 'ccc']), ns: new Set([1, 22, 333, 4.4]), bs: new Set([new Uint8Array(5), new Uint8Array(7)]) },
    }
    for (const [shape, extra] of Object.entries(shapes)) {
      const fixed = marshall({ pk: `size-${shape}`, ...extra, fill: '' })
      const base = itemSize(fixed)
      // Largest filler DynamoDB accepts, by bisection around where itemSize says the line is.
      let lo = MAX_ITEM_SIZE - base - 40
      let hi = MAX_ITEM_SIZE - base + 40
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        const ok = await client
          .putItem({ TableName: table, Item: { ...fixed, fill: { S: 'x'.repeat(mid) } } })
          .then(() => true, () => false)
        if (ok) lo = mid
        else hi = mid - 1
      }
      expect({ shape, size: itemSize({ ...fixed, fill: { S: 'x'.repeat(lo) } }) }).toEqual({ shape, size: MAX_ITEM_SIZE })
    }
  }, 60_000)
})
