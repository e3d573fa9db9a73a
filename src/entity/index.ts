/** The entity-centric fluent API: think in keys, on the single-table design of your models. */
export { createDynamo, dynamo, type Dynamo, type DynamoConnection } from './dynamo.ts'
export { EntityHandle } from './entity.ts'
export { EntityQuery, type EntityPage, type EntityExplanation, type SortKeyConditions } from './query.ts'
export { EntityUpdate } from './update.ts'
export { EntityError, type EntityErrorCode } from './errors.ts'
export type { EntityKey } from './keys.ts'
