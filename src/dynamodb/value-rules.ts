/**
 * DynamoDB's value rules, in one place for the client (marshaller, 400 KB guard, expression limits)
 * and the embedded engine: the attribute types, decimal syntax, precision and range, the canonical
 * text of a number, UTF-8 length and item size.
 *
 * Item size as DynamoDB counts it against the 400 KB item limit
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * - every attribute name (top level and inside maps): its UTF-8 bytes;
 * - S: UTF-8 bytes; B: raw bytes (base64 is decoded length); BOOL and NULL: 1 byte;
 * - N: 1 byte per two significant digits (digits are stored in base-100 pairs aligned on the
 *   decimal point, leading and trailing zeros trimmed) + 1 byte, + 1 more for a negative number;
 * - M and L: 3 bytes + 1 byte per element + the elements;
 * - SS, NS, BS: the sum of their elements.
 * DynamoDB documents the number rule as approximate; this follows its storage format, and the
 * integration test checks every rule against where DynamoDB Local draws the 400 KB line.
 */
import type { AttributeMap, AttributeValue } from './attribute-value.ts'
import { MarshallError } from './marshall-error.ts'

/** DynamoDB's attribute types, as the wire format tags them. */
export const ATTRIBUTE_TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'] as const
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number]

const ATTRIBUTE_TYPE_SET: ReadonlySet<string> = new Set(ATTRIBUTE_TYPES)

export function isAttributeType(name: string): name is AttributeType {
  return ATTRIBUTE_TYPE_SET.has(name)
}

/** How deep lists and maps may nest: an item's attributes are level 0, values at level 32 are refused. */
export const MAX_NESTING_LEVELS = 32
/** An attribute name is 1 to 65,535 bytes of UTF-8. */
export const MAX_ATTRIBUTE_NAME_BYTES = 65_535

export const MAX_SIGNIFICANT_DIGITS = 38
/** Largest and smallest decimal exponent in scientific notation (d.ddd × 10^e). */
export const MAX_EXPONENT = 125
export const MIN_EXPONENT = -130

/** A number's text split as written: `-12.50e3` → negative, whole "12", fraction "50", exponent 3. */
export interface DecimalText {
  negative: boolean
  whole: string
  fraction: string
  exponent: number
}

// DynamoDB's number syntax (what DynamoDB Local accepts): no spaces, optional sign, digits with an
// optional point (at least one digit), optional exponent.
const decimalSyntax = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** Splits number text by DynamoDB's syntax; undefined when it is not a number. */
export function splitDecimal(text: string): DecimalText | undefined {
  const match = decimalSyntax.exec(text)
  if (match === null) return undefined
  const whole = match[2] ?? ''
  const fraction = match[3] ?? ''
  if (whole === '' && fraction === '') return undefined
  const expText = match[4]
  // Exponents beyond a few thousand digits are out of range anyway; cap to keep parseInt exact.
  const exponent = expText === undefined ? 0 : expText.length > 12 ? (expText.startsWith('-') ? -1e12 : 1e12) : Number.parseInt(expText, 10)
  return { negative: match[1] === '-', whole, fraction, exponent }
}

/** A decimal split into sign, significant digits (no leading/trailing zeros) and exponent. */
export interface Decimal {
  negative: boolean
  /** Significant digits; '' for zero. */
  digits: string
  /** Value = 0.digits × 10^exponent (so scientific exponent is exponent - 1). */
  exponent: number
}

/** Parse a decimal string; undefined when it is not one. */
export function parseDecimal(text: string): Decimal | undefined {
  const split = splitDecimal(text)
  if (split === undefined) return undefined
  const all = split.whole + split.fraction
  let start = 0
  while (start < all.length && all.charCodeAt(start) === 48) start++
  if (start === all.length) return { negative: split.negative, digits: '', exponent: 0 }
  let end = all.length
  while (all.charCodeAt(end - 1) === 48) end--
  return { negative: split.negative, digits: all.slice(start, end), exponent: split.whole.length - start + split.exponent }
}

/** Which of DynamoDB's number rules a decimal breaks, if any. */
export type NumberProblem = 'precision' | 'overflow' | 'underflow'

export function numberProblem(decimal: Decimal): NumberProblem | undefined {
  if (decimal.digits === '') return undefined
  if (decimal.digits.length > MAX_SIGNIFICANT_DIGITS) return 'precision'
  const scientific = decimal.exponent - 1
  if (scientific > MAX_EXPONENT) return 'overflow'
  if (scientific < MIN_EXPONENT) return 'underflow'
  return undefined
}

/** A number's canonical text as DynamoDB answers it: no exponent, no leading or trailing zeros ("01.50e1" → "15"). */
export function canonicalDecimal(decimal: Decimal): string {
  const { digits, exponent } = decimal
  if (digits === '') return '0'
  let out: string
  if (exponent <= 0) out = `0.${'0'.repeat(-exponent)}${digits}`
  else if (exponent >= digits.length) out = digits + '0'.repeat(exponent - digits.length)
  else out = `${digits.slice(0, exponent)}.${digits.slice(exponent)}`
  return (decimal.negative ? '-' : '') + out
}

/** DynamoDB's maximum item size: 400 KB, names included. */
export const MAX_ITEM_SIZE = 409_600

/** The size in bytes DynamoDB charges for an item (names included). */
export function itemSize(item: AttributeMap): number {
  let size = 0
  for (const name in item) size += utf8Length(name) + attributeValueSize(item[name] as AttributeValue)
  return size
}

/** The size of one AttributeValue, without the name it is stored under. */
export function attributeValueSize(av: AttributeValue): number {
  const a = av as { [type: string]: unknown }
  let x = a.S
  if (typeof x === 'string') return utf8Length(x)
  x = a.N
  if (typeof x === 'string') return numberSize(x)
  x = a.M
  if (x !== undefined) {
    const map = x as AttributeMap
    let size = 3
    for (const name in map) size += 1 + utf8Length(name) + attributeValueSize(map[name] as AttributeValue)
    return size
  }
  x = a.L
  if (x !== undefined) {
    const list = x as AttributeValue[]
    let size = 3
    for (let i = 0; i < list.length; i++) size += 1 + attributeValueSize(list[i] as AttributeValue)
    return size
  }
  if (a.BOOL !== undefined || a.NULL !== undefined) return 1
  x = a.B
  if (x !== undefined) return binarySize(x as string | Uint8Array)
  x = a.SS
  if (x !== undefined) return sum(x as string[], utf8Length)
  x = a.NS
  if (x !== undefined) return sum(x as string[], numberSize)
  x = a.BS
  if (x !== undefined) return sum(x as (string | Uint8Array)[], binarySize)
  throw new MarshallError('UnmarshallError', `not an AttributeValue: keys ${JSON.stringify(Object.keys(a))}`)
}

function sum<T>(values: T[], size: (v: T) => number): number {
  let total = 0
  for (let i = 0; i < values.length; i++) total += size(values[i] as T)
  return total
}

/** UTF-8 byte length without encoding: ASCII is one byte, and the scan stops there for it. */
export function utf8Length(s: string): number {
  const n = s.length
  for (let i = 0; i < n; i++) {
    if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8')
  }
  return n
}

/**
 * Bytes of a DynamoDB number: base-100 digit pairs aligned on the decimal point, one exponent
 * byte, and a terminator byte for negatives (measured against DynamoDB Local).
 */
export function numberSize(text: string): number {
  // Fast path for what marshall writes for ordinary numbers, `-?digits[.digits]`: one scan, no regex
  // and no allocation. It runs for every number of every item written (the 400 KB guard), where
  // parseDecimal was half of batchWrite's client CPU. Anything else takes the general parse.
  const n = text.length
  const i = text.charCodeAt(0) === 45 ? 1 : 0
  const negative = i === 1
  let point = -1
  let first = -1
  let last = -1
  for (let j = i; j < n; j++) {
    const c = text.charCodeAt(j)
    if (c >= 49 && c <= 57) {
      if (first < 0) first = j
      last = j
    } else if (c === 46 && point < 0) point = j
    else if (c !== 48) return numberSizeParsed(text)
  }
  if (n - i - (point < 0 ? 0 : 1) === 0) return numberSizeParsed(text) // no digit at all: not a number
  if (first < 0) return 1 // zero
  const digits = last - first + 1 - (point > first && point < last ? 1 : 0)
  const leadingZeros = first - i - (point >= 0 && point < first ? 1 : 0)
  const exponent = (point < 0 ? n : point) - i - leadingZeros
  const lead = ((exponent % 2) + 2) % 2
  return Math.ceil((digits + lead) / 2) + (negative ? 2 : 1)
}

function numberSizeParsed(text: string): number {
  const decimal = parseDecimal(text)
  if (decimal === undefined || decimal.digits === '') return 1
  // Value = 0.digits × 10^exponent; an odd exponent means the first pair holds one digit.
  const lead = ((decimal.exponent % 2) + 2) % 2
  return Math.ceil((decimal.digits.length + lead) / 2) + (decimal.negative ? 2 : 1)
}

/** Bytes of a B value: raw bytes, or the decoded length of base64 text. */
export function binarySize(b: string | Uint8Array): number {
  if (typeof b !== 'string') return b.byteLength
  let padding = 0
  if (b.endsWith('==')) padding = 2
  else if (b.endsWith('=')) padding = 1
  return Math.floor((b.length * 3) / 4) - padding
}

/**
 * Refuse an item over 400 KB before it is sent. `keyAttributes` are the table's key attribute
 * names, so the error can say which item it is (`pk="USER#1", sk="PROFILE"`).
 */
export function assertItemSize(item: AttributeMap, keyAttributes?: readonly string[]): void {
  const size = itemSize(item)
  if (size <= MAX_ITEM_SIZE) return
  throw new MarshallError(
    'ItemTooLarge',
    `item ${describeKey(item, keyAttributes)} is ${size} bytes; DynamoDB items are at most ${MAX_ITEM_SIZE} bytes (400 KB, attribute names included)`,
  )
}

/** `pk="USER#1", sk=42` from the key attributes, or a hint when the key names are unknown. */
export function describeKey(item: AttributeMap, keyAttributes?: readonly string[]): string {
  const names = keyAttributes ?? []
  const parts: string[] = []
  for (const name of names) {
    const av = item[name] as { S?: unknown; N?: unknown; B?: unknown } | undefined
    let text = '(missing)'
    if (typeof av?.S === 'string') text = JSON.stringify(av.S)
    else if (typeof av?.N === 'string') text = av.N
    else if (typeof av?.B === 'string') text = `b64:${av.B}`
    else if (av?.B instanceof Uint8Array) text = `b64:${av.B.toBase64()}`
    parts.push(`${name}=${text}`)
  }
  if (parts.length > 0) return `with key ${parts.join(', ')}`
  return `(key attributes not given; attributes ${Object.keys(item).slice(0, 3).join(', ')}${Object.keys(item).length > 3 ? ', …' : ''})`
}

/**
 * An object for attribute names from the wire, without a prototype: `__proto__`, `constructor` or
 * `toString` are ordinary attribute names in DynamoDB, and a plain `{}` would drop the first on
 * assignment and answer inherited members for the others on lookup.
 */
export function emptyAttributeMap<T = AttributeValue>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

/** Sets `name` as an own property of a plain object, even `__proto__` (assignment would replace the prototype). */
export function setOwn<T>(target: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true })
  else target[name] = value
}
