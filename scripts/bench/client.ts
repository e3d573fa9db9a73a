/**
 * Client CPU per GetItem: dbtooling's DynamoDBClient (without hooks, and with one no-op hook: the
 * cost of the hook chain) vs @aws-sdk/client-dynamodb vs a bare `fetch` + `signRequest` floor, against a loopback server (in a child process, so its CPU is not
 * counted) that returns a canned GetItem response. Sequential and 16 in flight, the contenders
 * interleaved round by round; the best round of each is reported, because on a shared machine
 * interference only ever adds time (the median is printed too).
 *
 *   bun scripts/bench/client.ts [--n 2000] [--rounds 7]
 *
 * The SDK is installed at run time into scripts/bench/.deps (git-ignored), never into package.json.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { crc32 } from '../../src/aws/crc32.ts'
import { signRequest } from '../../src/aws/sigv4.ts'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'

const { values: args } = parseArgs({
  options: { n: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '7' }, serve: { type: 'boolean', default: false } },
})

const RESPONSE = JSON.stringify({
  Item: {
    pk: { S: 'USER#8f14e45f-ceea-467f-a0e6-2b1b6c1c0c7e' },
    sk: { S: 'PROFILE' },
    name: { S: 'Ada Lovelace' },
    email: { S: 'ada@example.com' },
    createdAt: { N: '1700000000' },
    tags: { SS: ['admin', 'beta'] },
  },
})

if (args.serve) {
  // The canned DynamoDB: what a real GetItem answer carries, including x-amz-crc32.
  const headers = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-requestid': 'BENCHREQUESTID0000000000000000000000000000000000000',
    'x-amz-crc32': String(crc32(new TextEncoder().encode(RESPONSE))),
  }
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: async (req) => (await req.arrayBuffer(), new Response(RESPONSE, { headers })) })
  console.log(server.port)
  await new Promise(() => {})
}

const n = Number(args.n)
const rounds = Number(args.rounds)
const INFLIGHT = 16
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
const region = 'us-east-1'
const input = {
  TableName: 'Users',
  Key: { pk: { S: 'USER#8f14e45f-ceea-467f-a0e6-2b1b6c1c0c7e' }, sk: { S: 'PROFILE' } },
  ConsistentRead: true,
}

// --- the server, in its own process ---------------------------------------------------------------
const child = Bun.spawn([process.execPath, import.meta.path, '--serve'], { stdout: 'pipe', stderr: 'inherit' })
const reader = child.stdout.getReader()
const first = await reader.read()
const port = Number(new TextDecoder().decode(first.value).trim())
const endpoint = `http://127.0.0.1:${port}`

// --- the SDK, installed on demand -----------------------------------------------------------------
const deps = join(import.meta.dir, '.deps')
const sdkPath = join(deps, 'node_modules', '@aws-sdk', 'client-dynamodb')
if (!existsSync(sdkPath)) {
  console.log('installing @aws-sdk/client-dynamodb into scripts/bench/.deps ...')
  const install = Bun.spawnSync(['npm', 'install', '--prefix', deps, '--no-save', '--silent', '@aws-sdk/client-dynamodb'], { stderr: 'inherit' })
  if (install.exitCode !== 0) throw new Error('npm install @aws-sdk/client-dynamodb failed')
}
// Typed structurally: the SDK is not a dependency, so its declarations are not visible to tsc.
interface SdkModule {
  DynamoDBClient: new (config: object) => { send(command: object): Promise<unknown>; destroy(): void }
  GetItemCommand: new (input: object) => object
}
const sdk = (await import(sdkPath)) as SdkModule

// --- the three contenders -------------------------------------------------------------------------
const ours = new DynamoDBClient({ endpoint, region, credentials })
// A hook that does nothing: what the chain itself costs (the no-hook client skips it entirely).
const hooked = new DynamoDBClient({ endpoint, region, credentials, hooks: [{ beforeSend() {}, afterReceive() {} }] })
const theirs = new sdk.DynamoDBClient({ endpoint, region, credentials, maxAttempts: 3 })
const url = `${endpoint}/`
const floorHeaders = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' }

type Contender = { name: string; getItem: () => Promise<unknown> }
const contenders: Contender[] = [
  { name: 'dbtooling', getItem: () => ours.getItem(input) },
  { name: 'dbtooling, 1 hook', getItem: () => hooked.getItem(input) },
  { name: 'aws-sdk v3', getItem: () => theirs.send(new sdk.GetItemCommand(input)) },
  {
    name: 'fetch+sign floor',
    getItem: async () => {
      const body = JSON.stringify(input)
      const { headers } = signRequest({ method: 'POST', url, headers: floorHeaders, body }, { credentials, region, service: 'dynamodb' })
      const response = await fetch(url, { method: 'POST', headers, body })
      return JSON.parse(await response.text())
    },
  },
]

// Sanity: every contender gets the item back.
for (const c of contenders) {
  const out = (await c.getItem()) as { Item?: { name?: { S?: string } } }
  if (out.Item?.name?.S !== 'Ada Lovelace') throw new Error(`${c.name} did not return the canned item`)
}

async function measure(c: Contender, count: number, inflight: number): Promise<{ cpuUs: number; wallUs: number }> {
  Bun.gc(true)
  const before = process.cpuUsage()
  const started = performance.now()
  const per = Math.ceil(count / inflight)
  await Promise.all(Array.from({ length: inflight }, async () => {
    for (let i = 0; i < per; i++) await c.getItem()
  }))
  const wall = performance.now() - started
  const cpu = process.cpuUsage(before)
  const total = per * inflight
  return { cpuUs: (cpu.user + cpu.system) / total, wallUs: (wall * 1000) / total }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const results: Record<string, Record<string, { cpu: number; wall: number; medianCpu: number }>> = {}
for (const mode of [{ label: 'sequential', inflight: 1 }, { label: `${INFLIGHT} in flight`, inflight: INFLIGHT }]) {
  for (const c of contenders) await measure(c, Math.ceil(n / 4), mode.inflight) // warm up JIT and connection pools
  const samples: Record<string, { cpu: number[]; wall: number[] }> = {}
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      const m = await measure(c, n, mode.inflight)
      const s = (samples[c.name] ??= { cpu: [], wall: [] })
      s.cpu.push(m.cpuUs)
      s.wall.push(m.wallUs)
    }
  }
  results[mode.label] = Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [k, { cpu: Math.min(...v.cpu), wall: Math.min(...v.wall), medianCpu: median(v.cpu) }]),
  )
}

console.log(`\nClient CPU per GetItem (best of ${rounds} rounds x ${n} requests; Bun ${Bun.version}, loopback server in a child process)\n`)
console.log('| mode | dbtooling | dbtooling, 1 hook | aws-sdk v3 | fetch+sign floor | SDK / dbtooling | dbtooling / floor | same, medians |')
console.log('|---|---|---|---|---|---|---|---|')
for (const [mode, r] of Object.entries(results)) {
  const ours = r['dbtooling']!
  const withHook = r['dbtooling, 1 hook']!
  const sdkR = r['aws-sdk v3']!
  const floor = r['fetch+sign floor']!
  const fmt = (x: { cpu: number; wall: number }) => `${x.cpu.toFixed(1)} µs CPU (${x.wall.toFixed(1)} µs wall)`
  const medians = `${(sdkR.medianCpu / ours.medianCpu).toFixed(2)}x / ${(ours.medianCpu / floor.medianCpu).toFixed(2)}x`
  console.log(`| ${mode} | ${fmt(ours)} | ${fmt(withHook)} | ${fmt(sdkR)} | ${fmt(floor)} | ${(sdkR.cpu / ours.cpu).toFixed(2)}x | ${(ours.cpu / floor.cpu).toFixed(2)}x | ${medians} |`)
}

theirs.destroy()
ours.close()
hooked.close()
child.kill()
process.exit(0)
