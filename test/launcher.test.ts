import { describe, expect, test } from 'bun:test'
import { dynamodbLocal, dynamodbLocalAvailable } from './support/dynamodb-local.ts'

describe.skipIf(!dynamodbLocalAvailable)('DynamoDB Local launcher', () => {
  test('starts the official emulator on a loopback port that answers ListTables', async () => {
    const local = await dynamodbLocal()
    expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(local.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization: 'AWS4-HMAC-SHA256 Credential=x/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toHaveProperty('TableNames')
  })
})
