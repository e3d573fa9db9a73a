/**
 * Terraform (HCL) from a `TableSpec`: `aws_dynamodb_table`, contributor insights, and
 * `aws_appautoscaling_target`/`_policy` pairs when the config asks for auto scaling. Variables
 * carry the name prefix, the tags and, when the config names one, the KMS key ARN.
 */
import { scalingId, scalingTarget } from './cloudformation.ts'
import type { TableSpec } from './types.ts'

type Hcl = string | number | boolean | { raw: string }

const str = (value: string): string => JSON.stringify(value).replaceAll('${', '$${').replaceAll('%{', '%%{')
const val = (value: Hcl): string => (typeof value === 'object' ? value.raw : typeof value === 'string' ? str(value) : String(value))

/** One block: attributes first (aligned as `terraform fmt` does), then nested blocks. */
function block(header: string, attributes: [string, Hcl][], nested: string[] = [], indent = ''): string {
  const width = Math.max(0, ...attributes.map(([k]) => k.length))
  const lines = [`${indent}${header} {`]
  for (const [key, value] of attributes) lines.push(`${indent}  ${key.padEnd(width)} = ${val(value)}`)
  for (const n of nested) lines.push(n)
  lines.push(`${indent}}`)
  return lines.join('\n')
}

const snake = (s: string): string => s.replace(/[^A-Za-z0-9]+/g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()

export function terraformConfig(spec: TableSpec): string {
  const out: string[] = [`# DynamoDB table ${spec.baseName} derived by dbtooling from the models${spec.environment ? ` (environment ${spec.environment})` : ''}.`]
  out.push(block('variable "table_prefix"', [['description', 'Prefix of the table name'], ['type', { raw: 'string' }], ['default', spec.prefix]]))
  const tags = spec.tags.length ? `{\n${spec.tags.map((t) => `    ${str(t.Key)} = ${str(t.Value)}`).join('\n')}\n  }` : '{}'
  out.push(block('variable "tags"', [['description', 'Tags of the table'], ['type', { raw: 'map(string)' }], ['default', { raw: tags }]]))
  if (spec.sse.kind === 'KMS_PARAMETER') {
    out.push(block('variable "kms_key_arn"', [['description', 'ARN of the customer managed KMS key that encrypts the table'], ['type', { raw: 'string' }]]))
  }

  const attrs: [string, Hcl][] = [
    ['name', { raw: `"\${var.table_prefix}${spec.baseName}${spec.suffix}"` }],
    ['billing_mode', spec.billingMode],
    ['hash_key', keyOf(spec.keySchema, 'HASH') as string],
  ]
  const range = keyOf(spec.keySchema, 'RANGE')
  if (range) attrs.push(['range_key', range])
  if (spec.capacity) attrs.push(['read_capacity', spec.capacity.ReadCapacityUnits], ['write_capacity', spec.capacity.WriteCapacityUnits])
  if (spec.tableClass) attrs.push(['table_class', spec.tableClass])
  if (spec.deletionProtection !== undefined) attrs.push(['deletion_protection_enabled', spec.deletionProtection])
  if (spec.stream) attrs.push(['stream_enabled', true], ['stream_view_type', spec.stream])
  attrs.push(['tags', { raw: 'var.tags' }])

  const nested: string[] = []
  for (const a of spec.attributeDefinitions) nested.push(block('attribute', [['name', a.AttributeName], ['type', a.AttributeType]], [], '  '))
  for (const g of spec.globalIndexes) {
    const ga: [string, Hcl][] = [['name', g.name], ['hash_key', keyOf(g.keySchema, 'HASH') as string]]
    const gr = keyOf(g.keySchema, 'RANGE')
    if (gr) ga.push(['range_key', gr])
    ga.push(['projection_type', g.projection.ProjectionType])
    if (g.projection.NonKeyAttributes?.length) ga.push(['non_key_attributes', { raw: JSON.stringify(g.projection.NonKeyAttributes) }])
    if (g.capacity) ga.push(['read_capacity', g.capacity.ReadCapacityUnits], ['write_capacity', g.capacity.WriteCapacityUnits])
    nested.push(block('global_secondary_index', ga, [], '  '))
  }
  for (const l of spec.localIndexes) {
    const la: [string, Hcl][] = [['name', l.name], ['range_key', keyOf(l.keySchema, 'RANGE') as string], ['projection_type', l.projection.ProjectionType]]
    if (l.projection.NonKeyAttributes?.length) la.push(['non_key_attributes', { raw: JSON.stringify(l.projection.NonKeyAttributes) }])
    nested.push(block('local_secondary_index', la, [], '  '))
  }
  if (spec.ttlAttribute) nested.push(block('ttl', [['attribute_name', spec.ttlAttribute], ['enabled', true]], [], '  '))
  if (spec.pointInTimeRecovery) nested.push(block('point_in_time_recovery', [['enabled', true]], [], '  '))
  if (spec.sse.kind !== 'AWS_OWNED') {
    const sa: [string, Hcl][] = [['enabled', true]]
    if (spec.sse.kind === 'KMS_ARN') sa.push(['kms_key_arn', spec.sse.keyArn])
    if (spec.sse.kind === 'KMS_PARAMETER') sa.push(['kms_key_arn', { raw: 'var.kms_key_arn' }])
    nested.push(block('server_side_encryption', sa, [], '  '))
  }
  const lifecycle: [string, Hcl][] = []
  if (spec.retain) lifecycle.push(['prevent_destroy', true])
  // Auto scaling owns the capacity once deployed; Terraform must not set it back.
  if (spec.scaling.length) lifecycle.push(['ignore_changes', { raw: spec.scaling.some((s) => s.index) ? '[read_capacity, write_capacity, global_secondary_index]' : '[read_capacity, write_capacity]' }])
  if (lifecycle.length) nested.push(block('lifecycle', lifecycle, [], '  '))
  out.push(block('resource "aws_dynamodb_table" "table"', attrs, nested))

  if (spec.contributorInsights) {
    out.push(block('resource "aws_dynamodb_contributor_insights" "table"', [['table_name', { raw: 'aws_dynamodb_table.table.name' }]]))
    for (const g of spec.globalIndexes) {
      out.push(block(`resource "aws_dynamodb_contributor_insights" "${snake(g.name)}"`, [['table_name', { raw: 'aws_dynamodb_table.table.name' }], ['index_name', g.name]]))
    }
  }
  for (const s of spec.scaling) {
    const id = snake(scalingId(s))
    const t = scalingTarget(s, '${aws_dynamodb_table.table.name}')
    out.push(block(`resource "aws_appautoscaling_target" "${id}"`, [
      ['service_namespace', 'dynamodb'],
      ['resource_id', { raw: JSON.stringify(t.resourceId) }],
      ['scalable_dimension', t.dimension],
      ['min_capacity', s.min],
      ['max_capacity', s.max],
    ]))
    out.push(block(`resource "aws_appautoscaling_policy" "${id}"`, [
      ['name', `${scalingId(s)}TargetTracking`],
      ['policy_type', 'TargetTrackingScaling'],
      ['service_namespace', { raw: `aws_appautoscaling_target.${id}.service_namespace` }],
      ['resource_id', { raw: `aws_appautoscaling_target.${id}.resource_id` }],
      ['scalable_dimension', { raw: `aws_appautoscaling_target.${id}.scalable_dimension` }],
    ], [
      block('target_tracking_scaling_policy_configuration', [['target_value', s.targetUtilization]], [
        block('predefined_metric_specification', [['predefined_metric_type', t.metric]], [], '    '),
      ], '  '),
    ]))
  }
  out.push(block('output "table_name"', [['value', { raw: 'aws_dynamodb_table.table.name' }]]))
  out.push(block('output "table_arn"', [['value', { raw: 'aws_dynamodb_table.table.arn' }]]))
  if (spec.stream) out.push(block('output "table_stream_arn"', [['value', { raw: 'aws_dynamodb_table.table.stream_arn' }]]))
  return `${out.join('\n\n')}\n`
}

function keyOf(schema: readonly { AttributeName: string; KeyType: string }[], type: 'HASH' | 'RANGE'): string | undefined {
  return schema.find((k) => k.KeyType === type)?.AttributeName
}
