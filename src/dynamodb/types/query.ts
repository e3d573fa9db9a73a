/** Query and Scan. */
import type {
  AttributeMap,
  Condition,
  ConditionalOperator,
  ConsumedCapacity,
  ExpressionAttributeNames,
  ExpressionAttributeValues,
  ReturnConsumedCapacity,
  Select,
} from './common.ts'

interface ReadCommon {
  TableName: string
  IndexName?: string
  Select?: Select
  Limit?: number
  ConsistentRead?: boolean
  ExclusiveStartKey?: AttributeMap
  ProjectionExpression?: string
  FilterExpression?: string
  ExpressionAttributeNames?: ExpressionAttributeNames
  ExpressionAttributeValues?: ExpressionAttributeValues
  ReturnConsumedCapacity?: ReturnConsumedCapacity
  /** Legacy parameters. */
  AttributesToGet?: string[]
  ConditionalOperator?: ConditionalOperator
}

export interface QueryInput extends ReadCommon {
  KeyConditionExpression?: string
  ScanIndexForward?: boolean
  /** Legacy key conditions and filter. */
  KeyConditions?: Record<string, Condition>
  QueryFilter?: Record<string, Condition>
}

export interface ScanInput extends ReadCommon {
  Segment?: number
  TotalSegments?: number
  /** Legacy filter. */
  ScanFilter?: Record<string, Condition>
}

export interface QueryOutput {
  Items?: AttributeMap[]
  Count?: number
  ScannedCount?: number
  /** Present when there is another page: pass it as ExclusiveStartKey. */
  LastEvaluatedKey?: AttributeMap
  ConsumedCapacity?: ConsumedCapacity
}

export type ScanOutput = QueryOutput
