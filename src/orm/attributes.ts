/**
 * An instance's values in their two forms: the application form (what `fromItem` returns: Dates,
 * numbers, parsed JSON) that code reads and assigns, and the stored form (what DynamoDB holds)
 * that decides what is dirty and what a save sends. Pure functions over the entity definition.
 */
import type { AttributeDefinition } from '../single-table/models/types.ts'
import type { EntityDefinition } from '../single-table/design/types.ts'
import type { Item } from '../single-table/items/types.ts'
import { castIn, checkRules, ruleRequires } from '../single-table/models/attribute-rules.ts'
import { MassAssignmentError, ValidationError } from './errors.ts'

const blank = (v: unknown): boolean => v === undefined || v === null || v === ''

/** Attributes create/fill/update may assign: declared fillable ones and foreign keys. */
export function fillableAttributes(entity: EntityDefinition): string[] {
  return entity.attributes.filter((a) => a.fillable && !isManaged(entity, a)).map((a) => a.name)
}

/** Attributes the model layer writes itself: timestamps, soft-delete marker, version, generated ids. */
export function isManaged(entity: EntityDefinition, attr: AttributeDefinition): boolean {
  if (attr.origin === 'trait') return true
  return attr.origin === 'primaryKey' && entity.idType !== 'integer'
}

/** Mass assignment: the attributes `data` may set, or an error naming the first that it may not. */
export function massAssign(entity: EntityDefinition, data: Record<string, unknown>, mode: 'throw' | 'discard'): Item {
  const fillable = fillableAttributes(entity)
  const out: Item = Object.create(null) as Item
  for (const [name, value] of Object.entries(data)) {
    if (fillable.includes(name)) out[name] = value
    else if (mode === 'throw') throw new MassAssignmentError(entity.name, name, fillable)
  }
  return out
}

/** TTL attributes are epoch seconds in DynamoDB, whatever form the code gives them in. */
export function ttlValue(entity: EntityDefinition, name: string, value: unknown): unknown {
  if (name !== entity.ttlAttribute || blank(value)) return value
  if (value instanceof Date) return Math.floor(value.getTime() / 1000)
  if (typeof value === 'string' && !/^\d+$/.test(value)) {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? value : Math.floor(ms / 1000)
  }
  return value
}

/**
 * Changed attributes in stored form, checked against the model's rules. `null` means "remove".
 * Throws ValidationError with every problem; nothing is written then.
 */
export function storedChanges(entity: EntityDefinition, changes: Record<string, unknown>): Item {
  const errors: Record<string, string[]> = {}
  const out: Item = {}
  const byName = new Map(entity.attributes.map((a) => [a.name, a]))
  for (const [name, raw] of Object.entries(changes)) {
    const attr = byName.get(name)
    const value = ttlValue(entity, name, raw)
    if (!attr) {
      (errors[name] ??= []).push(`is not an attribute of ${entity.name}`)
      continue
    }
    if (blank(value)) {
      if (attr.required || ruleRequires(attr)) (errors[name] ??= []).push('is required')
      else out[name] = null
      continue
    }
    const cast = castIn(attr, value)
    if (!cast.ok) {
      (errors[name] ??= []).push(cast.message)
      continue
    }
    const problems = checkRules(attr, cast.value)
    if (problems.length > 0) (errors[name] ??= []).push(...problems)
    else out[name] = cast.value
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(entity.name, errors)
  return out
}

/** The stored form of one application value (for dirty checks); the value itself when it does not cast. */
export function storedForm(entity: EntityDefinition, name: string, value: unknown): unknown {
  const attr = entity.attributes.find((a) => a.name === name)
  const v = ttlValue(entity, name, value)
  if (!attr || blank(v)) return v === '' || v === undefined ? null : v
  const cast = castIn(attr, v)
  return cast.ok ? cast.value : v
}

/** Structural equality of stored values (numbers, strings, lists, maps, sets, NumberValues). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null)
  if (typeof a !== 'object' || typeof b !== 'object') return String(a) === String(b) && typeof a === typeof b
  return stableJson(a) === stableJson(b)
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Set) return { $set: [...v].map(String).sort() }
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {}
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k]
      return sorted
    }
    return typeof v === 'bigint' ? v.toString() : v
  })
}
