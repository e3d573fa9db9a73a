/** PartiQL: ExecuteStatement, BatchExecuteStatement, ExecuteTransaction. */
import type { AttributeMap, AttributeValue, ConsumedCapacity, ReturnConsumedCapacity, ReturnValuesOnConditionCheckFailure } from './common.ts'

export interface ExecuteStatementInput {
  Statement: string
  Parameters?: AttributeValue[]
  ConsistentRead?: boolean
  NextToken?: string
  Limit?: number
  ReturnConsumedCapacity?: ReturnConsumedCapacity
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure
}

export interface ExecuteStatementOutput {
  Items?: AttributeMap[]
  NextToken?: string
  LastEvaluatedKey?: AttributeMap
  ConsumedCapacity?: ConsumedCapacity
}

export interface BatchStatementRequest {
  Statement: string
  Parameters?: AttributeValue[]
  ConsistentRead?: boolean
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure
}

export interface BatchStatementError {
  Code?: string
  Message?: string
  Item?: AttributeMap
}

export interface BatchExecuteStatementInput {
  Statements: BatchStatementRequest[]
  ReturnConsumedCapacity?: ReturnConsumedCapacity
}

export interface BatchExecuteStatementOutput {
  /** One entry per statement, in order: `Item` for reads, `Error` for a failed statement. */
  Responses?: { TableName?: string; Item?: AttributeMap; Error?: BatchStatementError }[]
  ConsumedCapacity?: ConsumedCapacity[]
}

export interface ParameterizedStatement {
  Statement: string
  Parameters?: AttributeValue[]
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure
}

export interface ExecuteTransactionInput {
  TransactStatements: ParameterizedStatement[]
  ClientRequestToken?: string
  ReturnConsumedCapacity?: ReturnConsumedCapacity
}

export interface ExecuteTransactionOutput {
  Responses?: { Item?: AttributeMap }[]
  ConsumedCapacity?: ConsumedCapacity[]
}
