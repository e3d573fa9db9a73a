/** Metadata the engine keeps per table (stored as JSON in the `tables` row). */

export interface KeyNames {
  hash: string
  range?: string
}

export interface KeySchemaElement {
  AttributeName: string
  KeyType: 'HASH' | 'RANGE'
}

export interface AttributeDefinition {
  AttributeName: string
  AttributeType: 'S' | 'N' | 'B'
}

export interface Projection {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'
  NonKeyAttributes?: string[]
}

export interface Throughput {
  ReadCapacityUnits: number
  WriteCapacityUnits: number
}

export interface IndexMeta {
  /** Storage id within the table; 0 is the table itself. */
  id: number
  name: string
  kind: 'GSI' | 'LSI'
  key: KeyNames
  keySchema: KeySchemaElement[]
  projection: Projection
  throughput?: Throughput
  /** DynamoDB Local reports OnDemandThroughput on GSIs added by UpdateTable to on-demand tables. */
  onDemand?: boolean
}

export interface StreamMeta {
  enabled: boolean
  viewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES'
  label: string
  arn: string
  createdAt: number
}

export interface TableMeta {
  id: number
  name: string
  key: KeyNames
  keySchema: KeySchemaElement[]
  attributeDefinitions: AttributeDefinition[]
  indexes: IndexMeta[]
  /** Seconds since the epoch, with milliseconds. */
  createdAt: number
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST'
  /** Set once UpdateTable changed the billing mode: DynamoDB Local then always shows BillingModeSummary. */
  billingModeChanged?: boolean
  throughput: Throughput
  stream?: StreamMeta
  ttl?: { attribute: string; enabled: boolean }
  tags: Record<string, string>
  deletionProtection: boolean
  tableClass?: string
  nextIndexId: number
}

/** Key-type lookup: 'S' | 'N' | 'B' per key attribute name. */
export function attributeType(meta: TableMeta, name: string): 'S' | 'N' | 'B' | undefined {
  return meta.attributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType
}

export function tableArn(name: string): string {
  return `arn:aws:dynamodb:ddblocal:000000000000:table/${name}`
}
