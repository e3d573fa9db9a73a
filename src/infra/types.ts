/**
 * Data shapes of the infrastructure outputs. `TableSpec` is the one resolved description of the
 * deployed table every output (CloudFormation, SAM, CDK, Terraform, drift) is rendered from, so
 * they cannot disagree with each other.
 */
import type { ScalingRange, TableClass, TableSettings } from '../config.ts'
import type { DerivedSchema, KeySchemaElement, Projection, ProvisionedThroughput, StreamViewType } from '../single-table/design/types.ts'

/** What the outputs are derived from: the design, the table settings and the environment. */
export interface InfraInput {
  schema: DerivedSchema
  /** The `table` settings of the resolved config (environment merged). */
  table?: TableSettings
  /** The environment selected (`--env`), if any. */
  environment?: string
  /** A production environment: the table is retained when its stack or resource goes away. */
  production?: boolean
}

export type SseSpec =
  | { kind: 'AWS_OWNED' }
  | { kind: 'AWS_MANAGED' }
  | { kind: 'KMS_ARN'; keyArn: string }
  | { kind: 'KMS_PARAMETER'; parameter: string }

export interface IndexSpec {
  name: string
  keySchema: KeySchemaElement[]
  projection: Projection
  capacity?: ProvisionedThroughput
}

/** One auto-scaled dimension: the table's or a GSI's read or write capacity. */
export interface ScalingSpec extends ScalingRange {
  /** `undefined` for the table, else the GSI name. */
  index?: string
  dimension: 'read' | 'write'
}

export interface TableSpec {
  /** The full name with prefix and suffix. */
  tableName: string
  /** The name between prefix and suffix; templates put the prefix in a parameter. */
  baseName: string
  prefix: string
  suffix: string
  environment?: string
  /** DeletionPolicy/UpdateReplacePolicy Retain (production environments). */
  retain: boolean
  keySchema: KeySchemaElement[]
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[]
  billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED'
  capacity?: ProvisionedThroughput
  globalIndexes: IndexSpec[]
  localIndexes: IndexSpec[]
  ttlAttribute?: string
  stream?: StreamViewType
  pointInTimeRecovery: boolean
  sse: SseSpec
  contributorInsights: boolean
  /** Undefined when the config leaves it to the default (off). */
  deletionProtection?: boolean
  tableClass?: TableClass
  /** Sorted by key. */
  tags: { Key: string; Value: string }[]
  scaling: ScalingSpec[]
}
