/**
 * JS values -> DynamoDB AttributeValues (the way back is unmarshall.ts, re-exported here).
 *
 * The output of `marshall` is the JSON wire format itself: binaries become base64 strings here,
 * so `JSON.stringify(marshall(item))` is the request body with no second pass. `unmarshall`
 * accepts binaries as base64 strings or Uint8Arrays and always returns Uint8Arrays.
 *
 * Written for speed: one tight function per direction, primitive cases inlined in the container
 * loops, no per-value allocation beyond the output, and attribute paths for error messages are
 * built only while an error unwinds (each container adds its segment), never on the happy path.
 */
import type { AttributeMap, AttributeValue } from './attribute-value.ts'
import { MarshallError, describeValue as describe } from './marshall-error.ts'
import { NumberValue, numberIsExact, numberRuleBroken } from './number-value.ts'
import { MAX_EXPONENT, MIN_EXPONENT, setOwn } from './value-rules.ts'

export { MarshallError, type MarshallErrorCode } from './marshall-error.ts'
export { NumberValue } from './number-value.ts'
export { unmarshall, unmarshallValue, type UnmarshallOptions } from './unmarshall.ts'

export interface MarshallOptions {
  /** Leave out `undefined` map values and list elements instead of throwing. */
  removeUndefinedValues?: boolean
  /** Leave out empty sets (map values and list elements) instead of throwing; DynamoDB has no empty set. */
  dropEmptySets?: boolean
  /** Write instances of classes (not plain objects) as maps of their own enumerable properties. */
  convertClassInstanceToMap?: boolean
}

/**
 * DynamoDB supports nested attributes up to 32 levels deep, the item itself being the first:
 * an attribute may hold at most 31 maps/lists inside one another (checked against DynamoDB Local).
 */
export const MAX_NESTING_DEPTH = 32

const REMOVE_UNDEFINED = 1
const DROP_EMPTY_SETS = 2
const CLASS_TO_MAP = 4

function flagsOf(options: MarshallOptions | undefined): number {
  if (options === undefined) return 0
  return (
    (options.removeUndefinedValues === true ? REMOVE_UNDEFINED : 0) |
    (options.dropEmptySets === true ? DROP_EMPTY_SETS : 0) |
    (options.convertClassInstanceToMap === true ? CLASS_TO_MAP : 0)
  )
}

/** Marshall an item (a plain object, a Map, or with `convertClassInstanceToMap` a class instance). */
export function marshall(item: Record<string, unknown>, options?: MarshallOptions): AttributeMap {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new MarshallError('MarshallError', `an item must be an object, got ${describe(item)}`)
  }
  const flags = flagsOf(options)
  if (item instanceof Map) return convertEntries(item, flags, 0)
  const proto = Object.getPrototypeOf(item)
  if (proto !== Object.prototype && proto !== null && (flags & CLASS_TO_MAP) === 0) {
    throw classInstanceError(item)
  }
  return convertMap(item, flags, 0)
}

/** Marshall one value (an expression value, a key attribute). */
export function marshallValue(value: unknown, options?: MarshallOptions, path = ''): AttributeValue {
  try {
    const av = convert(value, flagsOf(options), 0)
    if (av === undefined) {
      throw new MarshallError('MarshallError', `${value === undefined ? 'undefined' : 'an empty set'} has no AttributeValue (it can only be left out of a map or list)`)
    }
    return av
  } catch (error) {
    if (path !== '' && error instanceof MarshallError) error.within(path, true)
    throw error
  }
}

// ---------------------------------------------------------------- marshall

function convert(v: unknown, flags: number, depth: number): AttributeValue | undefined {
  switch (typeof v) {
    case 'string':
      return { S: v }
    case 'number':
      return { N: numberText(v) }
    case 'boolean':
      return { BOOL: v }
    case 'object':
      return v === null ? { NULL: true } : convertObject(v, flags, depth)
    case 'bigint':
      return { N: bigintText(v) }
    case 'undefined':
      if ((flags & REMOVE_UNDEFINED) !== 0) return undefined
      throw new MarshallError('MarshallError', 'undefined is not a DynamoDB value (pass removeUndefinedValues: true to leave it out)')
    default:
      throw new MarshallError('MarshallError', `a ${typeof v} is not a DynamoDB value`)
  }
}

function convertObject(v: object, flags: number, depth: number): AttributeValue | undefined {
  if (Array.isArray(v)) return { L: convertList(v, flags, depth + 1) }
  const proto = Object.getPrototypeOf(v)
  if (proto === Object.prototype || proto === null) return { M: convertMap(v as Record<string, unknown>, flags, depth + 1) }
  if (v instanceof NumberValue) return { N: v.value }
  if (v instanceof Uint8Array) return { B: v.toBase64() }
  if (v instanceof Set) return convertSet(v, flags)
  if (v instanceof Date) return { S: dateText(v) }
  if (v instanceof Map) return { M: convertEntries(v, flags, depth + 1) }
  const bytes = binaryView(v)
  if (bytes !== undefined) return { B: bytes.toBase64() }
  if ((flags & CLASS_TO_MAP) !== 0) return { M: convertMap(v as Record<string, unknown>, flags, depth + 1) }
  throw classInstanceError(v)
}

function convertMap(obj: Record<string, unknown>, flags: number, depth: number): AttributeMap {
  if (depth >= MAX_NESTING_DEPTH) throw tooDeep()
  const out: AttributeMap = {}
  let key = ''
  try {
    for (key of Object.keys(obj)) {
      const v = obj[key]
      let av: AttributeValue | undefined
      // The common primitives inline; everything else through convert().
      if (typeof v === 'string') av = { S: v }
      else if (typeof v === 'number') av = { N: numberText(v) }
      else av = convert(v, flags, depth)
      if (av === undefined) continue
      setOwn(out, key, av)
    }
  } catch (error) {
    throw error instanceof MarshallError ? error.within(key) : error
  }
  return out
}

function convertEntries(map: Map<unknown, unknown>, flags: number, depth: number): AttributeMap {
  if (depth >= MAX_NESTING_DEPTH) throw tooDeep()
  const out: AttributeMap = {}
  let key = ''
  try {
    for (const [k, v] of map) {
      if (typeof k !== 'string') throw new MarshallError('MarshallError', `map keys must be strings, got ${describe(k)}`)
      key = k
      const av = convert(v, flags, depth)
      if (av === undefined) continue
      setOwn(out, key, av)
    }
  } catch (error) {
    throw error instanceof MarshallError ? error.within(key) : error
  }
  return out
}

function convertList(list: readonly unknown[], flags: number, depth: number): AttributeValue[] {
  if (depth >= MAX_NESTING_DEPTH) throw tooDeep()
  const n = list.length
  const out: AttributeValue[] = new Array(n)
  let j = 0
  let i = 0
  try {
    for (; i < n; i++) {
      const v = list[i]
      let av: AttributeValue | undefined
      if (typeof v === 'string') av = { S: v }
      else if (typeof v === 'number') av = { N: numberText(v) }
      else av = convert(v, flags, depth)
      if (av !== undefined) out[j++] = av
    }
  } catch (error) {
    throw error instanceof MarshallError ? error.within(i) : error
  }
  if (j !== n) out.length = j
  return out
}

function convertSet(set: Set<unknown>, flags: number): AttributeValue | undefined {
  if (set.size === 0) {
    if ((flags & DROP_EMPTY_SETS) !== 0) return undefined
    throw new MarshallError('MarshallError', 'an empty set is not a DynamoDB value (pass dropEmptySets: true to leave it out)')
  }
  const first: unknown = set.values().next().value
  const out: string[] = new Array(set.size)
  let i = 0
  let kind: 'SS' | 'NS' | 'BS'
  try {
    if (typeof first === 'string') {
      kind = 'SS'
      for (const v of set) {
        if (typeof v !== 'string') throw mixedSet('strings', v)
        out[i] = v
        i++
      }
    } else if (typeof first === 'number' || typeof first === 'bigint' || first instanceof NumberValue) {
      kind = 'NS'
      let onlyNumbers = true
      for (const v of set) {
        if (typeof v === 'number') out[i] = numberText(v)
        else if (typeof v === 'bigint') (out[i] = bigintText(v)), (onlyNumbers = false)
        else if (v instanceof NumberValue) (out[i] = v.value), (onlyNumbers = false)
        else throw mixedSet('numbers', v)
        i++
      }
      // Distinct JS numbers are distinct decimals; 1n, NumberValue('1.0') and 1 are not.
      if (!onlyNumbers) assertDistinct(out, canonicalNumber)
    } else if (binaryView(first) !== undefined) {
      kind = 'BS'
      for (const v of set) {
        const bytes = binaryView(v)
        if (bytes === undefined) throw mixedSet('binaries', v)
        out[i] = bytes.toBase64()
        i++
      }
      assertDistinct(out, (s) => s)
    } else {
      throw new MarshallError('MarshallError', `a set must hold strings, numbers or binaries, got ${describe(first)}`)
    }
  } catch (error) {
    throw error instanceof MarshallError && error.path === '' ? error.within(i) : error
  }
  return kind === 'SS' ? { SS: out } : kind === 'NS' ? { NS: out } : { BS: out }
}

function assertDistinct(values: string[], key: (s: string) => string): void {
  const seen = new Set<string>()
  for (let i = 0; i < values.length; i++) {
    const k = key(values[i] as string)
    if (seen.has(k)) throw new MarshallError('MarshallError', `duplicate set element ${values[i]}; DynamoDB sets hold distinct values`).within(i)
    seen.add(k)
  }
}

function canonicalNumber(text: string): string {
  const n = Number(text)
  return numberIsExact(text, n) ? String(n) : text.replace(/0+(?=$|[eE])/, '')
}

function mixedSet(expected: string, v: unknown): MarshallError {
  return new MarshallError('MarshallError', `a set must not mix types: expected ${expected}, got ${describe(v)}`)
}

function numberText(n: number): string {
  // Safe integers are always in range and digit count; everything else is checked.
  if (Number.isSafeInteger(n)) return n === 0 ? '0' : String(n)
  if (!Number.isFinite(n)) {
    throw new MarshallError('InvalidNumber', `${n} is not a DynamoDB number (only finite numbers)`)
  }
  const magnitude = n < 0 ? -n : n
  if (magnitude >= 1e126 || (magnitude !== 0 && magnitude < 1e-130)) {
    throw new MarshallError('InvalidNumber', `number ${n} is out of DynamoDB's range (magnitude 1E${MIN_EXPONENT} to 9.99…E+${MAX_EXPONENT}, or 0)`)
  }
  return n === 0 ? '0' : String(n)
}

function bigintText(n: bigint): string {
  const text = n.toString()
  // 38 digits always fit; longer ones may still fit with trailing zeros (1 followed by 100 zeros).
  if (text.length > 38) {
    const broken = numberRuleBroken(text)
    if (broken !== undefined) throw new MarshallError('InvalidNumber', broken)
  }
  return text
}

function dateText(d: Date): string {
  const t = d.getTime()
  if (t !== t) throw new MarshallError('MarshallError', 'an invalid Date has no ISO-8601 text')
  return d.toISOString()
}

/** A Uint8Array over any binary input, or undefined when `v` is not binary. */
function binaryView(v: unknown): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v
  if (v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) return new Uint8Array(v)
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
  return undefined
}

function tooDeep(): MarshallError {
  return new MarshallError('MarshallError', `nesting deeper than ${MAX_NESTING_DEPTH} levels (the item is the first, so at most ${MAX_NESTING_DEPTH - 1} maps/lists inside one another); DynamoDB supports at most ${MAX_NESTING_DEPTH}`)
}

function classInstanceError(v: object): MarshallError {
  const name = (v as { constructor?: { name?: unknown } }).constructor?.name
  return new MarshallError(
    'MarshallError',
    `an instance of ${typeof name === 'string' && name !== '' ? name : 'a class'} is not a plain object (pass convertClassInstanceToMap: true to write its own properties)`,
  )
}
