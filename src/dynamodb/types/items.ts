/** Single-item operations: GetItem, PutItem, UpdateItem, DeleteItem. */
import type {
  AttributeMap,
  AttributeValueUpdate,
  ConditionalOperator,
  ConsumedCapacity,
  ExpectedAttributeValue,
  ExpressionAttributeNames,
  ExpressionAttributeValues,
  ItemCollectionMetrics,
  ReturnConsumedCapacity,
  ReturnItemCollectionMetrics,
  ReturnValue,
  ReturnValuesOnConditionCheckFailure,
} from './common.ts'

export interface GetItemInput {
  TableName: string
  Key: AttributeMap
  ConsistentRead?: boolean
  ProjectionExpression?: string
  ExpressionAttributeNames?: ExpressionAttributeNames
  ReturnConsumedCapacity?: ReturnConsumedCapacity
  /** Legacy projection. */
  AttributesToGet?: string[]
}

export interface GetItemOutput {
  /** Absent when no item has the key. */
  Item?: AttributeMap
  ConsumedCapacity?: ConsumedCapacity
}

interface WriteCommon {
  TableName: string
  ConditionExpression?: string
  ExpressionAttributeNames?: ExpressionAttributeNames
  ExpressionAttributeValues?: ExpressionAttributeValues
  ReturnConsumedCapacity?: ReturnConsumedCapacity
  ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure
  /** Legacy conditions. */
  Expected?: Record<string, ExpectedAttributeValue>
  ConditionalOperator?: ConditionalOperator
}

export interface PutItemInput extends WriteCommon {
  Item: AttributeMap
  /** PutItem accepts NONE or ALL_OLD. */
  ReturnValues?: 'NONE' | 'ALL_OLD'
}

export interface PutItemOutput {
  Attributes?: AttributeMap
  ConsumedCapacity?: ConsumedCapacity
  ItemCollectionMetrics?: ItemCollectionMetrics
}

export interface UpdateItemInput extends WriteCommon {
  Key: AttributeMap
  UpdateExpression?: string
  ReturnValues?: ReturnValue
  /** Legacy updates. */
  AttributeUpdates?: Record<string, AttributeValueUpdate>
}

export interface UpdateItemOutput {
  Attributes?: AttributeMap
  ConsumedCapacity?: ConsumedCapacity
  ItemCollectionMetrics?: ItemCollectionMetrics
}

export interface DeleteItemInput extends WriteCommon {
  Key: AttributeMap
  ReturnValues?: 'NONE' | 'ALL_OLD'
}

export interface DeleteItemOutput {
  Attributes?: AttributeMap
  ConsumedCapacity?: ConsumedCapacity
  ItemCollectionMetrics?: ItemCollectionMetrics
}
