/**
 * dbtooling/scoped: the scoped-entity API with the names and shapes of @jaypie/dynamodb, so an
 * application switches by changing its import. Differences: alias uniqueness within a scope is
 * enforced (a sentinel record), updates never leave a stale index key, deleted and archived
 * records are excluded by the key condition, and the table schema is `scopedTableSchema()`.
 */
import { scoped, getTableName, isInitialized } from './client.ts'
import { ConfigurationError } from './errors.ts'
import type { EntityKey } from './entities.ts'
import { scopedTableSchema as schemaFor, type ScopedTableSchemaOptions } from './schema.ts'
import type { EntityInput, QueryByAliasParams, QueryByClassParams, QueryByScopeParams, QueryByTypeParams, QueryByXidParams, SeedOptions, StorableEntity } from './types.ts'

export { initClient, getDocClient, getTableName, isInitialized, resetClient, type ScopedClientConfig } from './client.ts'
export { createScoped, type ScopedApi } from './api.ts'
export type { ScopedContext } from './context.ts'
export { APEX, SEPARATOR, INDEX_SCOPE, INDEX_ALIAS, INDEX_CLASS, INDEX_TYPE, INDEX_XID, ARCHIVED_SUFFIX, DELETED_SUFFIX, SCOPED_INDEXES } from './constants.ts'
export { calculateScope, indexEntity, buildIndexScope, buildIndexAlias, buildIndexClass, buildIndexType, buildIndexXid } from './keys.ts'
export { ScopedError, ConfigurationError, ScopedValidationError, AliasConflictError, EntityNotFoundError, ConcurrentModificationError } from './errors.ts'
export type { EntityKey } from './entities.ts'
export type { ScopedTableSchemaOptions } from './schema.ts'
export type * from './types.ts'

export const getEntity = <T extends StorableEntity = StorableEntity>(params: EntityKey) => scoped().getEntity<T>(params)
export const putEntity = <T extends StorableEntity = StorableEntity>(params: { entity: EntityInput }) => scoped().putEntity<T>(params)
export const updateEntity = <T extends StorableEntity = StorableEntity>(params: { entity: Partial<StorableEntity> & EntityKey }) => scoped().updateEntity<T>(params)
export const deleteEntity = (params: EntityKey) => scoped().deleteEntity(params)
export const archiveEntity = (params: EntityKey) => scoped().archiveEntity(params)
export const destroyEntity = (params: EntityKey) => scoped().destroyEntity(params)
export const queryByScope = <T extends StorableEntity = StorableEntity>(params: QueryByScopeParams) => scoped().queryByScope<T>(params)
export const queryByAlias = <T extends StorableEntity = StorableEntity>(params: QueryByAliasParams) => scoped().queryByAlias<T>(params)
export const queryByClass = <T extends StorableEntity = StorableEntity>(params: QueryByClassParams) => scoped().queryByClass<T>(params)
export const queryByType = <T extends StorableEntity = StorableEntity>(params: QueryByTypeParams) => scoped().queryByType<T>(params)
export const queryByXid = <T extends StorableEntity = StorableEntity>(params: QueryByXidParams) => scoped().queryByXid<T>(params)
export const seedEntityIfNotExists = (entity: Partial<StorableEntity>) => scoped().seedEntityIfNotExists(entity)
export const seedEntities = (entities: Partial<StorableEntity>[], options?: SeedOptions) => scoped().seedEntities(entities, options)
export const exportEntities = <T extends StorableEntity = StorableEntity>(model: string, scope: string, limit?: number) => scoped().exportEntities<T>(model, scope, limit)
export const exportEntitiesToJson = (model: string, scope: string, pretty = true) => scoped().exportEntitiesToJson(model, scope, pretty)

/** CreateTable input for the scoped-entity table (named after initClient's table unless given). */
export function scopedTableSchema(tableName?: string, options?: ScopedTableSchemaOptions) {
  const name = tableName ?? (isInitialized() ? getTableName() : process.env.DYNAMODB_TABLE_NAME)
  if (!name) throw new ConfigurationError('scopedTableSchema: pass a table name, call initClient() first or set DYNAMODB_TABLE_NAME')
  return schemaFor(name, options)
}
