/** The entity-centric API on every target, with the blog fixture: keys, type constraint, writes. */
import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { ConditionFailedError } from '../../src/dynamodb/document.ts'
import { cond } from '../../src/dynamodb/expressions/index.ts'
import { createDynamo, EntityError, type Dynamo } from '../../src/entity/index.ts'
import { targets, testCredentials, testRegion, uniqueTableName } from '../support/targets.ts'

const blog = join(import.meta.dir, '../../fixtures/models/blog')

async function connect(endpoint: string): Promise<Dynamo> {
  const dynamo = createDynamo({ table: uniqueTableName('entity'), endpoint, region: testRegion, credentials: testCredentials })
  await dynamo.registerModel(blog)
  await dynamo.doc.client.createTable(dynamo.schema().table)
  return dynamo
}

for (const target of targets.filter((t) => t.available)) {
  describe(`entity-centric API [${target.name}]`, () => {
    test('createItem, put and queries constrained to the entity on shared partitions', async () => {
      const running = await target.start()
      const dynamo = await connect(running.endpoint)
      try {
        const built = dynamo.createItem('User', { id: 'u1', name: 'Ada', email: 'ada@example.com', password: 'password1' })
        expect(built).toMatchObject({ pk: 'USER#u1', sk: 'USER#u1', _et: 'User', GSI1PK: expect.stringMatching(/^USER#shard-/) })

        const users = dynamo.entity('User')
        await users.put({ id: 'u1', name: 'Ada', email: 'ada@example.com', password: 'password1' })
        await dynamo.entity('Profile').put({ id: 'pr1', userId: 'u1', bio: 'hi' })
        const posts = dynamo.entity('Post')
        await posts.put({ id: 'p1', title: 'Hello', slug: 'hello', userId: 'u1' })
        for (const i of [1, 2, 3]) await dynamo.entity('Comment').put({ id: `c${i}`, postId: 'p1', body: `comment ${i}`, approved: i !== 2 })

        // USER#u1 holds the user and the profile: each entity sees only its own
        const onlyUser = await users.pk('USER#u1').get()
        expect(onlyUser.map((u) => u.id)).toEqual(['u1'])
        expect(onlyUser[0]).not.toHaveProperty('password') // hidden, through fromItem
        expect(onlyUser[0]).not.toHaveProperty('pk')
        expect((await dynamo.entity('Profile').pk('USER#u1').get()).map((p) => p.id)).toEqual(['pr1'])

        // POST#p1 holds the post (last in sort order) and three comments
        const comments = dynamo.entity('Comment').pk('POST#p1')
        expect(await comments.count()).toBe(3)
        expect(await posts.pk('POST#p1').count()).toBe(1)
        // newest first the post comes first: Limit alone would return one comment; the limit counts comments
        expect((await comments.desc().limit(2).get()).map((c) => c.id)).toEqual(['c3', 'c2'])
        expect((await comments.sk.beginsWith('COMMENT#').first())?.id).toBe('c1')
        expect((await comments.sk.between('COMMENT#c2', 'COMMENT#c3').get()).map((c) => c.id)).toEqual(['c2', 'c3'])
        expect((await comments.sk.gt('COMMENT#c1').get()).length).toBe(2)
        expect((await comments.where(cond.eq('approved', true)).get()).map((c) => c.id)).toEqual(['c1', 'c3'])
        expect(await posts.pk('POST#p1').sk.eq('COMMENT#c1').get()).toEqual([])
        const projected = await comments.project('body').limit(1).get()
        expect(projected).toEqual([{ body: 'comment 1' }])

        // an index: the user's posts on GSI2
        const byUser = await posts.index('GSI2').pk('USER#u1').sk.beginsWith('POST#').get()
        expect(byUser.map((p) => p.title)).toEqual(['Hello'])

        // pages: the limit is the page size, every item comes once, through fromItem
        const seen: string[] = []
        for await (const page of comments.limit(2).pages()) seen.push(...page.items.map((c) => String(c.id)))
        expect(seen.sort()).toEqual(['c1', 'c2', 'c3'])
      } finally {
        dynamo.close()
        await running.stop()
      }
    })

    test('update keeps derived keys right (reading what it needs), delete refuses another entity', async () => {
      const running = await target.start()
      const dynamo = await connect(running.endpoint)
      try {
        const posts = dynamo.entity('Post')
        await posts.put({ id: 'p1', title: 'Hello', slug: 'hello', userId: 'u1' })
        const stored = () => dynamo.doc.get({ table: dynamo.table, key: { pk: 'POST#p1', sk: 'POST#p1' } })
        expect((await stored())?.GSI3PK).toBeUndefined() // sparse: no publishedAt yet

        await posts.update({ id: 'p1' }).set({ status: 'published', publishedAt: '2026-01-02T00:00:00.000Z' }).execute()
        expect(await stored()).toMatchObject({ GSI3PK: 'POST#status#published', GSI3SK: expect.stringMatching(/^2026-01-02T00:00:00.000Z#p1$/) })

        // only status changes: publishedAt is read from the stored item to rebuild GSI3
        const updated = await posts.update({ pk: 'POST#p1', sk: 'POST#p1' }).set('status', 'archived').add('views', 5).execute()
        expect(updated).toMatchObject({ id: 'p1', status: 'archived', views: 5 })
        expect(await stored()).toMatchObject({ GSI3PK: 'POST#status#archived', GSI3SK: expect.stringMatching(/#p1$/) })
        expect((await posts.index('GSI3').pk('POST#status#archived').get()).map((p) => p.id)).toEqual(['p1'])

        // removing an input of a sparse index key removes the key
        await posts.update({ id: 'p1' }).remove('publishedAt').execute()
        expect((await stored())?.GSI3PK).toBeUndefined()

        expect(() => posts.update({ id: 'p1' }).add('status', 1).toRequest()).toThrow(EntityError)
        expect(() => posts.update({ id: 'p1' }).set('slug', 'x').toRequest()).toThrow(/slug is unique/)
        // a unique value moves its sentinel: the old slug is free again, the new one taken
        expect(await posts.update({ id: 'p1' }).set('slug', 'hello-again').execute()).toMatchObject({ id: 'p1', slug: 'hello-again' })
        await expect(posts.put({ id: 'p2', title: 'Other', slug: 'hello-again', userId: 'u1' })).rejects.toThrow()
        await posts.put({ id: 'p2', title: 'Other', slug: 'hello', userId: 'u1' })
        await expect(posts.update({ id: 'p2' }).set('slug', 'hello-again').execute()).rejects.toThrow()
        expect((await posts.find({ id: 'p2' }))?.slug).toBe('hello')
        await posts.delete({ id: 'p2' }) // and its sentinel: the slug can be used again
        await posts.put({ id: 'p3', title: 'Third', slug: 'hello', userId: 'u1' })
        await expect(posts.update({ id: 'missing' }).set('title', 'x').execute()).rejects.toThrow()

        // the key of a post is not a comment's: update and delete through Comment refuse it
        const asComment = dynamo.entity('Comment')
        await expect(asComment.update({ pk: 'POST#p1', sk: 'POST#p1' }).set('body', 'x').execute()).rejects.toThrow()
        await expect(asComment.delete({ pk: 'POST#p1', sk: 'POST#p1' })).rejects.toBeInstanceOf(ConditionFailedError)
        expect(await asComment.find({ pk: 'POST#p1', sk: 'POST#p1' })).toBeUndefined()
        expect((await posts.find({ id: 'p1' }))?.title).toBe('Hello')

        await posts.delete({ id: 'p1' })
        expect(await stored()).toBeUndefined()
        await posts.delete({ id: 'p1' }) // deleting what is gone is not an error, as in DynamoDB
      } finally {
        dynamo.close()
        await running.stop()
      }
    })
  })
}

describe('entity-centric API: builders', () => {
  test('immutable builders, toRequest and explain always carry the entity type', async () => {
    const dynamo = createDynamo({ table: 'app', endpoint: 'http://127.0.0.1:1', region: testRegion, credentials: testCredentials })
    await dynamo.registerModel(blog)
    const base = dynamo.entity('Comment').pk('POST#1')
    const narrowed = base.sk.beginsWith('COMMENT#').desc().limit(5).project('body')
    expect(base.toRequest()).not.toHaveProperty('Limit')
    const request = narrowed.toRequest()
    expect(request).toMatchObject({ TableName: 'app', Limit: 5, ScanIndexForward: false })
    expect(String(request.KeyConditionExpression)).toContain('begins_with')
    expect(Object.values(request.ExpressionAttributeValues as object)).toContainEqual({ S: 'Comment' })
    expect(narrowed.explain()).toMatchObject({ operation: 'Query', keyCondition: expect.stringContaining('begins_with'), filter: expect.stringContaining('Comment'), limit: 5, descending: true })
    expect(dynamo.entity('Comment').index('GSI2').pk('USER#1').toRequest()).toMatchObject({ IndexName: 'GSI2' })
    expect(() => dynamo.entity('Comment').index('GSI3')).toThrow(/no index GSI3/)
    expect(() => dynamo.entity('Comment').query().toRequest()).toThrow(/\.pk\(value\)/)
    expect(() => dynamo.entity('Nope')).toThrow(/no entity named Nope/)
    expect(() => createDynamo().entity('User')).toThrow(/not connected/)
    dynamo.close()
  })

  test('models given as definitions (plain, or a module with a default export)', () => {
    const dynamo = createDynamo({ table: 'app', endpoint: 'http://127.0.0.1:1', region: testRegion, credentials: testCredentials })
    dynamo.registerModel({ name: 'Note', traits: { useUuid: true }, attributes: { text: { required: true } } })
    dynamo.registerModel({ default: { name: 'Tag', attributes: { label: { required: true } } } })
    const note = dynamo.createItem('Note', { id: 'n1', text: 'hi' })
    expect(note).toMatchObject({ pk: 'NOTE#n1', sk: 'NOTE#n1', _et: 'Note', text: 'hi' })
    expect(() => dynamo.createItem('Note', {})).toThrow(/text is required/)
    expect(dynamo.schema().entities.map((e) => e.name).sort()).toEqual(['Note', 'Tag'])
    dynamo.close()
  })
})
