/**
 * Fault tolerance, proven against the official DynamoDB Local behind a fault-injecting proxy:
 * with 20% of requests throttled, failed, reset, lost after being applied, or stalled, 5,000
 * (1,000 outside `bun run test:slow`) conditional PutItems all complete and each item is stored exactly once, as written.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { NetworkError } from '../../src/aws/errors.ts'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { ConditionalCheckFailedError, ProvisionedThroughputExceededError } from '../../src/dynamodb/errors.ts'
import type { AttributeMap } from '../../src/dynamodb/types/index.ts'
import { dynamodbLocal, dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts'
import { testCredentials, testRegion, uniqueTableName } from '../support/targets.ts'
import { volume } from '../support/volume.ts'

// 5,000 under `bun run test:slow`; the default run proves the same with 1,000.
const ITEMS = volume(5_000, 1_000)
const CONCURRENCY = 32

describe.skipIf(!dynamodbLocalAvailable)('fault tolerance behind a fault-injecting proxy', () => {
  let endpoint: string
  let direct: DynamoDBClient
  let proxy: FaultProxy
  const table = uniqueTableName('faults')

  beforeAll(async () => {
    endpoint = (await dynamodbLocal()).endpoint
    direct = new DynamoDBClient({ endpoint, region: testRegion, credentials: testCredentials })
    await direct.createTable({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    })
    // Warm the emulator's JIT first: a cold JVM answers its first few hundred writes slower than
    // the short per-attempt timeout below, which would turn the start of the run into a timeout storm.
    const warm = Array.from({ length: 16 }, async (_, lane) => {
      for (let i = 0; i < 40; i++) await direct.putItem({ TableName: table, Item: { pk: { S: `warm-${lane}-${i}` } } })
      for (let i = 0; i < 40; i++) await direct.deleteItem({ TableName: table, Key: { pk: { S: `warm-${lane}-${i}` } } })
    })
    await Promise.all(warm)
    proxy = await startFaultProxy({ upstream: endpoint, faultRate: 0.2, seed: 20261122 })
  }, 120_000)

  afterAll(async () => {
    await proxy?.close()
  })

  test(`${ITEMS} conditional PutItems with 20% of requests faulted all land exactly once`, async () => {
    const client = new DynamoDBClient({
      endpoint: proxy.url,
      region: testRegion,
      credentials: testCredentials,
      // 20% faults per attempt: 10 attempts leave a 0.2^10 ≈ 1e-7 chance per item of giving up.
      maxAttempts: 10,
      timeoutMs: 1_000, // a stall costs one short attempt; generous enough for a busy emulator on 2 cores
      retry: { baseDelayMs: 5, throttlingBaseDelayMs: 10, maxDelayMs: 200 },
    })
    const nonce = (i: number) => `${table}:${i}`
    let acknowledged = 0
    let recoveredLostResponses = 0
    let next = 0
    const worker = async () => {
      while (next < ITEMS) {
        const i = next++
        const item: AttributeMap = { pk: { S: `item-${i}` }, nonce: { S: nonce(i) }, n: { N: String(i) } }
        try {
          await client.putItem({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })
          acknowledged += 1
        } catch (error) {
          // An earlier attempt of this very call may have been applied by DynamoDB with its
          // response lost on the way back (reset, stall). The retry then meets our own item and
          // fails the attribute_not_exists condition. That is a success as long as the stored
          // item is exactly the one this call wrote (same nonce); anything else is a real failure.
          if (error instanceof ConditionalCheckFailedError && (error.item?.nonce as { S?: string } | undefined)?.S === nonce(i) && error.attempts > 1) {
            recoveredLostResponses += 1
          } else {
            throw error
          }
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))

    expect(acknowledged + recoveredLostResponses).toBe(ITEMS)
    const faults = Object.values(proxy.stats.faults).reduce((a, b) => a + b, 0)
    const share = faults / proxy.stats.requests
    expect(share).toBeGreaterThan(0.17)
    expect(share).toBeLessThan(0.23)
    for (const count of Object.values(proxy.stats.faults)) expect(count).toBeGreaterThan(ITEMS / 100)

    // Read back directly from DynamoDB Local, bypassing the proxy.
    const seen = new Map<string, string>()
    let start: AttributeMap | undefined
    do {
      const page = await direct.scan({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true })
      for (const stored of page.Items ?? []) {
        const pk = stored.pk as { S: string }
        expect(seen.has(pk.S)).toBe(false)
        seen.set(pk.S, (stored.nonce as { S: string }).S)
      }
      start = page.LastEvaluatedKey
    } while (start)
    expect(seen.size).toBe(ITEMS)
    for (let i = 0; i < ITEMS; i++) expect(seen.get(`item-${i}`)).toBe(nonce(i))

    console.log(
      `[fault-tolerance] ${ITEMS} puts: ${proxy.stats.requests} requests, ${faults} faulted (${(share * 100).toFixed(1)}%: ` +
        `${Object.entries(proxy.stats.faults).map(([k, v]) => `${k} ${v}`).join(', ')}); ` +
        `${acknowledged} acknowledged, ${recoveredLostResponses} recovered after a lost response; upstream errors ${proxy.stats.upstreamErrors}`,
    )
  }, 90_000)

  test('a request that exhausts its attempts surfaces a typed, retryable error naming the operation', async () => {
    const throttling = await startFaultProxy({ upstream: endpoint, faultRate: 1, kinds: ['throttle'] })
    const resetting = await startFaultProxy({ upstream: endpoint, faultRate: 1, kinds: ['reset'] })
    try {
      const options = { region: testRegion, credentials: testCredentials, maxAttempts: 3, retry: { baseDelayMs: 1, throttlingBaseDelayMs: 1 } }
      const put = { TableName: table, Item: { pk: { S: 'never' } }, ConditionExpression: 'attribute_not_exists(pk)' }

      const throttled = await new DynamoDBClient({ ...options, endpoint: throttling.url }).putItem(put).catch((e) => e)
      expect(throttled).toBeInstanceOf(ProvisionedThroughputExceededError)
      expect(throttled.code).toBe('ProvisionedThroughputExceededException')
      expect(throttled.retryable).toBe(true)
      expect(throttled.attempts).toBe(3)
      expect(throttled.operation).toBe('PutItem')
      expect(throttled.message).toContain('PutItem')
      expect(throttling.stats.requests).toBe(3)

      const reset = await new DynamoDBClient({ ...options, endpoint: resetting.url }).putItem(put).catch((e) => e)
      expect(reset).toBeInstanceOf(NetworkError)
      expect(reset.retryable).toBe(true)
      expect(reset.attempts).toBe(3)
      expect(reset.operation).toBe('PutItem')
      expect(reset.message).toContain('PutItem')
      expect((await direct.getItem({ TableName: table, Key: { pk: { S: 'never' } } })).Item).toBeUndefined()
    } finally {
      await throttling.close()
      await resetting.close()
    }
  })
})
