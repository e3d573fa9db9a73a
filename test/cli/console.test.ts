import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { DocumentClient } from '../../src/dynamodb/document.ts'
import { runDbtooling } from '../support/cli.ts'
import { dynamodbLocal, dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { cliDocumentClient, createTable, deleteTables } from './transfer-support.ts'

describe.skipIf(!dynamodbLocalAvailable)('console (DynamoDB Local, real CLI)', () => {
  let endpoint: string
  let doc: DocumentClient
  let table: string

  beforeAll(async () => {
    endpoint = (await dynamodbLocal()).endpoint
    doc = cliDocumentClient(endpoint)
    table = await createTable(doc, 'console')
  })
  afterAll(async () => {
    await deleteTables(doc, [table])
  })

  test('piped lines run with doc, config and the builders in scope; errors do not stop it; .exit quits', async () => {
    const lines = [
      'await doc.put({ table, item: { pk: "U#1", sk: 1, name: "Ada", tags: new Set(["a"]) } })',
      'const got = await doc.get({ table, key: { pk: "U#1", sk: 1 } })',
      'got.name.toUpperCase()',
      'missingFunction()',
      'config.tableName === table',
      'let n = 40',
      'n + 2',
      '_ * 2',
      'compileRequest({ condition: and(eq("name", "Ada"), attributeExists("tags")) }).ConditionExpression',
      'await doc.update({ table, key: { pk: "U#1", sk: 1 }, update: update().add("visits", 3), returnValues: "ALL_NEW" })',
      '.exit',
      '"never printed"',
    ]
    const r = await runDbtooling(['console', '--endpoint-url', endpoint, '--table', table], { stdin: lines.join('\n') + '\n' })
    expect(r.stdout).toContain('"ADA"')
    expect(r.stdout).toContain('true')
    expect(r.stdout).toContain('42')
    expect(r.stdout).toContain('84')
    expect(r.stdout).toMatch(/#n0 = :v0\)? AND \(?attribute_exists\(#n1\)/)
    expect(r.stdout).toContain('visits: 3')
    expect(r.stdout).not.toContain('never printed')
    expect(r.stderr).toContain('missingFunction is not defined')
    // The failing line did not stop the later ones; piped, the exit code says one line failed.
    expect(r.code).toBe(1)
    expect(await doc.get({ table, key: { pk: 'U#1', sk: 1 } })).toEqual({ pk: 'U#1', sk: 1, name: 'Ada', tags: new Set(['a']), visits: 3 })
  }, 60_000)

  test('all lines succeeding exits 0', async () => {
    const r = await runDbtooling(['console', '--endpoint-url', endpoint, '--table', table], { stdin: '1 + 1\nfor (const x of [1]) { x }\n' })
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe('2')
  }, 60_000)

  test('an unfinished line continues on the next one', async () => {
    const stdin = ['const double = async (key) => {', '  const item = await doc.get({ table, key })', '  return item.name.repeat(2)', '}', 'await double({', '  pk: "U#1", sk: 1 })'].join('\n')
    const r = await runDbtooling(['console', '--endpoint-url', endpoint, '--table', table], { stdin })
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('"AdaAda"')
    expect(r.code).toBe(0)
  }, 60_000)
})
