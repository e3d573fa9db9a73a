/**
 * Secondary indexes. Each entity lists the index keys its items need (list all, each relation to a
 * parent outside its partition, each declared index, the inverted edge index); the n-th need of
 * every entity goes to the n-th overloaded GSI (`GSI{n}PK` / `GSI{n}SK`), so the table has as many
 * GSIs as the most demanding entity needs. Declared indexes that only re-sort an item collection
 * become LSIs (`LSI{n}SK`) while LSI slots last.
 */
import { SingleTableError } from '../errors.ts'
import { keyPattern } from './keys.ts'
import type { CreateTableInput, EntityDefinition, IndexPurpose, KeySchemaElement, ResolvedSingleTableConfig } from './types.ts'

export interface IndexUse {
  purpose: IndexPurpose
  /** What it serves, for people: `belongsTo Team`, `index users_role_created_index`. */
  serves: string
  /** Name of the access pattern it serves. */
  pattern: string
  /** Partition key template; absent for LSIs. */
  pk?: string
  sk: string
}

export interface IndexPlan {
  entity: EntityDefinition
  gsi: IndexUse[]
  lsi: IndexUse[]
}

export const gsiName = (n: number): string => `GSI${n}`
export const lsiName = (n: number): string => `LSI${n}`

/** Assigns index slots (mutating `entity.indexKeys`) and returns how many GSIs and LSIs the table needs. */
export function assignIndexes(plans: readonly IndexPlan[], cfg: ResolvedSingleTableConfig): { gsis: number; lsis: number } {
  let gsis = 0
  let lsis = 0
  const unserved: string[] = []
  for (const plan of plans) {
    const gsiUses = [...plan.gsi]
    plan.lsi.forEach((use, i) => {
      if (i < cfg.lsiCount) {
        const name = lsiName(i + 1)
        plan.entity.indexKeys.push({ index: name, type: 'LSI', purpose: use.purpose, sk: keyPattern(`${name}SK`, use.sk), serves: use.serves })
        lsis = Math.max(lsis, i + 1)
      } else {
        // out of LSI slots: the same partition and order on a GSI
        gsiUses.push({ ...use, pk: plan.entity.keys.pk.template })
      }
    })
    gsiUses.forEach((use, i) => {
      if (i >= cfg.gsiCount) {
        unserved.push(`${use.pattern} (${plan.entity.name}: ${use.serves})`)
        return
      }
      const name = gsiName(i + 1)
      plan.entity.indexKeys.push({
        index: name,
        type: 'GSI',
        purpose: use.purpose,
        pk: keyPattern(`${name}PK`, use.pk ?? ''),
        sk: keyPattern(`${name}SK`, use.sk),
        serves: use.serves,
      })
      gsis = Math.max(gsis, i + 1)
    })
  }
  if (unserved.length > 0) {
    const needed = Math.max(...plans.map((p) => p.gsi.length + Math.max(0, p.lsi.length - cfg.lsiCount)))
    throw new SingleTableError(
      'TOO_MANY_INDEXES',
      `the models need ${needed} global secondary indexes but singleTableDesign.gsiCount allows ${cfg.gsiCount}; ` +
        `unserved access patterns: ${unserved.join('; ')}. Raise gsiCount (DynamoDB allows 20) or drop those indexes/relations`,
      { issues: unserved.map((u) => ({ field: 'gsiCount', message: u })) },
    )
  }
  return { gsis, lsis }
}

export function createTableInput(cfg: ResolvedSingleTableConfig, gsis: number, lsis: number): CreateTableInput {
  const key = (hash: string, range: string): KeySchemaElement[] => [
    { AttributeName: hash, KeyType: 'HASH' },
    { AttributeName: range, KeyType: 'RANGE' },
  ]
  const names = [cfg.partitionKey, cfg.sortKey]
  for (let n = 1; n <= gsis; n++) names.push(`${gsiName(n)}PK`, `${gsiName(n)}SK`)
  for (let n = 1; n <= lsis; n++) names.push(`${lsiName(n)}SK`)
  const provisioned =
    cfg.billing === 'PAY_PER_REQUEST'
      ? undefined
      : { ReadCapacityUnits: cfg.billing.readCapacityUnits, WriteCapacityUnits: cfg.billing.writeCapacityUnits }

  const table: CreateTableInput = {
    TableName: cfg.tableName,
    KeySchema: key(cfg.partitionKey, cfg.sortKey),
    AttributeDefinitions: names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
  }
  if (provisioned) table.ProvisionedThroughput = provisioned
  if (gsis > 0) {
    table.GlobalSecondaryIndexes = Array.from({ length: gsis }, (_, i) => {
      const name = gsiName(i + 1)
      return {
        IndexName: name,
        KeySchema: key(`${name}PK`, `${name}SK`),
        Projection: { ProjectionType: 'ALL' as const },
        ...(provisioned ? { ProvisionedThroughput: provisioned } : {}),
      }
    })
  }
  if (lsis > 0) {
    table.LocalSecondaryIndexes = Array.from({ length: lsis }, (_, i) => ({
      IndexName: lsiName(i + 1),
      KeySchema: key(cfg.partitionKey, `${lsiName(i + 1)}SK`),
      Projection: { ProjectionType: 'ALL' as const },
    }))
  }
  if (cfg.stream !== false) table.StreamSpecification = { StreamEnabled: true, StreamViewType: cfg.stream }
  return table
}
