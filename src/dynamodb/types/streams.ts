/** DynamoDB Streams (API 2012-08-10, target prefix DynamoDBStreams_20120810). */
import type { AttributeMap, KeySchemaElement, StreamViewType } from './common.ts'

export type StreamStatus = 'ENABLING' | 'ENABLED' | 'DISABLING' | 'DISABLED'
export type ShardIteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'

export interface StreamSummary {
  StreamArn?: string
  TableName?: string
  StreamLabel?: string
}

export interface ListStreamsInput {
  TableName?: string
  Limit?: number
  ExclusiveStartStreamArn?: string
}

export interface ListStreamsOutput {
  Streams?: StreamSummary[]
  LastEvaluatedStreamArn?: string
}

export interface Shard {
  ShardId?: string
  ParentShardId?: string
  SequenceNumberRange?: { StartingSequenceNumber?: string; EndingSequenceNumber?: string }
}

export interface StreamDescription {
  StreamArn?: string
  StreamLabel?: string
  StreamStatus?: StreamStatus
  StreamViewType?: StreamViewType
  CreationRequestDateTime?: number
  TableName?: string
  KeySchema?: KeySchemaElement[]
  Shards?: Shard[]
  LastEvaluatedShardId?: string
}

export interface DescribeStreamInput {
  StreamArn: string
  Limit?: number
  ExclusiveStartShardId?: string
  ShardFilter?: { Type?: 'CHILD_SHARDS'; ShardId?: string }
}

export interface DescribeStreamOutput {
  StreamDescription?: StreamDescription
}

export interface GetShardIteratorInput {
  StreamArn: string
  ShardId: string
  ShardIteratorType: ShardIteratorType
  SequenceNumber?: string
}

export interface GetShardIteratorOutput {
  ShardIterator?: string
}

export interface StreamRecord {
  ApproximateCreationDateTime?: number
  Keys?: AttributeMap
  NewImage?: AttributeMap
  OldImage?: AttributeMap
  SequenceNumber?: string
  SizeBytes?: number
  StreamViewType?: StreamViewType
}

export interface StreamChangeRecord {
  eventID?: string
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE'
  eventVersion?: string
  eventSource?: string
  awsRegion?: string
  dynamodb?: StreamRecord
  userIdentity?: { PrincipalId?: string; Type?: string }
}

export interface GetRecordsInput {
  ShardIterator: string
  Limit?: number
}

export interface GetRecordsOutput {
  Records?: StreamChangeRecord[]
  /** Absent once the shard is closed and fully read. */
  NextShardIterator?: string
}
