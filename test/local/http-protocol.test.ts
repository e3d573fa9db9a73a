/**
 * The engine's HTTP layer as DynamoDB's: request ids, the health check, the authentication
 * token check (and `authCheck: false`), JSON errors as SerializationException, the 16 MB limit.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { endpointAnswers } from '../../src/local/ping.ts'
import { startLocal } from '../../src/local/server.ts'

const server = await startLocal({ port: 0, inMemory: true })
const open = await startLocal({ port: 0, inMemory: true, authCheck: false })

afterAll(async () => {
  await server.stop()
  await open.stop()
})

const AUTH = 'AWS4-HMAC-SHA256 Credential=x/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0'

function post(endpoint: string, body: string | ReadableStream, headers: Record<string, string> = {}) {
  return fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', authorization: AUTH, ...headers }, body })
}

describe('HTTP layer', () => {
  test('GET / answers the health check with 200', async () => {
    const res = await fetch(`${server.endpoint}/`)
    expect(res.status).toBe(200)
    expect(await res.text()).toStartWith('healthy: ')
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[A-Z0-9]{52}$/)
  })

  test('an unsigned request is MissingAuthenticationTokenException; authCheck: false lets it through', async () => {
    const unsigned = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }
    const refused = await fetch(server.endpoint, { method: 'POST', headers: unsigned, body: '{}' })
    expect(refused.status).toBe(400)
    expect(await refused.json()).toEqual({ __type: 'com.amazon.coral.service#MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' })
    const accepted = await fetch(open.endpoint, { method: 'POST', headers: unsigned, body: '{}' })
    expect(accepted.status).toBe(200)
  })

  test('our client and the readiness probe sign, so they pass the check', async () => {
    expect(await endpointAnswers(server.endpoint)).toBe(true)
    const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } })
    expect(await client.listTables({})).toEqual({ TableNames: [] })
    client.close()
  })

  test('malformed JSON and members of the wrong JSON type are SerializationException (400); null members are ignored', async () => {
    const malformed = await post(server.endpoint, '{"Limit": ')
    expect(malformed.status).toBe(400)
    expect(((await malformed.json()) as { __type: string }).__type).toBe('com.amazon.coral.service#SerializationException')
    const notAMap = await post(server.endpoint, JSON.stringify({ RequestItems: [1] }), { 'x-amz-target': 'DynamoDB_20120810.BatchGetItem' })
    expect(notAMap.status).toBe(400)
    expect(await notAMap.json()).toEqual({ __type: 'com.amazon.coral.service#SerializationException', message: 'Start of list found where not expected: RequestItems must be a map' })
    const numberForString = await post(server.endpoint, JSON.stringify({ TableName: 5 }), { 'x-amz-target': 'DynamoDB_20120810.DescribeTable' })
    expect(((await numberForString.json()) as { __type: string }).__type).toBe('com.amazon.coral.service#SerializationException')
    const nullLimit = await post(server.endpoint, JSON.stringify({ Limit: null }))
    expect(nullLimit.status).toBe(200)
  })

  test('a body over 16 MB is refused with 413 before it is read', async () => {
    const big = 'x'.repeat(16 * 1024 * 1024 + 1)
    const res = await post(server.endpoint, big)
    expect(res.status).toBe(413)
    // Streamed without a Content-Length, the server cuts it off at the limit too.
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 17; i++) controller.enqueue(new Uint8Array(1024 * 1024))
        controller.close()
      },
    })
    const streamed = await post(server.endpoint, chunks).catch(() => undefined)
    expect(streamed === undefined || streamed.status === 413).toBe(true)
    // The server keeps answering afterwards.
    expect((await post(server.endpoint, '{}')).status).toBe(200)
  })
})
