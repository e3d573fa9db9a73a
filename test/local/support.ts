/**
 * Sends the same raw JSON request to DynamoDB Local and to the embedded engine and normalizes
 * the answers (timestamps, stream labels, attribute order, Scan order) so they can be compared.
 */
import { dynamodbLocal } from '../support/dynamodb-local.ts'
import { asDynamoDB } from './dynamodb-local-quirks.ts'
import { startLocal, type LocalServer } from '../../src/local/server.ts'

const AUTH = 'AWS4-HMAC-SHA256 Credential=x/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0'
const STREAM_OPS = new Set(['ListStreams', 'DescribeStream', 'GetShardIterator', 'GetRecords'])

export interface Answer {
  status: number
  body: Record<string, unknown>
  headers: Headers
}

export async function call(endpoint: string, operation: string, input: unknown): Promise<Answer> {
  const prefix = STREAM_OPS.has(operation) ? 'DynamoDBStreams_20120810' : 'DynamoDB_20120810'
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `${prefix}.${operation}`, authorization: AUTH },
    body: JSON.stringify(input),
  })
  const text = await res.text()
  // DynamoDB Local's answers in DynamoDB's form (a no-op on the engine's, which are already).
  return { status: res.status, body: text ? asDynamoDB(JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers }
}

const VOLATILE = new Set(['IndexSizeBytes', 'CreationDateTime', 'LastUpdateToPayPerRequestDateTime', 'LastIncreaseDateTime', 'LastDecreaseDateTime', 'LatestStreamLabel', 'LatestStreamArn', 'ApproximateCreationDateTime'])

/** Recursively sorts object keys and drops fields that differ by time of creation. */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize)
  if (value && typeof value === 'object') {
    // No prototype: `__proto__` is an ordinary attribute name and must survive normalization.
    const out: Record<string, unknown> = Object.create(null)
    for (const key of Object.keys(value).sort()) {
      if (VOLATILE.has(key)) continue
      out[key] = normalize((value as Record<string, unknown>)[key])
      // DynamoDB Local returns attribute definitions in hash order after UpdateTable.
      if (key === 'AttributeDefinitions' && Array.isArray(out[key])) out[key] = (out[key] as { AttributeName: string }[]).toSorted((a, b) => (a.AttributeName < b.AttributeName ? -1 : 1))
    }
    return out
  }
  return value
}

/** Scan order is unspecified: compare Items as a sorted multiset. */
export function normalizeUnordered(answer: Answer): unknown {
  const body = normalize(answer.body) as Record<string, unknown>
  if (Array.isArray(body.Items)) body.Items = (body.Items as unknown[]).map((i) => JSON.stringify(i)).sort()
  delete body.LastEvaluatedKey
  return { status: answer.status, body }
}

let engine: Promise<LocalServer> | undefined
/**
 * One engine shared by the requests of a test file. Files share this module in one `bun test`
 * process, so stopping forgets it: the next file that asks gets a fresh engine, not a stopped one.
 */
export function engineServer(): Promise<LocalServer> {
  engine ??= startLocal({ port: 0, inMemory: true }).then((server) => ({
    ...server,
    async stop() {
      engine = undefined
      await server.stop()
    },
  }))
  return engine
}

export interface Pair {
  ours: Answer
  theirs: Answer
}

/** Runs one request on both servers. */
export async function both(operation: string, input: unknown): Promise<Pair> {
  const [local, ours] = await Promise.all([dynamodbLocal(), engineServer()])
  const [theirsAnswer, oursAnswer] = await Promise.all([call(local.endpoint, operation, input), call(ours.endpoint, operation, input)])
  return { ours: oursAnswer, theirs: theirsAnswer }
}

export function comparable(answer: Answer): unknown {
  return { status: answer.status, body: normalize(answer.body) }
}
