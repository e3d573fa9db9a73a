/** The table the scoped-entity API expects, as a CreateTable request. */
import { SCOPED_INDEXES, SEQUENCE } from './constants.ts'

export interface ScopedTableSchemaOptions {
  billingMode?: 'PAY_PER_REQUEST' | 'PROVISIONED'
  /** Read and write capacity of the table and each index, for PROVISIONED. */
  capacity?: { read: number; write: number }
}

/** CreateTable input: key `model` + `id`, five GSIs (indexScope ... indexXid) sorted by `sequence`, all projected. */
export function scopedTableSchema(tableName: string, options: ScopedTableSchemaOptions = {}) {
  const billingMode = options.billingMode ?? 'PAY_PER_REQUEST'
  const throughput = billingMode === 'PROVISIONED' ? { ProvisionedThroughput: { ReadCapacityUnits: options.capacity?.read ?? 5, WriteCapacityUnits: options.capacity?.write ?? 5 } } : {}
  return {
    TableName: tableName,
    BillingMode: billingMode,
    KeySchema: [
      { AttributeName: 'model', KeyType: 'HASH' as const },
      { AttributeName: 'id', KeyType: 'RANGE' as const },
    ],
    AttributeDefinitions: [
      { AttributeName: 'model', AttributeType: 'S' as const },
      { AttributeName: 'id', AttributeType: 'S' as const },
      { AttributeName: SEQUENCE, AttributeType: 'N' as const },
      ...SCOPED_INDEXES.map(name => ({ AttributeName: name, AttributeType: 'S' as const })),
    ],
    GlobalSecondaryIndexes: SCOPED_INDEXES.map(name => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: name, KeyType: 'HASH' as const },
        { AttributeName: SEQUENCE, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
      ...throughput,
    })),
    ...throughput,
  }
}
