/**
 * Validation and canonical form of incoming AttributeValues (numbers, sets, types) and the 400 KB check.
 * Everything the engine stores passes through `canonicalItem`, so numbers are stored the way
 * DynamoDB Local answers them ("0001.50" comes back as "1.5").
 */
import type { AttributeMap, AttributeValue } from '../dynamodb/attribute-value.ts'
import { validationError } from './errors.ts'
import { isAttributeType, itemSize, MAX_ITEM_SIZE, type AttributeType } from '../dynamodb/value-rules.ts'
import { compareValues, formatJavaDecimal, normalizeNumber, parseDecimal } from './expressions/index.ts'

function typeOf(value: unknown): AttributeType {
  if (value === null || typeof value !== 'object') throw validationError('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes')
  let found: AttributeType | undefined
  for (const key in value as Record<string, unknown>) {
    if ((value as Record<string, unknown>)[key] === undefined || (value as Record<string, unknown>)[key] === null) continue
    if (!isAttributeType(key)) continue
    if (found) throw validationError('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes')
    found = key as AttributeType
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
