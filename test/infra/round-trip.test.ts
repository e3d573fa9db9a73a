/**
 * Round trip: the table properties of the generated CloudFormation, turned into a CreateTable
 * request (mappings.ts), create the table on DynamoDB Local and on the embedded engine, and the
 * whole access-pattern suite passes on it.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { cloudFormationTemplate, tableSpec, templateTable } from '../../src/infra/index.ts'
import { analyticsSeed, blogSeed, runApp, type Seed } from '../single-table/access-pattern-suite.ts'
import { targets } from '../support/targets.ts'
import { createTableRequest } from './mappings.ts'
import { APPS, infraInput, type App } from './support.ts'

const CASES: [App, string, () => Seed][] = [
  ['blog', 'staging', blogSeed],
  ['blog', 'production', blogSeed],
  ['analytics', 'production', analyticsSeed],
]

for (const target of targets) {
  describe.skipIf(!target.available)(`CloudFormation round trip on ${target.name}`, () => {
    const counts: Record<string, unknown> = {}
    afterAll(() => {
      if (Object.keys(counts).length > 0) console.info(`[infra round trip ${target.name}]`, JSON.stringify(counts))
    })

    for (const [app, env, seed] of CASES) {
      test(`${app} (${env}): the template's table serves every access pattern`, async () => {
        const properties = templateTable(cloudFormationTemplate(tableSpec(await infraInput(app, env))))
        counts[`${app}-${env}`] = await runApp(target, APPS[app], seed(), {
          async create(client, schema) {
            const request = createTableRequest(properties, schema.table.TableName)
            await client.createTable(request as Parameters<typeof client.createTable>[0])
            const described = (await client.describeTable({ TableName: schema.table.TableName })).Table
            expect(described?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(request.GlobalSecondaryIndexes?.map((g: { IndexName: string }) => g.IndexName).sort())
            expect(described?.StreamSpecification?.StreamViewType).toBe(request.StreamSpecification?.StreamViewType)
            const ttl = properties.TimeToLiveSpecification as { AttributeName: string } | undefined
            if (ttl) await client.updateTimeToLive({ TableName: schema.table.TableName, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } })
          },
          async remove(client, tableName) {
            await client.updateTable({ TableName: tableName, DeletionProtectionEnabled: false })
          },
        })
      }, 60_000)
    }
  })
}
