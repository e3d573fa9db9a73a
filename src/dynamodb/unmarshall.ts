/**
 * DynamoDB AttributeValues -> JS values. Binaries are accepted as base64 strings (the JSON wire
 * format) or Uint8Arrays and always come back as Uint8Arrays; a number comes back as a plain
 * number only when that is exact (see UnmarshallOptions). Error paths are built while unwinding,
 * as in marshall.ts.
 */
import type { AttributeMap, AttributeValue } from './attribute-value.ts'
import { setOwn } from './value-rules.ts'
import { MarshallError, describeValue as describe } from './marshall-error.ts'
import { NumberValue, decimalToBigInt, numberIsExact, numberRuleBroken } from './number-value.ts'

export interface UnmarshallOptions {
  /**
   * How N values come back:
   * - `false` (default): a `number` when the decimal is exactly a JS number, else a `NumberValue`.
   * - `'bigint'`: as the default, but integers that are not exact JS numbers become `bigint`.
   * - `true`: always a `NumberValue`.
   */
  wrapNumbers?: boolean | 'bigint'
}

/** Unmarshall an item (or key) to plain JS. */
export function unmarshall(item: AttributeMap, options?: UnmarshallOptions): Record<string, unknown> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new MarshallError('UnmarshallError', `an item must be an object of AttributeValues, got ${describe(item)}`)
  }
  return unconvertMap(item, numbersMode(options))
}

/** Unmarshall one AttributeValue. */
export function unmarshallValue(value: AttributeValue, options?: UnmarshallOptions): unknown {
  return unconvert(value, numbersMode(options))
}

const NUMBERS_AUTO = 0
const NUMBERS_BIGINT = 1
const NUMBERS_WRAP = 2

function numbersMode(options: UnmarshallOptions | undefined): number {
  const wrap = options?.wrapNumbers
  return wrap === true ? NUMBERS_WRAP : wrap === 'bigint' ? NUMBERS_BIGINT : NUMBERS_AUTO
}

type Loose = { [type: string]: unknown }

function unconvert(av: AttributeValue, mode: number): unknown {
  const a = av as Loose
  if (typeof a !== 'object' || a === null) throw new MarshallError('UnmarshallError', `expected an AttributeValue object, got ${describe(a)}`)
  let x = a.S
  if (x !== undefined) {
    if (typeof x === 'string') return x
    throw badType('S', x)
  }
  x = a.N
  if (x !== undefined) return fromN(x, mode)
  x = a.M
  if (x !== undefined) {
    if (typeof x === 'object' && x !== null && !Array.isArray(x)) return unconvertMap(x as AttributeMap, mode)
    throw badType('M', x)
  }
  x = a.L
  if (x !== undefined) {
    if (Array.isArray(x)) return unconvertList(x as AttributeValue[], mode)
    throw badType('L', x)
  }
  x = a.BOOL
  if (x !== undefined) {
    if (typeof x === 'boolean') return x
    throw badType('BOOL', x)
  }
  if (a.NULL !== undefined) return null
  x = a.B
  if (x !== undefined) return fromB(x)
  x = a.SS
  if (x !== undefined) {
    if (!Array.isArray(x)) throw badType('SS', x)
    for (let i = 0; i < x.length; i++) if (typeof x[i] !== 'string') throw badType('SS element', x[i]).within(i)
    return new Set(x as string[])
  }
  x = a.NS
  if (x !== undefined) {
    if (!Array.isArray(x)) throw badType('NS', x)
    const out = new Set<unknown>()
    let i = 0
    try {
      for (; i < x.length; i++) out.add(fromN(x[i], mode))
    } catch (error) {
      throw error instanceof MarshallError ? error.within(i) : error
    }
    return out
  }
  x = a.BS
  if (x !== undefined) {
    if (!Array.isArray(x)) throw badType('BS', x)
    const out = new Set<Uint8Array>()
    let i = 0
    try {
      for (; i < x.length; i++) out.add(fromB(x[i]))
    } catch (error) {
      throw error instanceof MarshallError ? error.within(i) : error
    }
    return out
  }
  throw new MarshallError('UnmarshallError', `not an AttributeValue: expected one of S, N, B, BOOL, NULL, M, L, SS, NS, BS, got keys ${JSON.stringify(Object.keys(a))}`)
}

function unconvertMap(m: AttributeMap, mode: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  let key = ''
  try {
    for (key in m) {
      const a = m[key] as Loose
      let v: unknown
      // Inline the commonest leaf types; the rest through unconvert().
      const s = a.S
      if (typeof s === 'string') v = s
      else v = unconvert(a as AttributeValue, mode)
      setOwn(out, key, v)
    }
  } catch (error) {
    throw error instanceof MarshallError ? error.within(key) : error
  }
  return out
}

function unconvertList(list: AttributeValue[], mode: number): unknown[] {
  const n = list.length
  const out: unknown[] = new Array(n)
  let i = 0
  try {
    for (; i < n; i++) {
      const a = list[i] as Loose
      const s = a.S
      out[i] = typeof s === 'string' ? s : unconvert(a as AttributeValue, mode)
    }
  } catch (error) {
    throw error instanceof MarshallError ? error.within(i) : error
  }
  return out
}

function fromN(x: unknown, mode: number): unknown {
  if (typeof x !== 'string') throw badType('N', x)
  if (mode !== NUMBERS_WRAP) {
    // ≤ 15 significant digits always survive a trip through a double; a quick scan keeps
    // JS-only spellings ("0x1f", " 7", "Infinity") from sneaking through Number(), and sends
    // exponents (which may be out of range: "1e400") to the checked path.
    if (x.length <= 15 && x.length > 0 && plainDecimalChars(x)) {
      const n = +x
      if (n === n) return n === 0 ? 0 : n
    } else {
      const n = +x
      if (n === n && String(n) === x) return n
    }
  }
  const broken = numberRuleBroken(x)
  if (broken !== undefined) throw new MarshallError('InvalidNumber', broken)
  if (mode === NUMBERS_WRAP) return new NumberValue(x)
  const n = Number(x)
  if (numberIsExact(x, n)) return n
  if (mode === NUMBERS_BIGINT) {
    const big = decimalToBigInt(x)
    if (big !== undefined) return big
  }
  return new NumberValue(x)
}

function plainDecimalChars(x: string): boolean {
  for (let i = 0; i < x.length; i++) {
    const c = x.charCodeAt(i)
    // 0-9 . + -
    if (!((c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43)) return false
  }
  return true
}

function fromB(x: unknown): Uint8Array {
  if (typeof x === 'string') {
    try {
      return Uint8Array.fromBase64(x)
    } catch {
      throw new MarshallError('UnmarshallError', 'B is not valid base64')
    }
  }
  if (x instanceof Uint8Array) return x
  if (x instanceof ArrayBuffer) return new Uint8Array(x)
  if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength)
  throw badType('B', x)
}

function badType(type: string, x: unknown): MarshallError {
  return new MarshallError('UnmarshallError', `${type} has the wrong type: ${describe(x)}`)
}
