/**
 * What the hook chain costs per GetItem: this checkout's DynamoDBClient with no hook and with one
 * no-op hook, and optionally another checkout's client (`--baseline <dir>`, e.g. a `git archive` of
 * main before a change), all in one process against the same in-process canned answer (a `fetch`
 * function, no socket), so only client CPU is measured. Rounds alternate between the contenders so
 * load on a shared machine hits each alike (the order rotates every round); best and median of the rounds are reported.
 *
 *   bun scripts/bench/hooks.ts [--n 20000] [--rounds 15] [--baseline <checkout>]
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { crc32 } from '../../src/aws/crc32.ts'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'

const { values: args } = parseArgs({
  options: { n: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '15' }, baseline: { type: 'string' } },
})

const RESPONSE = JSON.stringify({ Item: { pk: { S: 'USER#1' }, sk: { S: 'PROFILE' }, name: { S: 'Ada Lovelace' }, createdAt: { N: '1700000000' } } })
const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'BENCH', 'x-amz-crc32': String(crc32(new TextEncoder().encode(RESPONSE))) }
const fetch = async (request: Request) => (await request.arrayBuffer(), new Response(RESPONSE, { headers }))
const options = { endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'SECRET' }, fetch }
const input = { TableName: 'Users', Key: { pk: { S: 'USER#1' }, sk: { S: 'PROFILE' } } }

interface Client {
  getItem(input: object): Promise<unknown>
}
const contenders: { name: string; client: Client }[] = []
if (args.baseline) {
  const { DynamoDBClient: Baseline } = (await import(resolve(args.baseline, 'src/dynamodb/client.ts'))) as { DynamoDBClient: new (o: object) => Client }
  contenders.push({ name: `baseline (${args.baseline})`, client: new Baseline(options) })
}
contenders.push({ name: 'this checkout, no hook', client: new DynamoDBClient(options) })
contenders.push({ name: 'this checkout, 1 no-op hook', client: new DynamoDBClient({ ...options, hooks: [{ beforeSend() {}, afterReceive() {} }] }) })

async function round(client: Client, n: number): Promise<number> {
  Bun.gc(true)
  const before = process.cpuUsage()
  for (let i = 0; i < n; i++) await client.getItem(input)
  const cpu = process.cpuUsage(before)
  return (cpu.user + cpu.system) / n
}

const n = Number(args.n)
for (const c of contenders) await round(c.client, Math.ceil(n / 4)) // warm up the JIT
const samples = contenders.map(() => [] as number[])
for (let r = 0; r < Number(args.rounds); r++) {
  // Rotated each round, so no contender always runs first (right after the GC of the previous one).
  for (let k = 0; k < contenders.length; k++) {
    const i = (r + k) % contenders.length
    samples[i]!.push(await round(contenders[i]!.client, n))
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const reference = Math.min(...samples[args.baseline ? 0 : 1]!)
const referenceMedian = median(samples[args.baseline ? 0 : 1]!)
console.log(`\nClient CPU per GetItem, in-process canned answer (${args.rounds} alternating rounds x ${n}; Bun ${Bun.version})\n`)
console.log('| client | best | vs first (best) | median | vs first (median) |')
console.log('|---|---|---|---|---|')
for (const [i, c] of contenders.entries()) {
  const best = Math.min(...samples[i]!)
  const med = median(samples[i]!)
  const pct = (x: number, ref: number) => `${x >= ref ? '+' : ''}${(((x - ref) / ref) * 100).toFixed(1)}%`
  console.log(`| ${c.name} | ${best.toFixed(2)} µs | ${pct(best, reference)} | ${med.toFixed(2)} µs | ${pct(med, referenceMedian)} |`)
}
