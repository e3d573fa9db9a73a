/**
 * CloudFormation and SAM templates from a `TableSpec`: the `AWS::DynamoDB::Table`, its auto
 * scaling targets and policies, a parameter for the name prefix (and the KMS key when the config
 * names one), outputs for the name and ARNs. Plain data; `renderTemplate` prints JSON or YAML.
 */
import type { TableSpec, ScalingSpec } from './types.ts'
import { toYaml } from './yaml.ts'

export type Template = Record<string, unknown> & { Resources: Record<string, Resource> }
export interface Resource {
  Type: string
  Properties: Record<string, unknown>
  DeletionPolicy?: string
  UpdateReplacePolicy?: string
  DependsOn?: string[]
}

export const TABLE_LOGICAL_ID = 'Table'
export const PREFIX_PARAMETER = 'TablePrefix'

/** The `AWS::DynamoDB::Table` properties; `tableName` is the name as CloudFormation should see it. */
export function tableProperties(spec: TableSpec, tableName: unknown = spec.tableName, kmsKeyParameter?: unknown): Record<string, unknown> {
  const insights = spec.contributorInsights ? { ContributorInsightsSpecification: { Enabled: true } } : {}
  return {
    TableName: tableName,
    BillingMode: spec.billingMode,
    AttributeDefinitions: spec.attributeDefinitions,
    KeySchema: spec.keySchema,
    ...(spec.capacity ? { ProvisionedThroughput: spec.capacity } : {}),
    ...(spec.globalIndexes.length
      ? {
          GlobalSecondaryIndexes: spec.globalIndexes.map((g) => ({
            IndexName: g.name,
            KeySchema: g.keySchema,
            Projection: g.projection,
            ...(g.capacity ? { ProvisionedThroughput: g.capacity } : {}),
            ...insights,
          })),
        }
      : {}),
    ...(spec.localIndexes.length ? { LocalSecondaryIndexes: spec.localIndexes.map((l) => ({ IndexName: l.name, KeySchema: l.keySchema, Projection: l.projection })) } : {}),
    ...(spec.ttlAttribute ? { TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true } } : {}),
    ...(spec.stream ? { StreamSpecification: { StreamViewType: spec.stream } } : {}),
    ...(spec.pointInTimeRecovery ? { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } } : {}),
    ...sseProperties(spec, kmsKeyParameter),
    ...insights,
    ...(spec.deletionProtection !== undefined ? { DeletionProtectionEnabled: spec.deletionProtection } : {}),
    ...(spec.tableClass ? { TableClass: spec.tableClass } : {}),
    ...(spec.tags.length ? { Tags: spec.tags } : {}),
  }
}

function sseProperties(spec: TableSpec, kmsKeyParameter: unknown): Record<string, unknown> {
  switch (spec.sse.kind) {
    case 'AWS_OWNED':
      return {}
    case 'AWS_MANAGED':
      return { SSESpecification: { SSEEnabled: true, SSEType: 'KMS' } }
    case 'KMS_ARN':
      return { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: spec.sse.keyArn } }
    case 'KMS_PARAMETER':
      return { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: kmsKeyParameter ?? spec.sse.parameter } }
  }
}

/** A CloudFormation template; `sam: true` adds the SAM transform (SAM deploys plain resources as they are). */
export function cloudFormationTemplate(spec: TableSpec, options: { sam?: boolean } = {}): Template {
  const parameters: Record<string, unknown> = {
    [PREFIX_PARAMETER]: {
      Type: 'String',
      Default: spec.prefix,
      Description: `Prefix of the table name${spec.environment ? ` (environment ${spec.environment})` : ''}`,
      AllowedPattern: '[a-zA-Z0-9_.-]*',
    },
  }
  if (spec.sse.kind === 'KMS_PARAMETER') {
    parameters[spec.sse.parameter] = { Type: 'String', Description: 'ARN of the customer managed KMS key that encrypts the table', AllowedPattern: 'arn:aws[a-z-]*:kms:.+' }
  }
  const name = { 'Fn::Sub': `\${${PREFIX_PARAMETER}}${spec.baseName}${spec.suffix}` }
  const kmsRef = spec.sse.kind === 'KMS_PARAMETER' ? { Ref: spec.sse.parameter } : undefined
  const table: Resource = {
    Type: 'AWS::DynamoDB::Table',
    ...(spec.retain ? { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } : {}),
    Properties: tableProperties(spec, name, kmsRef),
  }
  const resources: Record<string, Resource> = { [TABLE_LOGICAL_ID]: table, ...scalingResources(spec) }
  const outputs: Record<string, unknown> = {
    TableName: { Description: 'Name of the table', Value: { Ref: TABLE_LOGICAL_ID }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-TableName' } } },
    TableArn: { Description: 'ARN of the table', Value: { 'Fn::GetAtt': [TABLE_LOGICAL_ID, 'Arn'] }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-TableArn' } } },
  }
  if (spec.stream) {
    outputs.TableStreamArn = { Description: 'ARN of the table stream', Value: { 'Fn::GetAtt': [TABLE_LOGICAL_ID, 'StreamArn'] }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-TableStreamArn' } } }
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    ...(options.sam ? { Transform: 'AWS::Serverless-2016-10-31' } : {}),
    Description: `DynamoDB table ${spec.baseName} derived by dbtooling from the models${spec.environment ? ` (environment ${spec.environment})` : ''}`,
    Parameters: parameters,
    Resources: resources,
    Outputs: outputs,
  }
}

/** Logical id stem of one scaled dimension: `TableRead`, `GSI1Write`. */
export function scalingId(s: ScalingSpec): string {
  return `${s.index ? s.index.replace(/[^A-Za-z0-9]/g, '') : 'Table'}${s.dimension === 'read' ? 'Read' : 'Write'}`
}

/** Application Auto Scaling's resource id and dimension of one scaled dimension. */
export function scalingTarget(s: ScalingSpec, tableName: string): { resourceId: string; dimension: string; metric: string } {
  const unit = s.dimension === 'read' ? 'ReadCapacityUnits' : 'WriteCapacityUnits'
  return {
    resourceId: `table/${tableName}${s.index ? `/index/${s.index}` : ''}`,
    dimension: `dynamodb:${s.index ? 'index' : 'table'}:${unit}`,
    metric: s.dimension === 'read' ? 'DynamoDBReadCapacityUtilization' : 'DynamoDBWriteCapacityUtilization',
  }
}

function scalingResources(spec: TableSpec): Record<string, Resource> {
  const out: Record<string, Resource> = {}
  for (const s of spec.scaling) {
    const id = scalingId(s)
    const target = scalingTarget(s, `\${${TABLE_LOGICAL_ID}}`)
    out[`${id}ScalableTarget`] = {
      Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
      Properties: {
        ServiceNamespace: 'dynamodb',
        ResourceId: { 'Fn::Sub': target.resourceId },
        ScalableDimension: target.dimension,
        MinCapacity: s.min,
        MaxCapacity: s.max,
        // The service-linked role Application Auto Scaling creates for DynamoDB on first use.
        RoleARN: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable' },
      },
    }
    out[`${id}ScalingPolicy`] = {
      Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
      Properties: {
        PolicyName: `${id}TargetTracking`,
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: `${id}ScalableTarget` },
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: s.targetUtilization,
          PredefinedMetricSpecification: { PredefinedMetricType: target.metric },
        },
      },
    }
  }
  return out
}

export function renderTemplate(template: Template, format: 'json' | 'yaml' = 'json'): string {
  return format === 'yaml' ? toYaml(template) : `${JSON.stringify(template, null, 2)}\n`
}
