/**
 * Client CPU of the model layer against a loopback server in a child process (its CPU is not
 * counted) that answers every request with a canned response:
 *   - get: `User.find(id)` vs `DocumentClient.get` of the same item, vs ElectroDB's and
 *     dynamodb-toolbox v2's get (both over the AWS SDK v3 document client);
 *   - create: `User.create` with one unique attribute vs the hand-written DocumentClient
 *     transaction that does the same writes (item + sentinel, each conditioned);
 *   - save: `save()` of one dirty attribute vs the hand-written DocumentClient update.
 * Sequential and 16 in flight; contenders interleaved round by round; best round reported.
 *
 *   bun scripts/bench/orm.ts [--n 2000] [--rounds 5]
 *
 * ElectroDB, dynamodb-toolbox and the SDK are installed at run time into scripts/bench/.deps
 * (git-ignored), never into package.json. A contender that cannot be set up is reported as n/a.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { crc32 } from '../../src/aws/crc32.ts'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { DocumentClient } from '../../src/dynamodb/document.ts'
import { cond, update } from '../../src/dynamodb/expressions/index.ts'
import { createOrm } from '../../src/orm/index.ts'

const { values: args } = parseArgs({ options: { n: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' }, serve: { type: 'boolean', default: false } } })

const ID = '8f14e45f-ceea-467f-a0e6-2b1b6c1c0c7e'
const STORED = {
  pk: { S: `USER#${ID}` }, sk: { S: `USER#${ID}` }, _et: { S: 'User' }, id: { S: ID },
  name: { S: 'Ada Lovelace' }, email: { S: 'ada@example.com' }, role: { S: 'admin' },
  createdAt: { S: '2026-01-01T00:00:00.000Z' }, updatedAt: { S: '2026-01-01T00:00:00.000Z' },
  GSI1PK: { S: 'USER#shard-1' }, GSI1SK: { S: `USER#2026-01-01T00:00:00.000Z#${ID}` },
  __edb_e__: { S: 'User' }, __edb_v__: { S: '1' }, _ct: { S: '2026-01-01T00:00:00.000Z' }, _md: { S: '2026-01-01T00:00:00.000Z' },
}

if (args.serve) {
  const bodies: Record<string, string> = { GetItem: JSON.stringify({ Item: STORED }), default: '{}' }
  const headers = (body: string) => ({ 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'BENCH0000000000000000000000000000000000000000000000000', 'x-amz-crc32': String(crc32(new TextEncoder().encode(body))) })
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: async (req) => {
      await req.arrayBuffer()
      const op = req.headers.get('x-amz-target')?.split('.')[1] ?? ''
      const body = bodies[op] ?? bodies.default!
      return new Response(body, { headers: headers(body) })
    },
  })
  console.log(server.port)
  await new Promise(() => {})
}

const n = Number(args.n)
const rounds = Number(args.rounds)
const INFLIGHT = 16
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
const region = 'us-east-1'
const TABLE = 'app'

const child = Bun.spawn([process.execPath, import.meta.path, '--serve'], { stdout: 'pipe', stderr: 'inherit' })
const port = Number(new TextDecoder().decode((await child.stdout.getReader().read()).value).trim())
const endpoint = `http://127.0.0.1:${port}`

// --- the comparison libraries, installed on demand ------------------------------------------------
const deps = join(import.meta.dir, '.deps')
const wanted = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', 'electrodb', 'dynamodb-toolbox']
if (wanted.some((p) => !existsSync(join(deps, 'node_modules', p)))) {
  console.log(`installing ${wanted.join(', ')} into scripts/bench/.deps ...`)
  const install = Bun.spawnSync(['npm', 'install', '--prefix', deps, '--no-save', '--silent', ...wanted], { stderr: 'inherit' })
  if (install.exitCode !== 0) console.log('npm install failed: the comparison libraries will be n/a')
}
const load = async (name: string): Promise<Record<string, unknown> | undefined> => {
  try {
    return (await import(join(deps, 'node_modules', name))) as Record<string, unknown>
  } catch {
    return undefined
  }
}

// --- contenders -----------------------------------------------------------------------------------
const client = new DynamoDBClient({ endpoint, region, credentials })
const doc = new DocumentClient(client)
const db = await createOrm({
  models: {
    User: {
      name: 'User',
      traits: { useUuid: true, useTimestamps: true },
      attributes: { name: { required: true }, email: { required: true, unique: true }, role: { default: 'member' } },
    },
  },
  client: doc,
  table: TABLE,
  config: {},
})
const User = db.models.User
const key = { pk: `USER#${ID}`, sk: `USER#${ID}` }

type Contender = { name: string; run: () => Promise<unknown> }
const get: Contender[] = [
  { name: 'DocumentClient.get', run: () => doc.get({ table: TABLE, key }) },
  { name: 'User.find', run: () => User.find(ID) },
]
const create: Contender[] = [
  {
    name: 'DocumentClient transaction',
    run: () => {
      const id = crypto.randomUUID()
      const now = new Date().toISOString()
      const item = { pk: `USER#${id}`, sk: `USER#${id}`, _et: 'User', id, name: 'Ada', email: 'ada@example.com', role: 'member', createdAt: now, updatedAt: now, GSI1PK: 'USER#shard-0', GSI1SK: `USER#${now}#${id}` }
      const sentinel = { pk: 'UNIQUE#User#email#ada@example.com', sk: 'UNIQUE#User#email#ada@example.com', _et: 'UNIQUE', entity: 'User', attributes: ['email'], ownerPk: item.pk, ownerSk: item.sk }
      return doc.transactWrite([
        { put: { table: TABLE, item, condition: cond.attributeNotExists('pk') } },
        { put: { table: TABLE, item: sentinel, condition: cond.attributeNotExists('pk') } },
      ])
    },
  },
  { name: 'User.create', run: () => User.create({ name: 'Ada', email: 'ada@example.com' }) },
]
const stale = (await User.find(ID))!
let flip = 0
const save: Contender[] = [
  {
    name: 'DocumentClient.update',
    run: () => doc.update({ table: TABLE, key, update: update().set('role', flip++ % 2 ? 'admin' : 'owner').set('updatedAt', new Date().toISOString()), condition: cond.attributeExists('pk') }),
  },
  {
    name: 'model.save',
    run: () => {
      // a fresh dirty attribute each call, as an application would have
      stale._load({ ...key, _et: 'User', id: ID, name: 'Ada', email: 'ada@example.com', role: 'member', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' })
      stale.setAttribute('name', flip++ % 2 ? 'Ada King' : 'Ada Byron')
      return stale.save()
    },
  },
]

// ElectroDB and dynamodb-toolbox v2, each over the AWS SDK v3 document client
const sdkClient = await load('@aws-sdk/client-dynamodb')
const sdkLib = await load('@aws-sdk/lib-dynamodb')
if (sdkClient && sdkLib) {
  const Raw = sdkClient.DynamoDBClient as new (c: object) => object
  const Doc = sdkLib.DynamoDBDocumentClient as { from(c: object, o?: object): object }
  const sdkDoc = Doc.from(new Raw({ endpoint, region, credentials }), { marshallOptions: { removeUndefinedValues: true } })
  const electro = await load('electrodb')
  try {
    if (!electro) throw new Error('not installed')
    const Entity = electro.Entity as new (schema: object, options: object) => { get(key: object): { go(o?: object): Promise<unknown> } }
    const entity = new Entity({
      model: { entity: 'User', version: '1', service: 'app' },
      attributes: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } },
      indexes: { primary: { pk: { field: 'pk', composite: ['id'], template: 'USER#${id}' }, sk: { field: 'sk', composite: ['id'], template: 'USER#${id}' } } },
    }, { client: sdkDoc, table: TABLE })
    await entity.get({ id: ID }).go({ ignoreOwnership: true })
    get.push({ name: 'ElectroDB get', run: () => entity.get({ id: ID }).go({ ignoreOwnership: true }) })
  } catch (error) {
    console.log(`ElectroDB: n/a (${(error as Error).message})`)
  }
  const toolbox = await load('dynamodb-toolbox')
  try {
    const t = toolbox as Record<string, (...a: unknown[]) => unknown> & { Table: new (o: object) => object; Entity: new (o: object) => { build(c: unknown): { key(k: object): { send(): Promise<unknown> } } }; GetItemCommand: unknown }
    const str = t.string as () => { key(): unknown }
    const table = new t.Table({ name: TABLE, partitionKey: { name: 'pk', type: 'string' }, sortKey: { name: 'sk', type: 'string' }, documentClient: sdkDoc })
    const entity = new t.Entity({
      name: 'User',
      table,
      schema: (t.item as (s: object) => unknown)({ id: str().key(), name: str(), email: str(), role: str() }),
      computeKey: ({ id }: { id: string }) => ({ pk: `USER#${id}`, sk: `USER#${id}` }),
      timestamps: false,
    })
    await entity.build(t.GetItemCommand).key({ id: ID }).send()
    get.push({ name: 'dynamodb-toolbox get', run: () => entity.build(t.GetItemCommand).key({ id: ID }).send() })
  } catch (error) {
    console.log(`dynamodb-toolbox: n/a (${(error as Error).message})`)
  }
}

async function measure(c: Contender, count: number, inflight: number): Promise<number> {
  Bun.gc(true)
  const before = process.cpuUsage()
  const per = Math.ceil(count / inflight)
  await Promise.all(Array.from({ length: inflight }, async () => {
    for (let i = 0; i < per; i++) await c.run()
  }))
  const cpu = process.cpuUsage(before)
  return (cpu.user + cpu.system) / (per * inflight)
}

for (const [label, group] of [['get', get], ['create (one unique attribute)', create], ['save (one dirty attribute)', save]] as const) {
  console.log(`\n${label}: client CPU per call (best of ${rounds} rounds x ${n}; Bun ${Bun.version})\n`)
  console.log(`| mode | ${group.map((c) => c.name).join(' | ')} | ratios to ${group[0]!.name} |`)
  console.log(`|---|${group.map(() => '---|').join('')}---|`)
  for (const inflight of [1, INFLIGHT]) {
    for (const c of group) await measure(c, Math.ceil(n / 4), inflight)
    const best = new Map<string, number>()
    for (let r = 0; r < rounds; r++) {
      for (const c of [...group].sort(() => (r % 2 ? 1 : -1))) best.set(c.name, Math.min(best.get(c.name) ?? Infinity, await measure(c, n, inflight)))
    }
    const base = best.get(group[0]!.name)!
    console.log(`| ${inflight === 1 ? 'sequential' : `${inflight} in flight`} | ${group.map((c) => `${best.get(c.name)!.toFixed(1)} µs`).join(' | ')} | ${group.slice(1).map((c) => `${c.name} ${(best.get(c.name)! / base).toFixed(2)}x`).join(', ')} |`)
  }
}

db.close()
client.close()
child.kill()
process.exit(0)
