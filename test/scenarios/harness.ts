/**
 * Scenario harness: a scenario is written once against the DocumentClient and registered for
 * every available target (DynamoDB Local, the embedded engine, DBTOOLING_TEST_ENDPOINT), with
 * the same assertions on each.
 */
import { afterAll, beforeAll, describe } from 'bun:test'
import { DocumentClient } from '../../src/dynamodb/document.ts'
import { targets, testCredentials, testRegion, uniqueTableName, type RunningTarget, type Target } from '../support/targets.ts'

export interface KeyAttribute {
  name: string
  type?: 'S' | 'N' | 'B'
}

export interface TableSpec {
  partitionKey?: KeyAttribute
  sortKey?: KeyAttribute | null
  gsis?: { name: string; partitionKey: KeyAttribute; sortKey?: KeyAttribute; projection?: 'ALL' | 'KEYS_ONLY' }[]
  stream?: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES'
}

export interface ScenarioContext {
  target: Target
  endpoint: string
  doc: DocumentClient
  /** Creates a table (pk/sk strings by default) that is deleted after the scenario. */
  createTable(spec?: TableSpec): Promise<string>
}

export function scenario(title: string, body: (ctx: ScenarioContext) => void): void {
  for (const target of targets) {
    describe.skipIf(!target.available)(`${title} [${target.name}]`, () => {
      const created: string[] = []
      const ctx = { target } as ScenarioContext
      let running: RunningTarget | undefined
      beforeAll(async () => {
        running = await target.start()
        ctx.endpoint = running.endpoint
        ctx.doc = new DocumentClient({ endpoint: ctx.endpoint, region: testRegion, credentials: testCredentials })
        ctx.createTable = async spec => {
          const name = uniqueTableName('scn')
          await ctx.doc.client.send('CreateTable', createTableInput(name, spec ?? {}) as never)
          await ctx.doc.waitForTableActive(name, { intervalMs: 50, timeoutMs: 30_000 })
          created.push(name)
          return name
        }
      })
      afterAll(async () => {
        for (const name of created) await ctx.doc.client.send('DeleteTable', { TableName: name } as never).catch(() => undefined)
        ctx.doc?.close()
        await running?.stop()
      })
      body(ctx)
    })
  }
}

export function createTableInput(name: string, spec: TableSpec): Record<string, unknown> {
  const pk = spec.partitionKey ?? { name: 'pk' }
  const sk = spec.sortKey === null ? undefined : spec.sortKey ?? { name: 'sk' }
  const definitions = new Map<string, string>()
  const define = (a: KeyAttribute) => definitions.set(a.name, a.type ?? 'S')
  define(pk)
  if (sk) define(sk)
  const gsis = (spec.gsis ?? []).map(g => {
    define(g.partitionKey)
    if (g.sortKey) define(g.sortKey)
    return {
      IndexName: g.name,
      KeySchema: [{ AttributeName: g.partitionKey.name, KeyType: 'HASH' }, ...(g.sortKey ? [{ AttributeName: g.sortKey.name, KeyType: 'RANGE' }] : [])],
      Projection: { ProjectionType: g.projection ?? 'ALL' },
    }
  })
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: pk.name, KeyType: 'HASH' }, ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : [])],
    AttributeDefinitions: [...definitions].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    ...(gsis.length ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(spec.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } } : {}),
  }
}
