/**
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
import { parseDecimal } from './number-value.ts'

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

function binarySize(b: string | Uint8Array): number {
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
