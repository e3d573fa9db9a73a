import { expect, test } from 'bun:test'
import { BatchWriteError } from '../../src/dynamodb/document-errors.ts'
import { scenario } from './harness.ts'

scenario('batches: batchGet and batchWrite', ctx => {
  let table: string

  test('setup', async () => {
    table = await ctx.createTable()
  })

  test('batchWrite splits 260 puts into 25-item requests and reports progress', async () => {
    const progress: number[] = []
    const writes = Array.from({ length: 260 }, (_, i) => ({ table, put: { pk: `B#${i % 7}`, sk: `S#${i}`, i } }))
    const out = await ctx.doc.batchWrite(writes, { onProgress: p => progress.push(p.written) })
    expect(out.written).toBe(260)
    expect(progress.length).toBe(11)
    expect(progress.at(-1)).toBe(260)
  })

  test('batchGet returns 250 items in request order, missing ones as undefined, duplicates folded', async () => {
    const keys = Array.from({ length: 250 }, (_, i) => ({ table, key: { pk: `B#${i % 7}`, sk: `S#${i}` } }))
    keys.splice(3, 0, { table, key: { pk: 'B#0', sk: 'S#missing' } })
    keys.push({ table, key: { pk: 'B#0', sk: 'S#0' } })
    const items = await ctx.doc.batchGet(keys)
    expect(items.length).toBe(252)
    expect(items[3]).toBeUndefined()
    expect(items[0]?.i).toBe(0)
    expect(items[4]?.i).toBe(3)
    expect(items[251]?.i).toBe(0)
    expect(items.filter(i => i === undefined).length).toBe(1)
    expect(items.slice(4, 251).map(i => i?.i)).toEqual(Array.from({ length: 247 }, (_, i) => i + 3))
  })

  test('batchWrite deletes', async () => {
    await ctx.doc.batchWrite(Array.from({ length: 30 }, (_, i) => ({ table, delete: { pk: `B#${i % 7}`, sk: `S#${i}` } })))
    const left = await ctx.doc.batchGet(Array.from({ length: 40 }, (_, i) => ({ table, key: { pk: `B#${i % 7}`, sk: `S#${i}` } })))
    expect(left.filter(Boolean).length).toBe(10)
  })

  test('batchWrite and transactWrite take the same actions: { put: { table, item } }, { delete: { table, key } }', async () => {
    const actions = [
      { put: { table, item: { pk: 'SAME', sk: '1', v: 1 } } },
      { put: { table, item: { pk: 'SAME', sk: '2', v: 2 } } },
      { delete: { table, key: { pk: 'SAME', sk: '3' } } },
    ]
    await ctx.doc.put({ table, item: { pk: 'SAME', sk: '3' } })
    expect((await ctx.doc.batchWrite(actions)).written).toBe(3)
    expect(await ctx.doc.batchGet([1, 2, 3].map(i => ({ table, key: { pk: 'SAME', sk: String(i) } })))).toEqual([{ pk: 'SAME', sk: '1', v: 1 }, { pk: 'SAME', sk: '2', v: 2 }, undefined])
    await ctx.doc.put({ table, item: { pk: 'SAME', sk: '3' } })
    await ctx.doc.batchWrite([{ delete: { table, key: { pk: 'SAME', sk: '1' } } }, { delete: { table, key: { pk: 'SAME', sk: '2' } } }])
    await ctx.doc.transactWrite(actions)
    expect(await ctx.doc.batchGet([1, 2, 3].map(i => ({ table, key: { pk: 'SAME', sk: String(i) } })))).toEqual([{ pk: 'SAME', sk: '1', v: 1 }, { pk: 'SAME', sk: '2', v: 2 }, undefined])
  })

  test('two writes to one key in a batch are refused before sending', async () => {
    const error = await ctx.doc.batchWrite([
      { table, put: { pk: 'D', sk: '1', v: 1 } },
      { table, put: { pk: 'D', sk: '1', v: 2 } },
    ]).catch(e => e)
    expect(error.code).toBe('DuplicateKey')
    expect(error.message).toContain('writes 0 and 1')
    expect(await ctx.doc.get({ table, key: { pk: 'D', sk: '1' } })).toBeUndefined()
  })

  test('a write that DynamoDB rejects is reported with every write that did not happen', async () => {
    const writes = [
      ...Array.from({ length: 25 }, (_, i) => ({ table, put: { pk: 'E', sk: `ok${i}` } })),
      { table, put: { pk: 'E', sk: '' } }, // empty string key: DynamoDB rejects the request
      ...Array.from({ length: 3 }, (_, i) => ({ table, put: { pk: 'E', sk: `late${i}` } })),
    ]
    const error = await ctx.doc.batchWrite(writes, { concurrency: 1 }).catch(e => e)
    expect(error).toBeInstanceOf(BatchWriteError)
    expect(error.written).toBe(25)
    expect(error.unprocessed.length).toBe(4)
    expect(error.unprocessed[0].put.sk).toBe('')
  })
})
