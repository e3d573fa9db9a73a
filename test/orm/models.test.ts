/**
 * The model layer end to end on every test target (DynamoDB Local, the embedded engine), on the
 * blog fixture app: the write path's invariants (derived keys, unique sentinels, versions, soft
 * deletes, hooks), the query builder's translation (counted requests, never a silent Scan) and
 * transactions. Requests are counted by operation through the client's send hook.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { DocumentClient } from '../../src/dynamodb/document.ts'
import { loadDesign } from '../../src/single-table/load-design.ts'
import {
  createOrm,
  InvalidQueryError,
  MassAssignmentError,
  ModelNotFoundError,
  NoAccessPatternError,
  OrmError,
  UniqueConstraintError,
  ValidationError,
  VersionConflictError,
  type Model,
  type Orm,
} from '../../src/orm/index.ts'
import { targets, testCredentials, testRegion, uniqueTableName, type RunningTarget } from '../support/targets.ts'

const BLOG = `${import.meta.dir}/../../fixtures/models/blog`

/** A model's attributes, read loosely (the fixture app is loaded from a path, so it is untyped). */
type Row = Model & Record<string, unknown>
const row = (m: Model | null): Row => m as Row

for (const target of targets.filter((t) => t.available)) {
  describe(`models on the blog app [${target.name}]`, () => {
    let running: RunningTarget
    let db: Orm
    const counts = new Map<string, number>()
    const count = (op: string): number => counts.get(op) ?? 0
    const counting = async <T>(fn: () => Promise<T>): Promise<{ result: T; requests: Record<string, number> }> => {
      counts.clear()
      const result = await fn()
      return { result, requests: Object.fromEntries(counts) }
    }

    beforeAll(async () => {
      running = await target.start()
      const table = uniqueTableName('orm')
      // requests counted through the client's hook chain, by operation (retries are one request)
      const client = new DynamoDBClient({ endpoint: running.endpoint, region: testRegion, credentials: testCredentials })
      client.use({ beforeSend: (ctx) => void counts.set(ctx.operation, (counts.get(ctx.operation) ?? 0) + 1) })
      const design = await loadDesign(BLOG, { tableName: table })
      await client.createTable(design.schema.table)
      db = await createOrm({ models: BLOG, client: new DocumentClient(client), table, config: {} })
    })

    afterAll(async () => {
      await running?.stop()
    })

    const newUser = (n: string, extra: Record<string, unknown> = {}) => db.model('User').create({ name: `User ${n}`, email: `${n}-${crypto.randomUUID()}@example.com`, password: 'password1', ...extra })

    test('create, find (one GetItem), toJSON without hidden attributes, findOrFail', async () => {
      const user = row(await newUser('a', { role: 'admin' }))
      expect(user.exists).toBe(true)
      expect(typeof user.id).toBe('string')
      expect(user.toJSON()).not.toHaveProperty('password')
      expect(user.makeVisible('password').toJSON().password).toBe('password1')
      const { result: found, requests } = await counting(() => db.model('User').find(String(user.id)))
      expect(requests).toEqual({ GetItem: 1 })
      expect(row(found).email).toBe(user.email)
      expect(await db.model('User').find('nobody')).toBeNull()
      await expect(db.model('User').findOrFail('nobody')).rejects.toBeInstanceOf(ModelNotFoundError)
    })

    test('save sends only dirty attributes and rebuilds every key they feed', async () => {
      const team1 = row(await db.model('Team').create({ name: 'T1', slug: `t1-${crypto.randomUUID()}` }))
      const team2 = row(await db.model('Team').create({ name: 'T2', slug: `t2-${crypto.randomUUID()}` }))
      const user = row(await newUser('keys', { role: 'member', teamId: team1.id }))
      const membersOf = async (teamId: unknown) => (await db.model('User').where('teamId', teamId).get()).map((u) => row(u).id)
      expect(await membersOf(team1.id)).toContain(user.id)

      user.teamId = team2.id
      user.role = 'owner'
      expect(Object.keys(user.getDirty()).sort()).toEqual(['role', 'teamId'])
      const { requests } = await counting(() => user.save())
      expect(requests).toEqual({ UpdateItem: 1 })
      expect(user.isDirty()).toBe(false)
      expect(user.wasChanged('teamId')).toBe(true)
      expect(await membersOf(team1.id)).not.toContain(user.id)
      expect(await membersOf(team2.id)).toContain(user.id)
      const owners = await db.model('User').where('role', 'owner').get()
      expect(owners.map((u) => row(u).id)).toContain(user.id)
      // nothing dirty: no request
      expect((await counting(() => user.save())).requests).toEqual({})
    })

    test('unique values: 50 concurrent creates of one email make exactly one user', async () => {
      const email = `race-${crypto.randomUUID()}@example.com`
      const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => db.model('User').create({ name: `Racer ${i}`, email, password: 'password1' })))
      const created = results.filter((r) => r.status === 'fulfilled')
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      expect(created.length).toBe(1)
      expect(refused.length).toBe(49)
      for (const r of refused) {
        expect(r.reason).toBeInstanceOf(UniqueConstraintError)
        expect(r.reason.model).toBe('User')
        expect(r.reason.attribute).toBe('email')
        expect(r.reason.value).toBe(email)
      }
      expect(row(await db.model('User').where('email', email).first()).name).toBe(row((created[0] as PromiseFulfilledResult<Model>).value).name)
    })

    test('changing a unique value moves its sentinel; forceDelete frees it', async () => {
      const user = row(await newUser('moves'))
      const old = String(user.email)
      const next = `moved-${crypto.randomUUID()}@example.com`
      user.email = next
      await user.save()
      expect(row(await db.model('User').where('email', next).first()).id).toBe(user.id)
      expect(await db.model('User').where('email', old).first()).toBeNull()
      // the old value is free again, the new one is taken
      const reuser = row(await db.model('User').create({ name: 'Reuse', email: old, password: 'password1' }))
      await expect(db.model('User').create({ name: 'Clash', email: next, password: 'password1' })).rejects.toBeInstanceOf(UniqueConstraintError)
      await user.forceDelete()
      expect(await db.model('User').withTrashed().where('id', user.id).first()).toBeNull()
      const again = row(await db.model('User').create({ name: 'Again', email: next, password: 'password1' }))
      expect(again.email).toBe(next)
      expect(reuser.exists).toBe(true)
    })

    test('optimistic locking: 20 concurrent saves of one stale instance, one wins', async () => {
      const author = row(await newUser('author'))
      const post = row(await db.model('Post').create({ userId: author.id, title: 'Locked', slug: `locked-${crypto.randomUUID()}`, status: 'draft' }))
      expect(post.version).toBe(1)
      const copies = await Promise.all(Array.from({ length: 20 }, () => db.model('Post').find(String(post.id))))
      const results = await Promise.allSettled(copies.map((c, i) => row(c).update({ title: `Title ${i}` })))
      expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1)
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      expect(failures.length).toBe(19)
      for (const f of failures) expect(f.reason).toBeInstanceOf(VersionConflictError)
      expect(row(await db.model('Post').find(String(post.id))).version).toBe(2)
    })

    test('soft delete: gone from find and index-served lists, present withTrashed, back after restore', async () => {
      const team = row(await db.model('Team').create({ name: 'Soft', slug: `soft-${crypto.randomUUID()}` }))
      const user = row(await newUser('soft', { teamId: team.id }))
      await user.delete()
      expect(user.trashed()).toBe(true)
      expect(await db.model('User').find(String(user.id))).toBeNull()
      expect((await db.model('User').where('teamId', team.id).get()).length).toBe(0)
      const trashed = row(await db.model('User').withTrashed().where('id', user.id).first())
      expect(trashed.trashed()).toBe(true)
      expect(row(await db.model('User').onlyTrashed().where('id', user.id).first()).id).toBe(user.id)
      await trashed.restore()
      expect(row(await db.model('User').find(String(user.id))).id).toBe(user.id)
      expect((await db.model('User').where('teamId', team.id).get()).map((u) => row(u).id)).toEqual([user.id])
    })

    test('a creating listener returning false writes nothing; validation and mass assignment refuse before sending', async () => {
      const off = db.model('Tag').on('creating', (tag) => (row(tag).name === 'forbidden' ? false : undefined))
      const { result, requests } = await counting(async () => {
        const Tag = db.model('Tag')
        const tag = row(new Tag({ name: 'forbidden' }))
        return { saved: await tag.save(), tag }
      })
      off()
      expect(result.saved).toBe(false)
      expect(result.tag.exists).toBe(false)
      expect(requests).toEqual({})
      expect(await db.model('Tag').where('name', 'forbidden').first()).toBeNull()

      const invalid = await counting(() => db.model('User').create({ name: 'V', email: 'not-an-email', password: 'short' }).catch((e: unknown) => e))
      expect(invalid.result).toBeInstanceOf(ValidationError)
      expect(Object.keys((invalid.result as ValidationError).errors).sort()).toEqual(['email', 'name', 'password'])
      expect(invalid.requests).toEqual({})
      const User = db.model('User')
      expect(() => new User({ name: 'M', createdAt: new Date() })).toThrow(MassAssignmentError)
    })

    test('query translation: unique sentinel, whereIn → one BatchGetItem, a real orWhere, no silent Scan', async () => {
      const users = await Promise.all(Array.from({ length: 5 }, (_, i) => newUser(`q${i}`)))
      const ids = users.map((u) => String(row(u).id))
      const { result: many, requests } = await counting(() => db.model('User').findMany([ids[3]!, 'missing', ids[1]!]))
      expect(requests).toEqual({ BatchGetItem: 1 })
      expect(many.map((u) => row(u).id)).toEqual([ids[3], ids[1]])

      const team = row(await db.model('Team').create({ name: 'Or', slug: `or-${crypto.randomUUID()}` }))
      await Promise.all(users.map((u, i) => row(u).update({ teamId: team.id, role: i === 0 ? 'admin' : i === 1 ? 'owner' : 'member' })))
      const either = await db.model('User').where('teamId', team.id).where((q) => q.where('role', 'admin').orWhere('role', 'owner')).get()
      expect(either.map((u) => row(u).id).sort()).toEqual([ids[0], ids[1]].sort())
      expect(db.model('User').where('teamId', team.id).explain()).toMatchObject({ operation: 'Query', index: 'GSI2', pattern: 'listUsersOfTeam', scan: false })

      expect(() => db.model('User').where('age', '>', 30).explain()).toThrow(NoAccessPatternError)
      const scanned = db.model('User').where('age', '>', 30).allowScan().explain()
      expect(scanned.scan).toBe(true)
      expect(() => db.model('User').where('teamId', team.id).orderBy('name').explain()).toThrow(InvalidQueryError)
    })

    test('paginate: one Query page per page, opaque cursors that refuse another query', async () => {
      const team = row(await db.model('Team').create({ name: 'Pages', slug: `pages-${crypto.randomUUID()}` }))
      const made: string[] = []
      for (let i = 0; i < 7; i++) made.push(String(row(await newUser(`p${i}`, { teamId: team.id })).id))
      const seen: string[] = []
      let cursor: string | undefined
      let pagesRead = 0
      do {
        const { result: page, requests } = await counting(() => db.model('User').where('teamId', team.id).paginate({ perPage: 3, cursor }))
        expect(requests.Query ?? 0).toBeLessThanOrEqual(2)
        seen.push(...page.data.map((u) => String(row(u).id)))
        cursor = page.cursor
        pagesRead++
      } while (cursor && pagesRead < 10)
      expect(seen.sort()).toEqual(made.sort())
      const first = await db.model('User').where('teamId', team.id).paginate({ perPage: 3 })
      await expect(db.model('User').where('role', 'admin').paginate({ perPage: 3, cursor: first.cursor })).rejects.toBeInstanceOf(OrmError)
      expect(await db.model('User').where('teamId', team.id).count()).toBe(7)
      // newest first through the relation index (sorted by createdAt, then id)
      const all = await db.model('User').where('teamId', team.id).get()
      const newest = all.map((u) => row(u)).sort((a, b) => (`${(a.createdAt as Date).toISOString()}#${a.id}` < `${(b.createdAt as Date).toISOString()}#${b.id}` ? 1 : -1))
      const latest = await db.model('User').where('teamId', team.id).latest().take(2).get()
      expect(latest.map((u) => row(u).id)).toEqual(newest.slice(0, 2).map((u) => u.id))
    })

    test('db.transaction: every write or none, the failing model named', async () => {
      const taken = row(await newUser('taken'))
      const name = `tx-${crypto.randomUUID()}`
      const error = await db.transaction(async () => {
        await db.model('Tag').create({ name })
        await db.model('User').create({ name: 'Tx', email: taken.email, password: 'password1' })
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UniqueConstraintError)
      expect(await db.model('Tag').where('name', name).first()).toBeNull()
      const [tag] = await db.transaction(async () => [await db.model('Tag').create({ name }), await newUser('tx-ok')])
      expect(row(tag).exists).toBe(true)
      expect(row(await db.model('Tag').where('name', name).first()).id).toBe(row(tag).id)
    })

    test('scopes, events, increment, chunk, firstOrCreate / updateOrCreate', async () => {
      const Team = db.model('Team')
      const team = row(await Team.create({ name: 'Scopes', slug: `scopes-${crypto.randomUUID()}` }))
      const users = await Promise.all(['admin', 'member', 'member'].map((role, i) => newUser(`s${i}`, { teamId: team.id, role })))
      const User = db.model('User')
      User.scope('role', (q, role) => q.where('role', role))
      expect((await User.where('teamId', team.id).scope('role', 'member').get()).length).toBe(2)
      User.addGlobalScope('adults', (q) => q.whereNotNull('role'))
      try {
        expect((await User.where('teamId', team.id).get()).length).toBe(3)
        expect(User.where('teamId', team.id).explain().filter).toBeDefined()
        expect(await User.find(String(row(users[0]!).id))).not.toBeNull()
        expect((await User.where('teamId', team.id).withoutGlobalScope('adults').get()).length).toBe(3)
      } finally {
        User.globalScopes.delete('adults')
      }

      const seen: string[] = []
      const offs = (['saving', 'updating', 'updated', 'saved'] as const).map((e) => User.on(e, () => void seen.push(e)))
      const u = row(users[1]!)
      await u.update({ name: 'Renamed' })
      offs.forEach((off) => off())
      expect(seen).toEqual(['saving', 'updating', 'updated', 'saved'])

      // User.age feeds no key: five concurrent increments are atomic ADDs, none lost
      const aged = row(await newUser('inc', { age: 10 }))
      const copies = await Promise.all(Array.from({ length: 5 }, () => User.find(String(aged.id))))
      const { requests } = await counting(() => Promise.all(copies.map((c) => row(c).increment('age'))))
      expect(requests).toEqual({ UpdateItem: 5 })
      expect(row(await User.find(String(aged.id))).age).toBe(15)

      let chunks = 0
      let members = 0
      await User.where('teamId', team.id).chunk(2, (models) => {
        chunks++
        members += models.length
      })
      expect([chunks, members]).toEqual([2, 3])

      const slug = `foc-${crypto.randomUUID()}`
      const a = row(await Team.firstOrCreate({ slug }, { name: 'First' }))
      const b = row(await Team.firstOrCreate({ slug }, { name: 'Second' }))
      expect(b.id).toBe(a.id)
      const c = row(await Team.updateOrCreate({ slug }, { name: 'Updated' }))
      expect(c.id).toBe(a.id)
      expect(row(await Team.find(String(a.id))).name).toBe('Updated')
    })

    test('models under a parent: find names the missing key input', async () => {
      const author = row(await newUser('c'))
      const post = row(await db.model('Post').create({ userId: author.id, title: 'P', slug: `p-${crypto.randomUUID()}`, status: 'draft' }))
      const comment = row(await db.model('Comment').create({ postId: post.id, userId: author.id, body: 'hi' }))
      await expect(db.model('Comment').find(String(comment.id))).rejects.toThrow(/postId/)
      expect(row(await db.model('Comment').find({ postId: post.id, id: comment.id })).body).toBe('hi')
      const comments = await db.model('Comment').where('postId', post.id).get()
      expect(comments.map((c) => row(c).id)).toEqual([comment.id])
    })
  })
}
