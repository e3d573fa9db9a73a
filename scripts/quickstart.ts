/**
 * The main job, end to end on the embedded engine (no Java, no Docker, no AWS account):
 * load the blog app's Stacks models, derive the single table, create it, write a small data set
 * through the model transforms (unique emails/slugs guarded by transactional sentinels), and run
 * access patterns as the real requests they describe.
 *
 *   bun run quickstart [models-folder]
 */
import { resolve } from 'node:path'
import { accessPatterns, buildRequest, cond, deriveSchema, DocumentClient, fromItem, loadModels, toItem, uniqueItems, unmarshall, type AccessPattern } from '../src/index.ts'

const modelsPath = process.argv[2] ?? resolve(import.meta.dir, '../fixtures/models/blog')
const started = performance.now()

const models = await loadModels(modelsPath)
const schema = deriveSchema(models, { tableName: 'blog' })
const patterns = accessPatterns(schema)
console.log(`loaded ${models.length} models from ${modelsPath}`)
console.log(`derived table "${schema.table.TableName}": ${schema.table.GlobalSecondaryIndexes?.length ?? 0} GSIs, ${schema.table.LocalSecondaryIndexes?.length ?? 0} LSIs, ${patterns.length} access patterns (none uses Scan)`)

// In memory so the run is repeatable; drop `inMemory` to keep the data in .dbtooling/local.sqlite.
const doc = new DocumentClient({ endpoint: 'local', local: { inMemory: true } })
await doc.client.send('CreateTable', schema.table as never)
if (schema.ttl) await doc.client.send('UpdateTimeToLive', { TableName: 'blog', TimeToLiveSpecification: { Enabled: true, AttributeName: schema.ttl.attribute } })

const entity = (name: string) => schema.entities.find(e => e.name === name)!
/** Writes an item and its unique-value sentinels in one transaction: a duplicate email fails whole. */
async function create(name: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const e = entity(name)
  const item = toItem(e, data)
  const guards = uniqueItems(e, item).map(s => ({ put: { table: 'blog', item: s, condition: cond.attributeNotExists(schema.config.partitionKey) } }))
  await doc.transactWrite([{ put: { table: 'blog', item } }, ...guards])
  return item
}

const team = await create('Team', { name: 'Acme', slug: 'acme' })
const ada = await create('User', { name: 'Ada Lovelace', email: 'ada@example.com', password: 'analytical', teamId: team.id, role: 'owner' })
const bob = await create('User', { name: 'Bob', email: 'bob@example.com', password: 'password1', teamId: team.id })
const first = await create('Post', { userId: ada.id, title: 'Notes on the Engine', slug: 'notes', status: 'published', publishedAt: '2026-01-01T10:00:00Z' })
await create('Post', { userId: ada.id, title: 'Drafts', slug: 'drafts' })
await create('Comment', { postId: first.id, userId: bob.id, body: 'Brilliant.' })
const duplicate = await create('User', { name: 'Imposter', email: 'ada@example.com', password: 'password1' }).catch(e => e as Error)
console.log(`wrote 6 items; a second user with ada@example.com was refused: ${duplicate instanceof Error ? duplicate.message.split(':')[0] : 'NO (bug)'}`)

async function run(name: string, values: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const pattern = patterns.find(p => p.name === name) as AccessPattern
  const request = buildRequest(pattern, values)
  const send = doc.client.send.bind(doc.client) as (op: string, input: object) => Promise<{ Item?: never; Items?: never[] }>
  const out = await send(pattern.operation, request)
  const items = (pattern.operation === 'GetItem' ? (out.Item ? [out.Item] : []) : (out.Items ?? [])).map(i => unmarshall(i))
  // A unique-value sentinel is not an entity item: it points at its owner's key.
  const shown = items.map(i => {
    const e = schema.entities.find(x => x.name === i[schema.config.entityTypeAttribute])
    return e ? fromItem(e, i) : i
  })
  console.log(`\n${name} (${pattern.operation}${pattern.index ? ` on ${pattern.index}` : ''}: ${pattern.keyCondition})`)
  for (const item of shown) console.log(`  ${JSON.stringify(item)}`)
  return shown
}

await run('getUserByEmail', { email: 'ada@example.com' })
const posts = await run('listPostsOfUser', { userId: ada.id })
await run('listCommentsOfPost', { postId: first.id })
await run('listUsersByRole', { role: 'owner' })
doc.close()

if (posts.length !== 2) throw new Error(`expected Ada's 2 posts, got ${posts.length}`)
console.log(`\ndone in ${Math.round(performance.now() - started)} ms. Next: \`bun bin/dbtooling.ts access-patterns --models ${modelsPath}\``)
