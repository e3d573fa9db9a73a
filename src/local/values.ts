/**
 * Validation and canonical form of incoming AttributeValues, and DynamoDB's item size rule.
 * Everything the engine stores passes through `canonicalItem`, so numbers are stored the way
 * DynamoDB Local answers them ("0001.50" comes back as "1.5").
 */
import type { AttributeMap, AttributeValue } from '../dynamodb/attribute-value.ts'
import { validationError } from './errors.ts'
import { compareValues, formatJavaDecimal, parseDecimal } from './expressions/index.ts'

const TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'] as const
const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** Canonical decimal text of a DynamoDB number, or a ValidationException as DynamoDB words it. */
export function normalizeNumber(text: string): string {
  const m = NUMBER.exec(text)
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw validationError('A value provided cannot be converted into a number')
  const sign = m[1] === '-' ? '-' : ''
  let digits = (m[2] ?? '') + (m[3] ?? '')
  let exp = Number(m[4] ?? 0) + (m[2] ?? '').length // value = 0.digits * 10^exp
  const lead = digits.search(/[^0]/)
  if (lead < 0) return '0'
  digits = digits.slice(lead)
  exp -= lead
  digits = digits.replace(/0+$/, '')
  if (digits.length > 38) throw validationError('DynamoDB only supports precision up to 38 digits')
  if (exp > 126) throw validationError('Number overflow. Attempting to store a number with magnitude larger than supported range')
  if (exp < -129) throw validationError('Number underflow. Attempting to store a number with magnitude smaller than supported range')
  let out: string
  if (exp <= 0) out = `0.${'0'.repeat(-exp)}${digits}`
  else if (exp >= digits.length) out = digits + '0'.repeat(exp - digits.length)
  else out = `${digits.slice(0, exp)}.${digits.slice(exp)}`
  return sign + out
}

function typeOf(value: unknown): (typeof TYPES)[number] {
  if (value === null || typeof value !== 'object') throw validationError('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes')
  let found: (typeof TYPES)[number] | undefined
  for (const key in value as Record<string, unknown>) {
    if ((value as Record<string, unknown>)[key] === undefined || (value as Record<string, unknown>)[key] === null) continue
    if (!(TYPES as readonly string[]).includes(key)) continue
    if (found) throw validationError('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes')
    found = key as (typeof TYPES)[number]
  }
  if (!found) throw validationError('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes')
  return found
}

const SET_NAMES: Record<string, string> = { SS: 'string', NS: 'number', BS: 'binary' }

function checkSet(type: 'SS' | 'NS' | 'BS', list: unknown, depth: number): string[] {
  if (!Array.isArray(list)) throw validationError(`One or more parameter values were invalid: An ${SET_NAMES[type]} set  may not be empty`)
  if (list.length === 0) throw validationError(`One or more parameter values were invalid: An ${SET_NAMES[type]} set  may not be empty`)
  const out = type === 'NS' ? list.map((n) => normalizeNumber(String(n))) : list.map((s) => String(s))
  if (new Set(out).size !== out.length) {
    if (type === 'NS') throw validationError('Input collection contains duplicates')
    throw validationError(`One or more parameter values were invalid: Input collection [${list.join(', ')}] contains duplicates`)
  }
  // Nested number sets (and those in expression values) keep their members as Java's BigDecimal
  // prints them ("1e2" -> "1E+2", "0.0000001" -> "1E-7"), as DynamoDB Local does.
  return sortSet(type, type === 'NS' && depth > 0 ? list.map((n) => formatJavaDecimal(parseDecimal(String(n))!)) : out)
}

const SET_ELEMENT = { SS: 'S', NS: 'N', BS: 'B' } as const

/** DynamoDB Local returns set members sorted (numbers by value, strings and binary by bytes). */
export function sortSet<T extends string | Uint8Array>(type: 'SS' | 'NS' | 'BS', members: T[]): T[] {
  const key = SET_ELEMENT[type]
  return members.toSorted((a, b) => compareValues({ [key]: a } as unknown as AttributeValue, { [key]: b } as unknown as AttributeValue))
}

/**
 * Sorts the sets inside an item (after an update). Numbers an update writes keep the text
 * they were sent with, even at the top level, as in DynamoDB Local.
 */
export function sortSets(item: AttributeMap): AttributeMap {
  const out: AttributeMap = {}
  for (const name in item) out[name] = sortValueSets(item[name]!)
  return out
}

function sortValueSets(v: AttributeValue): AttributeValue {
  if ('SS' in v) return { SS: sortSet('SS', v.SS) }
  if ('NS' in v) return { NS: sortSet('NS', v.NS) }
  if ('BS' in v) return { BS: sortSet('BS', v.BS) }
  if ('L' in v) return { L: v.L.map(sortValueSets) }
  if ('M' in v) {
    const out: AttributeMap = {}
    for (const name in v.M) out[name] = sortValueSets(v.M[name]!)
    return { M: out }
  }
  return v
}

/**
 * Validates one value and returns its canonical copy. Like DynamoDB Local, numbers are
 * normalized at the top level of an item (depth 0) and in sets, but kept as sent inside
 * lists and maps.
 */
export function canonicalValue(value: unknown, depth = 0): AttributeValue {
  const type = typeOf(value)
  const raw = (value as Record<string, unknown>)[type]
  switch (type) {
    case 'S':
      if (typeof raw !== 'string') throw validationError('A value provided cannot be converted into a string')
      return { S: raw }
    case 'N': {
      const normalized = normalizeNumber(String(raw))
      return { N: depth === 0 ? normalized : String(raw) }
    }
    case 'B':
      return { B: typeof raw === 'string' ? raw : Buffer.from(raw as Uint8Array).toString('base64') }
    case 'BOOL':
      return { BOOL: raw === true || raw === 'true' }
    case 'NULL':
      return { NULL: true }
    case 'L':
      if (!Array.isArray(raw)) throw validationError('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes')
      return { L: raw.map((v) => canonicalValue(v, depth + 1)) }
    case 'M':
      return { M: canonicalItem(raw, depth + 1) }
    case 'SS':
      return { SS: checkSet('SS', raw, depth) }
    case 'NS':
      return { NS: checkSet('NS', raw, depth) }
    case 'BS':
      return { BS: checkSet('BS', raw, depth) }
  }
}

export function canonicalItem(item: unknown, depth = 0): AttributeMap {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw validationError('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes')
  const out: AttributeMap = {}
  for (const [name, value] of Object.entries(item as Record<string, unknown>)) out[name] = canonicalValue(value, depth)
  return out
}

const encoder = new TextEncoder()

export function utf8Length(text: string): number {
  // Fast path: pure ASCII strings are the common case.
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return encoder.encode(text).length
  return text.length
}

export function binaryLength(b: string | Uint8Array): number {
  if (typeof b !== 'string') return b.length
  const pad = b.endsWith('==') ? 2 : b.endsWith('=') ? 1 : 0
  return Math.floor((b.length * 3) / 4) - pad
}

/**
 * DynamoDB sizes numbers in base-100 digits aligned on the decimal point (as DynamoDB Local
 * reports them): 1 byte per pair of digits, plus 1, plus 1 when negative; zero is 1 byte.
 */
function numberSize(text: string): number {
  const n = normalizeNumber(text)
  const negative = n.startsWith('-')
  const [int = '', frac = ''] = (negative ? n.slice(1) : n).split('.')
  const digits = (int.length % 2 ? '0' : '') + int + frac + (frac.length % 2 ? '0' : '')
  let first = 0
  let last = digits.length
  while (first < last && digits.startsWith('00', first)) first += 2
  while (last > first && digits.startsWith('00', last - 2)) last -= 2
  if (first >= last) return 1
  return (last - first) / 2 + 1 + (negative ? 1 : 0)
}

/** Size of one value as DynamoDB bills and limits it. */
export function valueSize(v: AttributeValue): number {
  if ('S' in v) return utf8Length(v.S)
  if ('N' in v) return numberSize(v.N)
  if ('B' in v) return binaryLength(v.B)
  if ('BOOL' in v || 'NULL' in v) return 1
  if ('SS' in v) return v.SS.reduce((n, s) => n + utf8Length(s), 0)
  if ('NS' in v) return v.NS.reduce((n, s) => n + numberSize(s), 0)
  if ('BS' in v) return v.BS.reduce((n, b) => n + binaryLength(b), 0)
  if ('L' in v) return 3 + v.L.reduce((n, e) => n + 1 + valueSize(e), 0)
  let size = 3
  for (const [name, e] of Object.entries(v.M)) size += 1 + utf8Length(name) + valueSize(e)
  return size
}

export function itemSize(item: AttributeMap): number {
  let size = 0
  for (const name in item) size += utf8Length(name) + valueSize(item[name]!)
  return size
}

export const MAX_ITEM_SIZE = 400 * 1024

export function assertItemSize(item: AttributeMap): number {
  const size = itemSize(item)
  if (size > MAX_ITEM_SIZE) throw validationError('Item size has exceeded the maximum allowed size')
  return size
}

/** The single type letter(s) of a value: 'S', 'N', 'B', 'M', ... */
export function valueType(v: AttributeValue): string {
  for (const key in v) return key
  return ''
}
