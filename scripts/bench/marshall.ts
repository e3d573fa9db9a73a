/**
 * Marshalling throughput: dbtooling vs @aws-sdk/util-dynamodb, side by side in one run, for a
 * small flat item, a medium nested item and a ~350 KB item, in four directions:
 *   marshall, unmarshall, item -> wire JSON string, wire JSON string -> item.
 *
 * The SDK package is installed into scripts/bench/.deps (git-ignored) on first run.
 *
 * Wire directions: dbtooling's marshall output already is the wire format (binaries as base64),
 * so its item -> wire is JSON.stringify(marshall(item)). The SDK's marshall leaves binaries as
 * Uint8Array and its client serializer then copies the AttributeValue tree, base64-encoding
 * binaries, before JSON.stringify; the reverse on the way back. The SDK column reproduces that
 * serializer walk (a copy with base64 for B/BS) on top of the SDK's marshall/unmarshall.
 *
 *   bun scripts/bench/marshall.ts [--ms 400] [--rounds 5]
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { marshall, unmarshall } from '../../src/dynamodb/marshall.ts'
import { itemSize } from '../../src/dynamodb/item-size.ts'
import type { AttributeMap } from '../../src/dynamodb/attribute-value.ts'

const { values: args } = parseArgs({ options: { ms: { type: 'string', default: '400' }, rounds: { type: 'string', default: '5' } } })
const windowMs = Number(args.ms)
const rounds = Number(args.rounds)

// ------------------------------------------------------------------ the SDK, installed on demand
const depsDir = join(import.meta.dir, '.deps')
const sdkEntry = join(depsDir, 'node_modules', '@aws-sdk', 'util-dynamodb')
if (!existsSync(sdkEntry)) {
  console.log('installing @aws-sdk/util-dynamodb into scripts/bench/.deps ...')
  const proc = Bun.spawnSync(['npm', 'install', '--no-save', '--no-audit', '--no-fund', '--prefix', depsDir, '@aws-sdk/util-dynamodb'], {
    stdout: 'inherit',
    stderr: 'inherit',
  })
  if (proc.exitCode !== 0) throw new Error('npm install of @aws-sdk/util-dynamodb failed')
}
type SdkMarshall = (item: unknown, options?: unknown) => Record<string, unknown>
type SdkUnmarshall = (item: unknown, options?: unknown) => Record<string, unknown>
const sdk = (await import(sdkEntry)) as { marshall: SdkMarshall; unmarshall: SdkUnmarshall }
const sdkVersion = ((await Bun.file(join(sdkEntry, 'package.json')).json()) as { version: string }).version

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

// ------------------------------------------------------------------ the SDK's client serializer walk
const enc = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')
const dec = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'))
type Av = Record<string, unknown>
function sdkSerialize(av: Av): Av {
  if (av.B !== undefined) return { B: enc(av.B as Uint8Array) }
  if (av.BS !== undefined) return { BS: (av.BS as Uint8Array[]).map(enc) }
  if (av.M !== undefined) return { M: sdkSerializeMap(av.M as Record<string, Av>) }
  if (av.L !== undefined) return { L: (av.L as Av[]).map(sdkSerialize) }
  if (av.SS !== undefined) return { SS: [...(av.SS as string[])] }
  if (av.NS !== undefined) return { NS: [...(av.NS as string[])] }
  if (av.S !== undefined) return { S: av.S }
  if (av.N !== undefined) return { N: av.N }
  if (av.BOOL !== undefined) return { BOOL: av.BOOL }
  return { NULL: av.NULL }
}
function sdkSerializeMap(m: Record<string, Av>): Record<string, Av> {
  const out: Record<string, Av> = {}
  for (const [k, v] of Object.entries(m)) out[k] = sdkSerialize(v)
  return out
}
function sdkDeserialize(av: Av): Av {
  if (av.B !== undefined) return { B: dec(av.B as string) }
  if (av.BS !== undefined) return { BS: (av.BS as string[]).map(dec) }
  if (av.M !== undefined) return { M: sdkDeserializeMap(av.M as Record<string, Av>) }
  if (av.L !== undefined) return { L: (av.L as Av[]).map(sdkDeserialize) }
  if (av.SS !== undefined) return { SS: [...(av.SS as string[])] }
  if (av.NS !== undefined) return { NS: [...(av.NS as string[])] }
  if (av.S !== undefined) return { S: av.S }
  if (av.N !== undefined) return { N: av.N }
  if (av.BOOL !== undefined) return { BOOL: av.BOOL }
  return { NULL: av.NULL }
}
function sdkDeserializeMap(m: Record<string, Av>): Record<string, Av> {
  const out: Record<string, Av> = {}
  for (const [k, v] of Object.entries(m)) out[k] = sdkDeserialize(v)
  return out
}

// ------------------------------------------------------------------ timing
let sink: unknown
/** Ops/s of one window of `windowMs`. */
function window(fn: () => unknown): number {
  let ops = 0
  const start = Bun.nanoseconds()
  const end = start + windowMs * 1e6
  let now = start
  while (now < end) {
    for (let i = 0; i < 4; i++) sink = fn()
    ops += 4
    now = Bun.nanoseconds()
  }
  return ops / ((now - start) / 1e9)
}

/**
 * Best window of each side, the two sides alternating window by window: the machine may be
 * shared, so load drifts; alternating exposes both to the same drift, and the best window is
 * the least disturbed one.
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
const shapes: [string, Record<string, unknown>][] = [
  ['small flat', small],
  ['medium nested', medium],
  ['large ~350 KB', large],
]

for (const [shape, item] of shapes) {
  const oursAv = marshall(item)
  const sdkAv = sdk.marshall(item)
  const oursWire = JSON.stringify(oursAv)
  const sdkWire = JSON.stringify(sdkSerializeMap(sdkAv as Record<string, Av>))
  if (oursWire !== sdkWire) throw new Error(`${shape}: the two libraries disagree on the wire format`)
  const cases: [string, () => unknown, () => unknown][] = [
    ['marshall', () => marshall(item), () => sdk.marshall(item)],
    ['unmarshall', () => unmarshall(oursAv), () => sdk.unmarshall(sdkAv)],
    ['item -> wire JSON', () => JSON.stringify(marshall(item)), () => JSON.stringify(sdkSerializeMap(sdk.marshall(item) as Record<string, Av>))],
    [
      'wire JSON -> item',
      () => unmarshall(JSON.parse(oursWire) as AttributeMap),
      () => sdk.unmarshall(sdkDeserializeMap(JSON.parse(sdkWire) as Record<string, Av>)),
    ],
  ]
  const kb = (itemSize(oursAv) / 1024).toFixed(1)
  for (const [direction, ours, theirs] of cases) {
    const r = compare(ours, theirs)
    rows.push({ shape: `${shape} (${kb} KB)`, direction, ...r })
  }
}
void sink

const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1))
console.log(`Bun ${Bun.version}, @aws-sdk/util-dynamodb ${sdkVersion}, best of ${rounds} alternating ${windowMs} ms windows`)
console.log('| item | direction | dbtooling ops/s | SDK ops/s | ratio |')
console.log('|---|---|---:|---:|---:|')
for (const r of rows) console.log(`| ${r.shape} | ${r.direction} | ${fmt(r.ours)} | ${fmt(r.sdk)} | ${(r.ours / r.sdk).toFixed(2)}x |`)
