/**
 * The transport's retry, timeout, cancellation, checksum and clock-skew behaviour, through the real
 * DynamoDBClient against scripted loopback servers.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { crc32 } from '../../src/aws/crc32.ts'
import { AbortError, ChecksumMismatchError, DeadlineExceededError, InvalidResponseError, NetworkError, RedirectError, TimeoutError } from '../../src/aws/errors.ts'
import { DynamoDBClient, type DynamoDBClientOptions } from '../../src/dynamodb/client.ts'
import { DocumentClient } from '../../src/dynamodb/document.ts'
import {
  ConditionalCheckFailedError,
  InternalServerError,
  ProvisionedThroughputExceededError,
  TransactionCanceledError,
  ValidationError,
} from '../../src/dynamodb/errors.ts'
import { rawHttpServer, type RawReply, type RawRequest, type RawServer } from '../support/raw-http.ts'

const NS = 'com.amazonaws.dynamodb.v20120810#'
const credentials = { accessKeyId: 'AKIDTESTHTTP', secretAccessKey: 'transport-test-secret-key', sessionToken: 'transport-test-session-token' }
const fast = { baseDelayMs: 1, throttlingBaseDelayMs: 1 }

function json(status: number, body: unknown, headers: Record<string, string> = {}): RawReply {
  const text = JSON.stringify(body)
  return { status, body: text, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${status}-${text.length}`, 'x-amz-crc32': String(crc32(new TextEncoder().encode(text))), ...headers } }
}
const ok = (body: unknown = { Item: { pk: { S: 'a' } } }) => json(200, body)
const throttle = () => json(400, { __type: `${NS}ProvisionedThroughputExceededException`, message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.' })

let servers: RawServer[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

/** A server that answers the n-th request with replies[n] (the last reply repeats). */
async function scripted(replies: (RawReply | ((request: RawRequest) => RawReply))[]) {
  const requests: RawRequest[] = []
  const server = await rawHttpServer((request) => {
    requests.push(request)
    const reply = replies[Math.min(requests.length, replies.length) - 1]!
    return typeof reply === 'function' ? reply(request) : reply
  })
  servers.push(server)
  return { server, requests }
}

function client(server: RawServer, options: Partial<DynamoDBClientOptions> = {}) {
  return new DynamoDBClient({ endpoint: server.url, region: 'us-east-1', credentials, retry: fast, ...options })
}

const key = { TableName: 'tbl', Key: { pk: { S: 'a' } } }

describe('retries', () => {
  test('retries a throttling 400 and returns the later success', async () => {
    const { server, requests } = await scripted([throttle(), ok()])
    const out = await client(server).getItem(key)
    expect(out.Item).toEqual({ pk: { S: 'a' } })
    expect(requests.length).toBe(2)
    expect(requests[0]!.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem')
    expect(requests[0]!.headers['content-type']).toBe('application/x-amz-json-1.0')
    expect(JSON.parse(requests[1]!.body)).toEqual(key)
  })

  test('retries InternalServerError bodies and bare 500/503 statuses', async () => {
    const { server, requests } = await scripted([
      json(500, { __type: `${NS}InternalServerError`, message: 'Internal server error' }),
      { status: 503, body: '<html>busy</html>' },
      ok(),
    ])
    const out = await client(server, { maxAttempts: 3 }).getItem(key)
    expect(out.Item).toBeDefined()
    expect(requests.length).toBe(3)
  })

  test('retries a connection reset without a response', async () => {
    const { server, requests } = await scripted(['reset', ok()])
    const out = await client(server).getItem(key)
    expect(out.Item).toEqual({ pk: { S: 'a' } })
    expect(requests.length).toBe(2)
  })

  test('gives up after maxAttempts with a typed, retryable error naming the operation', async () => {
    const { server, requests } = await scripted([throttle()])
    const error = await client(server, { maxAttempts: 4 }).putItem({ TableName: 'tbl', Item: { pk: { S: 'a' } } }).catch((e) => e)
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededError)
    expect(error.code).toBe('ProvisionedThroughputExceededException')
    expect(error.retryable).toBe(true)
    expect(error.attempts).toBe(4)
    expect(error.operation).toBe('PutItem')
    expect(error.message).toContain('PutItem')
    expect(error.statusCode).toBe(400)
    expect(requests.length).toBe(4)
  })

  test('a persistent reset surfaces a retryable NetworkError', async () => {
    const { server, requests } = await scripted(['reset'])
    const error = await client(server).getItem(key).catch((e) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error.retryable).toBe(true)
    expect(error.attempts).toBe(3)
    expect(error.operation).toBe('GetItem')
    expect(requests.length).toBe(3)
  })

  test('does not retry a ValidationException; carries status, request id and message', async () => {
    const { server, requests } = await scripted([
      json(400, { __type: 'com.amazon.coral.validate#ValidationException', Message: 'One or more parameter values were invalid' }, { 'x-amzn-requestid': 'VALID8REQUESTID' }),
    ])
    const error = await client(server).getItem(key).catch((e) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.code).toBe('ValidationException')
    expect(error.retryable).toBe(false)
    expect(error.attempts).toBe(1)
    expect(error.requestId).toBe('VALID8REQUESTID')
    expect(error.message).toBe('GetItem: One or more parameter values were invalid')
    expect(requests.length).toBe(1)
  })

  test('ConditionalCheckFailed is final and exposes the returned item', async () => {
    const { server, requests } = await scripted([
      json(400, { __type: `${NS}ConditionalCheckFailedException`, message: 'The conditional request failed', Item: { pk: { S: 'a' }, v: { N: '1' } } }),
    ])
    const error = await client(server).putItem({ TableName: 'tbl', Item: { pk: { S: 'a' } }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }).catch((e) => e)
    expect(error).toBeInstanceOf(ConditionalCheckFailedError)
    expect(error.item).toEqual({ pk: { S: 'a' }, v: { N: '1' } })
    expect(requests.length).toBe(1)
  })

  test('a transaction canceled only by conflicts is retried; one with a failed condition is not', async () => {
    const conflict = json(400, { __type: `${NS}TransactionCanceledException`, Message: 'Transaction cancelled', CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }] })
    const condition = json(400, { __type: `${NS}TransactionCanceledException`, Message: 'Transaction cancelled', CancellationReasons: [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }, { Code: 'TransactionConflict' }] })
    const first = await scripted([conflict, ok({})])
    await client(first.server).transactWriteItems({ TransactItems: [] })
    expect(first.requests.length).toBe(2)

    const second = await scripted([condition])
    const error = await client(second.server).transactWriteItems({ TransactItems: [] }).catch((e) => e)
    expect(error).toBeInstanceOf(TransactionCanceledError)
    expect(error.retryable).toBe(false)
    expect(error.cancellationReasons.map((r: { Code?: string }) => r.Code)).toEqual(['ConditionalCheckFailed', 'TransactionConflict'])
    expect(second.requests.length).toBe(1)
  })

  test('the retry quota stops retries once spent, and successes refill it', async () => {
    let failing = true
    const { server, requests } = await scripted([() => (failing ? throttle() : ok())])
    // Capacity 10 = two retries at 5 tokens each.
    const c = client(server, { maxAttempts: 10, retry: { ...fast, quotaCapacity: 10 } })
    const first = await c.getItem(key).catch((e) => e)
    expect(first).toBeInstanceOf(ProvisionedThroughputExceededError)
    expect(first.attempts).toBe(3)
    expect(requests.length).toBe(3)
    const second = await c.getItem(key).catch((e) => e)
    expect(second.attempts).toBe(1) // quota empty: no retry at all
    expect(requests.length).toBe(4)
    failing = false
    for (let i = 0; i < 5; i++) await c.getItem(key) // +1 token each
    failing = true
    const third = await c.getItem(key).catch((e) => e)
    expect(third.attempts).toBe(2) // 5 tokens back: exactly one retry
  })
})

describe('timeouts and cancellation', () => {
  test('a stalled attempt times out and the retry succeeds', async () => {
    const { server, requests } = await scripted(['stall', ok()])
    const started = Date.now()
    const out = await client(server, { timeoutMs: 200 }).getItem(key)
    expect(out.Item).toBeDefined()
    expect(requests.length).toBe(2)
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
  })

  test('every attempt stalling gives a retryable TimeoutError', async () => {
    const { server, requests } = await scripted(['stall'])
    const error = await client(server, { timeoutMs: 100, maxAttempts: 2 }).getItem(key).catch((e) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.code).toBe('TimeoutError')
    expect(error.retryable).toBe(true)
    expect(error.attempts).toBe(2)
    expect(requests.length).toBe(2)
  })

  test('the overall deadline bounds the whole call', async () => {
    const { server } = await scripted(['stall'])
    const started = Date.now()
    const error = await client(server, { timeoutMs: 5_000, deadlineMs: 300, maxAttempts: 5 }).getItem(key).catch((e) => e)
    const elapsed = Date.now() - started
    expect(error).toBeInstanceOf(DeadlineExceededError)
    expect(error.operation).toBe('GetItem')
    expect(elapsed).toBeGreaterThanOrEqual(290)
    expect(elapsed).toBeLessThan(2_000)
  })

  test('the caller can abort an in-flight request', async () => {
    const { server } = await scripted(['stall'])
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const started = Date.now()
    const error = await client(server, { timeoutMs: 10_000 }).getItem(key, { signal: controller.signal }).catch((e) => e)
    expect(error).toBeInstanceOf(AbortError)
    expect(error.retryable).toBe(false)
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  test('an abort during backoff stops retrying, and an aborted signal sends nothing', async () => {
    const { server, requests } = await scripted([throttle()])
    const controller = new AbortController()
    const c = client(server, { maxAttempts: 5, retry: { throttlingBaseDelayMs: 5_000, baseDelayMs: 5_000, random: () => 1 } })
    setTimeout(() => controller.abort(), 100)
    const error = await c.getItem(key, { signal: controller.signal }).catch((e) => e)
    expect(error).toBeInstanceOf(AbortError)
    expect(requests.length).toBe(1)
    const again = await c.getItem(key, { signal: controller.signal }).catch((e) => e)
    expect(again).toBeInstanceOf(AbortError)
    expect(requests.length).toBe(1)
  })
})

describe('integrity and clock', () => {
  test('a body that fails its x-amz-crc32 check is retried', async () => {
    const good = ok()
    const corrupted = { ...(good as { status: number; headers: Record<string, string>; body: string }) }
    corrupted.headers = { ...corrupted.headers, 'x-amz-crc32': '12345' }
    const { server, requests } = await scripted([corrupted, good])
    const out = await client(server).getItem(key)
    expect(out.Item).toEqual({ pk: { S: 'a' } })
    expect(requests.length).toBe(2)

    const unicode = await scripted([ok({ Item: { pk: { S: 'héllo wörld ✓ 𝄞' } } })])
    expect((await client(unicode.server).getItem(key)).Item).toEqual({ pk: { S: 'héllo wörld ✓ 𝄞' } })
    expect(unicode.requests.length).toBe(1) // the checksum of a non-ASCII body verifies first time

    const always = await scripted([corrupted])
    const error = await client(always.server, { maxAttempts: 2 }).getItem(key).catch((e) => e)
    expect(error).toBeInstanceOf(ChecksumMismatchError)
    expect(error.code).toBe('CRC32CheckFailed')
    expect(error.retryable).toBe(true)
  })

  test('a clock-skew rejection moves the signing clock to the server Date and retries', async () => {
    const serverNow = Date.now() + 2 * 3600_000 // the server is two hours ahead of us
    const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '')
    const seen: string[] = []
    const { server, requests } = await scripted([
      (request) => {
        const sent = request.headers['x-amz-date']!
        seen.push(sent)
        const sentMs = Date.parse(`${sent.slice(0, 4)}-${sent.slice(4, 6)}-${sent.slice(6, 8)}T${sent.slice(9, 11)}:${sent.slice(11, 13)}:${sent.slice(13, 15)}Z`)
        const headers = { date: new Date(serverNow).toUTCString() }
        if (Math.abs(sentMs - serverNow) > 5 * 60_000) {
          return json(400, { __type: `${NS}InvalidSignatureException`, message: `Signature expired: ${sent} is now earlier than ${amzDate(serverNow - 300_000)}` }, headers)
        }
        return json(200, { Item: { pk: { S: 'a' } } }, headers)
      },
    ])
    const c = client(server)
    expect((await c.getItem(key)).Item).toBeDefined()
    expect(requests.length).toBe(2)
    expect((await c.getItem(key)).Item).toBeDefined() // the corrected clock sticks
    expect(requests.length).toBe(3)
    expect(seen[0]!.slice(0, 11)).not.toBe(seen[1]!.slice(0, 11))
  })

  test('an InvalidSignature with a correct clock is final', async () => {
    const { server, requests } = await scripted([json(400, { __type: `${NS}InvalidSignatureException`, message: 'The request signature we calculated does not match' }, { date: new Date().toUTCString() })])
    const error = await client(server).getItem(key).catch((e) => e)
    expect(error.code).toBe('InvalidSignatureException')
    expect(requests.length).toBe(1)
  })
})

describe('redirects and unusable bodies', () => {
  test('a 307 is an error: neither the body nor the session token reaches the other host', async () => {
    const elsewhere = await scripted([ok({})])
    const { server, requests } = await scripted([{ status: 307, headers: { location: `${elsewhere.server.url}/steal?token=abc` }, body: '' }])
    const error = await client(server).putItem({ TableName: 'tbl', Item: { pk: { S: 'secret' } } }).catch((e) => e)
    expect(error).toBeInstanceOf(RedirectError)
    expect(error.code).toBe('UnexpectedRedirect')
    expect(error.retryable).toBe(false)
    expect(error.statusCode).toBe(307)
    expect(error.operation).toBe('PutItem')
    expect(error.location).toBe(`${elsewhere.server.url}/steal`)
    expect(error.message).toContain('PutItem')
    expect(error.message).not.toContain('abc')
    expect(requests.length).toBe(1)
    expect(elsewhere.requests.length).toBe(0)
  })

  test('a 302 to a login page does not resolve a PutItem as success', async () => {
    const login = await scripted([{ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Sign in</html>' }])
    const { server } = await scripted([{ status: 302, headers: { location: `${login.server.url}/login` }, body: '' }])
    const error = await client(server).putItem({ TableName: 'tbl', Item: { pk: { S: 'a' } } }).catch((e) => e)
    expect(error).toBeInstanceOf(RedirectError)
    expect(error.statusCode).toBe(302)
    expect(login.requests.length).toBe(0)
  })

  const unusable: [string, RawReply][] = [
    ['an empty body', { status: 200, body: '' }],
    ['truncated JSON', { status: 200, body: '{"Item":{"pk":{"S":"a' }],
    ['an HTML page', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Service temporarily unavailable</body></html>' }],
    ['JSON that is not an object', { status: 200, body: 'null' }],
  ]
  for (const [what, reply] of unusable) {
    test(`a 200 with ${what} is a typed, retryable error naming the operation`, async () => {
      const { server, requests } = await scripted([reply])
      const error = await client(server).putItem({ TableName: 'tbl', Item: { pk: { S: 'a' } } }).catch((e) => e)
      expect(error).toBeInstanceOf(InvalidResponseError)
      expect(error.code).toBe('InvalidResponse')
      expect(error.retryable).toBe(true)
      expect(error.operation).toBe('PutItem')
      expect(error.message).toStartWith('PutItem: HTTP 200')
      expect(requests.length).toBe(3)
    })
  }

  test('an unusable 200 is retried, and the DocumentClient never reads it as a missing item', async () => {
    const { server, requests } = await scripted([{ status: 200, body: '' }, ok()])
    expect(await new DocumentClient(client(server)).get({ table: 'tbl', key: { pk: 'a' } })).toEqual({ pk: 'a' })
    expect(requests.length).toBe(2)
    const broken = await scripted([{ status: 200, body: '<html></html>' }])
    const error = await new DocumentClient(client(broken.server, { maxAttempts: 1 })).get({ table: 'tbl', key: { pk: 'a' } }).catch((e) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect(error.operation).toBe('GetItem')
  })

  test('{} stays a valid answer (PutItem without return values, GetItem of a missing item)', async () => {
    const { server } = await scripted([ok({})])
    expect(await client(server).getItem(key)).toEqual({})
  })
})

describe('wire format, logging and secrets', () => {
  test('sends signed JSON 1.0 requests; Streams use their own target prefix; raw binaries go as base64', async () => {
    const { server, requests } = await scripted([ok({})])
    const c = client(server)
    await c.putItem({ TableName: 'tbl', Item: { pk: { S: 'a' }, bin: { B: new Uint8Array([1, 2, 3]) } } })
    await c.getRecords({ ShardIterator: 'it' })
    expect(JSON.parse(requests[0]!.body).Item.bin).toEqual({ B: 'AQID' })
    expect(requests[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTHTTP\/\d{8}\/us-east-1\/dynamodb\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/)
    expect(requests[0]!.headers['x-amz-security-token']).toBe(credentials.sessionToken)
    expect(requests[1]!.headers['x-amz-target']).toBe('DynamoDBStreams_20120810.GetRecords')
    expect(requests[0]!.path).toBe('/')
  })

  test('non-JSON error bodies still give a typed error', async () => {
    const { server } = await scripted([{ status: 500, body: 'upstream exploded' }])
    const error = await client(server, { maxAttempts: 1 }).getItem(key).catch((e) => e)
    expect(error).toBeInstanceOf(InternalServerError)
    expect(error.statusCode).toBe(500)
    expect(error.retryable).toBe(true)
  })

  test('the logger sees requests, responses and retries with signatures and tokens redacted; inspect hides secrets', async () => {
    const { server } = await scripted([throttle(), ok()])
    const lines: string[] = []
    const c = client(server, { logger: { debug: (message, details) => lines.push(`${message} ${JSON.stringify(details)}`) } })
    await c.getItem(key)
    const log = lines.join('\n')
    expect(lines.filter((l) => l.startsWith('request ')).length).toBe(2)
    expect(lines.some((l) => l.startsWith('retrying ') && l.includes('ProvisionedThroughputExceededException'))).toBe(true)
    expect(log).toContain('Signature=[redacted]')
    for (const text of [log, Bun.inspect(c), JSON.stringify(c), String(c)]) {
      expect(text).not.toContain(credentials.secretAccessKey)
      expect(text).not.toContain(credentials.sessionToken)
    }
    expect(log).not.toMatch(/Signature=[0-9a-f]{64}/)
  })

  test('a closed client refuses new requests', async () => {
    const { server, requests } = await scripted([ok()])
    const c = client(server)
    c.close()
    const error = await c.getItem(key).catch((e) => e)
    expect(error.code).toBe('ClientClosed')
    expect(requests.length).toBe(0)
  })
})

describe('every operation', () => {
  test('each camelCase method posts its own x-amz-target with the input as JSON', async () => {
    const { DYNAMODB_OPERATIONS, STREAMS_OPERATIONS, methodName } = await import('../../src/dynamodb/operations.ts')
    const { server, requests } = await scripted([ok({ Done: true })])
    const c = client(server) as unknown as Record<string, (input: object) => Promise<unknown>>
    const all = [...DYNAMODB_OPERATIONS.map((op) => ['DynamoDB_20120810', op] as const), ...STREAMS_OPERATIONS.map((op) => ['DynamoDBStreams_20120810', op] as const)]
    for (const [prefix, op] of all) {
      const input = { Marker: op, ResourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/t' }
      expect(await c[methodName(op)]!(input)).toEqual({ Done: true })
      const last = requests.at(-1)!
      expect(last.headers['x-amz-target']).toBe(`${prefix}.${op}`)
      expect(JSON.parse(last.body)).toEqual(input)
    }
    expect(requests.length).toBe(61)
  })
})

describe('credentials', () => {
  test('a provider is called lazily, once for concurrent first requests, and again only near expiry', async () => {
    const { server, requests } = await scripted([ok()])
    let calls = 0
    let expiresInMs = 3600_000
    const provider = async () => {
      calls += 1
      await Bun.sleep(5)
      return { accessKeyId: `AKID${calls}`, secretAccessKey: 'provider-secret', expiration: new Date(Date.now() + expiresInMs) }
    }
    const c = new DynamoDBClient({ endpoint: server.url, region: 'us-east-1', credentials: provider, retry: fast })
    expect(calls).toBe(0)
    await Promise.all([c.getItem(key), c.getItem(key), c.getItem(key)])
    await c.getItem(key)
    expect(calls).toBe(1)
    expect(requests.every((r) => r.headers.authorization!.includes('Credential=AKID1/'))).toBe(true)

    expiresInMs = 30_000 // the next credentials are already inside the refresh window
    const fresh = new DynamoDBClient({ endpoint: server.url, region: 'us-east-1', credentials: provider, retry: fast })
    await fresh.getItem(key)
    await fresh.getItem(key)
    expect(calls).toBe(3)
    expect(requests.at(-1)!.headers.authorization).toContain('Credential=AKID3/')
  })

  test('a failing provider surfaces a typed error and sends nothing', async () => {
    const { server, requests } = await scripted([ok()])
    const c = new DynamoDBClient({ endpoint: server.url, region: 'us-east-1', credentials: async () => { throw new Error('no credentials configured') } })
    const error = await c.getItem(key).catch((e) => e)
    expect(error.code).toBe('CredentialsError')
    expect(error.message).toContain('GetItem')
    expect(requests.length).toBe(0)
  })
})

describe('injected fetch', () => {
  test('an in-process handler with the (request: Request) => Promise<Response> shape gets signed requests', async () => {
    const seen: Request[] = []
    const handler = async (request: Request) => {
      seen.push(request)
      const input = await request.json() as { TableName: string }
      if (seen.length === 1) return new Response(JSON.stringify({ __type: `${NS}ThrottlingException`, message: 'slow down' }), { status: 400 })
      return new Response(JSON.stringify({ TableNames: [input.TableName] }), { headers: { 'x-amzn-requestid': 'in-process' } })
    }
    const c = new DynamoDBClient({ endpoint: 'http://engine.local', region: 'eu-west-1', credentials, fetch: handler, retry: fast })
    const out = await c.send('ListTables', { TableName: 'from-handler' } as never)
    expect(out).toEqual({ TableNames: ['from-handler'] })
    expect(seen.length).toBe(2)
    expect(seen[1]!.method).toBe('POST')
    expect(seen[1]!.url).toBe('http://engine.local/')
    expect(seen[1]!.headers.get('x-amz-target')).toBe('DynamoDB_20120810.ListTables')
    expect(seen[1]!.headers.get('authorization')).toContain('/eu-west-1/dynamodb/aws4_request')
  })
})
