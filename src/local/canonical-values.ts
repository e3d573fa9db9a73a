/**
 * Validation and canonical form of incoming AttributeValues (numbers, sets, types) and the 400 KB check.
 * Everything the engine stores passes through `canonicalItem`, so numbers are stored the way
 * DynamoDB Local answers them ("0001.50" comes back as "1.5").
 */
import type { AttributeMap, AttributeValue } from '../dynamodb/attribute-value.ts'
import { LocalError, validationError } from './errors.ts'
import { emptyAttributeMap, isAttributeType, itemSize, MAX_ATTRIBUTE_NAME_BYTES, MAX_ITEM_SIZE, MAX_NESTING_LEVELS, utf8Length, type AttributeType } from '../dynamodb/value-rules.ts'
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
  const out = type === 'NS' ? list.map((n) => normalizeNumber(String(n))) : type === 'BS' ? list.map(checkBase64) : list.map((s) => String(s))
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
  const out: AttributeMap = emptyAttributeMap()
  for (const name in item) out[name] = sortValueSets(item[name]!)
  return out
}

function sortValueSets(v: AttributeValue): AttributeValue {
  if ('SS' in v) return { SS: sortSet('SS', v.SS) }
  if ('NS' in v) return { NS: sortSet('NS', v.NS) }
  if ('BS' in v) return { BS: sortSet('BS', v.BS) }
  if ('L' in v) return { L: v.L.map(sortValueSets) }
  if ('M' in v) {
    const out: AttributeMap = emptyAttributeMap()
    for (const name in v.M) out[name] = sortValueSets(v.M[name]!)
    return { M: out }
  }
  return v
}

/** Base64 as DynamoDB decodes B values: the standard alphabet, padded to a multiple of 4. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function checkBase64(text: unknown): string {
  if (typeof text !== 'string') throw new LocalError('SerializationException', 'A B or BS value must be a base64 string')
  // DynamoDB Local stores text that is not base64 as is (and fails later); DynamoDB refuses it.
  if (!BASE64.test(text)) throw new LocalError('SerializationException', `Base64 encoded value expected (the standard alphabet, padded to a multiple of 4 characters); got ${text.length} characters that are not`)
  return text
}

/**
 * Validates one value and returns its canonical copy. Like DynamoDB Local, numbers are
 * normalized at the top level of an item (depth 0) and in sets, but kept as sent inside
 * lists and maps. `level` counts the nesting from the item's attributes (0) for DynamoDB's
 * 32-level limit.
 */
export function canonicalValue(value: unknown, depth = 0, level = 0): AttributeValue {
  if (level >= MAX_NESTING_LEVELS) throw validationError('Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit')
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
      return { B: checkBase64(raw) }
    case 'BOOL':
      // JSON booleans, and the strings "true"/"false" DynamoDB Local's parser coerces; anything else
      // is not a boolean (it used to be stored as false).
      if (raw === true || raw === 'true') return { BOOL: true }
      if (raw === false || raw === 'false') return { BOOL: false }
      throw new LocalError('SerializationException', `A BOOL value must be true or false, not ${JSON.stringify(raw)?.slice(0, 40)}`)
    case 'NULL':
      if (raw !== true && raw !== 'true') throw validationError('One or more parameter values were invalid: Null attribute value types must have the value of true')
      return { NULL: true }
    case 'L':
      if (!Array.isArray(raw)) throw validationError('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes')
      return { L: raw.map((v) => canonicalValue(v, depth + 1, level + 1)) }
    case 'M':
      return { M: canonicalItem(raw, depth + 1, level + 1) }
    case 'SS':
      return { SS: checkSet('SS', raw, depth) }
    case 'NS':
      return { NS: checkSet('NS', raw, depth) }
    case 'BS':
      return { BS: checkSet('BS', raw, depth) }
  }
}

/** An item (or a map's contents): names must be non-empty and under 64 KB; every value valid. */
export function canonicalItem(item: unknown, depth = 0, level = 0): AttributeMap {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw validationError('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes')
  const out: AttributeMap = emptyAttributeMap()
  for (const [name, value] of Object.entries(item as Record<string, unknown>)) {
    checkAttributeName(name)
    out[name] = canonicalValue(value, depth, level)
  }
  return out
}

/** DynamoDB's rule for an attribute name, in an item or a map: 1 to 65,535 bytes of UTF-8. */
export function checkAttributeName(name: string): void {
  const problem = attributeNameProblem(name)
  if (problem) throw validationError(problem)
}

export function attributeNameProblem(name: string): string | undefined {
  if (name === '') return 'Empty attribute name'
  if (utf8Length(name) > MAX_ATTRIBUTE_NAME_BYTES) return `Attribute name is too large, must be less than ${MAX_ATTRIBUTE_NAME_BYTES + 1} bytes`
  return undefined
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
