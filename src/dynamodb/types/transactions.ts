/** TransactGetItems and TransactWriteItems. */
import type {
  AttributeMap,
  ConsumedCapacity,
  ExpressionAttributeNames,
  ExpressionAttributeValues,
  ItemCollectionMetrics,
  ReturnConsumedCapacity,
  ReturnItemCollectionMetrics,
  ReturnValuesOnConditionCheckFailure,
} from './common.ts'

export interface TransactGetItem {
  Get: {
    TableName: string
    Key: AttributeMap
    ProjectionExpression?: string
    ExpressionAttributeNames?: ExpressionAttributeNames
  }
}

export interface TransactGetItemsInput {
  TransactItems: TransactGetItem[]
  ReturnConsumedCapacity?: ReturnConsumedCapacity
}

export interface TransactGetItemsOutput {
  /** One entry per TransactItems entry, in order; `Item` is absent when there is none. */
  Responses?: { Item?: AttributeMap }[]
  ConsumedCapacity?: ConsumedCapacity[]
}

interface TransactWriteCommon {
  TableName: string
  ConditionExpression?: string
  ExpressionAttributeNames?: ExpressionAttributeNames
  ExpressionAttributeValues?: ExpressionAttributeValues
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure
}

export type TransactWriteItem =
  | { ConditionCheck: TransactWriteCommon & { Key: AttributeMap; ConditionExpression: string } }
  | { Put: TransactWriteCommon & { Item: AttributeMap } }
  | { Delete: TransactWriteCommon & { Key: AttributeMap } }
  | { Update: TransactWriteCommon & { Key: AttributeMap; UpdateExpression: string } }

export interface TransactWriteItemsInput {
  TransactItems: TransactWriteItem[]
  /** Makes the call idempotent for 10 minutes. */
  ClientRequestToken?: string
  ReturnConsumedCapacity?: ReturnConsumedCapacity
  ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics
}

export interface TransactWriteItemsOutput {
  ConsumedCapacity?: ConsumedCapacity[]
  ItemCollectionMetrics?: Record<string, ItemCollectionMetrics[]>
}
