/**
 * The MCP server driven by the official @modelcontextprotocol/sdk client over both transports:
 * stdio (the real CLI as a child process) and Streamable HTTP, on DynamoDB Local and the embedded
 * engine, exercising the scoped-entity tools end to end.
 */
import { expect, test } from 'bun:test'
import { resolve } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { createMcpServer, serveHttp, type AuditEntry } from '../../src/mcp/index.ts'
import { scenario } from '../scenarios/harness.ts'
import { testCredentials, testRegion, uniqueTableName } from '../support/targets.ts'

const ROOT = resolve(import.meta.dir, '../..')
const PUBLISHED = ['dynamodb_get', 'dynamodb_put', 'dynamodb_update', 'dynamodb_delete', 'dynamodb_archive', 'dynamodb_destroy', 'dynamodb_query_scope', 'dynamodb_query_alias', 'dynamodb_query_class', 'dynamodb_query_type', 'dynamodb_query_xid', 'dynamodb_status', 'dynamodb_create_table', 'dynamodb_local']

type Structured = Record<string, any>
async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Structured> {
  const result = await client.callTool({ name, arguments: args })
  if (result.isError) throw new Error(`${name}: ${(result.content as { text: string }[])[0]?.text}`)
  return result.structuredContent as Structured
}

/** The same journey through the scoped tools, whatever the transport. */
async function scopedJourney(client: Client): Promise<void> {
  const names = (await client.listTools()).tools.map(t => t.name)
  for (const name of PUBLISHED) expect(names).toContain(name)
  expect(await call(client, 'dynamodb_create_table')).toMatchObject({ created: true })
  expect(await call(client, 'dynamodb_status')).toMatchObject({ exists: true, status: 'ACTIVE', writes: true, destructive: false })
  const chat = (await call(client, 'dynamodb_put', { entity: { model: 'chat', name: 'General', alias: 'general', class: 'public', type: 'room', xid: 'x-1' } })).entity
  expect(chat).toMatchObject({ scope: '@', indexScope: '@#chat', indexAlias: '@#chat#general' })
  expect((await call(client, 'dynamodb_get', { model: 'chat', id: chat.id })).entity).toEqual(chat)
  for (let i = 0; i < 5; i++) await call(client, 'dynamodb_put', { entity: { model: 'message', scope: `chat#${chat.id}`, name: `m${i}`, sequence: i } })
  const first = await call(client, 'dynamodb_query_scope', { model: 'message', scope: `chat#${chat.id}`, limit: 3 })
  expect(first.items.map((i: Structured) => i.name)).toEqual(['m4', 'm3', 'm2'])
  const rest = await call(client, 'dynamodb_query_scope', { model: 'message', scope: `chat#${chat.id}`, limit: 3, cursor: first.cursor })
  expect(rest.items.map((i: Structured) => i.name)).toEqual(['m1', 'm0'])
  expect(rest.cursor).toBeUndefined()
  expect((await call(client, 'dynamodb_query_alias', { model: 'chat', alias: 'general' })).entity.id).toBe(chat.id)
  expect((await call(client, 'dynamodb_query_xid', { model: 'chat', xid: 'x-1' })).entity.id).toBe(chat.id)
  expect((await call(client, 'dynamodb_query_class', { model: 'chat', recordClass: 'public' })).items).toHaveLength(1)
  expect((await call(client, 'dynamodb_query_type', { model: 'chat', type: 'room' })).items).toHaveLength(1)
  const updated = (await call(client, 'dynamodb_update', { entity: { model: 'chat', id: chat.id, alias: 'lobby', class: null } })).entity
  expect(updated.indexAlias).toBe('@#chat#lobby')
  expect(updated.indexClass).toBeUndefined()
  const clash = await client.callTool({ name: 'dynamodb_put', arguments: { entity: { model: 'chat', alias: 'lobby' } } })
  expect(clash.isError).toBe(true)
  expect((clash.content as { text: string }[])[0]!.text).toContain("alias 'lobby' is already used")
  expect(await call(client, 'dynamodb_archive', { model: 'chat', id: chat.id })).toEqual({ archived: true })
  expect((await call(client, 'dynamodb_query_alias', { model: 'chat', alias: 'lobby' })).entity).toBeNull()
  expect((await call(client, 'dynamodb_query_alias', { model: 'chat', alias: 'lobby', includeArchived: true })).entity.id).toBe(chat.id)
  expect(await call(client, 'dynamodb_delete', { model: 'chat', id: chat.id })).toEqual({ deleted: true })
  const destroy = await client.callTool({ name: 'dynamodb_destroy', arguments: { model: 'chat', id: chat.id } })
  expect(destroy.isError).toBe(true)
  expect((destroy.content as { text: string }[])[0]!.text).toContain('--allow-destructive')
  const invalid = await client.callTool({ name: 'dynamodb_get', arguments: { model: 'chat' } })
  expect(invalid.isError).toBe(true)
  expect((invalid.content as { text: string }[])[0]!.text).toContain('arguments.id: required')
}

scenario('MCP server through the official SDK client', ctx => {
  test('stdio: the CLI as a child process', async () => {
    const table = uniqueTableName('mcp-stdio')
    const transport = new StdioClientTransport({
      // The compiled binary when CI points at it (DBTOOLING_BIN), else the sources.
      command: process.env.DBTOOLING_BIN ?? process.execPath,
      args: [...(process.env.DBTOOLING_BIN ? [] : [resolve(ROOT, 'bin/dbtooling.ts')]), 'mcp', '--endpoint-url', ctx.endpoint, '--table', table, '--allow-writes'],
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', AWS_ACCESS_KEY_ID: testCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey, AWS_REGION: testRegion },
      stderr: 'pipe',
    })
    let stderr = ''
    transport.stderr?.on('data', chunk => (stderr += String(chunk)))
    const client = new Client({ name: 'dbtooling-test', version: '1.0.0' })
    await client.connect(transport)
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'dbtooling' })
      await scopedJourney(client)
    } finally {
      await client.close()
    }
    // The audit log: stderr only, tool + table + outcome, never values.
    expect(stderr).toContain(`dbtooling mcp: dynamodb_put table=${table} ok`)
    expect(stderr).toContain(`dynamodb_destroy table=${table} refused`)
    expect(stderr).not.toContain('General')
    await ctx.doc.client.send('DeleteTable', { TableName: table })
  }, 60_000)

  test('Streamable HTTP: sessions, resources, logging, ping, cancellation', async () => {
    const table = uniqueTableName('mcp-http')
    const audit: AuditEntry[] = []
    const server = createMcpServer({ doc: ctx.doc, table, target: ctx.endpoint, policy: { allowWrites: true }, audit: e => audit.push(e) })
    let release!: () => void
    const started = new Promise<void>(r => (release = r))
    server.registerTool({
      name: 'test_wait',
      description: 'waits until cancelled',
      inputSchema: { type: 'object' },
      run: (_args, context) =>
        new Promise((_, reject) => {
          context.log('info', 'waiting')
          release()
          context.signal.addEventListener('abort', () => reject(context.signal.reason))
        }),
    })
    const http = serveHttp(server, { port: 0 })
    const transport = new StreamableHTTPClientTransport(new URL(http.url))
    const client = new Client({ name: 'dbtooling-test', version: '1.0.0' })
    try {
      await client.connect(transport)
      expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/)
      await scopedJourney(client)
      expect(await client.ping()).toEqual({})
      expect(await client.setLoggingLevel('debug')).toEqual({})
      const resources = (await client.listResources()).resources
      const mine = resources.find(r => r.name === table)!
      expect(mine.uri).toBe(`dynamodb://tables/${table}`)
      const read = await client.readResource({ uri: mine.uri })
      expect(JSON.parse((read.contents[0] as { text: string }).text).TableName).toBe(table)
      await expect(client.readResource({ uri: 'dynamodb://tables/none-such' })).rejects.toThrow(/Resource not found/)
      // Cancellation: the SDK sends notifications/cancelled when the signal aborts.
      const controller = new AbortController()
      const pending = client.callTool({ name: 'test_wait', arguments: {} }, undefined, { signal: controller.signal })
      await started
      controller.abort('no longer needed')
      await expect(pending).rejects.toThrow()
      await Bun.sleep(100)
      expect(audit.find(e => e.tool === 'test_wait')?.outcome).toBe('cancelled')
    } finally {
      await client.close()
      await http.stop()
      await ctx.doc.client.send('DeleteTable', { TableName: table }).catch(() => undefined)
    }
  }, 60_000)
})
