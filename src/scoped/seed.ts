/**
 * Seeding and export. A seed is idempotent by alias: the alias sentinel (read consistently) says
 * whether a live record holds the alias, and a seeder that loses a race to another one finds the
 * sentinel taken and skips, so two seeders create one record.
 */
import { APEX } from './constants.ts'
import type { ScopedContext } from './context.ts'
import { aliasSentinelKey, getEntity, putEntity } from './entities.ts'
import { AliasConflictError, ScopedValidationError } from './errors.ts'
import { queryByAlias, queryByScope } from './queries.ts'
import type { EntityInput, ExportResult, SeedOptions, SeedResult, StorableEntity } from './types.ts'

/** Creates the record unless a live one of the model already holds its alias in its scope. */
export async function seedEntityIfNotExists(ctx: ScopedContext, entity: Partial<StorableEntity>): Promise<boolean> {
  const input = seedInput(entity, true)
  if (await findByAlias(ctx, input)) return false
  try {
    await putEntity(ctx, { entity: { ...input, id: input.id ?? crypto.randomUUID(), name: input.name ?? input.alias } })
    return true
  } catch (error) {
    if (error instanceof AliasConflictError) return false
    throw error
  }
}

/** Seeds each record (idempotent by alias); never throws for one record, reports it in `errors`. */
export async function seedEntities(ctx: ScopedContext, entities: Partial<StorableEntity>[], options: SeedOptions = {}): Promise<SeedResult> {
  const result: SeedResult = { created: [], skipped: [], errors: [] }
  if (!Array.isArray(entities)) throw new ScopedValidationError('entities', 'entities must be an array of records')
  for (const entity of entities) {
    const label = String(entity?.alias ?? entity?.name ?? 'unknown')
    try {
      const outcome = await seedOne(ctx, seedInput(entity, false), options)
      result[outcome].push(label)
    } catch (error) {
      result.errors.push({ alias: label, error: error instanceof Error ? error.message : String(error) })
    }
  }
  return result
}

async function seedOne(ctx: ScopedContext, input: EntityInput, options: SeedOptions, retried = false): Promise<'created' | 'skipped'> {
  const existing = input.alias ? await findByAlias(ctx, input) : null
  if (existing && !options.replace) return 'skipped'
  if (options.dryRun) return 'created'
  const id = existing?.id ?? input.id ?? crypto.randomUUID()
  try {
    await putEntity(ctx, { entity: { ...input, id, name: input.name ?? input.alias ?? 'Unnamed' } })
    return 'created'
  } catch (error) {
    // Another seeder created it between the look-up and the write.
    if (error instanceof AliasConflictError && !retried) return options.replace ? seedOne(ctx, input, options, true) : 'skipped'
    throw error
  }
}

/** The live record holding the alias: by its sentinel, else through the alias index (records written before sentinels). */
async function findByAlias(ctx: ScopedContext, input: EntityInput): Promise<StorableEntity | null> {
  const sentinel = aliasSentinelKey({ model: input.model, scope: input.scope ?? APEX, alias: input.alias })
  if (!sentinel) return null
  const held = await ctx.doc.get({ table: ctx.table, key: sentinel, consistentRead: true })
  if (held?.entityId) {
    const holder = await getEntity(ctx, { model: input.model, id: String(held.entityId) })
    if (holder && !holder.deletedAt && !holder.archivedAt) return holder
  }
  return queryByAlias(ctx, { model: input.model, scope: input.scope ?? APEX, alias: String(input.alias) })
}

function seedInput(entity: Partial<StorableEntity>, aliasRequired: boolean): EntityInput {
  if (!entity || typeof entity !== 'object') throw new ScopedValidationError('entity', 'entity is required: an object')
  for (const field of aliasRequired ? ['alias', 'model', 'scope'] : ['model', 'scope']) {
    if (typeof entity[field] !== 'string' || entity[field] === '') throw new ScopedValidationError(field, `Entity must have ${aliasRequired ? 'alias, model, and scope' : 'model and scope'} (${field} is missing)`)
  }
  return entity as EntityInput
}

/** Every live record of the model in the scope, oldest first (by sequence), up to `limit`. */
export async function exportEntities<T extends StorableEntity = StorableEntity>(ctx: ScopedContext, model: string, scope: string, limit?: number): Promise<ExportResult<T>> {
  const entities: T[] = []
  let startKey: Record<string, unknown> | undefined
  do {
    const remaining = limit === undefined ? 100 : Math.min(100, limit - entities.length)
    const page = await queryByScope<T>(ctx, { model, scope, ascending: true, limit: remaining, startKey })
    entities.push(...page.items)
    startKey = page.lastEvaluatedKey
  } while (startKey && (limit === undefined || entities.length < limit))
  return { entities, count: entities.length }
}

export async function exportEntitiesToJson(ctx: ScopedContext, model: string, scope: string, pretty = true): Promise<string> {
  const { entities } = await exportEntities(ctx, model, scope)
  return pretty ? JSON.stringify(entities, null, 2) : JSON.stringify(entities)
}
