import { expect, test } from 'bun:test'
import { TransactionFailedError } from '../../src/dynamodb/document-errors.ts'
import { attr, cond, plus, update } from '../../src/index.ts'
import { scenario } from './harness.ts'

scenario('transactions', ctx => {
  let table: string

  test('setup', async () => {
    table = await ctx.createTable()
    await ctx.doc.put({ table, item: { pk: 'ACC#1', sk: 'A', balance: 100 } })
    await ctx.doc.put({ table, item: { pk: 'ACC#2', sk: 'A', balance: 0 } })
  })

  test('a transfer applies every action', async () => {
    await ctx.doc.transactWrite([
      { update: { table, key: { pk: 'ACC#1', sk: 'A' }, update: update().set('balance', plus(attr('balance'), -30)) } },
      { update: { table, key: { pk: 'ACC#2', sk: 'A' }, update: update().set('balance', plus(attr('balance'), 30)) } },
      { put: { table, item: { pk: 'LOG#1', sk: 'A', amount: 30 }, condition: cond.attributeNotExists('pk') } },
    ])
    const [a, b, log] = await ctx.doc.transactGet([
      { table, key: { pk: 'ACC#1', sk: 'A' } },
      { table, key: { pk: 'ACC#2', sk: 'A' }, projection: ['balance'] },
      { table, key: { pk: 'LOG#1', sk: 'A' } },
    ])
    expect(a?.balance).toBe(70)
    expect(b).toEqual({ balance: 30 })
    expect(log?.amount).toBe(30)
  })

  test('when the third action fails, nothing is written and the reason is on the third action', async () => {
    const error = await ctx.doc.transactWrite([
      { update: { table, key: { pk: 'ACC#1', sk: 'A' }, update: update().set('balance', plus(attr('balance'), -10)) } },
      { update: { table, key: { pk: 'ACC#2', sk: 'A' }, update: update().set('balance', plus(attr('balance'), 10)) } },
      { conditionCheck: { table, key: { pk: 'LOG#1', sk: 'A' }, condition: cond.eq('amount', 999), returnValuesOnConditionCheckFailure: 'ALL_OLD' } },
    ]).catch(e => e)
    expect(error).toBeInstanceOf(TransactionFailedError)
    expect(error.reasons.map((r: { code: string }) => r.code)).toEqual(['None', 'None', 'ConditionalCheckFailed'])
    expect(error.failed).toHaveLength(1)
    expect(error.failed[0]).toMatchObject({ index: 2, action: 'conditionCheck', table, key: { pk: 'LOG#1', sk: 'A' } })
    expect(error.failed[0].item).toEqual({ pk: 'LOG#1', sk: 'A', amount: 30 })
    expect(error.message).toContain('action 2')
    const a = await ctx.doc.get({ table, key: { pk: 'ACC#1', sk: 'A' } })
    expect(a?.balance).toBe(70)
  })

  test('the same ClientRequestToken applies a transaction once', async () => {
    const actions = [{ update: { table, key: { pk: 'ACC#2', sk: 'A' }, update: update().set('balance', plus(attr('balance'), 5)) } }]
    await ctx.doc.transactWrite(actions, { clientRequestToken: 'token-1' })
    await ctx.doc.transactWrite(actions, { clientRequestToken: 'token-1' })
    expect((await ctx.doc.get({ table, key: { pk: 'ACC#2', sk: 'A' } }))?.balance).toBe(35)
  })

  test('limits are checked before sending', async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ put: { table, item: { pk: `X#${i}`, sk: 'A' } } }))
    await expect(ctx.doc.transactWrite(many)).rejects.toThrow(/at most 100/)
    const twice = [
      { update: { table, key: { pk: 'ACC#1', sk: 'A' }, update: update().set('x', 1) } },
      { delete: { table, key: { pk: 'ACC#1', sk: 'A' } } },
    ]
    await expect(ctx.doc.transactWrite(twice)).rejects.toThrow(/same item/)
  })
})

scenario('PartiQL', ctx => {
  let table: string
  test('insert, select with parameters, update, delete, transaction', async () => {
    table = await ctx.createTable()
    await ctx.doc.executeStatement({ statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'n': ?}`, parameters: ['P#1', 'A', 1] })
    await ctx.doc.executeStatement({ statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'n': ?}`, parameters: ['P#1', 'B', 2] })
    const page = await ctx.doc.executeStatement({ statement: `SELECT * FROM "${table}" WHERE pk = ?`, parameters: ['P#1'] })
    expect(page.items.map(i => i.n).sort()).toEqual([1, 2])
    await ctx.doc.executeStatement({ statement: `UPDATE "${table}" SET n = ? WHERE pk = ? AND sk = ?`, parameters: [10, 'P#1', 'A'] })
    expect((await ctx.doc.get({ table, key: { pk: 'P#1', sk: 'A' } }))?.n).toBe(10)
    const results = await ctx.doc.batchExecuteStatement([
      { statement: `SELECT * FROM "${table}" WHERE pk = ? AND sk = ?`, parameters: ['P#1', 'B'] },
      { statement: `SELECT * FROM "${table}" WHERE pk = ? AND sk = ?`, parameters: ['P#1', 'Z'] },
    ])
    expect(results[0]?.item?.n).toBe(2)
    expect(results[1]?.item).toBeUndefined()
    await ctx.doc.executeTransaction([
      { statement: `DELETE FROM "${table}" WHERE pk = ? AND sk = ?`, parameters: ['P#1', 'A'] },
      { statement: `UPDATE "${table}" SET n = ? WHERE pk = ? AND sk = ?`, parameters: [20, 'P#1', 'B'] },
    ])
    expect(await ctx.doc.get({ table, key: { pk: 'P#1', sk: 'A' } })).toBeUndefined()
    expect((await ctx.doc.get({ table, key: { pk: 'P#1', sk: 'B' } }))?.n).toBe(20)
  })
})
