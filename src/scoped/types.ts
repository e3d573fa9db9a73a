/** The shapes of the scoped-entity API, named as @jaypie/dynamodb names them. */

/** A stored record: partition key `model`, sort key `id`; the index keys are derived on write. */
export interface StorableEntity {
  model: string
  id: string
  /** APEX for a root record, "{parent.model}#{parent.id}" for a child. */
  scope: string
  name?: string
  /** Order within every index (Date.now() at creation unless given). */
  sequence: number
  alias?: string
  class?: string
  type?: string
  xid?: string
  createdAt: string
  updatedAt: string
  archivedAt?: string
  deletedAt?: string
  state?: Record<string, unknown>
  indexScope?: string
  indexAlias?: string
  indexClass?: string
  indexType?: string
  indexXid?: string
  [attribute: string]: unknown
}

/** What a caller writes: model is required; id, scope, sequence and timestamps are filled in. */
export type EntityInput = Partial<StorableEntity> & { model: string }

export interface ParentReference {
  model: string
  id: string
}

export interface BaseQueryOptions {
  limit?: number
  /** Oldest first; the default is newest first (by sequence). */
  ascending?: boolean
  includeDeleted?: boolean
  includeArchived?: boolean
  /** `lastEvaluatedKey` of the previous page. */
  startKey?: Record<string, unknown>
}

export interface QueryResult<T = StorableEntity> {
  items: T[]
  /** Pass back as `startKey`; absent on the last page. */
  lastEvaluatedKey?: Record<string, unknown>
}

export interface QueryByScopeParams extends BaseQueryOptions {
  model: string
  scope: string
}
export interface QueryByAliasParams {
  model: string
  scope: string
  alias: string
  includeDeleted?: boolean
  includeArchived?: boolean
}
export interface QueryByXidParams {
  model: string
  scope: string
  xid: string
  includeDeleted?: boolean
  includeArchived?: boolean
}
export interface QueryByClassParams extends QueryByScopeParams {
  recordClass: string
}
export interface QueryByTypeParams extends QueryByScopeParams {
  type: string
}

export interface SeedResult {
  /** Aliases (or names) of the records created. */
  created: string[]
  /** Aliases of the records that already existed. */
  skipped: string[]
  errors: Array<{ alias: string; error: string }>
}

export interface SeedOptions {
  /** Overwrite existing records (keeping their id). */
  replace?: boolean
  /** Report what would happen without writing. */
  dryRun?: boolean
}

export interface ExportResult<T extends StorableEntity = StorableEntity> {
  entities: T[]
  count: number
}
