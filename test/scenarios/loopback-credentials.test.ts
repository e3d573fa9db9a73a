/**
 * A library client pointed at an emulator on this machine needs no AWS credentials (as the CLI),
 * and still signs with the user's own when there are some: DynamoDB Local keeps tables per key.
 */
import { expect, test } from 'bun:test'
import { isLoopbackEndpoint } from '../../src/aws/credentials/emulator.ts'
import { CredentialsProviderError } from '../../src/aws/credentials/error.ts'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { isolatedEnv, tempFiles } from '../aws/credentials/helpers.ts'
import type { OperationInput } from '../../src/dynamodb/types/index.ts'
import { testCredentials, uniqueTableName } from '../support/targets.ts'
import { createTableInput, scenario } from './harness.ts'

scenario('loopback endpoints without AWS credentials', ctx => {
  test('a client with no credentials anywhere writes and reads through the loopback endpoint', async () => {
    const env = isolatedEnv(await tempFiles())
    const client = new DynamoDBClient({ endpoint: ctx.endpoint, env })
    const table = uniqueTableName('nocreds')
    await client.createTable(createTableInput(table, {}) as unknown as OperationInput<'CreateTable'>)
    try {
      await client.putItem({ TableName: table, Item: { pk: { S: 'a' }, sk: { S: 'b' } } })
      expect((await client.getItem({ TableName: table, Key: { pk: { S: 'a' }, sk: { S: 'b' } } })).Item).toEqual({ pk: { S: 'a' }, sk: { S: 'b' } })
    } finally {
      await client.deleteTable({ TableName: table })
      client.close()
    }
  })

  test("the user's own credentials are used when there are some, so the tables are the same as other tools see", async () => {
    const table = await ctx.createTable()
    const env = isolatedEnv(await tempFiles(), { AWS_ACCESS_KEY_ID: testCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey })
    const client = new DynamoDBClient({ endpoint: ctx.endpoint, env })
    await client.putItem({ TableName: table, Item: { pk: { S: 'own' }, sk: { S: 'keys' } } })
    expect(await ctx.doc.get({ table, key: { pk: 'own', sk: 'keys' } })).toEqual({ pk: 'own', sk: 'keys' })
    client.close()
  })

  test('an explicit profile that does not exist is still an error', async () => {
    const env = isolatedEnv(await tempFiles())
    const error = await new DynamoDBClient({ endpoint: ctx.endpoint, env, profile: 'nope' }).listTables({}).catch(e => e)
    expect(error).toBeInstanceOf(CredentialsProviderError)
    expect(error.message).toContain('nope')
  })
})

test('a non-loopback endpoint without credentials still fails with the chain error, before sending', async () => {
  const env = isolatedEnv(await tempFiles())
  const error = await new DynamoDBClient({ endpoint: 'http://dynamodb.invalid:8000', env }).listTables({}).catch(e => e)
  expect(error).toBeInstanceOf(CredentialsProviderError)
  expect(error.message).toContain('No AWS credentials found')
})

test('loopback means localhost, 127.0.0.0/8 and ::1, nothing that only looks like it', () => {
  for (const url of ['http://localhost:8000', 'http://127.0.0.1:8000', 'http://127.4.5.6', 'http://[::1]:8000/', 'https://db.localhost']) expect(isLoopbackEndpoint(url)).toBe(true)
  for (const url of ['http://127.example.com', 'http://10.0.0.1', 'https://dynamodb.us-east-1.amazonaws.com', 'notaurl', 'http://[::2]']) expect(isLoopbackEndpoint(url)).toBe(false)
})
