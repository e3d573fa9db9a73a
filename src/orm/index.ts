/** The model layer: Laravel-style models and query builder over the single-table design. */
export { createOrm, type CreateOrmOptions, type Orm, type ModelClass } from './orm.ts'
export { Model, type AnyModel, type ModelMeta } from './model.ts'
export type { Attributes, AttributeType, CreateInput, UpdateInput, Serialized, Instance, ModelInput, AttributeInput, TypedModelClass, TypedModels } from './types.ts'
export { defineModel, schema, type TypedRule, type SchemaStandIn } from '../single-table/models/stacks-shims.ts'
export { BaseModel, type ModelKey } from './statics.ts'
export { QueryBuilder, type Explanation, type Paginated, type Operator } from './query/builder.ts'
export type { QueryState, WhereClause, WhereOperator } from './query/state.ts'
export { MODEL_EVENTS, type ModelEvent } from './events.ts'
export {
  OrmError,
  ModelNotFoundError,
  MassAssignmentError,
  ValidationError,
  UniqueConstraintError,
  VersionConflictError,
  NoAccessPatternError,
  InvalidQueryError,
  TransactionTooLargeError,
  type OrmErrorCode,
} from './errors.ts'
export { renderModelTypes } from './type-gen.ts'
