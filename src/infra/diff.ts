/**
 * Drift: the table the models derive against a deployed template's `AWS::DynamoDB::Table` or the
 * live table (DescribeTable and friends). Both sides are first put in one canonical shape, with
 * defaults made explicit and lists keyed by name, then every differing path is listed.
 */
import { InfraError } from './errors.ts'

export interface Difference {
  /** Dotted path in the canonical shape: `GlobalSecondaryIndexes.GSI2.Projection.ProjectionType`. */
  path: string
  expected: unknown
  actual: unknown
}

type Props = Record<string, unknown>
type Canonical = Record<string, unknown>

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): Props[] => (Array.isArray(v) ? v.filter(isRecord) : [])

/** The `AWS::DynamoDB::Table` of a template (the one named `logicalId`, else the only one). */
export function templateTable(template: unknown, logicalId?: string): Props {
  if (!isRecord(template) || !isRecord(template.Resources)) throw new InfraError('--against: the file is not a CloudFormation template (no Resources)', 'against')
  const tables = Object.entries(template.Resources).filter(([, r]) => isRecord(r) && r.Type === 'AWS::DynamoDB::Table')
  const chosen = logicalId ? tables.filter(([id]) => id === logicalId) : tables
  if (chosen.length !== 1) {
    throw new InfraError(`--against: expected one AWS::DynamoDB::Table${logicalId ? ` named ${logicalId}` : ''}, found ${chosen.length ? chosen.map(([id]) => id).join(', ') : 'none'}`, 'against')
  }
  const resource = (chosen[0] as [string, Props])[1]
  const properties = isRecord(resource.Properties) ? resource.Properties : {}
  return { ...properties, TableName: resolveName(properties.TableName, template.Parameters) }
}

/** A name given as `Fn::Sub` or `Ref` of parameters is read with the parameters' defaults. */
function resolveName(name: unknown, parameters: unknown): unknown {
  const params = isRecord(parameters) ? parameters : {}
  const value = (p: string): string | undefined => {
    const param = params[p]
    return isRecord(param) && typeof param.Default === 'string' ? param.Default : undefined
  }
  if (isRecord(name) && typeof name['Fn::Sub'] === 'string') return name['Fn::Sub'].replace(/\$\{([^}]+)\}/g, (whole, p: string) => value(p) ?? whole)
  if (isRecord(name) && typeof name.Ref === 'string') return value(name.Ref) ?? name
  return name
}

/** What the live-table API calls return, as far as they were made; parts left out are not compared. */
export interface LiveTable {
  /** DescribeTable's `Table`. */
  table: object
  /** DescribeTimeToLive's `TimeToLiveDescription`. */
  timeToLive?: object
  /** DescribeContinuousBackups's `ContinuousBackupsDescription`. */
  continuousBackups?: object
  /** ListTagsOfResource's `Tags`. */
  tags?: readonly object[]
}

const props = (o: object): Props => Object.fromEntries(Object.entries(o))

/** The live table in template property terms. */
export function liveTableProperties(live: LiveTable): { properties: Props; unchecked: string[] } {
  const t = props(live.table)
  const billing = (isRecord(t.BillingModeSummary) ? t.BillingModeSummary.BillingMode : undefined) ?? 'PROVISIONED'
  const throughput = (p: unknown): Props | undefined =>
    billing === 'PROVISIONED' && isRecord(p) ? { ReadCapacityUnits: p.ReadCapacityUnits, WriteCapacityUnits: p.WriteCapacityUnits } : undefined
  const stream = isRecord(t.StreamSpecification) && t.StreamSpecification.StreamEnabled ? { StreamViewType: t.StreamSpecification.StreamViewType } : undefined
  const sse = isRecord(t.SSEDescription) && t.SSEDescription.Status === 'ENABLED' ? { SSEEnabled: true, SSEType: t.SSEDescription.SSEType, KMSMasterKeyId: t.SSEDescription.KMSMasterKeyArn } : undefined
  const properties: Props = {
    TableName: t.TableName,
    BillingMode: billing,
    AttributeDefinitions: t.AttributeDefinitions,
    KeySchema: t.KeySchema,
    ProvisionedThroughput: throughput(t.ProvisionedThroughput),
    GlobalSecondaryIndexes: list(t.GlobalSecondaryIndexes).map((g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection, ProvisionedThroughput: throughput(g.ProvisionedThroughput) })),
    LocalSecondaryIndexes: list(t.LocalSecondaryIndexes).map((l) => ({ IndexName: l.IndexName, KeySchema: l.KeySchema, Projection: l.Projection })),
    StreamSpecification: stream,
    SSESpecification: sse,
    DeletionProtectionEnabled: t.DeletionProtectionEnabled,
    TableClass: isRecord(t.TableClassSummary) ? t.TableClassSummary.TableClass : undefined,
  }
  const unchecked = ['ContributorInsightsSpecification']
  if (live.timeToLive) {
    const ttl = props(live.timeToLive)
    const on = ttl.TimeToLiveStatus === 'ENABLED' || ttl.TimeToLiveStatus === 'ENABLING'
    properties.TimeToLiveSpecification = on ? { AttributeName: ttl.AttributeName, Enabled: true } : undefined
  } else unchecked.push('TimeToLiveSpecification')
  if (live.continuousBackups) {
    const pitr = props(live.continuousBackups).PointInTimeRecoveryDescription
    properties.PointInTimeRecoverySpecification = { PointInTimeRecoveryEnabled: isRecord(pitr) && pitr.PointInTimeRecoveryStatus === 'ENABLED' }
  } else unchecked.push('PointInTimeRecoverySpecification')
  if (live.tags) properties.Tags = live.tags.map(props)
  else unchecked.push('Tags')
  return { properties, unchecked }
}

const byName = (items: Props[], key: string, map: (p: Props) => unknown): Record<string, unknown> =>
  Object.fromEntries(items.map((i) => [String(i[key]), map(i)]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)))

const enabled = (spec: unknown, key: string): boolean => isRecord(spec) && spec[key] === true
const keys = (schema: unknown): Record<string, unknown> => byName(list(schema), 'KeyType', (k) => k.AttributeName)
const projection = (p: unknown): Canonical => {
  const r = isRecord(p) ? p : {}
  return { ProjectionType: r.ProjectionType ?? 'ALL', NonKeyAttributes: Array.isArray(r.NonKeyAttributes) ? [...r.NonKeyAttributes].sort() : [] }
}
const throughput = (billing: unknown, p: unknown): unknown =>
  billing === 'PROVISIONED' && isRecord(p) ? { ReadCapacityUnits: Number(p.ReadCapacityUnits), WriteCapacityUnits: Number(p.WriteCapacityUnits) } : null

/** Template or live properties with every default spelled out, lists keyed by name. */
export function canonicalTable(p: Props, skip: readonly string[] = []): Canonical {
  const billing = p.BillingMode ?? 'PROVISIONED'
  const sse = isRecord(p.SSESpecification) && p.SSESpecification.SSEEnabled === true
    ? { SSEType: p.SSESpecification.SSEType ?? 'KMS', KMSMasterKeyId: p.SSESpecification.KMSMasterKeyId ?? 'aws/dynamodb' }
    : 'AWS_OWNED'
  const ttl = isRecord(p.TimeToLiveSpecification) && p.TimeToLiveSpecification.Enabled === true ? p.TimeToLiveSpecification.AttributeName : null
  const out: Canonical = {
    TableName: p.TableName,
    BillingMode: billing,
    AttributeDefinitions: byName(list(p.AttributeDefinitions), 'AttributeName', (a) => a.AttributeType),
    KeySchema: keys(p.KeySchema),
    ProvisionedThroughput: throughput(billing, p.ProvisionedThroughput),
    GlobalSecondaryIndexes: byName(list(p.GlobalSecondaryIndexes), 'IndexName', (g) => ({
      KeySchema: keys(g.KeySchema),
      Projection: projection(g.Projection),
      ProvisionedThroughput: throughput(billing, g.ProvisionedThroughput),
      ...(skip.includes('ContributorInsightsSpecification') ? {} : { ContributorInsights: enabled(g.ContributorInsightsSpecification, 'Enabled') }),
    })),
    LocalSecondaryIndexes: byName(list(p.LocalSecondaryIndexes), 'IndexName', (l) => ({ KeySchema: keys(l.KeySchema), Projection: projection(l.Projection) })),
    TimeToLive: ttl,
    Stream: isRecord(p.StreamSpecification) ? p.StreamSpecification.StreamViewType ?? null : null,
    PointInTimeRecovery: enabled(p.PointInTimeRecoverySpecification, 'PointInTimeRecoveryEnabled'),
    SSE: sse,
    ContributorInsights: enabled(p.ContributorInsightsSpecification, 'Enabled'),
    DeletionProtection: p.DeletionProtectionEnabled === true,
    TableClass: p.TableClass ?? 'STANDARD',
    Tags: byName(list(p.Tags), 'Key', (t) => t.Value),
  }
  const skipped: Record<string, string> = { TimeToLiveSpecification: 'TimeToLive', PointInTimeRecoverySpecification: 'PointInTimeRecovery', ContributorInsightsSpecification: 'ContributorInsights', Tags: 'Tags' }
  for (const s of skip) delete out[skipped[s] ?? s]
  return out
}

/** Every difference between the derived table properties and the deployed ones. */
export function diffTables(expected: Props, actual: Props, options: { skip?: readonly string[]; ignoreName?: boolean } = {}): Difference[] {
  const skip = options.skip ?? []
  const a = canonicalTable(expected, skip)
  const b = canonicalTable(actual, skip)
  if (options.ignoreName) {
    delete a.TableName
    delete b.TableName
  }
  // A customer key given as a parameter or the AWS-managed key reads back as a key ARN: compare the type only.
  if (isRecord(a.SSE) && isRecord(b.SSE) && (typeof a.SSE.KMSMasterKeyId !== 'string' || a.SSE.KMSMasterKeyId === 'aws/dynamodb')) b.SSE = { ...b.SSE, KMSMasterKeyId: a.SSE.KMSMasterKeyId }
  const out: Difference[] = []
  walk(a, b, '', out)
  return out
}

function walk(a: unknown, b: unknown, path: string, out: Difference[]): void {
  if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) walk(a[key], b[key], path ? `${path}.${key}` : key, out)
    return
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, expected: a ?? null, actual: b ?? null })
}
