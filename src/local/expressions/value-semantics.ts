/**
 * Value semantics shared by the evaluator, the update engine and storage: type tags, equality,
 * DynamoDB's ordering of S/N/B, `size()`, and an order-preserving sort-key encoding.
 */
import type { AttributeValue } from '../../dynamodb/attribute-value.ts'
import { emptyAttributeMap, type AttributeType } from '../../dynamodb/value-rules.ts'
import { compareDecimals, decimalOf, normalizeNumber, stripTrailingZeros, type Decimal } from './decimal.ts'


export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType
  throw new Error('empty AttributeValue')
}

const decoder = new TextEncoder()

/** Bytes of a B value (base64 text on the wire, Uint8Array once decoded). */
export function bytesOf(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : value
}

/** Orders strings by Unicode code point, which is UTF-8 byte order (JS `<` compares UTF-16 units). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y)
  }
  return a.length - b.length
}

// Surrogates (U+D800–DFFF) encode code points above U+FFFF, so they rank after U+E000–FFFF.
function codeUnitRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000
  if (unit >= 0xe000) return unit - 0x800
  return unit
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!
  }
  return a.length - b.length
}

/**
 * DynamoDB's order for two values of the same scalar type (N by exact decimal value, S by UTF-8
 * bytes, B by unsigned bytes). Values of different or unordered types get a stable but
 * meaningless order (by type tag, then JSON) so sorting never throws.
 */
export function compareValues(a: AttributeValue, b: AttributeValue): number {
  const ordered = compareOrdered(a, b)
  if (ordered !== undefined) return ordered
  const ta = typeOf(a)
  const tb = typeOf(b)
  if (ta !== tb) return ta < tb ? -1 : 1
  if (attributeValuesEqual(a, b)) return 0
  const ja = JSON.stringify(a)
  const jb = JSON.stringify(b)
  return ja < jb ? -1 : ja > jb ? 1 : 0
}

/** Comparison for `<`, `BETWEEN`, ...: undefined when the two are not both S, N or B of one type. */
export function compareOrdered(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('N' in a && 'N' in b) return compareNumbers(a.N, b.N)
  if ('S' in a && 'S' in b) return compareStrings(a.S, b.S)
  if ('B' in a && 'B' in b) return compareBytes(bytesOf(a.B), bytesOf(b.B))
  return undefined
}

/**
 * Compares number texts by exact value. Texts of at most 15 characters carry at most 15
 * significant digits, which doubles represent exactly enough to keep order and equality, so
 * they skip the BigInt path.
 */
export function compareNumbers(a: string, b: string): number {
  if (a === b) return 0
  if (a.length <= 15 && b.length <= 15) {
    const x = Number(a)
    const y = Number(b)
    if (!Number.isNaN(x) && !Number.isNaN(y)) return x < y ? -1 : x > y ? 1 : 0
  }
  return compareDecimals(decimalOf(a), decimalOf(b))
}

/** A deep copy of a value (cheaper than structuredClone for wire-format values). */
export function cloneValue(value: AttributeValue): AttributeValue {
  if ('M' in value) {
    const map: Record<string, AttributeValue> = emptyAttributeMap()
    for (const key in value.M) map[key] = cloneValue(value.M[key]!)
    return { M: map }
  }
  if ('L' in value) return { L: value.L.map(cloneValue) }
  if ('SS' in value) return { SS: [...value.SS] }
  if ('NS' in value) return { NS: [...value.NS] }
  if ('BS' in value) return { BS: [...value.BS] }
  return { ...value } as AttributeValue
}

export function cloneItem(item: Record<string, AttributeValue>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = emptyAttributeMap()
  for (const key in item) out[key] = cloneValue(item[key]!)
  return out
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return compareBytes(a, b) === 0
}

/** Deep equality as DynamoDB's `=` sees it: numbers by value, sets unordered. */
export function attributeValuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if ('S' in a) return 'S' in b && a.S === b.S
  if ('N' in a) return 'N' in b && compareNumbers(a.N, b.N) === 0
  if ('B' in a) return 'B' in b && bytesEqual(bytesOf(a.B), bytesOf(b.B))
  if ('BOOL' in a) return 'BOOL' in b && a.BOOL === b.BOOL
  if ('NULL' in a) return 'NULL' in b
  if ('L' in a) {
    return 'L' in b && a.L.length === b.L.length && a.L.every((item, i) => attributeValuesEqual(item, b.L[i]!))
  }
  if ('M' in a) {
    if (!('M' in b)) return false
    const keys = Object.keys(a.M)
    if (keys.length !== Object.keys(b.M).length) return false
    return keys.every((key) => key in b.M && attributeValuesEqual(a.M[key]!, b.M[key]!))
  }
  if ('SS' in a) return 'SS' in b && sameMembers(a.SS, b.SS, (x) => x)
  if ('NS' in a) return 'NS' in b && sameMembers(a.NS, b.NS, normalizeNumber)
  if ('BS' in a) return 'BS' in b && sameMembers(a.BS, b.BS, (x) => Buffer.from(bytesOf(x)).toString('hex'))
  return false
}

function sameMembers<T>(a: T[], b: T[], key: (x: T) => string): boolean {
  const left = new Set(a.map(key))
  const right = new Set(b.map(key))
  if (left.size !== right.size) return false
  for (const k of left) if (!right.has(k)) return false
  return true
}

/** A string equal for equal numbers ("1.50" and "1.5e0" give the same key). */
/** `size()`: characters (UTF-16 units, as DynamoDB Local counts) of S, bytes of B, members of sets/L/M. */
export function sizeOf(value: AttributeValue): number | undefined {
  if ('S' in value) return value.S.length
  if ('B' in value) return bytesOf(value.B).length
  if ('SS' in value) return value.SS.length
  if ('NS' in value) return value.NS.length
  if ('BS' in value) return value.BS.length
  if ('L' in value) return value.L.length
  if ('M' in value) return Object.keys(value.M).length
  return undefined
}

/**
 * Encodes an S, N or B value so that plain string comparison of two encodings of the same type
 * (JS `<`, or SQLite TEXT with the default BINARY collation, i.e. memcmp) matches DynamoDB's order.
 * The result uses only the characters 0-9 and a-f, so every comparison agrees.
 *
 * - S: lowercase hex of the UTF-8 bytes; B: lowercase hex of the bytes.
 * - N: "1" for zero; positives "2" + biased exponent + digits; negatives "0" + inverted exponent
 *   + nines' complement digits + "a" (the terminator sorts longer negatives first).
 */
export function encodeSortKey(value: AttributeValue): string {
  if ('S' in value) return Buffer.from(decoder.encode(value.S)).toString('hex')
  if ('B' in value) return Buffer.from(bytesOf(value.B)).toString('hex')
  if ('N' in value) return encodeNumber(decimalOf(value.N))
  throw new Error(`encodeSortKey supports S, N and B values, not ${typeOf(value)}`)
}

const EXPONENT_BIAS = 500_000

function encodeNumber(value: Decimal): string {
  const d = stripTrailingZeros(value)
  if (d.unscaled === 0n) return '1'
  const negative = d.unscaled < 0n
  const digits = (negative ? -d.unscaled : d.unscaled).toString()
  const exponent = digits.length - 1 - d.scale
  if (!negative) return '2' + String(exponent + EXPONENT_BIAS).padStart(7, '0') + digits
  let complement = ''
  for (const ch of digits) complement += String(9 - Number(ch))
  return '0' + String(EXPONENT_BIAS - exponent).padStart(7, '0') + complement + 'a'
}
