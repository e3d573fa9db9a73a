/**
 * batchWrite and transactWrite read their actions with one reader: a wrong shape is refused before
 * anything is sent (the client points at a closed port), with an error naming the field.
 */
import { describe, expect, test } from 'bun:test'
import { DocumentError } from '../../src/dynamodb/document-errors.ts'
import { DocumentClient } from '../../src/dynamodb/document.ts'

const doc = new DocumentClient({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 })

async function refusal(run: () => Promise<unknown>): Promise<DocumentError> {
  const error = (await run().catch(e => e)) as DocumentError
  expect(error).toBeInstanceOf(DocumentError)
  expect(error.code).toBe('InvalidWriteAction')
  return error
}

const wrong: [string, unknown, RegExp][] = [
  ['the wire shape', { PutRequest: { Item: { pk: 'a' } } }, /write 0 has 'PutRequest', which is not an action \(did you mean put\?\): expected \{ put: \{ table, item \} \} or \{ delete: \{ table, key \} \}/],
  ['a missing table', { put: { item: { pk: 'a' } } }, /write 0: put\.table is missing: expected \{ put: \{ table, item \} \}/],
  ['a wire field name', { put: { table: 't', Item: { pk: 'a' } } }, /write 0: put\.Item is not a field of put \(did you mean item\?\)/],
  ['a missing key', { delete: { table: 't' } }, /write 0: delete\.key is missing/],
  ['a non-string table', { put: { table: 7, item: {} } }, /put\.table must be a table name, got number 7/],
  ['an item that is not an object', { put: { table: 't', item: 'x' } }, /put\.item must be an object of attributes, got the string "x"/],
  ['two actions in one', { put: { table: 't', item: {} }, delete: { table: 't', key: {} } }, /write 0 has put and delete; give exactly one/],
  ['null', null, /write 0: expected an object like \{ put: \{ table, item \} \}/],
  ['the flat shape without put or delete', { table: 't' }, /write 0 is empty/],
]

describe('batchWrite', () => {
  for (const [what, write, message] of wrong) {
    test(`refuses ${what} before sending, naming the field`, async () => {
      const error = await refusal(() => doc.batchWrite([write as never]))
      expect(error.message).toMatch(message)
    })
  }

  test('refuses update and conditions: BatchWriteItem has neither', async () => {
    expect((await refusal(() => doc.batchWrite([{ update: { table: 't', key: {}, update: {} } } as never]))).message).toContain('write 0: update is not possible here (only put and delete); use transactWrite')
    expect((await refusal(() => doc.batchWrite([{ put: { table: 't', item: {}, condition: {} } } as never]))).message).toContain('put.condition: BatchWriteItem takes no conditions; use transactWrite')
  })

  test('names the position of the bad write', async () => {
    const error = await refusal(() => doc.batchWrite([{ put: { table: 't', item: { pk: 'a' } } }, { put: { table: 't', item: { pk: 'b' } } }, { Put: {} } as never]))
    expect(error.message).toStartWith('batchWrite write 2 ')
  })
})

describe('transactWrite', () => {
  test('refuses the wire shape, naming the action and the field', async () => {
    const error = await refusal(() => doc.transactWrite([{ put: { table: 't', item: { pk: 'a' } } }, { Put: { TableName: 't', Item: {} } } as never]))
    expect(error.message).toStartWith("transactWrite action 1 has 'Put', which is not an action (did you mean put?): expected { put: { table, item } } or { update: { table, key, update } }")
    expect((await refusal(() => doc.transactWrite([{ update: { table: 't', key: { pk: 'a' } } } as never]))).message).toContain('action 0: update.update is missing')
    expect((await refusal(() => doc.transactWrite([{ conditionCheck: { table: 't', key: { pk: 'a' } } } as never]))).message).toContain('action 0: conditionCheck.condition is missing')
    expect((await refusal(() => doc.transactWrite([{ delete: { TableName: 't', key: { pk: 'a' } } } as never]))).message).toContain('delete.TableName is not a field of delete (did you mean table?)')
  })
})
