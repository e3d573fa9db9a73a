/** Input and output types of every DynamoDB and DynamoDB Streams operation, in wire format. */
import type { OperationName } from '../operations.ts'
import type * as B from './batch.ts'
import type * as C from './control.ts'
import type * as I from './items.ts'
import type * as P from './partiql.ts'
import type * as Q from './query.ts'
import type * as S from './streams.ts'
import type * as X from './transactions.ts'
import type * as T from './tables.ts'

export type * from './common.ts'
export type * from './items.ts'
export type * from './query.ts'
export type * from './batch.ts'
export type * from './transactions.ts'
export type * from './partiql.ts'
export type * from './tables.ts'
export type * from './streams.ts'
export type * from './control.ts'

/** Operation name → its wire-format input and output. */
export interface OperationTypes {
  BatchExecuteStatement: { input: P.BatchExecuteStatementInput; output: P.BatchExecuteStatementOutput }
  BatchGetItem: { input: B.BatchGetItemInput; output: B.BatchGetItemOutput }
  BatchWriteItem: { input: B.BatchWriteItemInput; output: B.BatchWriteItemOutput }
  CreateBackup: { input: C.CreateBackupInput; output: C.CreateBackupOutput }
  CreateGlobalTable: { input: C.CreateGlobalTableInput; output: C.CreateGlobalTableOutput }
  CreateTable: { input: T.CreateTableInput; output: T.CreateTableOutput }
  DeleteBackup: { input: C.DeleteBackupInput; output: C.DeleteBackupOutput }
  DeleteItem: { input: I.DeleteItemInput; output: I.DeleteItemOutput }
  DeleteResourcePolicy: { input: C.DeleteResourcePolicyInput; output: C.DeleteResourcePolicyOutput }
  DeleteTable: { input: T.DeleteTableInput; output: T.DeleteTableOutput }
  DescribeBackup: { input: C.DescribeBackupInput; output: C.DescribeBackupOutput }
  DescribeContinuousBackups: { input: C.DescribeContinuousBackupsInput; output: C.DescribeContinuousBackupsOutput }
  DescribeContributorInsights: { input: C.DescribeContributorInsightsInput; output: C.DescribeContributorInsightsOutput }
  DescribeEndpoints: { input: C.DescribeEndpointsInput; output: C.DescribeEndpointsOutput }
  DescribeExport: { input: C.DescribeExportInput; output: C.DescribeExportOutput }
  DescribeGlobalTable: { input: C.DescribeGlobalTableInput; output: C.DescribeGlobalTableOutput }
  DescribeGlobalTableSettings: { input: C.DescribeGlobalTableSettingsInput; output: C.DescribeGlobalTableSettingsOutput }
  DescribeImport: { input: C.DescribeImportInput; output: C.DescribeImportOutput }
  DescribeKinesisStreamingDestination: { input: C.DescribeKinesisStreamingDestinationInput; output: C.DescribeKinesisStreamingDestinationOutput }
  DescribeLimits: { input: T.DescribeLimitsInput; output: T.DescribeLimitsOutput }
  DescribeTable: { input: T.DescribeTableInput; output: T.DescribeTableOutput }
  DescribeTableReplicaAutoScaling: { input: C.DescribeTableReplicaAutoScalingInput; output: C.DescribeTableReplicaAutoScalingOutput }
  DescribeTimeToLive: { input: T.DescribeTimeToLiveInput; output: T.DescribeTimeToLiveOutput }
  DisableKinesisStreamingDestination: { input: C.KinesisDestinationInput; output: C.KinesisDestinationOutput }
  EnableKinesisStreamingDestination: { input: C.KinesisDestinationInput; output: C.KinesisDestinationOutput }
  ExecuteStatement: { input: P.ExecuteStatementInput; output: P.ExecuteStatementOutput }
  ExecuteTransaction: { input: P.ExecuteTransactionInput; output: P.ExecuteTransactionOutput }
  ExportTableToPointInTime: { input: C.ExportTableToPointInTimeInput; output: C.ExportTableToPointInTimeOutput }
  GetItem: { input: I.GetItemInput; output: I.GetItemOutput }
  GetResourcePolicy: { input: C.GetResourcePolicyInput; output: C.GetResourcePolicyOutput }
  ImportTable: { input: C.ImportTableInput; output: C.ImportTableOutput }
  ListBackups: { input: C.ListBackupsInput; output: C.ListBackupsOutput }
  ListContributorInsights: { input: C.ListContributorInsightsInput; output: C.ListContributorInsightsOutput }
  ListExports: { input: C.ListExportsInput; output: C.ListExportsOutput }
  ListGlobalTables: { input: C.ListGlobalTablesInput; output: C.ListGlobalTablesOutput }
  ListImports: { input: C.ListImportsInput; output: C.ListImportsOutput }
  ListTables: { input: T.ListTablesInput; output: T.ListTablesOutput }
  ListTagsOfResource: { input: T.ListTagsOfResourceInput; output: T.ListTagsOfResourceOutput }
  PutItem: { input: I.PutItemInput; output: I.PutItemOutput }
  PutResourcePolicy: { input: C.PutResourcePolicyInput; output: C.PutResourcePolicyOutput }
  Query: { input: Q.QueryInput; output: Q.QueryOutput }
  RestoreTableFromBackup: { input: C.RestoreTableFromBackupInput; output: C.RestoreTableFromBackupOutput }
  RestoreTableToPointInTime: { input: C.RestoreTableToPointInTimeInput; output: C.RestoreTableToPointInTimeOutput }
  Scan: { input: Q.ScanInput; output: Q.ScanOutput }
  TagResource: { input: T.TagResourceInput; output: T.TagResourceOutput }
  TransactGetItems: { input: X.TransactGetItemsInput; output: X.TransactGetItemsOutput }
  TransactWriteItems: { input: X.TransactWriteItemsInput; output: X.TransactWriteItemsOutput }
  UntagResource: { input: T.UntagResourceInput; output: T.UntagResourceOutput }
  UpdateContinuousBackups: { input: C.UpdateContinuousBackupsInput; output: C.UpdateContinuousBackupsOutput }
  UpdateContributorInsights: { input: C.UpdateContributorInsightsInput; output: C.UpdateContributorInsightsOutput }
  UpdateGlobalTable: { input: C.UpdateGlobalTableInput; output: C.UpdateGlobalTableOutput }
  UpdateGlobalTableSettings: { input: C.UpdateGlobalTableSettingsInput; output: C.UpdateGlobalTableSettingsOutput }
  UpdateItem: { input: I.UpdateItemInput; output: I.UpdateItemOutput }
  UpdateKinesisStreamingDestination: { input: C.KinesisDestinationInput; output: C.KinesisDestinationOutput }
  UpdateTable: { input: T.UpdateTableInput; output: T.UpdateTableOutput }
  UpdateTableReplicaAutoScaling: { input: C.UpdateTableReplicaAutoScalingInput; output: C.UpdateTableReplicaAutoScalingOutput }
  UpdateTimeToLive: { input: T.UpdateTimeToLiveInput; output: T.UpdateTimeToLiveOutput }
  ListStreams: { input: S.ListStreamsInput; output: S.ListStreamsOutput }
  DescribeStream: { input: S.DescribeStreamInput; output: S.DescribeStreamOutput }
  GetShardIterator: { input: S.GetShardIteratorInput; output: S.GetShardIteratorOutput }
  GetRecords: { input: S.GetRecordsInput; output: S.GetRecordsOutput }
}

export type OperationInput<Op extends OperationName> = OperationTypes[Op]['input']
export type OperationOutput<Op extends OperationName> = OperationTypes[Op]['output']

// Compile-time proof that the map and the runtime operation list hold exactly the same names.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _complete: Same<keyof OperationTypes, OperationName> = true
void _complete
