import { expect, test } from 'bun:test'
import { runDbtooling } from '../support/cli.ts'
import { startLocal } from '../../src/local/server.ts'
import { uniqueTableName } from '../support/targets.ts'

test('scoped:create-table --print shows the schema; without it the table is created ACTIVE', async () => {
  const printed = await runDbtooling(['scoped:create-table', 'app', '--print', '--json'])
  expect(printed.code).toBe(0)
  const schema = JSON.parse(printed.stdout)
  expect(schema.KeySchema).toEqual([{ AttributeName: 'model', KeyType: 'HASH' }, { AttributeName: 'id', KeyType: 'RANGE' }])
  expect(schema.GlobalSecondaryIndexes.map((g: { IndexName: string }) => g.IndexName)).toEqual(['indexScope', 'indexAlias', 'indexClass', 'indexType', 'indexXid'])

  const server = await startLocal({ port: 0, inMemory: true })
  try {
    const table = uniqueTableName('scoped-cli')
    const created = await runDbtooling(['--endpoint-url', server.endpoint, 'scoped:create-table', table, '--json'])
    expect(created.stderr).toBe('')
    expect(JSON.parse(created.stdout)).toEqual({ table, status: 'ACTIVE' })
    const again = await runDbtooling(['--endpoint-url', server.endpoint, 'scoped:create-table', table])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('ResourceInUseException')
    const bad = await runDbtooling(['scoped:create-table', 'x', '--billing', 'FREE'])
    expect(bad.code).toBe(2)
  } finally {
    await server.stop()
  }
}, 30_000)
