/**
 * Compile-time checks, run by `tsc --noEmit` (tsconfig includes test/): every `@ts-expect-error`
 * below must be an error, or tsc fails with "Unused '@ts-expect-error' directive". Never executed.
 */
// The sources of dbtooling/document (package.json's types condition points at generated declarations).
import { DocumentClient, DynamoDBClient, type ClientHook } from '../../src/entries/document.ts'

export async function sendIsTypedByOperation(client: DynamoDBClient): Promise<void> {
  const { Table } = await client.send('DescribeTable', { TableName: 'users' })
  const status: string | undefined = Table?.TableStatus
  void status
  // @ts-expect-error: a misspelt input field
  await client.send('DescribeTable', { TableNam: 'users' })
  // @ts-expect-error: a required field missing
  await client.send('GetItem', { Key: { pk: { S: 'a' } } })
  // @ts-expect-error: an operation that does not exist
  await client.send('DescribeTabel', { TableName: 'users' })
  // @ts-expect-error: the output is the operation's own (GetItem has no Items)
  void (await client.send('GetItem', { TableName: 'users', Key: { pk: { S: 'a' } } })).Items
  // @ts-expect-error: a wire value must be an AttributeValue, not a plain string
  await client.putItem({ TableName: 'users', Item: { pk: 'a' } })
}

export const typedHook: ClientHook = {
  beforeSend(ctx) {
    if (ctx.operation === 'Query') {
      const expression: string | undefined = ctx.input.KeyConditionExpression
      void expression
    }
    // @ts-expect-error: the operation of a request is fixed
    ctx.operation = 'Scan'
  },
  afterReceive(ctx) {
    if (ctx.operation === 'GetItem') void ctx.output?.Item
    // @ts-expect-error: narrowed to GetItem, the output has no Items
    if (ctx.operation === 'GetItem') void ctx.output?.Items
  },
}

export function documentClientTakesClientOptions(): DocumentClient {
  return new DocumentClient({ endpoint: 'local', local: { inMemory: true }, hooks: [typedHook] })
}
