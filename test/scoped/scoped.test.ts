import { expect, test } from 'bun:test'
import { AliasConflictError, APEX, calculateScope, createScoped, EntityNotFoundError, type ScopedApi, type StorableEntity } from '../../src/scoped/index.ts'
import { uniqueTableName } from '../support/targets.ts'
import { scenario } from '../scenarios/harness.ts'

scenario('scoped entities: write path, aliases, paging, seeding', ctx => {
  let s: ScopedApi
  const table = uniqueTableName('scoped')

  test('createTable makes the scopedTableSchema() table once', async () => {
    s = createScoped({ doc: ctx.doc, table })
    expect(await s.createTable()).toBe(true)
    expect(await s.createTable()).toBe(false)
    const described = (await ctx.doc.client.send('DescribeTable', { TableName: table })) as { Table: { GlobalSecondaryIndexes: { IndexName: string }[] } }
    expect(described.Table.GlobalSecondaryIndexes.map(g => g.IndexName).sort()).toEqual(['indexAlias', 'indexClass', 'indexScope', 'indexType', 'indexXid'])
  })

  test('putEntity fills id, scope, sequence and timestamps and derives every index key', async () => {
    const put = await s.putEntity({ entity: { model: 'chat', name: 'General', alias: 'general', class: 'public', type: 'room', xid: 'ext-1' } })
    expect(put.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(put).toMatchObject({ scope: APEX, indexScope: '@#chat', indexAlias: '@#chat#general', indexClass: '@#chat#public', indexType: '@#chat#room', indexXid: '@#chat#ext-1' })
    expect(typeof put.sequence).toBe('number')
    expect(put.createdAt).toBe(put.updatedAt)
    expect(await s.getEntity({ model: 'chat', id: put.id })).toEqual(put)
    expect(await s.getEntity({ model: 'chat', id: 'missing' })).toBeNull()
    expect((await s.queryByAlias({ model: 'chat', scope: APEX, alias: 'general' }))?.id).toBe(put.id)
    expect((await s.queryByXid({ model: 'chat', scope: APEX, xid: 'ext-1' }))?.id).toBe(put.id)
    expect((await s.queryByClass({ model: 'chat', scope: APEX, recordClass: 'public' })).items.map(i => i.id)).toEqual([put.id])
    expect((await s.queryByType({ model: 'chat', scope: APEX, type: 'room' })).items.map(i => i.id)).toEqual([put.id])
  })

  test('updateEntity with a partial record reads the rest and leaves no stale index key', async () => {
    const chat = await s.putEntity({ entity: { model: 'chat', name: 'Random', alias: 'random', class: 'public', type: 'room' } })
    const updated = await s.updateEntity({ entity: { model: 'chat', id: chat.id, alias: 'off-topic', class: undefined, scope: 'org#1' } })
    expect(updated).toMatchObject({ name: 'Random', type: 'room', scope: 'org#1', indexScope: 'org#1#chat', indexAlias: 'org#1#chat#off-topic', indexType: 'org#1#chat#room', createdAt: chat.createdAt, sequence: chat.sequence })
    expect(updated).not.toHaveProperty('class')
    expect(updated).not.toHaveProperty('indexClass')
    expect(updated.updatedAt > chat.updatedAt).toBe(true)
    expect(await s.getEntity({ model: 'chat', id: chat.id })).toEqual(updated)
    expect(await s.queryByAlias({ model: 'chat', scope: APEX, alias: 'random' })).toBeNull()
    expect((await s.queryByAlias({ model: 'chat', scope: 'org#1', alias: 'off-topic' }))?.id).toBe(chat.id)
    expect((await s.queryByClass({ model: 'chat', scope: APEX, recordClass: 'public' })).items.map(i => i.id)).not.toContain(chat.id)
    await expect(s.updateEntity({ entity: { model: 'chat', id: 'nope', name: 'x' } })).rejects.toBeInstanceOf(EntityNotFoundError)
  })

  test('concurrent partial updates of different fields all land', async () => {
    const doc = await s.putEntity({ entity: { model: 'doc', name: 'D' } })
    await Promise.all(['a', 'b', 'c', 'd'].map(field => s.updateEntity({ entity: { model: 'doc', id: doc.id, [field]: field.toUpperCase() } })))
    expect(await s.getEntity({ model: 'doc', id: doc.id })).toMatchObject({ a: 'A', b: 'B', c: 'C', d: 'D' })
  })

  test('an alias is unique among live records of a model within a scope', async () => {
    const first = await s.putEntity({ entity: { model: 'tag', alias: 'red', name: 'Red' } })
    const error = await s.putEntity({ entity: { model: 'tag', alias: 'red', name: 'Also red' } }).catch(e => e)
    expect(error).toBeInstanceOf(AliasConflictError)
    expect(error.holder).toBe(first.id)
    expect((await s.queryByScope({ model: 'tag', scope: APEX })).items.map(i => i.name)).toEqual(['Red'])
    // Another scope, another model: free.
    await s.putEntity({ entity: { model: 'tag', alias: 'red', scope: 'org#1', name: 'Red in org' } })
    await s.putEntity({ entity: { model: 'color', alias: 'red', name: 'Red color' } })
    // Renaming another record onto the alias fails and changes nothing.
    const blue = await s.putEntity({ entity: { model: 'tag', alias: 'blue', name: 'Blue' } })
    await expect(s.updateEntity({ entity: { model: 'tag', id: blue.id, alias: 'red' } })).rejects.toBeInstanceOf(AliasConflictError)
    expect(await s.getEntity({ model: 'tag', id: blue.id })).toEqual(blue)
    // A deleted record frees its alias; destroy removes the record and its sentinel.
    expect(await s.deleteEntity({ model: 'tag', id: first.id })).toBe(true)
    const second = await s.putEntity({ entity: { model: 'tag', alias: 'red', name: 'New red' } })
    expect((await s.queryByAlias({ model: 'tag', scope: APEX, alias: 'red' }))?.id).toBe(second.id)
    expect((await s.queryByAlias({ model: 'tag', scope: APEX, alias: 'red', includeDeleted: true }))?.id).toBeDefined()
    expect(await s.destroyEntity({ model: 'tag', id: second.id })).toBe(true)
    expect(await s.destroyEntity({ model: 'tag', id: second.id })).toBe(false)
    expect(await ctx.doc.get({ table, key: { model: '@alias#tag', id: '@#red' } })).toBeUndefined()
    expect(await s.updateEntity({ entity: { model: 'tag', id: blue.id, alias: 'red' } })).toMatchObject({ indexAlias: '@#tag#red' })
  })

  test('a page of limit 25 holds 25 live records although more deleted ones are interleaved', async () => {
    const scope = calculateScope({ model: 'board', id: 'b1' })
    expect(scope).toBe('board#b1')
    // 30 live, 40 deleted, 10 archived, interleaved by sequence.
    await Promise.all(Array.from({ length: 80 }, async (_, i) => {
      const e = await s.putEntity({ entity: { model: 'note', scope, id: `n${String(i).padStart(2, '0')}`, sequence: 1000 + i, name: `note ${i}` } })
      if (i % 8 === 1 || i % 8 === 2 || i % 8 === 4 || i % 8 === 6) await s.deleteEntity({ model: 'note', id: e.id })
      else if (i % 8 === 7) await s.archiveEntity({ model: 'note', id: e.id })
    }))
    const page = await s.queryByScope({ model: 'note', scope, limit: 25 })
    expect(page.items).toHaveLength(25)
    expect(page.items.every(i => !i.deletedAt && !i.archivedAt)).toBe(true)
    expect(page.items.map(i => i.sequence)).toEqual([...page.items.map(i => i.sequence)].sort((a, b) => b - a))
    const rest = await s.queryByScope({ model: 'note', scope, limit: 25, startKey: page.lastEvaluatedKey })
    expect(rest.items).toHaveLength(5)
    expect(rest.lastEvaluatedKey).toBeUndefined()
    const ascending = await s.queryByScope({ model: 'note', scope, ascending: true, limit: 3 })
    expect(ascending.items.map(i => i.id)).toEqual(['n00', 'n03', 'n05'])
  }, 60_000)

  test('includeDeleted / includeArchived page through the merged partitions exactly once, in order', async () => {
    const scope = 'board#b1'
    const read = async (options: { includeDeleted?: boolean; includeArchived?: boolean; ascending?: boolean }) => {
      const seen: StorableEntity[] = []
      let startKey: Record<string, unknown> | undefined
      let pages = 0
      do {
        const page = await s.queryByScope({ model: 'note', scope, limit: 7, startKey, ...options })
        expect(page.items.length).toBeLessThanOrEqual(7)
        seen.push(...page.items)
        startKey = page.lastEvaluatedKey
        pages++
      } while (startKey && pages < 50)
      return seen
    }
    const all = await read({ includeDeleted: true, includeArchived: true })
    expect(all.map(i => i.id)).toEqual(Array.from({ length: 80 }, (_, i) => `n${String(79 - i).padStart(2, '0')}`))
    const withDeleted = await read({ includeDeleted: true, ascending: true })
    expect(withDeleted).toHaveLength(70)
    expect(withDeleted.map(i => i.sequence)).toEqual([...withDeleted.map(i => i.sequence)].sort((a, b) => a - b))
    expect(await read({ includeArchived: true })).toHaveLength(40)
    await expect(s.queryByScope({ model: 'note', scope, startKey: { '@partitions': {} } })).rejects.toThrow(/startKey/)
  })

  test('two seeders racing on one alias create one record; seeding is idempotent', async () => {
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => s.seedEntityIfNotExists({ model: 'setting', scope: APEX, alias: 'theme', state: { dark: true } })))
    expect(outcomes.filter(Boolean)).toHaveLength(1)
    expect((await s.queryByScope({ model: 'setting', scope: APEX })).items).toHaveLength(1)

    const seeds = [{ model: 'setting', scope: APEX, alias: 'locale', name: 'Locale' }, { model: 'setting', scope: APEX, alias: 'theme' }, { model: 'setting', alias: 'no-scope' }]
    const racing = await Promise.all([s.seedEntities(seeds), s.seedEntities(seeds)])
    expect(racing.flatMap(r => r.created)).toEqual(['locale'])
    expect(racing.flatMap(r => r.skipped).sort()).toEqual(['locale', 'theme', 'theme'])
    expect(racing[0]!.errors).toEqual([{ alias: 'no-scope', error: 'Entity must have model and scope (scope is missing)' }])
    const locale = await s.queryByAlias({ model: 'setting', scope: APEX, alias: 'locale' })
    expect(await s.seedEntities([{ model: 'setting', scope: APEX, alias: 'locale', name: 'Locale 2' }], { dryRun: true, replace: true })).toEqual({ created: ['locale'], skipped: [], errors: [] })
    expect((await s.queryByAlias({ model: 'setting', scope: APEX, alias: 'locale' }))?.name).toBe('Locale')
    await s.seedEntities([{ model: 'setting', scope: APEX, alias: 'locale', name: 'Locale 2' }], { replace: true })
    const replaced = await s.queryByAlias({ model: 'setting', scope: APEX, alias: 'locale' })
    expect(replaced).toMatchObject({ id: locale!.id, name: 'Locale 2' })
  })

  test('exportEntities returns live records sorted by sequence; exportEntitiesToJson', async () => {
    const { entities, count } = await s.exportEntities('note', 'board#b1')
    expect(count).toBe(30)
    expect(entities.map(e => e.sequence)).toEqual([...entities.map(e => e.sequence)].sort((a, b) => a - b))
    expect((await s.exportEntities('note', 'board#b1', 12)).count).toBe(12)
    const json = await s.exportEntitiesToJson('note', 'board#b1', false)
    expect(JSON.parse(json)).toEqual(entities)
    expect(json).not.toContain('\n')
    await ctx.doc.client.send('DeleteTable', { TableName: table })
  })
})
