import { expect, test } from 'bun:test'
import { ConditionFailedError } from '../../src/dynamodb/document.ts'
import { attr, cond, ifNotExists, listAppend, plus, update } from '../../src/index.ts'
import { NumberValue } from '../../src/dynamodb/marshall.ts'
import { scenario } from './harness.ts'

scenario('items: get, put, update, delete', ctx => {
  let table: string
  test('setup', async () => {
    table = await ctx.createTable()
  })

  test('put then get returns the same plain object; a missing key is undefined', async () => {
    const item = { pk: 'U#1', sk: 'PROFILE', name: 'Ada', age: 36, tags: new Set(['a', 'b']), nested: { list: [1, 'two', { three: true }], nil: null } }
    await ctx.doc.put({ table, item })
    expect(await ctx.doc.get({ table, key: { pk: 'U#1', sk: 'PROFILE' } })).toEqual(item)
    expect(await ctx.doc.get({ table, key: { pk: 'U#1', sk: 'NOPE' } })).toBeUndefined()
  })

  test('projection returns only the named (nested) paths', async () => {
    const got = await ctx.doc.get({ table, key: { pk: 'U#1', sk: 'PROFILE' }, projection: ['name', 'nested.list[1]'] })
    expect(got).toEqual({ name: 'Ada', nested: { list: ['two'] } })
  })

  test('conditional put fails with the stored item when asked for it', async () => {
    const error = await ctx.doc.put({
      table,
      item: { pk: 'U#1', sk: 'PROFILE', name: 'Imposter' },
      condition: cond.attributeNotExists('pk'),
      returnValuesOnConditionCheckFailure: 'ALL_OLD',
    }).catch(e => e)
    expect(error).toBeInstanceOf(ConditionFailedError)
    expect(error.code).toBe('ConditionalCheckFailedException')
    expect(error.item?.name).toBe('Ada')
    expect((await ctx.doc.get({ table, key: { pk: 'U#1', sk: 'PROFILE' } }))?.name).toBe('Ada')
  })

  test('put with ReturnValues ALL_OLD returns the replaced item', async () => {
    await ctx.doc.put({ table, item: { pk: 'U#2', sk: 'A', v: 1 } })
    const out = await ctx.doc.put({ table, item: { pk: 'U#2', sk: 'A', v: 2 }, returnValues: 'ALL_OLD' })
    expect(out.attributes).toEqual({ pk: 'U#2', sk: 'A', v: 1 })
  })

  test('update: arithmetic, if_not_exists, list_append, remove, add, delete; ALL_NEW', async () => {
    await ctx.doc.put({ table, item: { pk: 'U#3', sk: 'A', count: 1, list: [1], gone: 'x', set: new Set(['a', 'b', 'c']) } })
    const out = await ctx.doc.update({
      table,
      key: { pk: 'U#3', sk: 'A' },
      update: update()
        .set('count', plus(attr('count'), 4))
        .set('created', ifNotExists('created', 'now'))
        .set('list', listAppend(attr('list'), [2, 3]))
        .remove('gone')
        .add('visits', 10)
        .delete('set', new Set(['b'])),
      condition: cond.gt('count', 0),
      returnValues: 'ALL_NEW',
    })
    expect(out.attributes).toEqual({ pk: 'U#3', sk: 'A', count: 5, created: 'now', list: [1, 2, 3], visits: 10, set: new Set(['a', 'c']) })
  })

  test('update with a failing condition changes nothing', async () => {
    const error = await ctx.doc.update({ table, key: { pk: 'U#3', sk: 'A' }, update: update().set('count', 0), condition: cond.eq('count', 999) }).catch(e => e)
    expect(error).toBeInstanceOf(ConditionFailedError)
    expect((await ctx.doc.get({ table, key: { pk: 'U#3', sk: 'A' } }))?.count).toBe(5)
  })

  test('delete with condition and ALL_OLD', async () => {
    const out = await ctx.doc.delete({ table, key: { pk: 'U#2', sk: 'A' }, condition: cond.attributeExists('v'), returnValues: 'ALL_OLD' })
    expect(out.attributes?.v).toBe(2)
    expect(await ctx.doc.get({ table, key: { pk: 'U#2', sk: 'A' } })).toBeUndefined()
  })

  test('38-digit numbers, binaries and sets survive unchanged', async () => {
    const big = NumberValue.from('12345678901234567890123456789012345678')
    const bytes = new Uint8Array([0, 1, 2, 254, 255])
    const item = { pk: 'U#4', sk: 'A', big, bytes, bins: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]), nums: new Set([1, 2.5, -3]) }
    await ctx.doc.put({ table, item })
    const got = await ctx.doc.get({ table, key: { pk: 'U#4', sk: 'A' } })
    expect(String(got?.big)).toBe('12345678901234567890123456789012345678')
    expect(got?.bytes).toEqual(bytes)
    expect(got?.nums).toEqual(new Set([1, 2.5, -3]))
    expect([...(got?.bins as Set<Uint8Array>)].map(b => [...b]).sort()).toEqual([[1], [2, 3]])
  })

  test('an item over 400 KB is refused before sending, naming its key', async () => {
    const error = await ctx.doc.put({ table, item: { pk: 'U#5', sk: 'BIG', blob: 'x'.repeat(410_000) } }).catch(e => e)
    expect(error.code).toBe('ItemTooLarge')
    expect(error.message).toContain('U#5')
    expect(await ctx.doc.get({ table, key: { pk: 'U#5', sk: 'BIG' } })).toBeUndefined()
  })
})
