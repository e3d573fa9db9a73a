/**
 * The generic and model-aware tools and the safety rules, through the server's own dispatcher on
 * DynamoDB Local and the embedded engine (the transports are covered by sdk-client and http-transport).
 */
import { expect, test } from 'bun:test'
import { resolve } from 'node:path'
import { createMcpServer, Session, type McpServer, type SafetyPolicy } from '../../src/mcp/index.ts'
import { loadDesign, type SingleTableDesign } from '../../src/single-table/load-design.ts'
import { toItem } from '../../src/single-table/items/to-item.ts'
import { scenario } from '../scenarios/harness.ts'
import { uniqueTableName } from '../support/targets.ts'

const BLOG = resolve(import.meta.dir, '../../fixtures/models/blog')

type Result = { structuredContent?: Record<string, any>; isError?: boolean; content: { text: string }[] }
function caller(server: McpServer) {
  const session = new Session()
  let id = 0
  return async (name: string, args: Record<string, unknown> = {}): Promise<Result> => {
    const response = await server.handle({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: args } }, session)
    if (!response || !('result' in response)) throw new Error(`no result: ${JSON.stringify(response)}`)
    return response.result as unknown as Result
  }
}
const ok = (r: Result) => {
  if (r.isError) throw new Error(r.content[0]!.text)
  return r.structuredContent!
}

scenario('MCP generic and model tools, safety', ctx => {
  let design: SingleTableDesign
  let table: string
  const server = (policy: SafetyPolicy) => createMcpServer({ doc: ctx.doc, table: 'unused', policy, design: { available: async () => true, load: async () => design } })

  test('setup: the blog design on a fresh table', async () => {
    table = uniqueTableName('mcp-blog')
    design = await loadDesign(BLOG, { tableName: table })
    await ctx.doc.client.send('CreateTable', design.schema.table as never)
    await ctx.doc.waitForTableActive(table, { intervalMs: 50 })
  })

  test('model tools: list, show, patterns, explain, run with paging', async () => {
    const call = caller(server({ allowWrites: true }))
    expect(ok(await call('dynamodb_list_models')).models.map((m: { name: string }) => m.name)).toContain('User')
    const shown = ok(await call('dynamodb_show_model', { name: 'User' }))
    expect(shown.accessPatterns.map((p: { name: string }) => p.name)).toContain('getUser')
    expect((await call('dynamodb_show_model', { name: 'Nope' })).content[0]!.text).toContain('no model Nope')
    const patterns = ok(await call('dynamodb_list_access_patterns', { entity: 'Post' })).patterns
    expect(patterns.every((p: { entity: string }) => p.entity === 'Post')).toBe(true)

    const User = design.schema.entities.find(e => e.name === 'User')!
    const ada = toItem(User, { name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' })
    ok(await call('dynamodb_put_item', { table, item: ada }))
    const explained = ok(await call('dynamodb_explain', { name: 'getUser', values: { id: ada.id } }))
    expect(explained).toMatchObject({ operation: 'GetItem', request: { TableName: table } })
    const got = ok(await call('dynamodb_run_access_pattern', { name: 'getUser', values: { id: ada.id } }))
    expect(got.items).toHaveLength(1)
    expect(got.items[0]).toMatchObject({ name: 'Ada', email: 'ada@example.com' })
    expect(got.items[0].pk).toBeUndefined()
    const missing = await call('dynamodb_run_access_pattern', { name: 'getUser' })
    expect(missing.isError).toBe(true)
    expect(missing.content[0]!.text).toContain('getUser needs id')
    expect((await call('dynamodb_run_access_pattern', { name: 'nope' })).content[0]!.text).toContain('no access pattern nope')
    const read = await server({}).handle({ jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'dbtooling://access-patterns' } }, new Session())
    expect(JSON.stringify(read)).toContain('# Access patterns')
  })

  test('generic tools: items, query and scan with cursors, tables', async () => {
    const call = caller(server({ allowWrites: true, allowDestructive: true, maxItems: 5 }))
    const plain = uniqueTableName('mcp-plain')
    await ctx.doc.client.send('CreateTable', { TableName: plain, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }] } as never)
    await ctx.doc.waitForTableActive(plain, { intervalMs: 50 })
    for (let i = 0; i < 7; i++) ok(await call('dynamodb_put_item', { table: plain, item: { pk: 'P', sk: `S#${i}`, n: i } }))
    expect((await call('dynamodb_put_item', { table: plain, item: { pk: 'P', sk: 'S#0' }, ifNotExists: true })).isError).toBe(true)
    expect(ok(await call('dynamodb_get_item', { table: plain, key: { pk: 'P', sk: 'S#3' } })).item).toEqual({ pk: 'P', sk: 'S#3', n: 3 })
    expect(ok(await call('dynamodb_update_item', { table: plain, key: { pk: 'P', sk: 'S#3' }, set: { name: 'three' }, add: { n: 10 } })).item).toEqual({ pk: 'P', sk: 'S#3', n: 13, name: 'three' })
    const first = ok(await call('dynamodb_query', { table: plain, key: { pk: 'P', sk: { beginsWith: 'S#' } }, limit: 4 }))
    expect(first.items.map((i: { sk: string }) => i.sk)).toEqual(['S#0', 'S#1', 'S#2', 'S#3'])
    const second = ok(await call('dynamodb_query', { table: plain, key: { pk: 'P', sk: { beginsWith: 'S#' } }, limit: 4, cursor: first.cursor }))
    expect(second.items.map((i: { sk: string }) => i.sk)).toEqual(['S#4', 'S#5', 'S#6'])
    const scanned = ok(await call('dynamodb_scan', { table: plain, limit: 5 }))
    expect(scanned.items).toHaveLength(5)
    expect(scanned.cursor).toBeString()
    const capped = await call('dynamodb_scan', { table: plain, limit: 50 })
    expect(capped.isError).toBe(true)
    expect(capped.content[0]!.text).toContain('at most 5')
    expect(ok(await call('dynamodb_delete_item', { table: plain, key: { pk: 'P', sk: 'S#6' } }))).toEqual({ deleted: true })
    expect(ok(await call('dynamodb_delete_item', { table: plain, key: { pk: 'P', sk: 'S#6' } }))).toEqual({ deleted: false })
    expect(ok(await call('dynamodb_describe_table', { table: plain })).table).toMatchObject({ name: plain, status: 'ACTIVE', key: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }] })
    const listed = ok(await call('dynamodb_list_tables', { limit: 1 }))
    expect(listed.tables).toHaveLength(1)
    expect(listed.cursor).toBeString()
    expect(ok(await call('dynamodb_delete_table', { table: plain }))).toEqual({ deleted: plain })
  })

  test('safety: read-only by default, destructive and production need their flags, items are capped', async () => {
    const readOnly = caller(server({}))
    const refused = await readOnly('dynamodb_put_item', { table, item: { pk: 'x', sk: 'y' } })
    expect(refused.isError).toBe(true)
    expect(refused.content[0]!.text).toContain('--allow-writes')
    const writes = caller(server({ allowWrites: true }))
    expect((await writes('dynamodb_delete_table', { table })).content[0]!.text).toContain('--allow-destructive')
    const production = caller(server({ allowWrites: true, production: true, environment: 'prod' }))
    expect((await production('dynamodb_put_item', { table, item: { pk: 'x', sk: 'y' } })).content[0]!.text).toContain('environment prod is production: start the server with --allow-production')
    const small = caller(server({ allowWrites: true, maxItemBytes: 100 }))
    expect((await small('dynamodb_put_item', { table, item: { pk: 'x', sk: 'y', body: 'z'.repeat(200) } })).content[0]!.text).toContain('above this server\'s cap of 100 bytes')
    expect((await readOnly('dynamodb_get_item', { table, key: { pk: 'x', sk: 'y' } })).isError).toBeUndefined()
    await ctx.doc.client.send('DeleteTable', { TableName: table } as never)
  })
})
