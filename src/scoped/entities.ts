/**
 * The write path of the scoped-entity API. Every write reads the stored record, derives the new
 * one (index keys from indexEntity, timestamps), and commits both the record and its alias
 * sentinel in one transaction conditioned on the record being unchanged since the read, so an
 * alias stays unique within a scope and no index key is left stale, whatever races it.
 */
import { ConditionFailedError } from '../dynamodb/document.ts'
import { TransactionFailedError } from '../dynamodb/document-errors.ts'
import { attr, attributeNotExists, eq, or } from '../dynamodb/expressions/condition.ts'
import type { TransactWriteAction } from '../dynamodb/transact.ts'
import { ALIAS_SENTINEL_PREFIX, APEX, SEPARATOR } from './constants.ts'
import type { ScopedContext } from './context.ts'
import { AliasConflictError, ConcurrentModificationError, EntityNotFoundError, ScopedValidationError } from './errors.ts'
import { checkKeyFields, indexEntity, requireText } from './keys.ts'
import type { EntityInput, StorableEntity } from './types.ts'

const MAX_ATTEMPTS = 5

export type EntityKey = {
  model: string
  id: string
}

export async function getEntity<T extends StorableEntity = StorableEntity>(ctx: ScopedContext, key: EntityKey): Promise<T | null> {
  const { model, id } = entityKey(key)
  const item = await ctx.doc.get({ table: ctx.table, key: { model, id }, consistentRead: true })
  return (item as T | undefined) ?? null
}

/** Creates or replaces a whole record; returns it as stored. */
export function putEntity<T extends StorableEntity = StorableEntity>(ctx: ScopedContext, params: { entity: EntityInput }): Promise<T> {
  const input = params?.entity
  if (!input || typeof input !== 'object') throw missingObject('entity')
  const id = input.id ?? crypto.randomUUID()
  const model = requireText(input, 'model')
  return write<T>(ctx, { model, id }, (old, now) => ({
    ...input,
    model,
    id,
    scope: input.scope ?? APEX,
    sequence: input.sequence ?? old?.sequence ?? Date.now(),
    createdAt: old?.createdAt ?? input.createdAt ?? now,
    updatedAt: now,
  }))
}

/**
 * Changes the given fields of a stored record (a field given as undefined is removed), sets
 * updatedAt and re-derives every index key from the merged record.
 */
export function updateEntity<T extends StorableEntity = StorableEntity>(ctx: ScopedContext, params: { entity: Partial<StorableEntity> & EntityKey }): Promise<T> {
  const input = params?.entity
  if (!input || typeof input !== 'object') throw missingObject('entity')
  const key = entityKey(input)
  return write<T>(ctx, key, (old, now) => {
    if (!old) throw new EntityNotFoundError(key.model, key.id)
    const merged: Record<string, unknown> = { ...old }
    for (const [field, value] of Object.entries(input)) {
      if (value === undefined) delete merged[field]
      else merged[field] = value
    }
    return { ...merged, ...key, createdAt: old.createdAt, updatedAt: now } as StorableEntity
  })
}

/** Soft delete: sets deletedAt; the record leaves every live index partition. False when absent. */
export function deleteEntity(ctx: ScopedContext, key: EntityKey): Promise<boolean> {
  return mark(ctx, key, 'deletedAt')
}

/** Archive: sets archivedAt; the record leaves every live index partition. False when absent. */
export function archiveEntity(ctx: ScopedContext, key: EntityKey): Promise<boolean> {
  return mark(ctx, key, 'archivedAt')
}

/** Hard delete of the record and its alias sentinel. False when absent. */
export async function destroyEntity(ctx: ScopedContext, key: EntityKey): Promise<boolean> {
  let existed = false
  await write(ctx, entityKey(key), old => {
    existed = old !== undefined
    return null
  })
  return existed
}

async function mark(ctx: ScopedContext, key: EntityKey, field: 'deletedAt' | 'archivedAt'): Promise<boolean> {
  let existed = false
  await write(ctx, entityKey(key), (old, now) => {
    existed = old !== undefined
    if (!old) return undefined
    return { ...old, [field]: old[field] ?? now, updatedAt: now }
  })
  return existed
}

/** The sentinel's key for a record that holds an alias while live; undefined otherwise. */
export function aliasSentinelKey(entity: Pick<StorableEntity, 'model' | 'scope' | 'alias' | 'archivedAt' | 'deletedAt'> | undefined): EntityKey | undefined {
  if (!entity || !entity.alias || entity.archivedAt || entity.deletedAt) return undefined
  return { model: ALIAS_SENTINEL_PREFIX + entity.model, id: `${entity.scope}${SEPARATOR}${entity.alias}` }
}

type Change = (old: StorableEntity | undefined, now: string) => StorableEntity | null | undefined

/**
 * Read, derive, commit; again if the record changed in between. `change` returns the new record,
 * null to remove it, or undefined to leave it as it is.
 */
async function write<T>(ctx: ScopedContext, key: EntityKey, change: Change): Promise<T> {
  let lastError: unknown
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const old = (await getEntity(ctx, key)) ?? undefined
    const derived = change(old, nextTimestamp(old?.updatedAt))
    if (derived === undefined) return old as T
    const next = derived === null ? null : indexEntity(derived)
    if (next) checkKeyFields(next)
    try {
      await commit(ctx, key, old, next)
      return next as T
    } catch (error) {
      if (!(error instanceof StaleReadError)) throw error
      lastError = error.cause
    }
  }
  throw new ConcurrentModificationError(key.model, key.id, MAX_ATTEMPTS, { cause: lastError })
}

class StaleReadError extends Error {}

async function commit(ctx: ScopedContext, key: EntityKey, old: StorableEntity | undefined, next: StorableEntity | null): Promise<void> {
  // The record must be as it was read: updatedAt changes on every write (nextTimestamp).
  const unchanged = old === undefined ? attributeNotExists('id') : old.updatedAt === undefined ? attributeNotExists('updatedAt') : eq(attr('updatedAt'), old.updatedAt)
  const record: TransactWriteAction = next ? { put: { table: ctx.table, item: next, condition: unchanged } } : { delete: { table: ctx.table, key, condition: unchanged } }
  const heldBefore = aliasSentinelKey(old)
  const heldAfter = next ? aliasSentinelKey(next) : undefined
  const ownedOrFree = or(attributeNotExists('id'), eq(attr('entityId'), key.id))
  const actions: TransactWriteAction[] = [record]
  if (heldAfter) {
    actions.push({ put: { table: ctx.table, item: { ...heldAfter, entityId: key.id, entityModel: key.model, alias: next!.alias, scope: next!.scope }, condition: ownedOrFree, returnValuesOnConditionCheckFailure: 'ALL_OLD' } })
  }
  if (heldBefore && heldBefore.id !== heldAfter?.id) actions.push({ delete: { table: ctx.table, key: heldBefore, condition: ownedOrFree } })

  if (actions.length === 1) {
    try {
      if (next) await ctx.doc.put({ table: ctx.table, item: next, condition: unchanged })
      else await ctx.doc.delete({ table: ctx.table, key, condition: unchanged })
    } catch (error) {
      if (error instanceof ConditionFailedError) throw new StaleReadError('stale', { cause: error })
      throw error
    }
    return
  }
  try {
    await ctx.doc.transactWrite(actions)
  } catch (error) {
    if (!(error instanceof TransactionFailedError)) throw error
    const [recordReason, sentinelReason] = error.reasons
    if (recordReason?.code === 'ConditionalCheckFailed' || error.failed.some(r => r.code === 'TransactionConflict')) throw new StaleReadError('stale', { cause: error })
    if (heldAfter && sentinelReason?.code === 'ConditionalCheckFailed') {
      throw new AliasConflictError(key.model, next!.scope, String(next!.alias), sentinelReason.item?.entityId as string | undefined, { cause: error })
    }
    throw error
  }
}

/** Now, or a millisecond past the previous write: every write changes updatedAt. */
function nextTimestamp(previous: string | undefined): string {
  const now = Date.now()
  const before = previous ? Date.parse(previous) : NaN
  return new Date(Number.isFinite(before) && before >= now ? before + 1 : now).toISOString()
}

function entityKey(key: EntityKey): EntityKey {
  if (!key || typeof key !== 'object') throw missingObject('key')
  return { model: requireText(key as unknown as Record<string, unknown>, 'model'), id: requireText(key as unknown as Record<string, unknown>, 'id') }
}

function missingObject(field: string): ScopedValidationError {
  return new ScopedValidationError(field, `${field} is required: an object`)
}
