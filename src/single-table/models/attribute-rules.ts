/**
 * One attribute value in and out: the write-path cast and check (against the cast, the `schema`
 * rules recorded by the stand-in builder, enums, nullability) and the read-path cast back.
 */
import { NumberValue } from '../../dynamodb/marshall.ts'
import type { AttributeDefinition, RecordedRule } from './types.ts'

/** Rules the write path enforces; any other recorded rule is listed in the derivation notes. */
export const ENFORCED_RULES = new Set([
  'required', 'optional', 'nullable', 'min', 'max', 'length', 'email', 'url', 'regex', 'matches', 'integer',
  'positive', 'negative', 'in', 'alpha', 'alphanumeric', 'uuid', 'startsWith', 'endsWith', 'lowercase', 'uppercase',
])

export type CastResult = { ok: true; value: unknown } | { ok: false; message: string }

const ok = (value: unknown): CastResult => ({ ok: true, value })
const bad = (message: string): CastResult => ({ ok: false, message })
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : typeof v === 'bigint' ? `${v}n` : v instanceof Date ? v.toISOString() : JSON.stringify(v) ?? String(v))

function isNumberValue(v: unknown): v is NumberValue {
  return v instanceof NumberValue
}

/** The kind a value must have: from `cast`, else from the validation rule's base type. */
function kindOf(attr: AttributeDefinition): string {
  if (attr.cast) return attr.cast
  const type = attr.validation?.type
  return type && type !== 'external' && type !== 'any' ? type : 'any'
}

/** Write path: casts a present, non-null value to its stored form, or says why it can not. */
export function castIn(attr: AttributeDefinition, value: unknown): CastResult {
  switch (kindOf(attr)) {
    case 'string':
      return typeof value === 'string' ? ok(value) : bad(`must be a string, got ${show(value)}`)
    case 'enum':
      return ok(value)
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : typeof value === 'bigint' ? Number(value) : isNumberValue(value) ? Number(value.toString()) : value
      if (typeof n !== 'number' || !Number.isInteger(n)) return bad(`must be an integer, got ${show(value)}`)
      if (!Number.isSafeInteger(n)) return bad(`integer ${show(value)} is beyond 2^53; use cast: 'decimal' to keep every digit`)
      return ok(n)
    }
    case 'float':
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : isNumberValue(value) ? Number(value.toString()) : value
      return typeof n === 'number' && Number.isFinite(n) ? ok(n) : bad(`must be a number, got ${show(value)}`)
    }
    case 'decimal': {
      if (typeof value === 'number' && !Number.isFinite(value)) return bad(`must be a finite decimal, got ${show(value)}`)
      if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'bigint' && !isNumberValue(value)) {
        return bad(`must be a decimal (number, numeric string or NumberValue), got ${show(value)}`)
      }
      try {
        // NumberValue keeps the decimal text, so the marshaller writes every digit
        return ok(NumberValue.from(typeof value === 'string' ? value.trim() : value))
      } catch (error) {
        return bad(error instanceof Error ? error.message : `is not a decimal: ${show(value)}`)
      }
    }
    case 'boolean':
      if (typeof value === 'boolean') return ok(value)
      if (value === 'true' || value === 1 || value === '1') return ok(true)
      if (value === 'false' || value === 0 || value === '0') return ok(false)
      return bad(`must be a boolean, got ${show(value)}`)
    case 'datetime':
    case 'date':
    case 'timestamp': {
      const d = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined
      if (!d || Number.isNaN(d.getTime())) return bad(`must be a date (Date, ISO 8601 string or epoch milliseconds), got ${show(value)}`)
      return ok(d.toISOString())
    }
    case 'json':
      try {
        // only what JSON can carry: this drops functions and fails on cycles and bigint
        return ok(JSON.parse(JSON.stringify(value)) as unknown)
      } catch {
        return bad('must be JSON-serializable')
      }
    case 'array':
      if (value instanceof Set) return ok([...value])
      return Array.isArray(value) ? ok([...value]) : bad(`must be an array, got ${show(value)}`)
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? ok(value) : bad(`must be an object, got ${show(value)}`)
    default:
      return ok(value instanceof Date ? value.toISOString() : value)
  }
}

/** Checks the recorded rules and enum values on a cast value; returns the problems. */
export function checkRules(attr: AttributeDefinition, value: unknown): string[] {
  const spec = attr.validation
  if (!spec) return []
  const problems: string[] = []
  const fail = (message: string): void => {
    problems.push(spec.message ?? message)
  }
  if (spec.type === 'enum' && spec.values && !spec.values.includes(value as string | number)) {
    fail(`must be one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}, got ${show(value)}`)
  }
  for (const rule of spec.rules) {
    const problem = checkRule(rule, value)
    if (problem) fail(problem)
  }
  return problems
}

function measure(value: unknown): { size: number; unit: string } | undefined {
  if (typeof value === 'string') return { size: [...value].length, unit: 'characters' }
  if (Array.isArray(value)) return { size: value.length, unit: 'items' }
  if (typeof value === 'number') return { size: value, unit: '' }
  if (isNumberValue(value)) return { size: Number(value.toString()), unit: '' }
  return undefined
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function checkRule(rule: RecordedRule, value: unknown): string | undefined {
  const arg = rule.args[0]
  const m = measure(value)
  const text = typeof value === 'string' ? value : undefined
  switch (rule.name) {
    case 'min':
      return m && typeof arg === 'number' && m.size < arg ? (m.unit ? `must have at least ${arg} ${m.unit}` : `must be at least ${arg}`) : undefined
    case 'max':
      return m && typeof arg === 'number' && m.size > arg ? (m.unit ? `must have at most ${arg} ${m.unit}` : `must be at most ${arg}`) : undefined
    case 'length':
      return m && m.unit && typeof arg === 'number' && m.size !== arg ? `must have exactly ${arg} ${m.unit}` : undefined
    case 'email':
      return text !== undefined && !EMAIL.test(text) ? `must be an email address, got ${show(value)}` : undefined
    case 'url':
      return text !== undefined && !URL.canParse(text) ? `must be a URL, got ${show(value)}` : undefined
    case 'uuid':
      return text !== undefined && !UUID.test(text) ? `must be a UUID, got ${show(value)}` : undefined
    case 'regex':
    case 'matches':
      return text !== undefined && arg instanceof RegExp && !arg.test(text) ? `must match ${String(arg)}` : undefined
    case 'alpha':
      return text !== undefined && !/^[\p{L}]*$/u.test(text) ? 'must contain only letters' : undefined
    case 'alphanumeric':
      return text !== undefined && !/^[\p{L}\p{N}]*$/u.test(text) ? 'must contain only letters and digits' : undefined
    case 'startsWith':
      return text !== undefined && typeof arg === 'string' && !text.startsWith(arg) ? `must start with ${JSON.stringify(arg)}` : undefined
    case 'endsWith':
      return text !== undefined && typeof arg === 'string' && !text.endsWith(arg) ? `must end with ${JSON.stringify(arg)}` : undefined
    case 'lowercase':
      return text !== undefined && text !== text.toLowerCase() ? 'must be lowercase' : undefined
    case 'uppercase':
      return text !== undefined && text !== text.toUpperCase() ? 'must be uppercase' : undefined
    case 'integer':
      return typeof value === 'number' && !Number.isInteger(value) ? 'must be an integer' : undefined
    case 'positive':
      return m && !m.unit && m.size <= 0 ? 'must be positive' : undefined
    case 'negative':
      return m && !m.unit && m.size >= 0 ? 'must be negative' : undefined
    case 'in':
      return Array.isArray(arg) && !arg.includes(value) ? `must be one of ${arg.map((v) => JSON.stringify(v)).join(', ')}` : undefined
    default:
      return undefined
  }
}

/** True when the recorded rules say the value is required (`schema.string().required()`). */
export function ruleRequires(attr: AttributeDefinition): boolean {
  return attr.validation?.rules.some((r) => r.name === 'required') ?? false
}

/** Read path: a stored value back to its application form. */
export function castOut(attr: AttributeDefinition, value: unknown): unknown {
  switch (attr.cast) {
    case 'integer':
      if (typeof value === 'number' || typeof value === 'bigint') return value
      if (isNumberValue(value) || typeof value === 'string') {
        const text = value.toString()
        const n = Number(text)
        return Number.isSafeInteger(n) ? n : BigInt(text)
      }
      return value
    case 'float':
    case 'number':
      return isNumberValue(value) || typeof value === 'string' ? Number(value.toString()) : value
    case 'decimal':
      // a string keeps every digit; JS numbers from the unmarshaller are exact by construction
      return typeof value === 'number' || typeof value === 'bigint' || isNumberValue(value) ? value.toString() : value
    case 'boolean':
      return value === 'true' || value === 1 ? true : value === 'false' || value === 0 ? false : value
    case 'datetime':
    case 'date':
    case 'timestamp':
      if (typeof value === 'string') return new Date(value)
      if (typeof value === 'number') return new Date(value < 1e11 ? value * 1000 : value)
      return value
    case 'json':
      if (typeof value === 'string') {
        try {
          return JSON.parse(value) as unknown
        } catch {
          return value
        }
      }
      return value
    case 'array':
      if (value instanceof Set) return [...value]
      if (typeof value === 'string') {
        try {
          const parsed = JSON.parse(value) as unknown
          return Array.isArray(parsed) ? parsed : [parsed]
        } catch {
          return [value]
        }
      }
      return value
    default:
      return value
  }
}
