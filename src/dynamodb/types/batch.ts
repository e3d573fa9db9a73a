/** BatchGetItem and BatchWriteItem. */
import type {
  AttributeMap,
  ConsumedCapacity,
  ExpressionAttributeNames,
  ItemCollectionMetrics,
  ReturnConsumedCapacity,
  ReturnItemCollectionMetrics,
} from './common.ts'

export interface KeysAndAttributes {
  Keys: AttributeMap[]
  ConsistentRead?: boolean
  ProjectionExpression?: string
  ExpressionAttributeNames?: ExpressionAttributeNames
  AttributesToGet?: string[]
}

export interface BatchGetItemInput {
  /** Table name → keys (up to 100 keys in total). */
  RequestItems: Record<string, KeysAndAttributes>
  ReturnConsumedCapacity?: ReturnConsumedCapacity
}

export interface BatchGetItemOutput {
  Responses?: Record<string, AttributeMap[]>
  /** Keys DynamoDB did not get to: send them again (with backoff). */
  UnprocessedKeys?: Record<string, KeysAndAttributes>
  ConsumedCapacity?: ConsumedCapacity[]
}

export type WriteRequest = { PutRequest: { Item: AttributeMap } } | { DeleteRequest: { Key: AttributeMap } }

export interface BatchWriteItemInput {
  /** Table name → up to 25 writes in total. */
  RequestItems: Record<string, WriteRequest[]>
  ReturnConsumedCapacity?: ReturnConsumedCapacity
  ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics
}

export interface BatchWriteItemOutput {
  /** Writes DynamoDB did not get to: send them again (with backoff). */
  UnprocessedItems?: Record<string, WriteRequest[]>
  ItemCollectionMetrics?: Record<string, ItemCollectionMetrics[]>
  ConsumedCapacity?: ConsumedCapacity[]
}
