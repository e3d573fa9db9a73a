/**
 * The scoped-entity operations bound to one table and client: what the module-level functions
 * (index.ts) use for the initClient() singleton, and what the MCP server uses for its connection.
 */
import type { ScopedContext } from './context.ts'
import * as entities from './entities.ts'
import * as queries from './queries.ts'
import * as seed from './seed.ts'
import { scopedTableSchema, type ScopedTableSchemaOptions } from './schema.ts'
import type { EntityInput, QueryByAliasParams, QueryByClassParams, QueryByScopeParams, QueryByTypeParams, QueryByXidParams, SeedOptions, StorableEntity } from './types.ts'

export function createScoped(ctx: ScopedContext) {
  return {
    context: ctx,
    getEntity: <T extends StorableEntity = StorableEntity>(params: entities.EntityKey) => entities.getEntity<T>(ctx, params),
    putEntity: <T extends StorableEntity = StorableEntity>(params: { entity: EntityInput }) => entities.putEntity<T>(ctx, params),
    updateEntity: <T extends StorableEntity = StorableEntity>(params: { entity: Partial<StorableEntity> & entities.EntityKey }) => entities.updateEntity<T>(ctx, params),
    deleteEntity: (params: entities.EntityKey) => entities.deleteEntity(ctx, params),
    archiveEntity: (params: entities.EntityKey) => entities.archiveEntity(ctx, params),
    destroyEntity: (params: entities.EntityKey) => entities.destroyEntity(ctx, params),
    queryByScope: <T extends StorableEntity = StorableEntity>(params: QueryByScopeParams) => queries.queryByScope<T>(ctx, params),
    queryByAlias: <T extends StorableEntity = StorableEntity>(params: QueryByAliasParams) => queries.queryByAlias<T>(ctx, params),
    queryByClass: <T extends StorableEntity = StorableEntity>(params: QueryByClassParams) => queries.queryByClass<T>(ctx, params),
    queryByType: <T extends StorableEntity = StorableEntity>(params: QueryByTypeParams) => queries.queryByType<T>(ctx, params),
    queryByXid: <T extends StorableEntity = StorableEntity>(params: QueryByXidParams) => queries.queryByXid<T>(ctx, params),
    seedEntityIfNotExists: (entity: Partial<StorableEntity>) => seed.seedEntityIfNotExists(ctx, entity),
    seedEntities: (list: Partial<StorableEntity>[], options?: SeedOptions) => seed.seedEntities(ctx, list, options),
    exportEntities: <T extends StorableEntity = StorableEntity>(model: string, scope: string, limit?: number) => seed.exportEntities<T>(ctx, model, scope, limit),
    exportEntitiesToJson: (model: string, scope: string, pretty = true) => seed.exportEntitiesToJson(ctx, model, scope, pretty),
    /** CreateTable for this table, then waits until it is ACTIVE; false when it exists already. */
    createTable: async (options: ScopedTableSchemaOptions = {}): Promise<boolean> => {
      try {
        await ctx.doc.client.send('CreateTable', scopedTableSchema(ctx.table, options))
      } catch (error) {
        if ((error as { code?: string }).code === 'ResourceInUseException') return false
        throw error
      }
      await ctx.doc.waitForTableActive(ctx.table)
      return true
    },
  }
}

export type ScopedApi = ReturnType<typeof createScoped>
