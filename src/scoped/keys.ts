/**
 * Key builders and indexEntity: every index key of a record is derived here, from the record
 * alone, so whichever call writes it the keys match its fields and its state.
 */
import { APEX, ARCHIVED_SUFFIX, DELETED_SUFFIX, INDEX_ALIAS, INDEX_CLASS, INDEX_SCOPE, INDEX_TYPE, INDEX_XID, SEPARATOR } from './constants.ts'
import { ScopedValidationError } from './errors.ts'
import type { ParentReference, StorableEntity } from './types.ts'

/** "{scope}#{model}": the indexScope partition. */
export function buildIndexScope(scope: string, model: string): string {
  return `${scope}${SEPARATOR}${model}`
}

/** "{scope}#{model}#{alias}" */
export function buildIndexAlias(scope: string, model: string, alias: string): string {
  return `${scope}${SEPARATOR}${model}${SEPARATOR}${alias}`
}

/** "{scope}#{model}#{class}" */
export function buildIndexClass(scope: string, model: string, recordClass: string): string {
  return `${scope}${SEPARATOR}${model}${SEPARATOR}${recordClass}`
}

/** "{scope}#{model}#{type}" */
export function buildIndexType(scope: string, model: string, type: string): string {
  return `${scope}${SEPARATOR}${model}${SEPARATOR}${type}`
}

/** "{scope}#{model}#{xid}" */
export function buildIndexXid(scope: string, model: string, xid: string): string {
  return `${scope}${SEPARATOR}${model}${SEPARATOR}${xid}`
}

/** APEX without a parent, else "{parent.model}#{parent.id}". */
export function calculateScope(parent?: ParentReference | null): string {
  return parent ? `${parent.model}${SEPARATOR}${parent.id}` : APEX
}

/** The suffix of a record's index keys: archived and deleted records live in partitions of their own. */
export function stateSuffix(entity: { archivedAt?: unknown; deletedAt?: unknown }): string {
  return `${entity.archivedAt ? ARCHIVED_SUFFIX : ''}${entity.deletedAt ? DELETED_SUFFIX : ''}`
}

/** The index partitions a query reads: the live one and, when asked, the archived and deleted ones. */
export function statePartitions(key: string, options: { includeArchived?: boolean; includeDeleted?: boolean }): string[] {
  const partitions = [key]
  if (options.includeArchived) partitions.push(key + ARCHIVED_SUFFIX)
  if (options.includeDeleted) partitions.push(key + DELETED_SUFFIX)
  if (options.includeArchived && options.includeDeleted) partitions.push(key + ARCHIVED_SUFFIX + DELETED_SUFFIX)
  return partitions
}

const SOURCES = [
  [INDEX_ALIAS, 'alias', buildIndexAlias],
  [INDEX_CLASS, 'class', buildIndexClass],
  [INDEX_TYPE, 'type', buildIndexType],
  [INDEX_XID, 'xid', buildIndexXid],
] as const

/**
 * The record with every index key set from its fields: indexScope always, the sparse ones only
 * when their field is present (a stale one is removed), all suffixed by the record's state unless
 * `suffix` is given. Returns a new object.
 */
export function indexEntity<T extends StorableEntity>(entity: T, suffix: string = stateSuffix(entity)): T {
  const indexed: Record<string, unknown> = { ...entity, [INDEX_SCOPE]: buildIndexScope(entity.scope, entity.model) + suffix }
  for (const [index, field, build] of SOURCES) {
    const value = entity[field]
    if (value === undefined || value === null || value === '') delete indexed[index]
    else indexed[index] = build(entity.scope, entity.model, String(value)) + suffix
  }
  return indexed as T
}

/** Checks the fields every key is built from: clear errors instead of a half-keyed record. */
export function checkKeyFields(entity: Record<string, unknown>): void {
  requireText(entity, 'model')
  requireText(entity, 'id')
  requireText(entity, 'scope')
  if (String(entity.model).startsWith(APEX)) throw new ScopedValidationError('model', `model '${entity.model}' starts with '${APEX}', which is reserved for the table's own records: rename the model`)
  if (typeof entity.sequence !== 'number' || !Number.isFinite(entity.sequence)) throw new ScopedValidationError('sequence', `sequence must be a finite number (got ${JSON.stringify(entity.sequence)})`)
  for (const [, field] of SOURCES) {
    const value = entity[field]
    if (value !== undefined && value !== null && typeof value !== 'string') throw new ScopedValidationError(field, `${field} must be a string (got ${typeof value})`)
  }
}

export function requireText(input: Record<string, unknown>, field: string): string {
  const value = input[field]
  if (typeof value !== 'string' || value === '') throw new ScopedValidationError(field, `${field} is required: a non-empty string (got ${value === undefined ? 'nothing' : JSON.stringify(value)})`)
  return value
}
