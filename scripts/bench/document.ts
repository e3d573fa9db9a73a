/**
 * End to end against the official DynamoDB Local, 16 requests in flight: GetItem, PutItem, Query
 * pages and batchWrite items per second for
 *   - dbtooling's DocumentClient,
 *   - the AWS SDK v3 DynamoDBDocumentClient (@aws-sdk/lib-dynamodb over @aws-sdk/client-dynamodb),
 *   - a bare loop of `signRequest` + `fetch` with pre-serialized bodies: the ceiling of what the
 *     server can serve to a client that does nothing else,
 *   - the same bare loop that also runs JSON.parse on each response: the least any client that
 *     returns the items must do on top (client and server share the machine's cores).
 * Every cell runs for a fixed time; the contenders alternate cell by cell (their order rotating each
 * round) so load drift on a shared machine hits all three alike; the median round is reported.
 *
 *   bun scripts/bench/document.ts [--duration 2000] [--rounds 7] [--inflight 16] [--only get,put,query,batch] [--raw]
 *
 * The SDK is installed at run time into scripts/bench/.deps (git-ignored), never into package.json.
 */
import { existsSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { signRequest } from '../../src/aws/sigv4.ts'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { DocumentClient, type Item } from '../../src/dynamodb/document.ts'
import { marshall } from '../../src/dynamodb/marshall.ts'
import { startDynamoDBLocal } from '../dynamodb-local.ts'

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '7' },
    inflight: { type: 'string', default: '16' },
    only: { type: 'string', default: 'get,put,query,batch' },
    raw: { type: 'boolean', default: false },
  },
})
const DURATION_MS = Number(args.duration)
const ROUNDS = Number(args.rounds)
const INFLIGHT = Number(args.inflight)
const ONLY = new Set(args.only!.split(','))

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
const region = 'us-east-1'
const TABLE = 'bench_document'
const QUERY_PAGE = 25
const BATCH = 25

// --- the SDK, installed on demand -----------------------------------------------------------------
const deps = join(import.meta.dir, '.deps')
const sdkDir = join(deps, 'node_modules', '@aws-sdk')
if (!existsSync(join(sdkDir, 'client-dynamodb')) || !existsSync(join(sdkDir, 'lib-dynamodb'))) {
  console.log('installing @aws-sdk/client-dynamodb and @aws-sdk/lib-dynamodb into scripts/bench/.deps ...')
  const install = Bun.spawnSync(['npm', 'install', '--prefix', deps, '--no-save', '--silent', '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'], { stderr: 'inherit' })
  if (install.exitCode !== 0) throw new Error('npm install of the AWS SDK into scripts/bench/.deps failed')
}
// Typed structurally: the SDK is not a dependency, so its declarations are not visible to tsc.
type Command = new (input: object) => object
interface SdkClientModule { DynamoDBClient: new (config: object) => { destroy(): void } }
interface SdkLibModule {
  DynamoDBDocumentClient: { from(client: object): { send(command: object): Promise<Record<string, unknown>> } }
  GetCommand: Command
  PutCommand: Command
  QueryCommand: Command
  BatchWriteCommand: Command
}
const sdkClient = (await import(join(sdkDir, 'client-dynamodb'))) as SdkClientModule
const sdkLib = (await import(join(sdkDir, 'lib-dynamodb'))) as SdkLibModule

// --- the server and the data ----------------------------------------------------------------------
console.log('starting DynamoDB Local ...')
const local = await startDynamoDBLocal()
const endpoint = local.endpoint
const url = `${endpoint}/`

/** A realistic medium item: strings, numbers, a boolean, a string set, a map and a list. */
function makeItem(pk: string, sk: string, n: number): Item {
  return {
    pk, sk,
    name: `User number ${n}`,
    email: `user${n}@example.com`,
    age: 20 + (n % 50),
    score: n * 1.5,
    active: n % 2 === 0,
    tags: new Set(['admin', 'beta', `group-${n % 7}`]),
    address: { street: `${n} Main Street`, city: 'Springfield', zip: '12345', geo: { lat: 39.78, lng: -89.65 } },
    history: [n, n + 1, n + 2, 'seen', { at: '2024-01-01T00:00:00.000Z' }],
    createdAt: '2024-05-01T12:00:00.000Z',
  }
}

const setupClient = new DynamoDBClient({ endpoint, region, credentials })
await setupClient.createTable({
  TableName: TABLE,
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  BillingMode: 'PAY_PER_REQUEST',
})
const seed = new DocumentClient(setupClient)
await seed.batchWrite([
  { table: TABLE, put: makeItem('get', 'item', 1) },
  ...Array.from({ length: QUERY_PAGE * 2 }, (_, i) => ({ table: TABLE, put: makeItem('query', `item#${String(i).padStart(4, '0')}`, i) })),
])

// The same requests, pre-built, for the bare fetch loop (and as wire-format inputs).
const getKey = { pk: 'get', sk: 'item' }
const putItems = Array.from({ length: 256 }, (_, i) => makeItem(`put#${i}`, 'item', i))
const batchItems = Array.from({ length: 64 }, (_, b) => Array.from({ length: BATCH }, (_, i) => makeItem(`batch#${b}`, `item#${i}`, i)))
const queryInput = { TableName: TABLE, KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': 'pk' }, Limit: QUERY_PAGE }

const bodies = {
  get: JSON.stringify({ TableName: TABLE, Key: marshall(getKey) }),
  put: putItems.map(item => JSON.stringify({ TableName: TABLE, Item: marshall(item) })),
  query: JSON.stringify({ ...queryInput, ExpressionAttributeValues: { ':pk': { S: 'query' } } }),
  batch: batchItems.map(items => JSON.stringify({ RequestItems: { [TABLE]: items.map(item => ({ PutRequest: { Item: marshall(item) } })) } })),
}

// --- the three contenders -------------------------------------------------------------------------
const ours = new DocumentClient(new DynamoDBClient({ endpoint, region, credentials }))
const sdkBase = new sdkClient.DynamoDBClient({ endpoint, region, credentials, maxAttempts: 3 })
const theirs = sdkLib.DynamoDBDocumentClient.from(sdkBase)

const targetHeaders = (op: string) => ({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${op}` })
const bareHeaders = { get: targetHeaders('GetItem'), put: targetHeaders('PutItem'), query: targetHeaders('Query'), batch: targetHeaders('BatchWriteItem') }
async function bare(kind: keyof typeof bareHeaders, body: string): Promise<string> {
  const { headers } = signRequest({ method: 'POST', url, headers: bareHeaders[kind], body }, { credentials, region, service: 'dynamodb' })
  const response = await fetch(url, { method: 'POST', headers, body })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`bare ${kind}: HTTP ${response.status} ${text.slice(0, 200)}`)
  return text
}

type Op = 'get' | 'put' | 'query' | 'batch'
type Contender = 'dbtooling' | 'aws-sdk v3' | 'bare fetch' | 'bare + parse'
const CONTENDERS: Contender[] = ['dbtooling', 'aws-sdk v3', 'bare fetch', 'bare + parse']
/** Units each call completes: requests, pages, or items written. */
const UNITS: Record<Op, number> = { get: 1, put: 1, query: 1, batch: BATCH }
const LABEL: Record<Op, string> = { get: 'GetItem /s', put: 'PutItem /s', query: `Query pages /s (${QUERY_PAGE} items)`, batch: `batchWrite items /s (${BATCH} per request)` }

/** One call of `op` by `who`; `i` varies the item written. Returns something to sanity-check. */
function call(who: Contender, op: Op, i: number): Promise<unknown> {
  switch (who) {
    case 'dbtooling':
      switch (op) {
        case 'get': return ours.get({ table: TABLE, key: getKey })
        case 'put': return ours.put({ table: TABLE, item: putItems[i % putItems.length]! })
        case 'query': return ours.query({ table: TABLE, key: { pk: 'query' }, limit: QUERY_PAGE }).then(p => p.items)
        case 'batch': return ours.batchWrite(batchItems[i % batchItems.length]!.map(put => ({ table: TABLE, put })))
      }
      break
    case 'aws-sdk v3':
      switch (op) {
        case 'get': return theirs.send(new sdkLib.GetCommand({ TableName: TABLE, Key: getKey })).then(o => o.Item)
        case 'put': return theirs.send(new sdkLib.PutCommand({ TableName: TABLE, Item: putItems[i % putItems.length]! }))
        case 'query': return theirs.send(new sdkLib.QueryCommand({ ...queryInput, ExpressionAttributeValues: { ':pk': 'query' } })).then(o => o.Items)
        case 'batch': return theirs.send(new sdkLib.BatchWriteCommand({ RequestItems: { [TABLE]: batchItems[i % batchItems.length]!.map(Item => ({ PutRequest: { Item } })) } }))
      }
      break
    case 'bare fetch':
      switch (op) {
        case 'get': return bare('get', bodies.get)
        case 'put': return bare('put', bodies.put[i % bodies.put.length]!)
        case 'query': return bare('query', bodies.query)
        case 'batch': return bare('batch', bodies.batch[i % bodies.batch.length]!)
      }
      break
    case 'bare + parse':
      return call('bare fetch', op, i).then(text => JSON.parse(text as string) as unknown)
  }
  throw new Error('unreachable')
}

// Sanity: every contender reads the same item and page back, and its writes land.
for (const who of CONTENDERS) {
  const got = await call(who, 'get', 0)
  const wire = (x: unknown) => (typeof x === 'string' ? JSON.parse(x) : x) as Record<string, unknown>
  const name = who.startsWith('bare') ? (wire(got) as { Item: { name: { S: string } } }).Item.name.S : (got as Item | undefined)?.name
  if (name !== 'User number 1') throw new Error(`${who}: GetItem did not return the seeded item`)
  const page = await call(who, 'query', 0)
  const count = who.startsWith('bare') ? (wire(page) as { Items: unknown[] }).Items.length : (page as unknown[]).length
  if (count !== QUERY_PAGE) throw new Error(`${who}: Query returned ${count} items, expected ${QUERY_PAGE}`)
  await call(who, 'put', 0)
  await call(who, 'batch', 0)
}
const written = await ours.get({ table: TABLE, key: { pk: 'batch#0', sk: `item#${BATCH - 1}` } })
if (written?.name !== `User number ${BATCH - 1}`) throw new Error('batchWrite: the last item of the batch is missing')

interface Sample { rate: number; cpuUsPerCall: number }

/** `INFLIGHT` workers call `op` back to back for `ms`; returns units per second and client CPU per call. */
async function run(who: Contender, op: Op, ms: number): Promise<Sample> {
  let calls = 0
  let next = 0
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const until = started + ms
  await Promise.all(Array.from({ length: INFLIGHT }, async () => {
    while (performance.now() < until) {
      await call(who, op, next++)
      calls++
    }
  }))
  const elapsed = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  return { rate: (calls * UNITS[op] * 1000) / elapsed, cpuUsPerCall: (cpu.user + cpu.system) / calls }
}

const ops = (['get', 'put', 'query', 'batch'] as Op[]).filter(op => ONLY.has(op))
const load = () => loadavg().map(x => x.toFixed(2)).join(' ')
const loadStart = load()
console.log(`warming up (load average ${loadStart}) ...`)
for (const op of ops) for (const who of CONTENDERS) await run(who, op, Math.max(DURATION_MS, 2000))

const samples = new Map<string, Sample[]>()
for (let round = 0; round < ROUNDS; round++) {
  for (const op of ops) {
    for (let k = 0; k < CONTENDERS.length; k++) {
      const who = CONTENDERS[(k + round) % CONTENDERS.length]!
      Bun.gc(true)
      const s = await run(who, op, DURATION_MS)
      const list = samples.get(`${op}/${who}`) ?? []
      list.push(s)
      samples.set(`${op}/${who}`, list)
    }
  }
  process.stdout.write(`round ${round + 1}/${ROUNDS} done (load ${load()})\n`)
}
const loadEnd = load()

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const med = (op: Op, who: Contender) => {
  const list = samples.get(`${op}/${who}`)!
  return { rate: median(list.map(s => s.rate)), cpu: median(list.map(s => s.cpuUsPerCall)) }
}
const fmt = (x: number) => Math.round(x).toLocaleString('en-US')
// Ratios are taken round by round (the three cells of a round ran back to back), then the median:
// steadier than a ratio of medians when the machine's load drifts between rounds.
const ratio = (op: Op, a: Contender, b: Contender) => {
  const as = samples.get(`${op}/${a}`)!
  const bs = samples.get(`${op}/${b}`)!
  return median(as.map((s, i) => s.rate / bs[i]!.rate))
}

console.log(`\nEnd to end vs DynamoDB Local, ${INFLIGHT} in flight (median of ${ROUNDS} rounds x ${DURATION_MS} ms per cell; Bun ${Bun.version}, ${cpus().length} cores, load average ${loadStart} -> ${loadEnd})\n`)
console.log('| operation | dbtooling | aws-sdk v3 | bare fetch | bare + parse | ours / SDK (per-round median) | ours / bare fetch (per-round median) | bare + parse / bare fetch | client CPU per call (ours / SDK / bare / bare + parse) |')
console.log('|---|---|---|---|---|---|---|---|---|')
for (const op of ops) {
  const o = med(op, 'dbtooling')
  const s = med(op, 'aws-sdk v3')
  const b = med(op, 'bare fetch')
  const p = med(op, 'bare + parse')
  console.log(`| ${LABEL[op]} | ${fmt(o.rate)} | ${fmt(s.rate)} | ${fmt(b.rate)} | ${fmt(p.rate)} | ${ratio(op, 'dbtooling', 'aws-sdk v3').toFixed(2)}x | ${(ratio(op, 'dbtooling', 'bare fetch') * 100).toFixed(0)}% | ${(ratio(op, 'bare + parse', 'bare fetch') * 100).toFixed(0)}% | ${fmt(o.cpu)} / ${fmt(s.cpu)} / ${fmt(b.cpu)} / ${fmt(p.cpu)} µs |`)
}

if (args.raw) {
  console.log('\nper-round rates (units/s), in round order:')
  for (const op of ops) for (const who of CONTENDERS) console.log(`${op.padEnd(6)} ${who.padEnd(11)} ${samples.get(`${op}/${who}`)!.map(s => fmt(s.rate)).join('  ')}`)
}

sdkBase.destroy()
ours.close()
setupClient.close()
await local.stop()
process.exit(0)
