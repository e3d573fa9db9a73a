/**
 * The embedded engine against DynamoDB Local on this machine, through the same client
 * (dbtooling's DynamoDBClient) with 16 requests in flight: GetItem, PutItem, Query (pages of 50
 * items) and BatchWriteItem (25-item batches) throughput; start-up time to the first answered
 * request; memory and file size per million small items.
 *
 *   bun scripts/bench/engine.ts [--seconds 3] [--rounds 3] [--warmup 3] [--items 200000] [--skip-memory] [--skip-startup]
 *
 * Each engine runs in its own child process (as `dbtooling start` would), so the client's CPU is
 * not the server's; DynamoDB Local runs `-inMemory` as the tests start it. Rounds alternate the
 * servers so load drift hits all of them; the best round is reported (on a shared machine
 * interference only ever removes throughput), with the median beside it.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { ensureJar, freePort, startDynamoDBLocal } from '../dynamodb-local.ts'

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    items: { type: 'string', default: '200000' },
    'skip-memory': { type: 'boolean', default: false },
    'skip-startup': { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
    'in-memory': { type: 'boolean', default: false },
    'db-path': { type: 'string' },
  },
})

const root = resolve(import.meta.dir, '../..')

// --- child mode: one engine on a free port, its port on stdout ------------------------------------
if (args.serve) {
  const { startLocal } = await import('../../src/local/server.ts')
  const server = await startLocal({ port: 0, ...(args['in-memory'] ? { inMemory: true } : { dbPath: args['db-path'] }) })
  console.log(server.port)
  process.on('SIGTERM', async () => {
    await server.stop()
    process.exit(0)
  })
  await new Promise(() => {})
}

const INFLIGHT = 16
const SECONDS = Number(args.seconds)
const ROUNDS = Number(args.rounds)
const credentials = { accessKeyId: 'x', secretAccessKey: 'y' }
const loadBefore = loadavg()

interface Server {
  name: string
  endpoint: string
  pid: number
  stop(): Promise<void>
}

async function spawnEngine(name: string, flags: string[]): Promise<Server> {
  const child = Bun.spawn([process.execPath, import.meta.path, '--serve', ...flags], { stdout: 'pipe', stderr: 'inherit' })
  const reader = child.stdout.getReader()
  const first = await reader.read()
  reader.releaseLock()
  const port = Number(new TextDecoder().decode(first.value).trim())
  if (!port) throw new Error(`${name} did not start`)
  return {
    name,
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM')
      await child.exited
    },
  }
}

// --- workloads ------------------------------------------------------------------------------------
const TABLE = 'bench'
const QUERY_ITEMS = 1000
const pad = (i: number) => String(i).padStart(6, '0')
const smallItem = (pk: string, sk: string) => ({
  pk: { S: pk },
  sk: { S: sk },
  name: { S: 'Ada Lovelace' },
  email: { S: 'ada@example.com' },
  n: { N: '1700000000' },
  tags: { SS: ['admin', 'beta'] },
})

async function setup(client: DynamoDBClient): Promise<void> {
  await client.send('DeleteTable', { TableName: TABLE }).catch(() => undefined)
  await client.send('CreateTable', {
    TableName: TABLE,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
  })
  for (let i = 0; i < QUERY_ITEMS; i += 25) {
    const batch = Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: smallItem('q', `item#${pad(i + j)}`) } }))
    await client.send('BatchWriteItem', { RequestItems: { [TABLE]: batch } })
  }
}

type Workload = { name: string; unit: string; perOp: number; op: (client: DynamoDBClient, worker: number, i: number) => Promise<void> }
let uniq = 0
const workloads: Workload[] = [
  {
    name: 'GetItem',
    unit: 'items',
    perOp: 1,
    op: async (c) => {
      const out = await c.send('GetItem', { TableName: TABLE, Key: { pk: { S: 'q' }, sk: { S: `item#${pad(Math.floor(Math.random() * QUERY_ITEMS))}` } } })
      if (!out.Item) throw new Error('GetItem found nothing')
    },
  },
  {
    name: 'PutItem',
    unit: 'items',
    perOp: 1,
    op: async (c, w, i) => {
      await c.send('PutItem', { TableName: TABLE, Item: smallItem(`put#${w}`, `${uniq}#${i}`) })
    },
  },
  {
    name: 'Query (50 items/page)',
    unit: 'items',
    perOp: 50,
    op: async (c) => {
      const start = `item#${pad(Math.floor(Math.random() * (QUERY_ITEMS - 50)))}`
      const out = await c.send('Query', { TableName: TABLE, KeyConditionExpression: 'pk = :p AND sk >= :s', ExpressionAttributeValues: { ':p': { S: 'q' }, ':s': { S: start } }, Limit: 50 })
      if (out.Items?.length !== 50) throw new Error(`Query returned ${out.Items?.length} items`)
    },
  },
  {
    name: 'BatchWriteItem (25 items)',
    unit: 'items',
    perOp: 25,
    op: async (c, w, i) => {
      const batch = Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: smallItem(`bw#${w}#${uniq}`, `${i}#${j}`) } }))
      const out = await c.send('BatchWriteItem', { RequestItems: { [TABLE]: batch } })
      if (Object.keys(out.UnprocessedItems ?? {}).length) throw new Error('unprocessed items')
    },
  },
]

/** Requests per second with 16 workers looping for `seconds`. */
async function throughput(client: DynamoDBClient, w: Workload, seconds: number): Promise<number> {
  uniq++
  let done = 0
  const started = performance.now()
  const deadline = started + seconds * 1000
  await Promise.all(
    Array.from({ length: INFLIGHT }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await w.op(client, worker, i)
        done++
      }
    }),
  )
  return done / ((performance.now() - started) / 1000)
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function benchThroughput(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dbtooling-bench-'))
  const local = await startDynamoDBLocal()
  const servers: Server[] = [
    await spawnEngine('engine (in-memory)', ['--in-memory']),
    await spawnEngine('engine (file, WAL)', ['--db-path', join(dir, 'bench.sqlite')]),
    { name: 'DynamoDB Local (-inMemory)', endpoint: local.endpoint, pid: local.pid, stop: () => local.stop() },
  ]
  try {
    const clients = servers.map((s) => new DynamoDBClient({ endpoint: s.endpoint, region: 'us-east-1', credentials }))
    for (const c of clients) await setup(c)
    const samples = workloads.map(() => servers.map(() => [] as number[]))
    for (const [wi, w] of workloads.entries()) {
      // Warm up the JITs (the JVM's needs thousands of requests) and the connection pools.
      for (const c of clients) await throughput(c, w, Number(args.warmup))
      for (let r = 0; r < ROUNDS; r++) {
        for (const [si, c] of clients.entries()) samples[wi]![si]!.push(await throughput(c, w, SECONDS))
      }
    }
    console.log(`\nThroughput, requests/s (best of ${ROUNDS} x ${SECONDS} s, ${INFLIGHT} in flight, dbtooling DynamoDBClient; median in parentheses)\n`)
    console.log(`| workload | ${servers.map((s) => s.name).join(' | ')} | in-memory / DDB Local | file / DDB Local |`)
    console.log(`|---|${servers.map(() => '---:').join('|')}|---:|---:|`)
    for (const [wi, w] of workloads.entries()) {
      const best = samples[wi]!.map((xs) => Math.max(...xs))
      const cells = samples[wi]!.map((xs, si) => `${fmt(best[si]!)} (${fmt(median(xs))})`)
      const ratio = (i: number) => `${(best[i]! / best[2]!).toFixed(1)}x`
      console.log(`| ${w.name} | ${cells.join(' | ')} | ${ratio(0)} | ${ratio(1)} |`)
    }
    for (const c of clients) c.close()
  } finally {
    for (const s of servers) await s.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

// --- start-up -------------------------------------------------------------------------------------
async function answersAt(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', authorization: 'AWS4-HMAC-SHA256 Credential=x/20200101/us-east-1/dynamodb/aws4_request', 'content-type': 'application/x-amz-json-1.0' }, body: '{}' })
    await res.arrayBuffer()
    return res.status === 200
  } catch {
    return false
  }
}

/** Wall time from spawn until the server at `port` answers ListTables (polled every 2 ms). */
async function spawnToAnswer(cmd: string[], port: number, cwd: string): Promise<number> {
  const started = performance.now()
  const child = Bun.spawn(cmd, { cwd, stdout: 'ignore', stderr: 'ignore' })
  const endpoint = `http://127.0.0.1:${port}`
  while (!(await answersAt(endpoint))) {
    if (child.exitCode !== null) throw new Error(`${cmd.join(' ')} exited with ${child.exitCode}`)
    if (performance.now() - started > 120_000) throw new Error(`${cmd[0]} did not answer in 120 s`)
    await Bun.sleep(2)
  }
  const ms = performance.now() - started
  child.kill('SIGKILL')
  await child.exited
  return ms
}

const IN_PROCESS = `
const t0 = performance.now()
const { startLocal } = await import(${JSON.stringify(join(root, 'src/local/server.ts'))})
const s = await startLocal({ port: 0, inMemory: true })
const t1 = performance.now()
const r = await fetch(s.endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', authorization: 'x' }, body: '{}' })
if (r.status !== 200) throw new Error('no answer')
console.log(JSON.stringify({ start: t1 - t0, first: performance.now() - t0 }))
await s.stop()
`

async function benchStartup(): Promise<void> {
  const runs = 7
  const inProcess: { start: number; first: number; wall: number }[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    const out = Bun.spawnSync([process.execPath, '-e', IN_PROCESS], { cwd: root, stdout: 'pipe', stderr: 'pipe' })
    const wall = performance.now() - t
    if (out.exitCode !== 0) throw new Error(out.stderr.toString())
    inProcess.push({ ...(JSON.parse(out.stdout.toString()) as { start: number; first: number }), wall })
  }
  const tmp = mkdtempSync(join(tmpdir(), 'dbtooling-start-'))
  const rows: [string, number[]][] = [
    ['engine in-process: import + startLocal (in-memory)', inProcess.map((r) => r.start)],
    ['engine in-process: import + startLocal + first answered request', inProcess.map((r) => r.first)],
    ['`bun -e` process spawn -> first answer printed -> exit', inProcess.map((r) => r.wall)],
  ]
  const binary = join(root, 'dist', 'dbtooling')
  if (await Bun.file(binary).exists()) {
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const port = await freePort()
      times.push(await spawnToAnswer([binary, 'start', '--port', String(port), '--in-memory'], port, tmp))
    }
    rows.push(['compiled `dist/dbtooling start --in-memory`: spawn -> first answer', times])
  }
  const jarDir = await ensureJar()
  const jvm: number[] = []
  for (let i = 0; i < 3; i++) {
    const port = await freePort()
    jvm.push(await spawnToAnswer(['java', '-Xms256m', '-Djava.library.path=./DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar', '-inMemory', '-port', String(port)], port, jarDir))
  }
  rows.push(['DynamoDB Local (java -jar, -inMemory): spawn -> first answer', jvm])
  rmSync(tmp, { recursive: true, force: true })
  console.log(`\nStart-up to the first answered request, ms (median, min-max of ${runs}; DynamoDB Local 3 runs)\n`)
  console.log('| what | median | min | max |')
  console.log('|---|---:|---:|---:|')
  for (const [what, xs] of rows) console.log(`| ${what} | ${median(xs).toFixed(1)} | ${Math.min(...xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`)
}

// --- memory per million small items ---------------------------------------------------------------
function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
}

async function benchMemory(): Promise<void> {
  const total = Number(args.items)
  const dir = mkdtempSync(join(tmpdir(), 'dbtooling-mem-'))
  const path = join(dir, 'mem.sqlite')
  const server = await spawnEngine('engine (file)', ['--db-path', path])
  try {
    const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials })
    await client.send('CreateTable', { TableName: 'mem', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] })
    const rssBefore = rssBytes(server.pid)
    const started = performance.now()
    let next = 0
    let peak = rssBefore
    await Promise.all(
      Array.from({ length: INFLIGHT }, async () => {
        while (next < total) {
          const base = next
          next += 25
          const batch = Array.from({ length: Math.min(25, total - base) }, (_, j) => ({ PutRequest: { Item: { pk: { S: `user#${pad(base + j)}` }, name: { S: 'Ada' }, n: { N: String(base + j) } } } }))
          await client.send('BatchWriteItem', { RequestItems: { mem: batch } })
          if (base % 25_000 === 0) peak = Math.max(peak, rssBytes(server.pid))
        }
      }),
    )
    const seconds = (performance.now() - started) / 1000
    const rssAfter = rssBytes(server.pid)
    peak = Math.max(peak, rssAfter)
    client.close()
    await server.stop() // closes the database: the WAL is checkpointed into the main file
    const fileBytes = statSync(path).size
    const perMillion = (bytes: number) => `${((bytes * (1_000_000 / total)) / 1024 / 1024).toFixed(0)} MB`
    const scale = total === 1_000_000 ? '' : ` (measured at ${total.toLocaleString('en-US')} items, scaled x${(1_000_000 / total).toFixed(1)})`
    console.log(`\nMemory per million small items (~60-byte items: pk, a name, a number), file-backed engine${scale}\n`)
    console.log(`- wrote ${total.toLocaleString('en-US')} items in ${seconds.toFixed(1)} s (${fmt(total / seconds)} items/s, 25-item batches, ${INFLIGHT} in flight)`)
    console.log(`- server RSS ${(rssBefore / 1048576).toFixed(0)} MB before, ${(rssAfter / 1048576).toFixed(0)} MB after (peak ${(peak / 1048576).toFixed(0)} MB): growth ${perMillion(rssAfter - rssBefore)} per million items`)
    console.log(`- SQLite file after close: ${(fileBytes / 1048576).toFixed(1)} MB: ${perMillion(fileBytes)} per million items (${(fileBytes / total).toFixed(0)} bytes per item)`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

console.log(`Bun ${Bun.version}, ${navigator.hardwareConcurrency} cores, load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} at start`)
await benchThroughput()
if (!args['skip-startup']) await benchStartup()
if (!args['skip-memory']) await benchMemory()
console.log(`\nload average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at end`)
