/**
 * The `jsonl` export format's value convention: plain JSON wherever JSON is exact, and a
 * one-key tag object for the DynamoDB types JSON cannot tell apart from others:
 *
 *   string, boolean, null, map, list   plain JSON
 *   number                             a JSON number when the decimal is exactly a JS number,
 *                                      else {"$N": "<decimal text>"} (38 digits, no rounding)
 *   binary                             {"$B": "<base64>"}
 *   string / number / binary set       {"$SS": [...]}, {"$NS": ["<decimal>", ...]}, {"$BS": ["<base64>", ...]}
 *   a map whose only key is a tag      {"$M": {...}} (so a real {"$N": "x"} map survives)
 *
 * Encoding starts from the wire AttributeValues (exact by construction); decoding produces JS
 * values (NumberValue, Uint8Array, Set) for `marshall`, which validates them.
 */
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import { marshall } from '../../dynamodb/marshall.ts'
import { MarshallError } from '../../dynamodb/marshall-error.ts'
import { NumberValue, numberIsExact } from '../../dynamodb/number-value.ts'

const TAGS = new Set(['$N', '$B', '$SS', '$NS', '$BS', '$M'])

/** An item's AttributeValues as typed JSON (an object ready for JSON.stringify). */
export function encodeItem(item: AttributeMap): Record<string, unknown> {
  return encodeMap(item)
}

function encodeMap(map: AttributeMap): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(map)) setOwn(out, key, encodeValue(map[key] as AttributeValue))
  return out
}

export function encodeValue(av: AttributeValue): unknown {
  const a = av as Record<string, unknown>
  if (typeof a.S === 'string') return a.S
  if (typeof a.N === 'string') return encodeNumber(a.N)
  if (a.BOOL !== undefined) return a.BOOL
  if (a.NULL !== undefined) return null
  if (a.M !== undefined) {
    const m = encodeMap(a.M as AttributeMap)
    const keys = Object.keys(m)
    return keys.length === 1 && TAGS.has(keys[0]!) ? { $M: m } : m
  }
  if (a.L !== undefined) return (a.L as AttributeValue[]).map(encodeValue)
  if (a.B !== undefined) return { $B: base64(a.B) }
  if (a.SS !== undefined) return { $SS: a.SS }
  if (a.NS !== undefined) return { $NS: a.NS }
  if (a.BS !== undefined) return { $BS: (a.BS as (string | Uint8Array)[]).map(base64) }
  throw new MarshallError('UnmarshallError', `not an AttributeValue: keys ${JSON.stringify(Object.keys(a))}`)
}

function encodeNumber(text: string): unknown {
  const n = Number(text)
  return numberIsExact(text, n) ? n : { $N: text }
}

function base64(b: unknown): string {
  return typeof b === 'string' ? b : (b as Uint8Array).toBase64()
}

/**
 * JSON text as JS values without rounding: a number a JS number would not hold exactly (beyond
 * 2^53, or more than 15 significant digits) becomes an exact NumberValue. Invalid JSON is a
 * MarshallError.
 */
export function parseExactJson(text: string): unknown {
  try {
    // Up to 15 digits always fit a JS number: only text with longer digit runs needs the reviver.
    return LONG_DIGITS.test(text) ? JSON.parse(text, exactNumbers as (key: string, value: unknown) => unknown) : JSON.parse(text)
  } catch (error) {
    if (error instanceof MarshallError) throw error
    throw new MarshallError('MarshallError', `not valid JSON: ${(error as Error).message}`)
  }
}

/** Typed-JSON text (tags allowed) as one JS value for `marshall`; `path` names it in errors. */
export function parseTypedJson(text: string, path = ''): unknown {
  return decodeValue(parseExactJson(text), path)
}

const LONG_DIGITS = /\d{16}/

/** JSON.parse reviver (with Bun's source text access): the number's exact decimal when the JS number differs. */
function exactNumbers(key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || context?.source === undefined || numberIsExact(context.source, value)) return value
  return numberValue(context.source, key)
}

/** JS values (as `unmarshall` returns them) as typed JSON: what every command prints for an item. */
export function typedJson(item: Record<string, unknown>): Record<string, unknown> {
  return encodeItem(marshall(item))
}

/** A typed-JSON item (from JSON.parse) as JS values for `marshall`. */
export function decodeItem(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MarshallError('MarshallError', `an item must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`)
  return decodeMap(value as Record<string, unknown>, '')
}

function decodeMap(obj: Record<string, unknown>, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(obj)) setOwn(out, key, decodeValue(obj[key], path ? `${path}.${key}` : key))
  return out
}

/** One typed-JSON value as a JS value; `path` names it in errors. */
export function decodeValue(v: unknown, path: string): unknown {
  if (typeof v !== 'object' || v === null || v instanceof NumberValue) return v
  if (Array.isArray(v)) return v.map((x, i) => decodeValue(x, `${path}[${i}]`))
  const obj = v as Record<string, unknown>
  const keys = Object.keys(obj)
  if (keys.length !== 1 || !TAGS.has(keys[0]!)) return decodeMap(obj, path)
  const tag = keys[0]!
  const x = obj[tag]
  const bad = (expected: string) => new MarshallError('MarshallError', `{"${tag}": ...} expects ${expected}`, path)
  switch (tag) {
    case '$M':
      if (typeof x !== 'object' || x === null || Array.isArray(x)) throw bad('an object')
      return decodeMap(x as Record<string, unknown>, path)
    case '$N':
      if (typeof x !== 'string') throw bad('a decimal string')
      return numberValue(x, path)
    case '$B':
      if (typeof x !== 'string') throw bad('a base64 string')
      return binary(x, path)
    default: {
      if (!Array.isArray(x) || x.some(e => typeof e !== 'string')) throw bad('an array of strings')
      const list = x as string[]
      // A Set would drop the repeat silently; DynamoDB refuses duplicate set members.
      const seen = new Set<string>()
      const repeated = tag === '$NS' ? undefined : list.find(e => seen.size === seen.add(e).size)
      if (repeated !== undefined) throw new MarshallError('MarshallError', `{"${tag}": ...} holds ${JSON.stringify(repeated.length > 40 ? repeated.slice(0, 40) + '…' : repeated)} twice; set members must be unique`, path)
      if (tag === '$SS') return new Set(list)
      if (tag === '$NS') return new Set(list.map(e => numberValue(e, path)))
      return new Set(list.map(e => binary(e, path)))
    }
  }
}

function numberValue(text: string, path: string): NumberValue {
  try {
    return new NumberValue(text)
  } catch (error) {
    throw new MarshallError('InvalidNumber', (error as Error).message, path)
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

export function binary(text: string, path: string): Uint8Array {
  if (!BASE64.test(text)) throw new MarshallError('MarshallError', `${JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)} is not base64`, path)
  return Uint8Array.fromBase64(text)
}

/** Own property even for `__proto__`, which plain assignment would turn into a prototype change. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}
