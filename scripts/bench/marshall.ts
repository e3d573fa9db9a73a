/**
 * Marshalling throughput: dbtooling vs @aws-sdk/util-dynamodb, side by side in one run, for a
 * small flat item, a medium nested item and a ~350 KB item, in four directions:
 *   marshall, unmarshall, item -> wire JSON string, wire JSON string -> item.
 *
 * The SDK packages are installed into scripts/bench/.deps (git-ignored) on first run.
 *
 * Wire directions compare what each stack really does with a PutItem request body and a GetItem
 * response body. dbtooling: TextEncoder(JSON.stringify({ TableName, Item: marshall(item) })) and
 * unmarshall(JSON.parse(text).Item). SDK: util-dynamodb's marshall, then the DynamoDB JSON codec
 * @aws-sdk/client-dynamodb itself uses (DynamoDBJsonCodec2 with the PutItemInput$ schema, which
 * writes UTF-8 bytes); and JSON.parse + the codec's GetItemOutput$ reader (the synchronous core
 * of its async `read`), then util-dynamodb's unmarshall.
 *
 *   bun scripts/bench/marshall.ts [--ms 400] [--rounds 5]
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { marshall, unmarshall } from '../../src/dynamodb/marshall.ts'
import { itemSize } from '../../src/dynamodb/value-rules.ts'
import type { AttributeMap } from '../../src/dynamodb/attribute-value.ts'

const { values: args } = parseArgs({ options: { ms: { type: 'string', default: '400' }, rounds: { type: 'string', default: '5' } } })
const windowMs = Number(args.ms)
const rounds = Number(args.rounds)

// ------------------------------------------------------------------ the SDK, installed on demand
const depsDir = join(import.meta.dir, '.deps')
const sdkDir = (name: string): string => join(depsDir, 'node_modules', '@aws-sdk', name)
const needed = ['util-dynamodb', 'client-dynamodb', 'dynamodb-codec']
if (!needed.every((name) => existsSync(sdkDir(name)))) {
  console.log('installing @aws-sdk/util-dynamodb and @aws-sdk/client-dynamodb into scripts/bench/.deps ...')
  const proc = Bun.spawnSync(
    ['npm', 'install', '--no-save', '--no-audit', '--no-fund', '--prefix', depsDir, '@aws-sdk/util-dynamodb', '@aws-sdk/client-dynamodb'],
    { stdout: 'inherit', stderr: 'inherit' },
  )
  if (proc.exitCode !== 0) throw new Error('npm install of the AWS SDK packages failed')
}
const sdkEntry = sdkDir('util-dynamodb')
type SdkMarshall = (item: unknown, options?: unknown) => Record<string, unknown>
type SdkUnmarshall = (item: unknown, options?: unknown) => Record<string, unknown>
const sdk = (await import(sdkEntry)) as { marshall: SdkMarshall; unmarshall: SdkUnmarshall }
const sdkVersion = ((await Bun.file(join(sdkEntry, 'package.json')).json()) as { version: string }).version
const clientVersion = ((await Bun.file(join(sdkDir('client-dynamodb'), 'package.json')).json()) as { version: string }).version
interface Codec {
  createSerializer(): { write(schema: unknown, value: unknown): void; flush(): Uint8Array | string }
  createDeserializer(): { readObject(schema: unknown, data: unknown): { Item?: Record<string, unknown> } }
}
const { DynamoDBJsonCodec2 } = (await import(sdkDir('dynamodb-codec'))) as { DynamoDBJsonCodec2: new () => Codec }
const { PutItemInput$, GetItemOutput$ } = (await import(sdkDir('client-dynamodb'))) as { PutItemInput$: unknown; GetItemOutput$: unknown }
const sdkCodec = new DynamoDBJsonCodec2()
const sdkSerializer = sdkCodec.createSerializer()
const sdkDeserializer = sdkCodec.createDeserializer()
const utf8 = new TextEncoder()

// ------------------------------------------------------------------ data (seeded, deterministic)
let seed = 42
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima']
const word = (): string => words[Math.floor(rand() * words.length)] as string
const text = (n: number): string => Array.from({ length: n }, word).join(' ')
const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256))

const small = {
  pk: 'USER#8f14e45f',
  sk: 'PROFILE',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  age: 36,
  balance: 1024.5,
  active: true,
  createdAt: '2026-11-22T05:00:00.000Z',
  loginCount: 1843,
  plan: 'pro',
}

function record(i: number) {
  return {
    id: `evt-${i.toString(36)}-${Math.floor(rand() * 1e9).toString(36)}`,
    at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    kind: word(),
    amount: Math.round(rand() * 1e6) / 100,
    count: Math.floor(rand() * 1000),
    ok: rand() > 0.3,
    note: rand() > 0.8 ? null : text(4),
    tags: new Set([word(), `${word()}-${i}`]),
    meta: { source: word(), attempts: Math.floor(rand() * 5), region: 'eu-west-1' },
  }
}

const medium = {
  pk: 'ORDER#2026-000123',
  sk: 'ORDER',
  customer: { id: 'CUST#77', name: 'Grace Hopper', address: { street: '1 Navy Way', city: 'Arlington', zip: '22202' } },
  lines: Array.from({ length: 8 }, (_, i) => ({ sku: `SKU-${1000 + i}`, qty: i + 1, price: 9.99 + i, gift: i % 3 === 0 })),
  totals: { net: 123.45, tax: 23.46, gross: 146.91, currency: 'EUR' },
  tags: new Set(['priority', 'export', 'b2b']),
  scores: new Set([1, 2, 3, 5, 8, 13]),
  checksum: bytes(32),
  history: Array.from({ length: 6 }, (_, i) => record(i)),
  notes: text(30),
  cancelled: false,
  refundedAt: null,
}

const large = {
  pk: 'LOG#2026-11-22',
  sk: 'CHUNK#0001',
  events: Array.from({ length: 2050 }, (_, i) => record(i)),
  summary: text(400),
  thumbnail: bytes(4096),
}

// ------------------------------------------------------------------ timing
let sink: unknown
/**
 * Ops per CPU-second over one window of `windowMs` wall time. CPU time (this process, all its
 * threads, so GC and JIT count) rather than wall time: on a shared machine the scheduler can
 * stall a window for most of its length, which wall time would charge to whichever side ran.
 */
function window(fn: () => unknown): number {
  let ops = 0
  const cpu = process.cpuUsage()
  const end = Bun.nanoseconds() + windowMs * 1e6
  while (Bun.nanoseconds() < end) {
    for (let i = 0; i < 4; i++) sink = fn()
    ops += 4
  }
  const used = process.cpuUsage(cpu)
  return ops / ((used.user + used.system) / 1e6)
}

/**
 * Best window of each side, the two sides alternating window by window, so both meet the same
 * machine; the best window is the least disturbed one.
 */
function compare(ours: () => unknown, theirs: () => unknown): { ours: number; sdk: number } {
  window(ours) // warm-up (JIT) for both before measuring either
  window(theirs)
  let best = { ours: 0, sdk: 0 }
  for (let r = 0; r < rounds; r++) {
    best = { ours: Math.max(best.ours, window(ours)), sdk: Math.max(best.sdk, window(theirs)) }
  }
  return best
}

interface Row {
  shape: string
  direction: string
  ours: number
  sdk: number
}
const rows: Row[] = []
// Ceilings: the native JSON step alone, which every JavaScript codec of the wire format runs too
// (JSON.parse of the response; JSON.stringify + UTF-8 of an already-marshalled request).
const ceilings: { shape: string; parse: number; stringify: number; sdkRead: number; sdkWrite: number }[] = []
const shapes: [string, Record<string, unknown>][] = [
  ['small flat', small],
  ['medium nested', medium],
  ['large ~350 KB', large],
]

for (const [shape, item] of shapes) {
  const oursAv = marshall(item)
  const sdkAv = sdk.marshall(item)
  const putBody = (Item: unknown): string => JSON.stringify({ TableName: 'bench', Item })
  const sdkPutBody = (): Uint8Array | string => {
    sdkSerializer.write(PutItemInput$, { TableName: 'bench', Item: sdk.marshall(item) })
    return sdkSerializer.flush()
  }
  // Same bytes on the wire from both, or the comparison means nothing.
  const sdkBytes = sdkPutBody()
  const sdkText = typeof sdkBytes === 'string' ? sdkBytes : new TextDecoder().decode(sdkBytes)
  if (putBody(oursAv) !== sdkText) throw new Error(`${shape}: the two libraries disagree on the wire format`)
  const getBody = JSON.stringify({ Item: oursAv })
  const cases: [string, () => unknown, () => unknown][] = [
    ['marshall', () => marshall(item), () => sdk.marshall(item)],
    ['unmarshall', () => unmarshall(oursAv), () => sdk.unmarshall(sdkAv)],
    ['item -> wire JSON', () => utf8.encode(putBody(marshall(item))), sdkPutBody],
    [
      'wire JSON -> item',
      () => unmarshall((JSON.parse(getBody) as { Item: AttributeMap }).Item),
      () => sdk.unmarshall(sdkDeserializer.readObject(GetItemOutput$, JSON.parse(getBody)).Item),
    ],
  ]
  const kb = (itemSize(oursAv) / 1024).toFixed(1)
  for (const [direction, ours, theirs] of cases) {
    const r = compare(ours, theirs)
    rows.push({ shape: `${shape} (${kb} KB)`, direction, ...r })
  }
  const json = compare(() => JSON.parse(getBody), () => utf8.encode(putBody(oursAv)))
  const sdkWrite = rows.at(-2)!.sdk
  const sdkRead = rows.at(-1)!.sdk
  ceilings.push({ shape: `${shape} (${kb} KB)`, parse: json.ours, stringify: json.sdk, sdkRead, sdkWrite })
}
void sink

const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1))
console.log(`Bun ${Bun.version}, @aws-sdk/util-dynamodb ${sdkVersion} + @aws-sdk/client-dynamodb ${clientVersion} codec, ops per CPU-second, best of ${rounds} alternating ${windowMs} ms windows`)
console.log('| item | direction | dbtooling ops/s | SDK ops/s | dbtooling / SDK |')
console.log('|---|---|---:|---:|---:|')
for (const r of rows) console.log(`| ${r.shape} | ${r.direction} | ${fmt(r.ours)} | ${fmt(r.sdk)} | ${(r.ours / r.sdk).toFixed(2)}x |`)
console.log('\nCeiling of any codec built on the native JSON step (that step alone, ops/s, and how far ahead of the SDK it could ever be):')
console.log('| item | JSON.parse alone | ceiling for wire JSON -> item | JSON.stringify + UTF-8 alone | ceiling for item -> wire JSON |')
console.log('|---|---:|---:|---:|---:|')
for (const c of ceilings) console.log(`| ${c.shape} | ${fmt(c.parse)} | ${(c.parse / c.sdkRead).toFixed(2)}x | ${fmt(c.stringify)} | ${(c.stringify / c.sdkWrite).toFixed(2)}x |`)
