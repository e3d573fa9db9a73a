/** Shapes shared by many DynamoDB operations (API 2012-08-10), in wire format. */
import type { AttributeMap, AttributeValue } from '../attribute-value.ts'

export type { AttributeMap, AttributeValue }

export type ReturnConsumedCapacity = 'INDEXES' | 'TOTAL' | 'NONE'
export type ReturnItemCollectionMetrics = 'SIZE' | 'NONE'
export type ReturnValue = 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW'
export type ReturnValuesOnConditionCheckFailure = 'ALL_OLD' | 'NONE'
export type Select = 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT'
export type ScalarAttributeType = 'S' | 'N' | 'B'
export type KeyType = 'HASH' | 'RANGE'
export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST'
export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE'
export type StreamViewType = 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY'
export type TableClass = 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS'
export type ComparisonOperator =
  | 'EQ' | 'NE' | 'IN' | 'LE' | 'LT' | 'GE' | 'GT' | 'BETWEEN' | 'NOT_NULL' | 'NULL' | 'CONTAINS' | 'NOT_CONTAINS' | 'BEGINS_WITH'
export type ConditionalOperator = 'AND' | 'OR'

export type ExpressionAttributeNames = Record<string, string>
export type ExpressionAttributeValues = Record<string, AttributeValue>

export interface Capacity {
  ReadCapacityUnits?: number
  WriteCapacityUnits?: number
  CapacityUnits?: number
}

export interface ConsumedCapacity {
  TableName?: string
  CapacityUnits?: number
  ReadCapacityUnits?: number
  WriteCapacityUnits?: number
  Table?: Capacity
  LocalSecondaryIndexes?: Record<string, Capacity>
  GlobalSecondaryIndexes?: Record<string, Capacity>
}

export interface ItemCollectionMetrics {
  ItemCollectionKey?: AttributeMap
  SizeEstimateRangeGB?: number[]
}

/** Legacy (pre-expression) condition on one attribute. */
export interface ExpectedAttributeValue {
  Value?: AttributeValue
  Exists?: boolean
  ComparisonOperator?: ComparisonOperator
  AttributeValueList?: AttributeValue[]
}

/** Legacy Query/Scan filter or key condition. */
export interface Condition {
  ComparisonOperator: ComparisonOperator
  AttributeValueList?: AttributeValue[]
}

/** Legacy UpdateItem action. */
export interface AttributeValueUpdate {
  Value?: AttributeValue
  Action?: 'ADD' | 'PUT' | 'DELETE'
}

export interface KeySchemaElement {
  AttributeName: string
  KeyType: KeyType
}

export interface AttributeDefinition {
  AttributeName: string
  AttributeType: ScalarAttributeType
}

export interface Projection {
  ProjectionType?: ProjectionType
  NonKeyAttributes?: string[]
}

export interface ProvisionedThroughput {
  ReadCapacityUnits: number
  WriteCapacityUnits: number
}

export interface OnDemandThroughput {
  MaxReadRequestUnits?: number
  MaxWriteRequestUnits?: number
}

export interface Tag {
  Key: string
  Value: string
}

/** Loose record for the fields of the less common control-plane operations. */
export type LooseRecord = Record<string, unknown>
