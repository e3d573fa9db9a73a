/**
 * The less common control-plane operations: backups and point-in-time recovery, exports and
 * imports, global tables, Kinesis destinations, contributor insights, resource policies, endpoints
 * and replica auto scaling. Required fields are typed; the rest is a loose record, because these
 * shapes are large, change often, and are passed through untouched.
 */
import type { LooseRecord, TableDescription } from './index.ts'

type Loose<T> = T & LooseRecord

// Backups and point-in-time recovery
export type CreateBackupInput = Loose<{ TableName: string; BackupName: string }>
export type CreateBackupOutput = Loose<{ BackupDetails?: LooseRecord & { BackupArn?: string; BackupName?: string; BackupStatus?: string } }>
export type DeleteBackupInput = Loose<{ BackupArn: string }>
export type DeleteBackupOutput = Loose<{ BackupDescription?: LooseRecord }>
export type DescribeBackupInput = Loose<{ BackupArn: string }>
export type DescribeBackupOutput = Loose<{ BackupDescription?: LooseRecord }>
export type ListBackupsInput = Loose<{ TableName?: string; Limit?: number; ExclusiveStartBackupArn?: string; BackupType?: 'USER' | 'SYSTEM' | 'AWS_BACKUP' | 'ALL' }>
export type ListBackupsOutput = Loose<{ BackupSummaries?: (LooseRecord & { BackupArn?: string; BackupName?: string; TableName?: string })[]; LastEvaluatedBackupArn?: string }>
export type RestoreTableFromBackupInput = Loose<{ TargetTableName: string; BackupArn: string }>
export type RestoreTableFromBackupOutput = { TableDescription?: TableDescription }
export type RestoreTableToPointInTimeInput = Loose<{ TargetTableName: string; SourceTableName?: string; SourceTableArn?: string; UseLatestRestorableTime?: boolean; RestoreDateTime?: number }>
export type RestoreTableToPointInTimeOutput = { TableDescription?: TableDescription }
export type DescribeContinuousBackupsInput = Loose<{ TableName: string }>
export type DescribeContinuousBackupsOutput = Loose<{
  ContinuousBackupsDescription?: LooseRecord & {
    ContinuousBackupsStatus?: 'ENABLED' | 'DISABLED'
    PointInTimeRecoveryDescription?: LooseRecord & { PointInTimeRecoveryStatus?: 'ENABLED' | 'DISABLED' }
  }
}>
export type UpdateContinuousBackupsInput = Loose<{ TableName: string; PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: boolean; RecoveryPeriodInDays?: number } }>
export type UpdateContinuousBackupsOutput = DescribeContinuousBackupsOutput

// Exports and imports
export type ExportTableToPointInTimeInput = Loose<{ TableArn: string; S3Bucket: string }>
export type ExportTableToPointInTimeOutput = Loose<{ ExportDescription?: LooseRecord & { ExportArn?: string; ExportStatus?: string } }>
export type DescribeExportInput = Loose<{ ExportArn: string }>
export type DescribeExportOutput = ExportTableToPointInTimeOutput
export type ListExportsInput = Loose<{ TableArn?: string; MaxResults?: number; NextToken?: string }>
export type ListExportsOutput = Loose<{ ExportSummaries?: LooseRecord[]; NextToken?: string }>
export type ImportTableInput = Loose<{ S3BucketSource: LooseRecord & { S3Bucket: string }; InputFormat: 'DYNAMODB_JSON' | 'ION' | 'CSV'; TableCreationParameters: LooseRecord & { TableName: string } }>
export type ImportTableOutput = Loose<{ ImportTableDescription?: LooseRecord & { ImportArn?: string; ImportStatus?: string } }>
export type DescribeImportInput = Loose<{ ImportArn: string }>
export type DescribeImportOutput = ImportTableOutput
export type ListImportsInput = Loose<{ TableArn?: string; PageSize?: number; NextToken?: string }>
export type ListImportsOutput = Loose<{ ImportSummaryList?: LooseRecord[]; NextToken?: string }>

// Global tables (version 2017.11.29 operations; 2019.11.21 replicas go through UpdateTable)
export type CreateGlobalTableInput = Loose<{ GlobalTableName: string; ReplicationGroup: { RegionName: string }[] }>
export type CreateGlobalTableOutput = Loose<{ GlobalTableDescription?: LooseRecord }>
export type DescribeGlobalTableInput = Loose<{ GlobalTableName: string }>
export type DescribeGlobalTableOutput = CreateGlobalTableOutput
export type DescribeGlobalTableSettingsInput = Loose<{ GlobalTableName: string }>
export type DescribeGlobalTableSettingsOutput = Loose<{ GlobalTableName?: string; ReplicaSettings?: LooseRecord[] }>
export type ListGlobalTablesInput = Loose<{ ExclusiveStartGlobalTableName?: string; Limit?: number; RegionName?: string }>
export type ListGlobalTablesOutput = Loose<{ GlobalTables?: LooseRecord[]; LastEvaluatedGlobalTableName?: string }>
export type UpdateGlobalTableInput = Loose<{ GlobalTableName: string; ReplicaUpdates: LooseRecord[] }>
export type UpdateGlobalTableOutput = CreateGlobalTableOutput
export type UpdateGlobalTableSettingsInput = Loose<{ GlobalTableName: string }>
export type UpdateGlobalTableSettingsOutput = DescribeGlobalTableSettingsOutput
export type DescribeTableReplicaAutoScalingInput = Loose<{ TableName: string }>
export type DescribeTableReplicaAutoScalingOutput = Loose<{ TableAutoScalingDescription?: LooseRecord }>
export type UpdateTableReplicaAutoScalingInput = Loose<{ TableName: string }>
export type UpdateTableReplicaAutoScalingOutput = DescribeTableReplicaAutoScalingOutput

// Kinesis streaming destinations
export type KinesisDestinationInput = Loose<{ TableName: string; StreamArn: string }>
export type KinesisDestinationOutput = Loose<{ TableName?: string; StreamArn?: string; DestinationStatus?: string }>
export type DescribeKinesisStreamingDestinationInput = Loose<{ TableName: string }>
export type DescribeKinesisStreamingDestinationOutput = Loose<{ TableName?: string; KinesisDataStreamDestinations?: LooseRecord[] }>

// Contributor insights
export type DescribeContributorInsightsInput = Loose<{ TableName: string; IndexName?: string }>
export type DescribeContributorInsightsOutput = Loose<{ TableName?: string; IndexName?: string; ContributorInsightsStatus?: string; ContributorInsightsRuleList?: string[] }>
export type ListContributorInsightsInput = Loose<{ TableName?: string; NextToken?: string; MaxResults?: number }>
export type ListContributorInsightsOutput = Loose<{ ContributorInsightsSummaries?: LooseRecord[]; NextToken?: string }>
export type UpdateContributorInsightsInput = Loose<{ TableName: string; IndexName?: string; ContributorInsightsAction: 'ENABLE' | 'DISABLE' }>
export type UpdateContributorInsightsOutput = Loose<{ TableName?: string; IndexName?: string; ContributorInsightsStatus?: string }>

// Resource-based policies
export type GetResourcePolicyInput = Loose<{ ResourceArn: string }>
export type GetResourcePolicyOutput = Loose<{ Policy?: string; RevisionId?: string }>
export type PutResourcePolicyInput = Loose<{ ResourceArn: string; Policy: string; ExpectedRevisionId?: string }>
export type PutResourcePolicyOutput = Loose<{ RevisionId?: string }>
export type DeleteResourcePolicyInput = Loose<{ ResourceArn: string; ExpectedRevisionId?: string }>
export type DeleteResourcePolicyOutput = Loose<{ RevisionId?: string }>

// Endpoint discovery
export type DescribeEndpointsInput = Record<string, never>
export type DescribeEndpointsOutput = { Endpoints: { Address: string; CachePeriodInMinutes: number }[] }
