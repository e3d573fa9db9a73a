/** Tables and indexes, TTL, tags, limits. */
import type {
  AttributeDefinition,
  BillingMode,
  KeySchemaElement,
  OnDemandThroughput,
  Projection,
  ProvisionedThroughput,
  StreamViewType,
  TableClass,
  Tag,
} from './common.ts'

export type TableStatus =
  | 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE' | 'INACCESSIBLE_ENCRYPTION_CREDENTIALS' | 'ARCHIVING' | 'ARCHIVED'
export type IndexStatus = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE'

export interface StreamSpecification {
  StreamEnabled: boolean
  StreamViewType?: StreamViewType
}

export interface SSESpecification {
  Enabled?: boolean
  SSEType?: 'AES256' | 'KMS'
  KMSMasterKeyId?: string
}

export interface GlobalSecondaryIndex {
  IndexName: string
  KeySchema: KeySchemaElement[]
  Projection: Projection
  ProvisionedThroughput?: ProvisionedThroughput
  OnDemandThroughput?: OnDemandThroughput
}

export interface LocalSecondaryIndex {
  IndexName: string
  KeySchema: KeySchemaElement[]
  Projection: Projection
}

export interface ProvisionedThroughputDescription {
  LastIncreaseDateTime?: number
  LastDecreaseDateTime?: number
  NumberOfDecreasesToday?: number
  ReadCapacityUnits?: number
  WriteCapacityUnits?: number
}

export interface GlobalSecondaryIndexDescription {
  IndexName?: string
  KeySchema?: KeySchemaElement[]
  Projection?: Projection
  IndexStatus?: IndexStatus
  Backfilling?: boolean
  ProvisionedThroughput?: ProvisionedThroughputDescription
  OnDemandThroughput?: OnDemandThroughput
  IndexSizeBytes?: number
  ItemCount?: number
  IndexArn?: string
}

export interface LocalSecondaryIndexDescription {
  IndexName?: string
  KeySchema?: KeySchemaElement[]
  Projection?: Projection
  IndexSizeBytes?: number
  ItemCount?: number
  IndexArn?: string
}

export interface TableDescription {
  TableName?: string
  TableArn?: string
  TableId?: string
  TableStatus?: TableStatus
  CreationDateTime?: number
  AttributeDefinitions?: AttributeDefinition[]
  KeySchema?: KeySchemaElement[]
  ProvisionedThroughput?: ProvisionedThroughputDescription
  OnDemandThroughput?: OnDemandThroughput
  BillingModeSummary?: { BillingMode?: BillingMode; LastUpdateToPayPerRequestDateTime?: number }
  TableSizeBytes?: number
  ItemCount?: number
  LocalSecondaryIndexes?: LocalSecondaryIndexDescription[]
  GlobalSecondaryIndexes?: GlobalSecondaryIndexDescription[]
  StreamSpecification?: StreamSpecification
  LatestStreamLabel?: string
  LatestStreamArn?: string
  GlobalTableVersion?: string
  Replicas?: Record<string, unknown>[]
  RestoreSummary?: Record<string, unknown>
  SSEDescription?: Record<string, unknown>
  ArchivalSummary?: Record<string, unknown>
  TableClassSummary?: { TableClass?: TableClass; LastUpdateDateTime?: number }
  DeletionProtectionEnabled?: boolean
}

export interface CreateTableInput {
  TableName: string
  AttributeDefinitions: AttributeDefinition[]
  KeySchema: KeySchemaElement[]
  BillingMode?: BillingMode
  ProvisionedThroughput?: ProvisionedThroughput
  OnDemandThroughput?: OnDemandThroughput
  LocalSecondaryIndexes?: LocalSecondaryIndex[]
  GlobalSecondaryIndexes?: GlobalSecondaryIndex[]
  StreamSpecification?: StreamSpecification
  SSESpecification?: SSESpecification
  Tags?: Tag[]
  TableClass?: TableClass
  DeletionProtectionEnabled?: boolean
  ResourcePolicy?: string
}

export interface CreateTableOutput {
  TableDescription?: TableDescription
}

export interface DescribeTableInput {
  TableName: string
}

export interface DescribeTableOutput {
  Table?: TableDescription
}

export type GlobalSecondaryIndexUpdate =
  | { Create: GlobalSecondaryIndex }
  | { Update: { IndexName: string; ProvisionedThroughput?: ProvisionedThroughput; OnDemandThroughput?: OnDemandThroughput } }
  | { Delete: { IndexName: string } }

export interface UpdateTableInput {
  TableName: string
  AttributeDefinitions?: AttributeDefinition[]
  BillingMode?: BillingMode
  ProvisionedThroughput?: ProvisionedThroughput
  OnDemandThroughput?: OnDemandThroughput
  GlobalSecondaryIndexUpdates?: GlobalSecondaryIndexUpdate[]
  StreamSpecification?: StreamSpecification
  SSESpecification?: SSESpecification
  ReplicaUpdates?: Record<string, unknown>[]
  TableClass?: TableClass
  DeletionProtectionEnabled?: boolean
  MultiRegionConsistency?: 'EVENTUAL' | 'STRONG'
}

export interface UpdateTableOutput {
  TableDescription?: TableDescription
}

export interface DeleteTableInput {
  TableName: string
}

export interface DeleteTableOutput {
  TableDescription?: TableDescription
}

export interface ListTablesInput {
  ExclusiveStartTableName?: string
  /** 1..100 */
  Limit?: number
}

export interface ListTablesOutput {
  TableNames?: string[]
  /** Present when there are more: pass it as ExclusiveStartTableName. */
  LastEvaluatedTableName?: string
}

export interface TimeToLiveSpecification {
  Enabled: boolean
  AttributeName: string
}

export interface UpdateTimeToLiveInput {
  TableName: string
  TimeToLiveSpecification: TimeToLiveSpecification
}

export interface UpdateTimeToLiveOutput {
  TimeToLiveSpecification?: TimeToLiveSpecification
}

export interface DescribeTimeToLiveInput {
  TableName: string
}

export interface DescribeTimeToLiveOutput {
  TimeToLiveDescription?: {
    TimeToLiveStatus?: 'ENABLING' | 'DISABLING' | 'ENABLED' | 'DISABLED'
    AttributeName?: string
  }
}

export interface TagResourceInput {
  ResourceArn: string
  Tags: Tag[]
}

export type TagResourceOutput = Record<string, never>

export interface UntagResourceInput {
  ResourceArn: string
  TagKeys: string[]
}

export type UntagResourceOutput = Record<string, never>

export interface ListTagsOfResourceInput {
  ResourceArn: string
  NextToken?: string
}

export interface ListTagsOfResourceOutput {
  Tags?: Tag[]
  NextToken?: string
}

export type DescribeLimitsInput = Record<string, never>

export interface DescribeLimitsOutput {
  AccountMaxReadCapacityUnits?: number
  AccountMaxWriteCapacityUnits?: number
  TableMaxReadCapacityUnits?: number
  TableMaxWriteCapacityUnits?: number
}
