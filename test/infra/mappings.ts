/**
 * The small mappings the validator tests compare through: a synthesized CDK GlobalTable, a
 * Terraform table block and a CloudFormation template, each turned into `AWS::DynamoDB::Table`
 * properties plus the list of auto-scaled dimensions; and table properties → a CreateTable request.
 */
type Props = Record<string, any>

export interface Scaled {
  index: string | null
  dimension: 'read' | 'write'
  min: number
  max: number
  target: number
}

const sortScaling = (s: Scaled[]): Scaled[] => s.sort((a, b) => `${a.index}${a.dimension}`.localeCompare(`${b.index}${b.dimension}`))

/** Auto scaling of a CloudFormation template: its ScalableTargets and their target-tracking policies. */
export function templateScaling(template: Props): Scaled[] {
  const resources = template.Resources as Record<string, Props>
  const out: Scaled[] = []
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::ApplicationAutoScaling::ScalableTarget') continue
    const policy = Object.values(resources).find((p) => p.Type === 'AWS::ApplicationAutoScaling::ScalingPolicy' && p.Properties.ScalingTargetId?.Ref === id)
    const resourceId = String(r.Properties.ResourceId['Fn::Sub'] ?? r.Properties.ResourceId)
    out.push({
      index: /\/index\/(.+)$/.exec(resourceId)?.[1] ?? null,
      dimension: String(r.Properties.ScalableDimension).endsWith('ReadCapacityUnits') ? 'read' : 'write',
      min: r.Properties.MinCapacity,
      max: r.Properties.MaxCapacity,
      target: policy?.Properties.TargetTrackingScalingPolicyConfiguration.TargetValue,
    })
  }
  return sortScaling(out)
}

function autoscaled(settings: Props | undefined, index: string | null, dimension: 'read' | 'write'): Scaled | undefined {
  const s = settings?.[dimension === 'read' ? 'ReadCapacityAutoScalingSettings' : 'WriteCapacityAutoScalingSettings']
  return s ? { index, dimension, min: s.MinCapacity, max: s.MaxCapacity, target: s.TargetTrackingScalingPolicyConfiguration.TargetValue } : undefined
}

/**
 * A synthesized `AWS::DynamoDB::GlobalTable` (one replica) as Table properties. TableV2 only takes
 * auto-scaled write capacity, so a write range of one value is the fixed capacity it stands for.
 */
export function globalTableAsTable(g: Props): { properties: Props; scaling: Scaled[] } {
  const replica = g.Replicas[0] as Props
  const scaling: Scaled[] = []
  const capacity = (index: string | null, read: Props | undefined, write: Props | undefined): Props | undefined => {
    if (g.BillingMode !== 'PROVISIONED') return undefined
    const r = autoscaled(read, index, 'read')
    const w = autoscaled(write, index, 'write')
    const fixedWrite = w && w.min === w.max && w.target === 70 ? w.min : undefined
    if (r) scaling.push(r)
    if (w && fixedWrite === undefined) scaling.push(w)
    return { ReadCapacityUnits: r ? 'scaled' : read?.ReadCapacityUnits, WriteCapacityUnits: fixedWrite ?? 'scaled' }
  }
  const replicaIndex = (name: string): Props => (replica.GlobalSecondaryIndexes ?? []).find((i: Props) => i.IndexName === name) ?? {}
  const properties: Props = {
    TableName: g.TableName,
    BillingMode: g.BillingMode,
    AttributeDefinitions: g.AttributeDefinitions,
    KeySchema: g.KeySchema,
    ProvisionedThroughput: capacity(null, replica.ReadProvisionedThroughputSettings, g.WriteProvisionedThroughputSettings),
    GlobalSecondaryIndexes: (g.GlobalSecondaryIndexes ?? []).map((i: Props) => ({
      IndexName: i.IndexName,
      KeySchema: i.KeySchema,
      Projection: i.Projection,
      ProvisionedThroughput: capacity(i.IndexName, replicaIndex(i.IndexName).ReadProvisionedThroughputSettings, i.WriteProvisionedThroughputSettings),
      ContributorInsightsSpecification: replicaIndex(i.IndexName).ContributorInsightsSpecification,
    })),
    LocalSecondaryIndexes: g.LocalSecondaryIndexes,
    TimeToLiveSpecification: g.TimeToLiveSpecification,
    StreamSpecification: g.StreamSpecification,
    PointInTimeRecoverySpecification: replica.PointInTimeRecoverySpecification,
    SSESpecification: g.SSESpecification?.SSEEnabled
      ? { ...g.SSESpecification, ...(replica.SSESpecification?.KMSMasterKeyId ? { KMSMasterKeyId: replica.SSESpecification.KMSMasterKeyId } : {}) }
      : undefined,
    ContributorInsightsSpecification: replica.ContributorInsightsSpecification,
    DeletionProtectionEnabled: replica.DeletionProtectionEnabled,
    TableClass: replica.TableClass,
    Tags: replica.Tags,
  }
  return { properties, scaling: sortScaling(scaling) }
}

/** Table properties with auto-scaled capacities marked 'scaled', as globalTableAsTable reads them. */
export function markScaled(properties: Props, scaling: Scaled[]): Props {
  const has = (index: string | null, dimension: string): boolean => scaling.some((s) => s.index === index && s.dimension === dimension)
  const mark = (index: string | null, p: Props | undefined): Props | undefined =>
    p && { ReadCapacityUnits: has(index, 'read') ? 'scaled' : p.ReadCapacityUnits, WriteCapacityUnits: has(index, 'write') ? 'scaled' : p.WriteCapacityUnits }
  return {
    ...properties,
    ProvisionedThroughput: mark(null, properties.ProvisionedThroughput),
    GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes?.map((g: Props) => ({ ...g, ProvisionedThroughput: mark(g.IndexName, g.ProvisionedThroughput) })),
  }
}

/** Drops undefined values so two property objects compare by what they say. */
export function defined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** hcl2json output of infra:terraform → Table properties and scaling, variables read at their defaults. */
export function terraformAsTable(hcl: Props): { properties: Props; scaling: Scaled[] } {
  const vars = Object.fromEntries(Object.entries(hcl.variable ?? {}).map(([k, v]) => [k, (v as Props[])[0]!.default]))
  const t = hcl.resource.aws_dynamodb_table.table[0] as Props
  const key = (hash: string, range?: string): Props[] => [{ AttributeName: hash, KeyType: 'HASH' }, ...(range ? [{ AttributeName: range, KeyType: 'RANGE' }] : [])]
  const projection = (i: Props): Props => ({ ProjectionType: i.projection_type, ...(i.non_key_attributes ? { NonKeyAttributes: i.non_key_attributes } : {}) })
  const throughput = (i: Props): Props | undefined => (i.read_capacity === undefined ? undefined : { ReadCapacityUnits: i.read_capacity, WriteCapacityUnits: i.write_capacity })
  const insights = Object.values(hcl.resource.aws_dynamodb_contributor_insights ?? {}).map((r) => (r as Props[])[0]!)
  const sse = t.server_side_encryption?.[0]
  const properties: Props = {
    TableName: String(t.name).replace(/\$\{var\.(\w+)\}/g, (_, v: string) => vars[v]),
    BillingMode: t.billing_mode,
    AttributeDefinitions: t.attribute.map((a: Props) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: key(t.hash_key, t.range_key),
    ProvisionedThroughput: throughput(t),
    GlobalSecondaryIndexes: (t.global_secondary_index ?? []).map((g: Props) => ({
      IndexName: g.name, KeySchema: key(g.hash_key, g.range_key), Projection: projection(g), ProvisionedThroughput: throughput(g),
      ...(insights.some((i) => i.index_name === g.name) ? { ContributorInsightsSpecification: { Enabled: true } } : {}),
    })),
    LocalSecondaryIndexes: (t.local_secondary_index ?? []).map((l: Props) => ({ IndexName: l.name, KeySchema: key(t.hash_key, l.range_key), Projection: projection(l) })),
    TimeToLiveSpecification: t.ttl ? { AttributeName: t.ttl[0].attribute_name, Enabled: t.ttl[0].enabled } : undefined,
    StreamSpecification: t.stream_enabled ? { StreamViewType: t.stream_view_type } : undefined,
    PointInTimeRecoverySpecification: t.point_in_time_recovery ? { PointInTimeRecoveryEnabled: t.point_in_time_recovery[0].enabled } : undefined,
    SSESpecification: sse?.enabled ? { SSEEnabled: true, SSEType: 'KMS', ...(sse.kms_key_arn ? { KMSMasterKeyId: sse.kms_key_arn } : {}) } : undefined,
    ContributorInsightsSpecification: insights.some((i) => i.index_name === undefined) ? { Enabled: true } : undefined,
    DeletionProtectionEnabled: t.deletion_protection_enabled,
    TableClass: t.table_class,
    Tags: t.tags === '${var.tags}' ? Object.entries(vars.tags as Record<string, string>).map(([Key, Value]) => ({ Key, Value })) : undefined,
  }
  const targets = hcl.resource.aws_appautoscaling_target ?? {}
  const policies = hcl.resource.aws_appautoscaling_policy ?? {}
  const scaling: Scaled[] = Object.entries(targets).map(([id, list]) => {
    const target = (list as Props[])[0]!
    const policy = (policies[id] as Props[])[0]!
    return {
      index: /\/index\/(.+)$/.exec(target.resource_id)?.[1] ?? null,
      dimension: String(target.scalable_dimension).endsWith('ReadCapacityUnits') ? 'read' : 'write',
      min: target.min_capacity,
      max: target.max_capacity,
      target: policy.target_tracking_scaling_policy_configuration[0].target_value,
    }
  })
  return { properties, scaling: sortScaling(scaling) }
}

/** The CreateTable request the table properties of a template stand for. */
export function createTableRequest(properties: Props, tableName: string): Props {
  const provisioned = properties.BillingMode === 'PROVISIONED'
  return defined({
    TableName: tableName,
    BillingMode: properties.BillingMode,
    AttributeDefinitions: properties.AttributeDefinitions,
    KeySchema: properties.KeySchema,
    ProvisionedThroughput: provisioned ? properties.ProvisionedThroughput : undefined,
    GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes?.map((g: Props) => ({
      IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection, ProvisionedThroughput: provisioned ? g.ProvisionedThroughput : undefined,
    })),
    LocalSecondaryIndexes: properties.LocalSecondaryIndexes,
    StreamSpecification: properties.StreamSpecification ? { StreamEnabled: true, StreamViewType: properties.StreamSpecification.StreamViewType } : undefined,
    TableClass: properties.TableClass,
    DeletionProtectionEnabled: properties.DeletionProtectionEnabled,
    Tags: properties.Tags,
  })
}
