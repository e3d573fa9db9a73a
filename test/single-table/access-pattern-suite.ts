/**
 * The access-pattern suite: on one target, the derived table is created, a seeded data set is
 * written through toItem + marshall, and every access pattern runs as the request it describes.
 * The expected items come from the data (who belongs to whom, what is deleted), not from the keys.
 * e2e.test.ts runs it on the derived CreateTable input; test/infra/round-trip.test.ts on tables
 * created from the generated CloudFormation.
 */
import { expect } from 'bun:test'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import {
  accessPatterns,
  buildGetItem,
  buildQuery,
  createTransaction,
  deriveSchema,
  marshall,
  toItem,
  unmarshall,
  type AccessPattern,
  type DerivedSchema,
  type EntityDefinition,
} from '../../src/index.ts'
import { formatKeyValue } from '../../src/single-table/design/keys.ts'
import type { AttributeMap } from '../../src/dynamodb/attribute-value.ts'
import { testCredentials, testRegion, uniqueTableName, type Target } from '../support/targets.ts'
import { fixtureModels } from './helpers.ts'

type Item = Record<string, unknown>
export type Seed = [entity: string, data: Item][]

const start = Date.parse('2026-01-01T00:00:00.000Z')
const at = (minutes: number): Date => new Date(start + minutes * 60_000)

export function blogSeed(): Seed {
  const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${crypto.randomUUID()}-${i}`)
  const [t1, t2] = ids('team', 2) as [string, string]
  const [u1, u2, u3, u4, u5] = ids('user', 5) as [string, string, string, string, string]
  const [pa, pb, pc, pd, pe] = ids('post', 5) as [string, string, string, string, string]
  const [g1, g2, g3] = ids('tag', 3) as [string, string, string]
  const [r1, r2] = ids('role', 2) as [string, string]
  const user = (id: string, n: number, extra: Item): [string, Item] => ['User', { id, name: `User ${n}`, email: `u${n}@example.com`, password: 'password1', ...extra }]
  return [
    ['Team', { id: t1, name: 'Acme', slug: 'acme', plan: 'pro' }],
    ['Team', { id: t2, name: 'Globex', slug: 'globex' }],
    user(u1, 1, { teamId: t1, role: 'owner' }),
    user(u2, 2, { teamId: t1 }),
    user(u3, 3, { teamId: t2, age: 40 }),
    user(u4, 4, { teamId: t1, role: 'admin', deletedAt: at(500) }),
    user(u5, 5, {}),
    ['Profile', { userId: u1, bio: 'First', website: 'https://example.com' }],
    ['Profile', { userId: u3, bio: 'Third', website: null }],
    ['Post', { id: pa, userId: u1, title: 'A', slug: 'a', status: 'published', publishedAt: '2026-01-01T10:00:00Z', tags: ['x'] }],
    ['Post', { id: pb, userId: u1, title: 'B', slug: 'b', status: 'draft' }],
    ['Post', { id: pc, userId: u1, title: 'C', slug: 'c', status: 'published', publishedAt: '2026-02-01T10:00:00Z', deletedAt: at(600) }],
    ['Post', { id: pd, userId: u2, title: 'D', slug: 'd', status: 'published', publishedAt: '2026-03-01T10:00:00Z' }],
    ['Post', { id: pe, userId: u3, title: 'E', slug: 'e', status: 'archived', publishedAt: '2026-01-15T10:00:00Z' }],
    ['Comment', { postId: pa, userId: u2, body: 'one' }],
    ['Comment', { postId: pa, userId: u3, body: 'two', approved: true }],
    ['Comment', { postId: pa, userId: u2, body: 'gone', deletedAt: at(700) }],
    ['Comment', { postId: pd, userId: u1, body: 'three' }],
    ['Comment', { postId: pa, body: 'anonymous' }],
    ['Tag', { id: g1, name: 'db' }],
    ['Tag', { id: g2, name: 'bun' }],
    ['Tag', { id: g3, name: 'aws' }],
    ['PostTag', { postId: pa, tagId: g1 }],
    ['PostTag', { postId: pa, tagId: g2 }],
    ['PostTag', { postId: pd, tagId: g1 }],
    ['PostTag', { postId: pe, tagId: g3 }],
    ['Role', { id: r1, name: 'editor', permissions: ['posts.write'] }],
    ['Role', { id: r2, name: 'reviewer' }],
    ['RoleUser', { roleId: r1, userId: u1 }],
    ['RoleUser', { roleId: r1, userId: u2 }],
    ['RoleUser', { roleId: r2, userId: u1 }],
    ['Project', { id: 10, teamId: t1, name: 'Ten', budget: '1000.50' }],
    ['Project', { id: 2, teamId: t1, name: 'Two', budget: 20 }],
    ['Project', { id: 1, teamId: t1, name: 'One' }],
    ['Project', { id: 3, teamId: t2, name: 'Three', budget: '12345678901234567890.12' }],
  ]
}

export function analyticsSeed(): Seed {
  const s1 = `site-${crypto.randomUUID()}`
  const s2 = `site-${crypto.randomUUID()}`
  const expires = Math.floor(Date.now() / 1000) + 90 * 86400
  const seed: Seed = [
    ['Site', { id: s1, domain: 'example.com' }],
    ['Site', { id: s2, domain: 'example.org', timezone: 'Europe/Berlin' }],
  ]
  const paths = ['/', '/pricing', '/', '/docs', '/', '/pricing', '/blog', '/']
  paths.forEach((path, i) => {
    seed.push(['PageView', { siteId: i % 3 === 2 ? s2 : s1, path, occurredAt: at(i * 7 % 11), country: i % 2 ? 'DE' : 'US', durationMs: 100 * i, referrer: i % 2 ? null : 'https://ref.example', expiresAt: expires }])
  })
  return seed
}

interface Written {
  entity: EntityDefinition
  item: Item
}

/** The items a pattern must return, in order, computed from the data. */
function expected(schema: DerivedSchema, written: Written[], p: AccessPattern, subject: Item): Item[] {
  const of = (name: string): Item[] => written.filter((w) => w.entity.name === name).map((w) => w.item)
  const alive = (i: Item): boolean => i.deletedAt === undefined
  const entity = schema.entities.find((e) => e.name === p.returns)
  const intId = (e: EntityDefinition | undefined, v: unknown): string => formatKeyValue(v, e?.idType === 'integer')
  const byCreated = (e: EntityDefinition) => (a: Item, b: Item): number => {
    const ka = `${e.traits.useTimestamps ? `${a.createdAt as string}#` : ''}${intId(e, a.id)}`
    const kb = `${e.traits.useTimestamps ? `${b.createdAt as string}#` : ''}${intId(e, b.id)}`
    return ka < kb ? -1 : ka > kb ? 1 : 0
  }
  switch (p.kind) {
    case 'getById':
      return [subject]
    case 'getParent':
      return of(p.returns).filter((i) => i.id === subject[p.via as string])
    case 'getChild':
    case 'listChildren': {
      const e = entity as EntityDefinition
      const children = of(p.returns).filter((i) => i[p.via as string] === subject.id && alive(i))
      // nested children sort by their sort key (the id); others by the relation index (createdAt, id)
      const nested = e.parent?.model === p.entity
      children.sort(nested ? (a, b) => (intId(e, a.id) < intId(e, b.id) ? -1 : 1) : byCreated(e))
      return p.kind === 'getChild' ? children.slice(0, 1) : children
    }
    case 'listRelated': {
      const edge = entity as EntityDefinition
      const info = edge.edge as NonNullable<EntityDefinition['edge']>
      const mine = p.entity === info.owner ? info.ownerKey : info.otherKey
      const theirs = p.entity === info.owner ? info.otherKey : info.ownerKey
      return of(edge.name)
        .filter((i) => i[mine] === subject.id)
        .sort((a, b) => (String(a[theirs]) < String(b[theirs]) ? -1 : 1))
    }
    case 'listByIndex': {
      const e = entity as EntityDefinition
      const index = e.indexes.find((i) => i.name === p.via) as EntityDefinition['indexes'][number]
      const lead = index.columns.length === 1 ? index.columns : index.columns.slice(0, -1)
      const sortCol = index.columns[index.columns.length - 1] as string
      const rows = of(e.name).filter((i) => alive(i) && index.columns.every((c) => i[c] !== undefined) && lead.every((c) => i[c] === subject[c]))
      const key = (i: Item): string => (index.columns.length === 1 ? intId(e, i.id) : `${String(i[sortCol])}#${intId(e, i.id)}`)
      rows.sort((a, b) => (key(a) < key(b) ? -1 : 1))
      return p.request.ScanIndexForward === false ? rows.reverse() : rows
    }
    case 'listAll': {
      const e = entity as EntityDefinition
      return of(e.name).filter(alive).sort(byCreated(e))
    }
    case 'getByUnique':
      return [subject]
  }
}

/** How the suite's table is made and removed; by default from the derived CreateTable input. */
export interface SuiteTable {
  create(client: DynamoDBClient, schema: DerivedSchema): Promise<void>
  remove?(client: DynamoDBClient, tableName: string): Promise<void>
}

const derivedTable: SuiteTable = {
  async create(client, schema) {
    await client.createTable(schema.table)
    if (schema.ttl) {
      await client.updateTimeToLive({ TableName: schema.table.TableName, TimeToLiveSpecification: { AttributeName: schema.ttl.attribute, Enabled: true } })
    }
  },
}

export async function runApp(target: Target, dir: string, seed: Seed, table: SuiteTable = derivedTable): Promise<{ patterns: number; requests: number }> {
  const running = await target.start()
  const endpoint = running.endpoint
  const client = new DynamoDBClient({ endpoint, region: testRegion, credentials: testCredentials })
  const tableName = uniqueTableName('single-table')
  const schema = deriveSchema(await fixtureModels(dir), { tableName })
  try {
    await table.create(client, schema)
    const entityOf = (name: string): EntityDefinition => schema.entities.find((e) => e.name === name) as EntityDefinition
    const written: Written[] = []
    let minute = 0
    for (const [name, data] of seed) {
      const entity = entityOf(name)
      const item = toItem(entity, data, { now: at(minute++) })
      written.push({ entity, item })
      await client.transactWriteItems(createTransaction(entity, item, { tableName }))
    }
    const wire = (i: Item): Item => unmarshall(marshall(i))

    let requests = 0
    const answered = new Set<string>()
    const patterns = accessPatterns(schema)
    for (const p of patterns) {
      // run the pattern for every item of the entity it starts from
      const subjects = written.filter((w) => w.entity.name === p.entity).map((w) => w.item)
      expect(subjects.length).toBeGreaterThan(0)
      for (const subject of p.kind === 'listAll' ? subjects.slice(0, 1) : subjects) {
        const want = expected(schema, written, p, subject)
        let got: Item[] = []
        if (p.kind === 'listAll') {
          const shards = p.shards ?? 1
          for (let shard = 0; shard < shards; shard++) {
            const out = await client.query(buildQuery(p, { shard }))
            requests++
            got.push(...(out.Items ?? []).map((i) => unmarshall(i as AttributeMap)))
          }
          // shards are merged by the index sort key
          got.sort((a, b) => (String(a.GSI1SK) < String(b.GSI1SK) ? -1 : 1))
        } else {
          const values = ['listChildren', 'getChild', 'listRelated'].includes(p.kind)
            ? Object.fromEntries(p.params.map((param) => [param.name, subject.id]))
            : subject
          if (p.params.some((param) => values[param.name] === undefined)) {
            // the subject has no value for this pattern (no team, no published date): nothing to ask
            continue
          }
          requests++
          if (p.operation === 'GetItem') {
            const out = await client.getItem(buildGetItem(p, values))
            got = out.Item ? [unmarshall(out.Item as AttributeMap)] : []
          } else {
            const out = await client.query(buildQuery(p, values))
            got = (out.Items ?? []).map((i) => unmarshall(i as AttributeMap))
          }
        }
        if (p.kind === 'getByUnique') {
          // the sentinel, then the item it points at
          expect(got.length, p.name).toBe(1)
          expect(got[0]).toMatchObject({ _et: 'UNIQUE', entity: p.entity, ownerPk: subject.pk, ownerSk: subject.sk })
          const owner = await client.getItem({ TableName: tableName, Key: marshall({ pk: got[0]?.ownerPk, sk: got[0]?.ownerSk }) })
          requests++
          got = owner.Item ? [unmarshall(owner.Item as AttributeMap)] : []
        }
        expect({ pattern: p.name, items: got }).toEqual({ pattern: p.name, items: want.map(wire) })
        if (got.length > 0) answered.add(p.name)
      }
    }
    // uniqueness holds under concurrency: of two creates racing for one unique value, one wins
    const unique = written.find((w) => w.entity.uniques.length > 0) as Written
    const racers = [0, 1].map((n) => {
      const data = seed.find(([name, d]) => name === unique.entity.name && d.id === unique.item.id)?.[1] as Item
      const attrs = unique.entity.uniques[0]?.attributes ?? []
      const fresh = toItem(unique.entity, { ...data, id: undefined, ...Object.fromEntries(attrs.map((a) => [a, `race-${String(data[a])}`])) }, { now: at(900 + n) })
      return client.transactWriteItems(createTransaction(unique.entity, fresh, { tableName }))
    })
    const outcomes = await Promise.allSettled(racers)
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBe(1)
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect((lost.reason as { code?: string }).code).toBe('TransactionCanceledException')
    // and the value already taken by the seed is refused
    const again = toItem(unique.entity, { ...(seed.find(([, d]) => d.id === unique.item.id)?.[1] as Item), id: undefined }, { now: at(950) })
    expect(((await client.transactWriteItems(createTransaction(unique.entity, again, { tableName })).catch((e: unknown) => e)) as { code?: string }).code).toBe(
      'TransactionCanceledException',
    )

    // no pattern passes only by returning nothing
    expect(patterns.map((p) => p.name).filter((name) => !answered.has(name))).toEqual([])
    return { patterns: patterns.length, requests }
  } finally {
    await table.remove?.(client, tableName).catch(() => undefined)
    await client.deleteTable({ TableName: tableName }).catch(() => undefined)
    client.close()
    await running.stop()
  }
}

