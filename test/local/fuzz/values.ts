/**
 * Random attribute values and items. Key values come from tiny domains so that writes collide,
 * conditions meet existing items and index keys tie; other values mix every type, nested maps
 * and lists, sets, 38-digit and extreme-exponent numbers and binaries.
 */
import type { AttributeMap, AttributeValue } from '../../../src/dynamodb/attribute-value.ts'
import type { Random } from './random.ts'
import type { KeyAttr, ScalarType, TableDef } from './schema.ts'

const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64')

const KEY_DOMAIN: Record<ScalarType, string[]> = {
  S: ['a', 'b', 'c', 'ab', 'é'],
  N: ['1', '2', '10', '-5.5', '1E+2'],
  B: [b64([1]), b64([2]), b64([1, 2]), b64([255]), b64([0])],
}

export const NUMBERS = [
  '0', '1', '-1', '2.5', '1.50', '100', '1e2', '-0.001', '0.1', '3', '7',
  '12345678901234567890123456789012345678', '-9.999999999999999999999999999999999999E+125', '1E-130', '0.00000000000000000000000000000000000001',
  '3.14159265358979323846264338327950288',
]
export const STRINGS = ['', 'a', 'ab', 'b', 'é', '😀', 'abc', 'x y', 'A', 'a\u0000b']
export const BINARIES = [b64([]), b64([0]), b64([1, 2]), b64([255, 0]), b64([2])]
const SET_STRINGS = ['a', 'b', 'c', 'é', 'zz']
// No two of these are numerically equal, so a sampled set never holds duplicates.
const SET_NUMBERS = ['1', '2', '3.5', '-4', '10', '1E+20', '0.000001', '2.50', '1e2', '0.0000001']
const SET_BINARIES = [b64([1]), b64([2]), b64([1, 2]), b64([0, 255])]

/** Non-key attributes items carry; `status` is a reserved word and must be reached through #names. */
export const DATA_ATTRS = ['a', 'b', 'n', 's', 'm', 'l', 'ss', 'ns', 'bs', 'f', 'status']

export function keyValue(rnd: Random, type: ScalarType): AttributeValue {
  const v = rnd.pick(KEY_DOMAIN[type])
  return type === 'S' ? { S: v } : type === 'N' ? { N: v } : { B: v }
}

export function scalar(rnd: Random): AttributeValue {
  const kind = rnd.pick(['S', 'N', 'N', 'B', 'BOOL', 'NULL'] as const)
  if (kind === 'S') return { S: rnd.pick(STRINGS) }
  if (kind === 'N') return { N: rnd.pick(NUMBERS) }
  if (kind === 'B') return { B: rnd.pick(BINARIES) }
  if (kind === 'BOOL') return { BOOL: rnd.chance(0.5) }
  return { NULL: true }
}

export function set(rnd: Random, kind = rnd.pick(['SS', 'NS', 'BS'] as const)): AttributeValue {
  const size = rnd.between(1, 3)
  if (kind === 'SS') return { SS: rnd.sample(SET_STRINGS, size) }
  if (kind === 'NS') return { NS: rnd.sample(SET_NUMBERS, size) }
  return { BS: rnd.sample(SET_BINARIES, size) }
}

export function map(rnd: Random, depth: number): AttributeValue {
  const out: Record<string, AttributeValue> = {}
  for (const k of ['x', 'y', 'z']) if (rnd.chance(0.5)) out[k] = value(rnd, depth + 1)
  return { M: out }
}

export function list(rnd: Random, depth: number): AttributeValue {
  return { L: Array.from({ length: rnd.int(4) }, () => value(rnd, depth + 1)) }
}

export function value(rnd: Random, depth = 0): AttributeValue {
  const roll = rnd.float()
  if (depth < 2 && roll < 0.12) return map(rnd, depth)
  if (depth < 2 && roll < 0.24) return list(rnd, depth)
  if (roll < 0.34) return set(rnd)
  return scalar(rnd)
}

/** A value shaped for the attribute's usual role, so most expressions on it are meaningful. */
export function attrValue(rnd: Random, name: string): AttributeValue {
  if (rnd.chance(0.15)) return value(rnd)
  switch (name) {
    case 'n':
      return { N: rnd.pick(NUMBERS) }
    case 's':
      return { S: rnd.pick(STRINGS) }
    case 'm':
      return map(rnd, 0)
    case 'l':
      return list(rnd, 0)
    case 'ss':
      return set(rnd, 'SS')
    case 'ns':
      return set(rnd, 'NS')
    case 'bs':
      return set(rnd, 'BS')
    case 'f':
      return { BOOL: rnd.chance(0.5) }
    default:
      return value(rnd)
  }
}

export function key(rnd: Random, def: TableDef): AttributeMap {
  const out: AttributeMap = { [def.hash.name]: keyValue(rnd, def.hash.type) }
  if (def.range) out[def.range.name] = keyValue(rnd, def.range.type)
  return out
}

export function indexAttr(rnd: Random, attr: KeyAttr): AttributeValue {
  return keyValue(rnd, attr.type)
}

export function item(rnd: Random, def: TableDef, k: AttributeMap = key(rnd, def)): AttributeMap {
  const out: AttributeMap = { ...k }
  for (const { attr, presence } of def.indexAttrs) if (!(attr.name in out) && rnd.chance(presence)) out[attr.name] = indexAttr(rnd, attr)
  for (const name of DATA_ATTRS) if (rnd.chance(0.45)) out[name] = attrValue(rnd, name)
  return out
}
