import { describe, expect, test } from 'bun:test'
import { deriveSchema, fromItem, marshall, NumberValue, toItem, uniqueChanges, uniqueItems, unmarshall, updateKeys, updateKeysWithRead, type EntityDefinition } from '../../src/index.ts'
import { normalizeModel } from '../../src/single-table/models/normalize.ts'
import { ANALYTICS, BLOG, caught, fixtureModels } from './helpers.ts'

const blog = deriveSchema(await fixtureModels(BLOG))
const analytics = deriveSchema(await fixtureModels(ANALYTICS))
const E = (name: string): EntityDefinition => {
  const e = [...blog.entities, ...analytics.entities].find((x) => x.name === name)
  if (!e) throw new Error(`no entity ${name}`)
  return e
}
const now = new Date('2026-03-04T05:06:07.000Z')
/** Through the wire format and back, as a real read would. */
const wire = (item: Record<string, unknown>): Record<string, unknown> => unmarshall(marshall(item))

describe('toItem: the write path', () => {
  test('fills id, defaults, timestamps, version, entity type and every key', () => {
    const item = toItem(E('Post'), { title: 'Hello', slug: 'hello', userId: 'u1', status: 'published', publishedAt: new Date('2026-01-01T00:00:00Z') }, { now })
    expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const id = item.id as string
    expect(item).toMatchObject({
      title: 'Hello',
      status: 'published',
      views: 0,
      publishedAt: '2026-01-01T00:00:00.000Z',
      createdAt: '2026-03-04T05:06:07.000Z',
      updatedAt: '2026-03-04T05:06:07.000Z',
      version: 1,
      _et: 'Post',
      pk: `POST#${id}`,
      sk: `POST#${id}`,
      GSI1SK: `POST#2026-03-04T05:06:07.000Z#${id}`,
      GSI2PK: 'USER#u1',
      GSI2SK: `POST#2026-03-04T05:06:07.000Z#${id}`,
      GSI3PK: 'POST#status#published',
      GSI3SK: `2026-01-01T00:00:00.000Z#${id}`,
    })
    expect(item.GSI1PK).toMatch(/^POST#shard-[0-3]$/)
    expect(item).not.toHaveProperty('deletedAt')
  })

  test('sparse: a draft without publishedAt and a post without a user stay out of those indexes', () => {
    const item = toItem(E('Post'), { title: 'Draft', slug: 'draft' }, { now })
    expect(item).toHaveProperty('GSI1PK')
    for (const k of ['GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK']) expect(item).not.toHaveProperty(k)
  })

  test('soft-deleted items carry no GSI keys at all', () => {
    const item = toItem(E('Post'), { title: 'Gone', slug: 'gone', userId: 'u', status: 'published', publishedAt: now, deletedAt: now }, { now })
    expect(Object.keys(item).filter((k) => k.startsWith('GSI'))).toEqual([])
    expect(item.pk).toBe(`POST#${item.id as string}`)
  })

  test('ULID ids when the model neither uses UUIDs nor auto-increments', () => {
    const schema = deriveSchema([normalizeModel({ name: 'Note', attributes: { text: {} } })])
    const item = toItem(schema.entities[0] as EntityDefinition, { text: 'x' }, { now })
    expect(item.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    // the first 10 characters are the creation time in milliseconds
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
    const ms = [...(item.id as string).slice(0, 10)].reduce((acc, c) => acc * 32 + alphabet.indexOf(c), 0)
    expect(ms).toBe(now.getTime())
  })

  test('auto-increment models need the id; integers are padded in keys', async () => {
    const error = await caught(() => toItem(E('Project'), { name: 'X', teamId: 't' }))
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.message).toContain('id is required')
    const item = toItem(E('Project'), { id: '12', name: 'X', teamId: 't', budget: 10 }, { now })
    expect(item.id).toBe(12)
    expect(item.sk).toBe('PROJECT#000000000012')
  })

  test('validation collects every problem: types, required, enums, recorded rules, unknown attributes', async () => {
    const error = await caught(() => toItem(E('User'), { name: 'A', email: 'not-an-email', role: 'boss', age: 'old', nickname: 'x' }))
    expect(error.code).toBe('VALIDATION_FAILED')
    expect((error.issues as { field: string }[]).map((i) => i.field)).toEqual(['nickname', 'name', 'email', 'password', 'role', 'age'])
    expect(error.message).toContain('name must have at least 2 characters')
    expect(error.message).toContain('email must be an email address')
    expect(error.message).toContain('password is required')
    expect(error.message).toContain('role must be one of "owner", "admin", "member"')
    expect(error.message).toContain('age must be an integer')
    expect(error.message).toContain('nickname is not an attribute of User')
    const range = await caught(() => toItem(E('User'), { name: 'Ada', email: 'a@b.co', password: 'longenough', age: 200 }))
    expect(range.message).toContain('age must be at most 150')
    const country = await caught(() => toItem(E('PageView'), { siteId: 's', occurredAt: now, path: '/', country: 'DEU' }))
    expect(country.message).toContain('country must have exactly 2 characters')
    const url = await caught(() => toItem(E('Profile'), { userId: 'u', website: 'nope' }))
    expect(url.message).toContain('website must be a URL')
  })

  test('null: allowed for nullable attributes, refused otherwise', async () => {
    const item = toItem(E('Profile'), { userId: 'u', website: null }, { now })
    expect(item).not.toHaveProperty('website')
    const error = await caught(() => toItem(E('Team'), { name: 'Acme', slug: 'acme', plan: null }))
    expect(error.message).toContain('plan must not be null')
  })

  test('a nested child without its parent id can not be keyed', async () => {
    const error = await caught(() => toItem(E('Comment'), { body: 'hi' }))
    expect(error.message).toContain('postId is required')
  })

  test('TTL: dates become epoch seconds; a useTtl lifetime fills it in', () => {
    const item = toItem(E('PageView'), { siteId: 's', occurredAt: now, path: '/', expiresAt: '1780000000' }, { now })
    expect(item.expiresAt).toBe(1780000000)
    const schema = deriveSchema([normalizeModel({ name: 'Session', traits: { useUuid: true, useTtl: { days: 1 } }, attributes: {} })])
    const session = toItem(schema.entities[0] as EntityDefinition, {}, { now })
    expect(session.expiresAt).toBe(Math.floor(now.getTime() / 1000) + 86400)
    expect(schema.ttl).toEqual({ attribute: 'expiresAt' })
  })

  test('unique sentinels carry the owner key', () => {
    const user = toItem(E('User'), { name: 'Ada', email: 'ada@example.com', password: 'secret123' }, { now })
    expect(uniqueItems(E('User'), user)).toEqual([{
      pk: 'UNIQUE#User#email#ada@example.com',
      sk: 'UNIQUE#User#email#ada@example.com',
      _et: 'UNIQUE',
      entity: 'User',
      attributes: ['email'],
      ownerPk: user.pk,
      ownerSk: user.sk,
    }])
  })

  test('an update of a unique value moves its sentinel; other updates leave it alone', () => {
    const user = toItem(E('User'), { name: 'Ada', email: 'ada@example.com', password: 'secret123' }, { now })
    const moved = uniqueChanges(E('User'), { email: 'ada@lovelace.dev' }, user)
    expect(moved.delete).toEqual([{ pk: 'UNIQUE#User#email#ada@example.com', sk: 'UNIQUE#User#email#ada@example.com' }])
    expect(moved.put).toEqual([{
      pk: 'UNIQUE#User#email#ada@lovelace.dev', sk: 'UNIQUE#User#email#ada@lovelace.dev', _et: 'UNIQUE', entity: 'User', attributes: ['email'], ownerPk: user.pk, ownerSk: user.sk,
    }])
    expect(uniqueChanges(E('User'), { name: 'Ada L.', email: 'ada@example.com' }, user)).toEqual({ put: [], delete: [] })
  })

  test('edge items', () => {
    expect(toItem(E('PostTag'), { postId: 'p1', tagId: 't1' })).toEqual({
      postId: 'p1', tagId: 't1', _et: 'PostTag', pk: 'POST#p1', sk: 'TAG#t1', GSI1PK: 'TAG#t1', GSI1SK: 'POST#p1',
    })
  })
})

describe('fromItem: the read path', () => {
  test('round trip through the wire: casts back, strips keys, drops hidden', () => {
    const input = {
      name: 'Ada Lovelace', email: 'ada@example.com', password: 'secret123', role: 'admin', age: 36,
      settings: { theme: 'dark', nested: { list: [1, 'two', true] } }, teamId: 't1',
    }
    const item = toItem(E('User'), input, { now })
    const back = fromItem(E('User'), wire(item))
    expect(back).toEqual({
      id: item.id, name: 'Ada Lovelace', email: 'ada@example.com', role: 'admin', age: 36,
      settings: { theme: 'dark', nested: { list: [1, 'two', true] } }, teamId: 't1',
      createdAt: now, updatedAt: now, deletedAt: null,
    })
    expect(fromItem(E('User'), wire(item), { includeHidden: true }).password).toBe('secret123')
  })

  test('decimals keep every digit; booleans, arrays and dates come back typed', () => {
    const project = toItem(E('Project'), { id: 3, teamId: 't', budget: '12345678901234567890.123456789' }, { now })
    expect(project.budget).toBeInstanceOf(NumberValue)
    expect(fromItem(E('Project'), wire(project)).budget).toBe('12345678901234567890.123456789')
    const post = toItem(E('Post'), { title: 'T', slug: 's', tags: ['a', 'b'], publishedAt: '2026-01-01T00:00:00Z' }, { now })
    const back = fromItem(E('Post'), wire(post))
    expect(back.tags).toEqual(['a', 'b'])
    expect(back.publishedAt).toEqual(new Date('2026-01-01T00:00:00Z'))
    expect(back.views).toBe(0)
    const comment = toItem(E('Comment'), { postId: 'p', body: 'b', approved: 'true' }, { now })
    expect(comment.approved).toBe(true)
    expect(fromItem(E('Comment'), wire(comment)).approved).toBe(true)
    // stored as text by another writer: still cast back
    expect(fromItem(E('Comment'), { body: 'b', approved: 'false', postId: 'p' }).approved).toBe(false)
    expect(fromItem(E('Post'), { title: 't', tags: '["x"]', settings: undefined }).tags).toEqual(['x'])
  })

  test('an item of another entity is refused', async () => {
    const item = toItem(E('Tag'), { name: 'x' })
    expect((await caught(() => fromItem(E('Post'), item))).code).toBe('UNKNOWN_ENTITY')
  })
})

describe('updateKeys: derived keys are never stale or partial', () => {
  const user = toItem(E('User'), { name: 'Ada', email: 'ada@example.com', password: 'secret123', teamId: 't1' }, { now })

  test('changing an input rewrites every key that reads it, from the new values', () => {
    expect(updateKeys(E('User'), { role: 'admin' }, user)).toEqual({
      key: { pk: user.pk as string, sk: user.sk as string },
      set: { GSI3PK: 'USER#role#admin', GSI3SK: user.GSI3SK as string },
      remove: [],
    })
    expect(updateKeys(E('User'), { teamId: 't2' }, fromItem(E('User'), wire(user))).set).toEqual({
      GSI2PK: 'TEAM#t2',
      GSI2SK: user.GSI2SK as string,
    })
  })

  test('changes that touch no key input write no key', () => {
    expect(updateKeys(E('User'), { id: user.id, name: 'Ada L.' })).toEqual({ key: { pk: user.pk as string, sk: user.sk as string }, set: {}, remove: [] })
  })

  test('without the current item, a missing input is an error naming it', async () => {
    const error = await caught(() => updateKeys(E('User'), { id: user.id, teamId: 't2' }))
    expect(error.code).toBe('MISSING_KEY_INPUT')
    expect(error.field).toBe('createdAt')
    expect(error.message).toContain('GSI2')
    const noId = await caught(() => updateKeys(E('Comment'), { id: 'c1', body: 'x' }))
    expect(noId.code).toBe('MISSING_KEY_INPUT')
    expect(noId.message).toContain('needs postId')
    // given every input, no current item is needed
    // createdAt is an input of GSI1, GSI2 and GSI3: changing it needs role too
    expect((await caught(() => updateKeys(E('User'), { id: user.id, teamId: 't2', createdAt: now }))).field).toBe('role')
    expect(updateKeys(E('User'), { id: user.id, teamId: 't2', createdAt: now, role: 'member' }).set.GSI2PK).toBe('TEAM#t2')
  })

  test('nulling a sparse input removes the index keys; soft delete removes all, restore rebuilds them', () => {
    const post = toItem(E('Post'), { title: 'T', slug: 's', userId: 'u', status: 'published', publishedAt: now }, { now })
    expect(updateKeys(E('Post'), { publishedAt: null }, post)).toMatchObject({ set: {}, remove: ['GSI3PK', 'GSI3SK'] })
    expect(updateKeys(E('Post'), { deletedAt: now }, post).remove).toEqual(['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'])
    const restored = updateKeys(E('Post'), { deletedAt: null }, { ...post, deletedAt: now.toISOString() })
    expect(restored.set as Record<string, unknown>).toEqual({
      GSI1PK: post.GSI1PK, GSI1SK: post.GSI1SK, GSI2PK: post.GSI2PK, GSI2SK: post.GSI2SK, GSI3PK: post.GSI3PK, GSI3SK: post.GSI3SK,
    })
  })

  test('updateKeysWithRead reads the item only when an input is missing', async () => {
    let reads = 0
    const read = async (): Promise<Record<string, unknown>> => {
      reads++
      return user
    }
    expect((await updateKeysWithRead(E('User'), { id: user.id, name: 'x' }, read)).set).toEqual({})
    expect(reads).toBe(0)
    expect((await updateKeysWithRead(E('User'), { id: user.id, teamId: 't9' }, read)).set.GSI2PK).toBe('TEAM#t9')
    expect(reads).toBe(1)
    const gone = await caught(() => updateKeysWithRead(E('User'), { id: user.id, teamId: 't9' }, async () => undefined))
    expect(gone.message).toContain('does not exist')
  })

  test('changing a base-key input is refused: the item has to move', async () => {
    const comment = toItem(E('Comment'), { postId: 'p1', body: 'b' }, { now })
    const error = await caught(() => updateKeys(E('Comment'), { postId: 'p2' }, comment))
    expect(error.code).toBe('KEY_CHANGE_MOVES_ITEM')
    expect(error.message).toContain('delete it and put the new one')
  })
})
