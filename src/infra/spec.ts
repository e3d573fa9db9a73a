/** `tableSpec(input)`: the deployed table, resolved once from the design and the table settings. */
import type { SseSetting, TableSettings } from '../config.ts'
import { InfraError } from './errors.ts'
import type { IndexSpec, InfraInput, ScalingSpec, SseSpec, TableSpec } from './types.ts'

export function tableSpec(input: InfraInput): TableSpec {
  const { schema } = input
  const settings: TableSettings = input.table ?? {}
  const table = schema.table
  const { baseName, prefix, suffix } = nameParts(table.TableName, settings)
  const globalIndexes: IndexSpec[] = (table.GlobalSecondaryIndexes ?? []).map((g) => ({
    name: g.IndexName,
    keySchema: g.KeySchema,
    projection: g.Projection,
    ...(g.ProvisionedThroughput ? { capacity: g.ProvisionedThroughput } : {}),
  }))
  const localIndexes: IndexSpec[] = (table.LocalSecondaryIndexes ?? []).map((l) => ({ name: l.IndexName, keySchema: l.KeySchema, projection: l.Projection }))
  const ttlAttribute = schema.ttl?.attribute ?? settings.ttlAttribute
  const stream = table.StreamSpecification?.StreamEnabled ? table.StreamSpecification.StreamViewType : undefined
  return {
    tableName: table.TableName,
    baseName,
    prefix,
    suffix,
    ...(input.environment ? { environment: input.environment } : {}),
    retain: input.production === true,
    keySchema: table.KeySchema,
    attributeDefinitions: table.AttributeDefinitions,
    billingMode: table.BillingMode,
    ...(table.ProvisionedThroughput ? { capacity: table.ProvisionedThroughput } : {}),
    globalIndexes,
    localIndexes,
    ...(ttlAttribute ? { ttlAttribute } : {}),
    ...(stream ? { stream } : {}),
    pointInTimeRecovery: settings.pointInTimeRecovery === true,
    sse: sseSpec(settings.sse),
    contributorInsights: settings.contributorInsights === true,
    ...(settings.deletionProtection !== undefined ? { deletionProtection: settings.deletionProtection } : {}),
    ...(settings.tableClass ? { tableClass: settings.tableClass } : {}),
    tags: Object.entries(settings.tags ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([Key, Value]) => ({ Key, Value })),
    scaling: scalingSpecs(settings, table.BillingMode, globalIndexes),
  }
}

/** Splits the table name into prefix, base and suffix; an explicit --table name has neither. */
function nameParts(tableName: string, settings: TableSettings): { baseName: string; prefix: string; suffix: string } {
  const prefix = settings.prefix ?? ''
  const suffix = settings.suffix ?? ''
  const fits = tableName.length > prefix.length + suffix.length && tableName.startsWith(prefix) && tableName.endsWith(suffix)
  if (!fits) return { baseName: tableName, prefix: '', suffix: '' }
  return { baseName: tableName.slice(prefix.length, tableName.length - suffix.length), prefix, suffix }
}

function sseSpec(sse: SseSetting | undefined): SseSpec {
  if (sse === undefined || sse === 'AWS_OWNED') return { kind: 'AWS_OWNED' }
  if (sse === 'AWS_MANAGED') return { kind: 'AWS_MANAGED' }
  if ('kmsKeyArn' in sse) return { kind: 'KMS_ARN', keyArn: sse.kmsKeyArn }
  return { kind: 'KMS_PARAMETER', parameter: sse.kmsKeyParameter }
}

function scalingSpecs(settings: TableSettings, billingMode: TableSpec['billingMode'], gsis: readonly IndexSpec[]): ScalingSpec[] {
  const scaling = settings.autoScaling
  if (!scaling) return []
  if (billingMode !== 'PROVISIONED') {
    throw new InfraError('table.autoScaling needs table.billingMode PROVISIONED with readCapacity and writeCapacity (on-demand tables scale by themselves)', 'table.autoScaling')
  }
  const names = new Set(gsis.map((g) => g.name))
  for (const name of Object.keys(scaling.indexes ?? {})) {
    if (!names.has(name)) {
      throw new InfraError(`table.autoScaling.indexes.${name}: the design has no GSI ${name}; its GSIs are ${[...names].join(', ') || 'none'}`, `table.autoScaling.indexes.${name}`)
    }
  }
  const out: ScalingSpec[] = []
  const add = (index: string | undefined, dimension: 'read' | 'write', range: ScalingSpec | Omit<ScalingSpec, 'dimension'> | undefined): void => {
    if (range) out.push({ ...(index ? { index } : {}), dimension, min: range.min, max: range.max, targetUtilization: range.targetUtilization })
  }
  add(undefined, 'read', scaling.read)
  add(undefined, 'write', scaling.write)
  for (const g of gsis) {
    add(g.name, 'read', scaling.indexes?.[g.name]?.read ?? scaling.read)
    add(g.name, 'write', scaling.indexes?.[g.name]?.write ?? scaling.write)
  }
  return out
}
