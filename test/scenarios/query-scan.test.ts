import { expect, test } from 'bun:test'
import { cond } from '../../src/index.ts'
import { scenario } from './harness.ts'

const pad = (n: number) => String(n).padStart(5, '0')

scenario('query and scan: paging, cursors, count, order, indexes', ctx => {
  let table: string
  const N = 2500

  test('setup: 2,500 items in one partition, some in another', async () => {
    table = await ctx.createTable({ gsis: [{ name: 'byStatus', partitionKey: { name: 'status' }, sortKey: { name: 'n', type: 'N' } }] })
    const writes = Array.from({ length: N }, (_, i) => ({ table, put: { pk: 'P', sk: `I#${pad(i)}`, n: i, status: i % 5 === 0 ? 'hot' : 'cold', body: 'x'.repeat(200) } }))
    writes.push(...Array.from({ length: 10 }, (_, i) => ({ table, put: { pk: 'Q', sk: `I#${pad(i)}`, n: i, status: 'other', body: '' } })))
    expect((await ctx.doc.batchWrite(writes)).written).toBe(N + 10)
  })

  test('2,500 items paged by cursors: none missing, none repeated, in order', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    let pagesRead = 0
    do {
      const page = await ctx.doc.query({ table, key: { pk: 'P' }, limit: 300, projection: ['sk'] }, { cursor })
      seen.push(...page.items.map(i => i.sk as string))
      cursor = page.cursor
      pagesRead++
    } while (cursor)
    expect(pagesRead).toBeGreaterThanOrEqual(9)
    expect(seen.length).toBe(N)
    expect(new Set(seen).size).toBe(N)
    expect(seen).toEqual([...seen].sort())
  })

  test('a tampered cursor is refused before sending', async () => {
    const page = await ctx.doc.query({ table, key: { pk: 'P' }, limit: 2 })
    const bad = page.cursor!.replace(/^./, c => (c === 'A' ? 'B' : 'A'))
    await expect(ctx.doc.query({ table, key: { pk: 'P' } }, { cursor: bad })).rejects.toThrow(/cursor/)
  })

  test('queryPages and queryAll agree; descending order; sort-key conditions', async () => {
    let count = 0
    for await (const page of ctx.doc.queryPages({ table, key: { pk: 'P' }, limit: 1000 })) count += page.items.length
    expect(count).toBe(N)
    const desc = await ctx.doc.queryAll({ table, key: { pk: 'P', sk: { beginsWith: 'I#001' } }, descending: true })
    expect(desc.map(i => i.n)).toEqual(Array.from({ length: 100 }, (_, i) => 199 - i))
    const range = await ctx.doc.queryAll({ table, key: { pk: 'P', sk: { between: ['I#00010', 'I#00019'] } } })
    expect(range.map(i => i.n)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
  })

  test('filters apply after the key condition; count across pages', async () => {
    const hot = await ctx.doc.queryAll({ table, key: { pk: 'P' }, filter: cond.and(cond.eq('status', 'hot'), cond.gt('n', 2000)) })
    expect(hot.length).toBe(99)
    expect(await ctx.doc.queryCount({ table, key: { pk: 'P' }, filter: cond.eq('status', 'hot'), limit: 400 })).toBe(500)
    expect(await ctx.doc.queryCount({ table, key: { pk: 'P', sk: { beginsWith: 'I#0' } } })).toBe(N)
  })

  test('maxItems stops paging once reached', async () => {
    const some = await ctx.doc.queryAll({ table, key: { pk: 'P' }, limit: 7 }, { maxItems: 20 })
    expect(some.length).toBe(20)
  })

  test('a GSI query orders by the index sort key', async () => {
    const items = await ctx.doc.queryAll({ table, index: 'byStatus', key: { status: 'hot', n: { ge: 2400 } } })
    expect(items.map(i => i.n)).toEqual(Array.from({ length: 20 }, (_, i) => 2400 + i * 5))
  })

  test('scan with filter, and a parallel scan over 4 segments sees every item once', async () => {
    const others = await ctx.doc.scanAll({ table, filter: cond.beginsWith('pk', 'Q') })
    expect(others.length).toBe(10)
    const items = await ctx.doc.parallelScan({ table, projection: ['pk', 'sk'] }, { segments: 4, concurrency: 2 })
    expect(items.length).toBe(N + 10)
    expect(new Set(items.map(i => `${i.pk}/${i.sk}`)).size).toBe(N + 10)
    expect(await ctx.doc.scanCount({ table, filter: cond.ne('status', 'cold') })).toBe(510)
  })
})
