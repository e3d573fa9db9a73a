// Public API of dbtooling: everything, from one import. Each part is also a subpath of its own
// (package.json `exports`, one file per subpath in src/entries/) that loads only what it needs.
export { VERSION } from './version.ts'
export * from './entries/document.ts' // dbtooling/document, which includes dbtooling/client
export * from './entries/credentials.ts'
export * from './entries/local.ts'
export * from './entries/single-table.ts'
export { defineConfig, resolveConfig, ConfigError } from './config.ts'
export type { DbtoolingConfig, EnvironmentSettings, ResolvedConfig, TableSettings, SingleTableSettings } from './config.ts'
// Models: Laravel-style models and query builder over the single-table design (also `dbtooling/orm`).
export {
  createOrm,
  Model,
  BaseModel,
  QueryBuilder,
  MODEL_EVENTS,
  OrmError,
  ModelNotFoundError,
  MassAssignmentError,
  ValidationError as ModelValidationError,
  UniqueConstraintError,
  VersionConflictError,
  NoAccessPatternError,
  InvalidQueryError,
  TransactionTooLargeError,
} from './orm/index.ts'
// Entity-centric fluent API: think in keys on the models' single-table design.
export { dynamo, createDynamo, EntityError, type Dynamo, type DynamoConnection, type EntityErrorCode } from './entity/index.ts'
export type { CreateOrmOptions, Orm, ModelClass, ModelKey, ModelEvent, Explanation, Paginated, OrmErrorCode } from './orm/index.ts'
