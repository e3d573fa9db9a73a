/**
 * Plans for the PartiQL statements DynamoDB supports. `where` and `update` are ordinary trees
 * of src/local/expressions bound to the plan's own `context`, so the engine evaluates them with
 * `evaluateCondition(plan.where, item, plan.context)` and `applyUpdate(plan.update, item, plan.context)`.
 */
import type { AttributeMap } from '../../dynamodb/attribute-value.ts'
import type { ConditionNode, PathNode, UpdateNode } from '../expressions/ast.ts'
import type { RequestPlaceholders } from '../expressions/placeholders.ts'

export type ReturnValues = 'ALL_OLD' | 'MODIFIED_OLD' | 'ALL_NEW' | 'MODIFIED_NEW'

/**
 * SELECT: run as a Query when `keyConditionFromWhere` finds the hash key's equality, otherwise as
 * a Scan; either way keep only items where `where` holds, then shape them with `projectSelect`.
 * `orderBy` (only allowed with WHERE) names the sort key; descending means ScanIndexForward false.
 */
export interface SelectPlan {
  kind: 'select'
  table: string
  index?: string
  projection: PathNode[] | '*'
  where?: ConditionNode
  orderBy?: { path: PathNode; descending: boolean }
  context: RequestPlaceholders
}

/** INSERT: put `item` if no item has its key, else DuplicateItemException ("Duplicate primary key exists in table"). */
export interface InsertPlan {
  kind: 'insert'
  table: string
  item: AttributeMap
  context: RequestPlaceholders
}

/**
 * UPDATE: the key comes from `keyFromWhere`; the whole `where` is the condition on the existing
 * item (a missing item fails it: ConditionalCheckFailedException). Key attributes may not change
 * (check `updatedPaths(plan.update, plan.context)`).
 */
export interface UpdatePlan {
  kind: 'update'
  table: string
  update: UpdateNode
  where: ConditionNode
  returning?: ReturnValues
  context: RequestPlaceholders
}

/** DELETE: key from `keyFromWhere`; a missing item is a no-op, an existing one must satisfy `where`. */
export interface DeletePlan {
  kind: 'delete'
  table: string
  where: ConditionNode
  returning?: 'ALL_OLD'
  context: RequestPlaceholders
}

/**
 * `EXISTS(SELECT ... WHERE <full key> [AND ...])`: a condition check, only valid inside
 * ExecuteTransaction; it fails unless the addressed item exists and satisfies the WHERE clause.
 */
export interface ExistsPlan {
  kind: 'exists'
  select: SelectPlan
}

export type StatementPlan = SelectPlan | InsertPlan | UpdatePlan | DeletePlan | ExistsPlan
