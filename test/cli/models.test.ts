import { describe, expect, test } from 'bun:test'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { resolveConfig } from '../../src/config.ts'
import { loadDesign } from '../../src/single-table/index.ts'
import { runDbtooling } from '../support/cli.ts'

const blog = resolve(import.meta.dir, '../../fixtures/models/blog')

describe('single-table CLI commands', () => {
  test('models lists every model; models:show shows keys and patterns', async () => {
    const list = await runDbtooling(['models', '--models', blog, '--json'])
    expect(list.code).toBe(0)
    expect(JSON.parse(list.stdout).models.map((m: { model: string }) => m.model).sort()).toEqual(['Comment', 'Post', 'Profile', 'Project', 'Role', 'Tag', 'Team', 'User'])
    const show = await runDbtooling(['models:show', 'Post', '--models', blog])
    expect(show.code).toBe(0)
    expect(show.stdout).toContain('getPostBySlug')
    expect((await runDbtooling(['models:show', 'Nope', '--models', blog])).code).toBe(2)
  })

  test('schema --json is the CreateTable input; access-patterns has no Scan', async () => {
    const schema = JSON.parse((await runDbtooling(['schema', '--models', blog, '--json', '--table', 'blog'])).stdout)
    expect(schema.TableName).toBe('blog')
    expect(schema.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }])
    const patterns = JSON.parse((await runDbtooling(['access-patterns', '--models', blog, '--format', 'json'])).stdout)
    expect(patterns.length).toBeGreaterThan(20)
    expect(patterns.every((p: { operation: string }) => p.operation === 'GetItem' || p.operation === 'Query')).toBe(true)
    const md = await runDbtooling(['access-patterns', '--models', blog])
    expect(md.stdout).toStartWith('# Access patterns')
  })

  test('resolveConfig() + loadDesign() give a library user the design the CLI derives', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dbtooling-design-'))
    const table = { name: 'shop', billingMode: 'PROVISIONED', readCapacity: 7, writeCapacity: 3, ttlAttribute: 'ttl', stream: 'NEW_IMAGE' }
    writeFileSync(join(cwd, 'dbtooling.config.json'), JSON.stringify({ table, singleTableDesign: { partitionKey: 'PK', sortKey: 'SK', delimiter: '|' } }))
    const cli = await runDbtooling(['schema', '--models', blog, '--json'], { cwd })
    expect(cli.code).toBe(0)
    const config = await resolveConfig({ cwd, env: {} })
    const { schema } = await loadDesign(blog, config.singleTableDesign, { cwd })
    expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify(schema.table)))
    expect(schema.table.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 7, WriteCapacityUnits: 3 })
    expect(schema.table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' })
    expect(schema.config.ttlAttribute).toBe('ttl')
    expect(schema.entities.find(e => e.name === 'Post')?.keys.pk.template).toStartWith('POST|')
  })

  test('schema --create builds the table on the embedded engine by default', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dbtooling-schema-'))
    const out = await runDbtooling(['schema', '--create', '--models', blog, '--table', 'blog', '--json'], { cwd })
    expect(out.code).toBe(0)
    expect(JSON.parse(out.stdout).created).toBe('blog')
    const described = JSON.parse((await runDbtooling(['table:describe', 'blog', '--json'], { cwd })).stdout)
    expect(described.GlobalSecondaryIndexes.length).toBeGreaterThan(0)
  })

  test('ci:validate exits 0 on good models and 1 naming the file and field on bad ones', async () => {
    expect((await runDbtooling(['ci:validate', '--models', blog])).code).toBe(0)
    const dir = mkdtempSync(join(tmpdir(), 'dbtooling-bad-models-'))
    cpSync(blog, dir, { recursive: true })
    writeFileSync(join(dir, 'Comment.ts'), "export default { name: 'Comment', belongsTo: ['Ghost'], attributes: { body: { required: true } } }\n")
    writeFileSync(join(dir, 'Broken.ts'), 'export default { name: \n')
    const bad = await runDbtooling(['ci:validate', '--models', dir, '--json'])
    expect(bad.code).toBe(1)
    const report = JSON.parse(bad.stdout)
    expect(report.ok).toBe(false)
    // Every problem is listed, each naming its file: the broken import and the unknown relation.
    expect(report.problems.some((p: { file?: string; code: string }) => p.code === 'MODEL_IMPORT_FAILED' && p.file?.endsWith('Broken.ts'))).toBe(true)
    expect(report.problems.some((p: { message: string }) => p.message.includes('Ghost'))).toBe(true)
    const human = await runDbtooling(['ci:validate', '--models', dir])
    expect(human.stderr).toContain('problems in')
  })
})
