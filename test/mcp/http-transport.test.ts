/** The Streamable HTTP transport's own rules, with raw requests: sessions, headers, origins, streams. */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { McpServer, serveHttp, type RunningHttpServer } from '../../src/mcp/index.ts'

let http: RunningHttpServer
const server = new McpServer({ name: 'test', version: '1' })
server.registerTool({ name: 'echo', description: 'echoes', inputSchema: { type: 'object', properties: { text: { type: 'string' } } }, run: async (args, context) => {
  context.log('info', 'echoing')
  return { text: args.text }
} })

beforeAll(() => {
  http = serveHttp(server, { port: 0 })
})
afterAll(() => http.stop())

const headers = (extra: Record<string, string> = {}) => ({ 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...extra })
const post = (body: unknown, extra: Record<string, string> = {}) => fetch(http.url, { method: 'POST', headers: headers(extra), body: JSON.stringify(body) })
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (response: Response) => (await response.json()) as Record<string, any>
const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } }

async function session(): Promise<string> {
  const response = await post(initialize)
  expect(response.status).toBe(200)
  const id = response.headers.get('mcp-session-id')!
  expect(await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, { 'Mcp-Session-Id': id })).toHaveProperty('status', 202)
  return id
}

test('initialize opens a session; requests without it are 400, with an unknown one 404; DELETE ends it', async () => {
  const id = await session()
  const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'Mcp-Session-Id': id, 'MCP-Protocol-Version': '2025-11-25' })
  expect(list.status).toBe(200)
  expect((await json(list)).result.tools[0].name).toBe('echo')
  expect((await post({ jsonrpc: '2.0', id: 3, method: 'ping' })).status).toBe(400)
  expect((await post({ jsonrpc: '2.0', id: 3, method: 'ping' }, { 'Mcp-Session-Id': 'nope' })).status).toBe(404)
  expect((await post({ jsonrpc: '2.0', id: 3, method: 'ping' }, { 'Mcp-Session-Id': id, 'MCP-Protocol-Version': '1999-01-01' })).status).toBe(400)
  expect((await fetch(http.url, { method: 'DELETE', headers: { 'Mcp-Session-Id': id } })).status).toBe(204)
  expect((await post({ jsonrpc: '2.0', id: 4, method: 'ping' }, { 'Mcp-Session-Id': id })).status).toBe(404)
})

test('headers: Accept must allow JSON and SSE, the body must be JSON; other origins and hosts are refused', async () => {
  expect((await fetch(http.url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(initialize) })).status).toBe(406)
  expect((await fetch(http.url, { method: 'POST', headers: { 'Content-Type': 'text/plain', Accept: 'application/json, text/event-stream' }, body: JSON.stringify(initialize) })).status).toBe(415)
  const parse = await fetch(http.url, { method: 'POST', headers: headers(), body: '{nope' })
  expect(parse.status).toBe(400)
  expect((await json(parse)).error.code).toBe(-32700)
  expect((await post([initialize])).status).toBe(400)
  expect((await post(initialize, { Origin: 'http://evil.example.com' })).status).toBe(403)
  expect((await post(initialize, { Origin: 'http://localhost:5173' })).status).toBe(200)
  expect((await fetch(http.url, { method: 'PUT' })).status).toBe(405)
  expect((await fetch(http.url.replace('/mcp', '/other'))).status).toBe(404)
})

test('tools/call answers on an SSE stream: priming event, the log message, then the result', async () => {
  const id = await session()
  const response = await post({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } }, { 'Mcp-Session-Id': id })
  expect(response.headers.get('content-type')).toBe('text/event-stream')
  const events = (await response.text()).trim().split('\n\n')
  expect(events[0]).toMatch(/^id: .+\nretry: \d+\ndata: $/)
  const messages = events.slice(1).map(e => JSON.parse(e.split('\n').find(l => l.startsWith('data: '))!.slice(6)))
  expect(messages[0]).toMatchObject({ method: 'notifications/message', params: { level: 'info', data: 'echoing' } })
  expect(messages[1]).toMatchObject({ id: 5, result: { structuredContent: { text: 'hi' } } })
})

test('GET opens the session stream; unknown methods are -32601; invalid tool arguments are a tool error', async () => {
  const id = await session()
  const stream = await fetch(http.url, { headers: { Accept: 'text/event-stream', 'Mcp-Session-Id': id } })
  expect(stream.status).toBe(200)
  expect(stream.headers.get('content-type')).toBe('text/event-stream')
  const reader = stream.body!.getReader()
  expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/^id: /)
  await reader.cancel()
  expect((await json(await post({ jsonrpc: '2.0', id: 6, method: 'nope' }, { 'Mcp-Session-Id': id }))).error.code).toBe(-32601)
  const unknown = await (await post({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'missing' } }, { 'Mcp-Session-Id': id })).text()
  expect(unknown).toContain('Unknown tool: missing')
  const bad = await (await post({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'echo', arguments: { text: 3 } } }, { 'Mcp-Session-Id': id })).text()
  expect(bad).toContain('"isError":true')
  expect(bad).toContain('arguments.text: expected string, got number')
})

test('version negotiation: a supported older version is kept, an unknown one answered with the latest', async () => {
  const older = await json(await post({ ...initialize, params: { ...initialize.params, protocolVersion: '2025-03-26' } }))
  expect(older.result.protocolVersion).toBe('2025-03-26')
  const unknown = await json(await post({ ...initialize, params: { ...initialize.params, protocolVersion: '2099-01-01' } }))
  expect(unknown.result.protocolVersion).toBe('2025-11-25')
})
