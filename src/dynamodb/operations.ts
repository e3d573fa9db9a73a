/**
 * Every operation of DynamoDB API 2012-08-10, and the four DynamoDB Streams operations. Streams
 * use a different target prefix and endpoint host but the same signing name (`dynamodb`).
 */
export const DYNAMODB_OPERATIONS = [
  'BatchExecuteStatement', 'BatchGetItem', 'BatchWriteItem', 'CreateBackup', 'CreateGlobalTable', 'CreateTable',
  'DeleteBackup', 'DeleteItem', 'DeleteResourcePolicy', 'DeleteTable', 'DescribeBackup', 'DescribeContinuousBackups',
  'DescribeContributorInsights', 'DescribeEndpoints', 'DescribeExport', 'DescribeGlobalTable',
  'DescribeGlobalTableSettings', 'DescribeImport', 'DescribeKinesisStreamingDestination', 'DescribeLimits',
  'DescribeTable', 'DescribeTableReplicaAutoScaling', 'DescribeTimeToLive', 'DisableKinesisStreamingDestination',
  'EnableKinesisStreamingDestination', 'ExecuteStatement', 'ExecuteTransaction', 'ExportTableToPointInTime', 'GetItem',
  'GetResourcePolicy', 'ImportTable', 'ListBackups', 'ListContributorInsights', 'ListExports', 'ListGlobalTables',
  'ListImports', 'ListTables', 'ListTagsOfResource', 'PutItem', 'PutResourcePolicy', 'Query', 'RestoreTableFromBackup',
  'RestoreTableToPointInTime', 'Scan', 'TagResource', 'TransactGetItems', 'TransactWriteItems', 'UntagResource',
  'UpdateContinuousBackups', 'UpdateContributorInsights', 'UpdateGlobalTable', 'UpdateGlobalTableSettings', 'UpdateItem',
  'UpdateKinesisStreamingDestination', 'UpdateTable', 'UpdateTableReplicaAutoScaling', 'UpdateTimeToLive',
] as const

export const STREAMS_OPERATIONS = ['ListStreams', 'DescribeStream', 'GetShardIterator', 'GetRecords'] as const

export type DynamoDBOperation = (typeof DYNAMODB_OPERATIONS)[number]
export type StreamsOperation = (typeof STREAMS_OPERATIONS)[number]
export type OperationName = DynamoDBOperation | StreamsOperation

export const DYNAMODB_TARGET_PREFIX = 'DynamoDB_20120810'
export const STREAMS_TARGET_PREFIX = 'DynamoDBStreams_20120810'

const streams: ReadonlySet<string> = new Set(STREAMS_OPERATIONS)

export function isStreamsOperation(operation: string): operation is StreamsOperation {
  return streams.has(operation)
}

/** `GetItem` → `getItem`: the client's method name for an operation. */
export function methodName(operation: OperationName): string {
  return operation[0]!.toLowerCase() + operation.slice(1)
}
