/**
 * Seeded property tests: random values survive marshall -> JSON.stringify -> JSON.parse ->
 * unmarshall. The seed is fixed (override with MARSHALL_SEED) so a failure replays exactly.
 */
import { describe, expect, test } from 'bun:test'
import { NumberValue, marshall, unmarshall, type UnmarshallOptions } from '../../src/dynamodb/marshall.ts'
import { decimalToBigInt, numberIsExact } from '../../src/dynamodb/number-value.ts'
import { itemSize } from '../../src/dynamodb/value-rules.ts'
import type { AttributeMap } from '../../src/dynamodb/attribute-value.ts'

const SEED = Number(process.env.MARSHALL_SEED ?? 20261122)

function prng(seed: number): () => number {
  let s = seed | 0
  return () => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class Gen {
  readonly next: () => number
  constructor(seed: number) {
    this.next = prng(seed)
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T
  }
  string(): string {
    const alphabets = ['abcxyz', 'ABC 019_-#:.', 'éüßñ€', '日本語中文', '😀🎉🚀', '\u0000\n\t"\\']
    const n = this.pick([0, 1, 3, 8, 20, 60])
    let s = ''
    for (let i = 0; i < n; i++) {
      const chars = [...this.pick(alphabets)]
      s += this.pick(chars)
    }
    return s
  }
  digits(n: number, leadingNonZero: boolean): string {
    let s = leadingNonZero ? String(1 + this.int(9)) : ''
    while (s.length < n) s += String(this.int(10))
    return s
  }
  number(): number {
    switch (this.int(6)) {
      case 0:
        return this.int(1000) - 500
      case 1:
        return (this.next() - 0.5) * 10 ** (this.int(30) - 10)
      case 2:
        return Math.round((this.next() - 0.5) * 2 * Number.MAX_SAFE_INTEGER)
      case 3: {
        // any finite double in DynamoDB's range, from random bits
        const view = new DataView(new ArrayBuffer(8))
        for (;;) {
          view.setUint32(0, this.int(2 ** 32))
          view.setUint32(4, this.int(2 ** 32))
          const x = view.getFloat64(0)
          const m = Math.abs(x)
          if (Number.isFinite(x) && (m === 0 || (m >= 1e-130 && m < 1e126))) return x
        }
      }
      case 4:
        return this.pick([0, -0, 0.1, 0.2, 1e-130, -1e-130, 9.99e125, 2 ** 53, -(2 ** 53), 1e21, 1e22, 123.456])
      default:
        return this.next()
    }
  }
  bigint(): bigint {
    const n = BigInt(this.digits(1 + this.int(38), true)) * 10n ** BigInt(this.int(30))
    return this.int(2) === 0 ? n : -n
  }
  numberValue(): NumberValue {
    const sig = 1 + this.int(38)
    const digits = this.digits(sig, true)
    const sign = this.pick(['', '-', '+'])
    let text: string
    switch (this.int(3)) {
      case 0:
        text = digits
        break
      case 1: {
        const point = this.int(sig + 1)
        text = `${digits.slice(0, point) || '0'}.${digits.slice(point) || '0'}`
        break
      }
      default: {
        // scientific: d.ddd E e with the value in range
        const e = -130 + this.int(256)
        text = `${digits[0]}${sig > 1 ? `.${digits.slice(1)}` : ''}${this.pick(['e', 'E'])}${e >= 0 ? this.pick(['', '+']) : ''}${e}`
      }
    }
    return NumberValue.from(sign + text)
  }
  bytes(): Uint8Array {
    const b = new Uint8Array(this.pick([0, 1, 2, 3, 16, 100]))
    for (let i = 0; i < b.length; i++) b[i] = this.int(256)
    return b
  }
  key(): string {
    return this.pick(['a', 'name', 'with space', 'dots.in.name', '#hash', ':colon', 'ünï', '😀', '__proto__', '', 'x'.repeat(40)]) + (this.int(3) === 0 ? String(this.int(100)) : '')
  }
  set(): Set<unknown> {
    const n = 1 + this.int(6)
    switch (this.int(3)) {
      case 0: {
        const s = new Set<string>()
        while (s.size < n) s.add(this.string() + String(s.size))
        return s
      }
      case 1: {
        const seen = new Set<string>()
        const s = new Set<unknown>()
        while (s.size < n) {
          const v = this.pick([() => this.number(), () => this.bigint(), () => this.numberValue()])()
          const canon = canonical(v as number | bigint | NumberValue)
          if (seen.has(canon)) continue
          seen.add(canon)
          s.add(v)
        }
        return s
      }
      default: {
        const seen = new Set<string>()
        const s = new Set<Uint8Array>()
        while (s.size < n) {
          const b = this.bytes()
          const k = b.toBase64()
          if (seen.has(k)) continue
          seen.add(k)
          s.add(b)
        }
        return s
      }
    }
  }
  value(depth: number): unknown {
    const leaf = depth >= 4 || this.int(3) > 0
    if (leaf) {
      switch (this.int(8)) {
        case 0:
          return this.string()
        case 1:
          return this.number()
        case 2:
          return this.bigint()
        case 3:
          return this.numberValue()
        case 4:
          return this.int(2) === 0
        case 5:
          return null
        case 6:
          return this.bytes()
        default:
          return this.set()
      }
    }
    if (this.int(2) === 0) return Array.from({ length: this.int(5) }, () => this.value(depth + 1))
    return this.map(depth + 1)
  }
  map(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    const n = this.int(5)
    for (let i = 0; i < n; i++) define(out, this.key(), this.value(depth))
    return out
  }
}

function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
}

function canonical(v: number | bigint | NumberValue): string {
  const text = typeof v === 'number' ? String(v === 0 ? 0 : v) : v.toString()
  const n = Number(text)
  if (numberIsExact(text, n)) return String(n)
  // normalise spelling: sign, significant digits and exponent
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!m) return text
  const all = (m[2] ?? '') + (m[3] ?? '')
  const lead = all.length - all.replace(/^0+/, '').length
  const digits = all.replace(/^0+/, '').replace(/0+$/, '')
  return `${m[1] === '-' ? '-' : ''}${digits}e${(m[2] ?? '').length - lead + Number(m[4] ?? 0)}`
}

/** What unmarshall should give back for a value marshall accepted. */
function expected(v: unknown, options: UnmarshallOptions): unknown {
  if (typeof v === 'number') return options.wrapNumbers === true ? NumberValue.from(v) : v === 0 ? 0 : v
  if (typeof v === 'bigint' || v instanceof NumberValue) return expectedNumber(v.toString(), options)
  if (v instanceof Uint8Array) return new Uint8Array(v)
  if (v instanceof Set) return new Set([...v].map((x) => expected(x, options)))
  if (Array.isArray(v)) return v.map((x) => expected(x, options))
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v)) define(out, k, expected((v as Record<string, unknown>)[k], options))
    return out
  }
  return v
}

function expectedNumber(text: string, options: UnmarshallOptions): unknown {
  if (options.wrapNumbers === true) return NumberValue.from(text)
  const n = Number(text)
  if (numberIsExact(text, n)) return n === 0 ? 0 : n
  if (options.wrapNumbers === 'bigint') {
    const big = decimalToBigInt(text)
    if (big !== undefined) return big
  }
  return NumberValue.from(text)
}

describe('marshall round trip (seeded)', () => {
  const optionSets: UnmarshallOptions[] = [{}, { wrapNumbers: 'bigint' }, { wrapNumbers: true }]

  test('10,000 random values survive marshall -> JSON -> unmarshall', () => {
    const gen = new Gen(SEED)
    let values = 0
    for (let i = 0; i < 10_000; i++) {
      const item: Record<string, unknown> = {}
      const attrs = 1 + gen.int(3)
      for (let a = 0; a < attrs; a++) define(item, `attr${a}`, gen.value(0))
      values += attrs
      const options = optionSets[i % optionSets.length] as UnmarshallOptions
      const wire = JSON.stringify(marshall(item))
      const parsed = JSON.parse(wire) as AttributeMap
      const back = unmarshall(parsed, options)
      const want = expected(item, options)
      if (!Bun.deepEquals(back, want, true)) {
        // show the first difference with bun's diff, plus the seed and index to replay it
        expect({ seed: SEED, index: i, value: back as unknown }).toEqual({ seed: SEED, index: i, value: want })
      }
      // the JSON wire form and the in-memory form measure the same
      expect(itemSize(parsed)).toBe(itemSize(marshall(item)))
    }
    expect(values).toBeGreaterThanOrEqual(10_000)
  })

  test('10,000 random doubles come back as the identical number', () => {
    const gen = new Gen(SEED + 1)
    const numbers: number[] = []
    while (numbers.length < 10_000) numbers.push(gen.number())
    const back = unmarshall(JSON.parse(JSON.stringify(marshall({ l: numbers }))) as AttributeMap).l as number[]
    for (let i = 0; i < numbers.length; i++) {
      const n = numbers[i] as number
      if (!Object.is(back[i], n === 0 ? 0 : n)) expect({ i, got: back[i] }).toEqual({ i, got: n })
    }
  })

  test('10,000 random NumberValues keep every digit', () => {
    const gen = new Gen(SEED + 2)
    for (let i = 0; i < 10_000; i++) {
      const nv = gen.numberValue()
      const back = unmarshall(JSON.parse(JSON.stringify(marshall({ n: nv }))) as AttributeMap, { wrapNumbers: true }).n as NumberValue
      if (back.value !== nv.value) expect(back.value).toBe(nv.value)
      const auto = unmarshall({ n: { N: nv.value } }).n
      // never a rounded number: either exact, or the digits as given
      if (typeof auto === 'number') expect(numberIsExact(nv.value, auto)).toBe(true)
      else expect((auto as NumberValue).value).toBe(nv.value)
    }
  })
})
