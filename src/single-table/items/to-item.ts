/**
 * The write path (`toItem`): check and cast every attribute, fill defaults, ids, timestamps,
 * version and TTL, then every key (base, GSI, LSI) from the final values. Items are plain JS;
 * `marshall` turns them into wire format.
 */
import { SingleTableError, type SingleTableIssue } from '../errors.ts'
import type { EntityDefinition } from '../design/types.ts'
import { castIn, checkRules, ruleRequires } from '../models/attribute-rules.ts'
import { uuid, ulid } from './ids.ts'
import { baseKey, indexKeys, present } from './item-keys.ts'
import type { Item, ToItemOptions } from './types.ts'

/** The VALIDATION_FAILED error listing every issue found in one item. */
export function validationFailed(entity: EntityDefinition, issues: SingleTableIssue[]): never {
  throw new SingleTableError(
    'VALIDATION_FAILED',
    `${entity.name}${entity.source ? ` (${entity.source})` : ''}: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`,
    { model: entity.name, file: entity.source, field: issues[0]?.field, issues },
  )
}

/** The write path: application data → a complete item with every key attribute. */
export function toItem(entity: EntityDefinition, data: Record<string, unknown>, options: ToItemOptions = {}): Item {
  const now = options.now ?? new Date()
  const issues: SingleTableIssue[] = []
  const known = new Set(entity.attributes.map((a) => a.name))
  for (const key of Object.keys(data)) {
    if (!known.has(key) && data[key] !== undefined) {
      issues.push({ field: key, message: `is not an attribute of ${entity.name} (known: ${[...known].join(', ')})` })
    }
  }

  const values: Item = {}
  for (const attr of entity.attributes) {
    let value = data[attr.name]
    if (value === undefined) value = filled(entity, attr.name, now)
    if (value === undefined && attr.hasDefault) value = structuredClone(attr.default)
    if (!present(value)) {
      if (attr.required || ruleRequires(attr) || (value === null && !attr.nullable)) {
        issues.push({ field: attr.name, message: value === null ? 'must not be null' : 'is required' })
      }
      if (value === null && attr.nullable) values[attr.name] = null
      continue
    }
    const cast = castIn(attr, value)
    if (!cast.ok) {
      issues.push({ field: attr.name, message: cast.message })
      continue
    }
    for (const message of checkRules(attr, cast.value)) issues.push({ field: attr.name, message })
    values[attr.name] = cast.value
  }
  if (issues.length > 0) validationFailed(entity, issues)

  const item: Item = {}
  for (const [name, value] of Object.entries(values)) if (value !== null) item[name] = value
  item[entity.typeAttribute] = entity.name
  Object.assign(item, baseKey(entity, values))
  Object.assign(item, indexKeys(entity, values).set)
  return item
}

/** Values dbtooling fills in when the caller leaves them out. */
function filled(entity: EntityDefinition, name: string, now: Date): unknown {
  if (name === entity.idAttribute && entity.kind === 'model') {
    if (entity.idType === 'uuid') return uuid()
    if (entity.idType === 'ulid') return ulid(now.getTime())
    return undefined
  }
  if (entity.traits.useTimestamps && (name === 'createdAt' || name === 'updatedAt')) return now.toISOString()
  if (entity.traits.useVersioning && name === 'version') return 1
  if (name === entity.ttlAttribute && entity.traits.useTtl?.seconds) {
    return Math.floor(now.getTime() / 1000) + entity.traits.useTtl.seconds
  }
  return undefined
}
