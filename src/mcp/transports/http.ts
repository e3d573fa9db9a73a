/**
 * Streamable HTTP transport (MCP 2025-11-25) on Bun.serve: one endpoint; POST carries one
 * JSON-RPC message (a request is answered with JSON, or for tools/call with an SSE stream that
 * starts with a priming event and carries the call's log messages before its result), GET opens
 * the session's stream for server messages, DELETE ends the session. Sessions are named by
 * Mcp-Session-Id; requests from other origins or host names are refused (DNS rebinding).
 */
import { classify, ErrorCode, errorResponse, SUPPORTED_PROTOCOL_VERSIONS, type JsonRpcMessage } from '../protocol.ts'
import { Session, type McpServer } from '../server.ts'

export interface HttpOptions {
  port?: number
  /** 127.0.0.1 unless told otherwise. */
  host?: string
  path?: string
  /** Extra host names accepted in Host and Origin (the loopback names always are). */
  allowedHosts?: string[]
  maxBodyBytes?: number
}

export interface RunningHttpServer {
  url: string
  port: number
  stop(): Promise<void>
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1']
const RETRY_MS = 1000

interface HttpSession {
  session: Session
  /** The open GET stream, if any: where messages go that have no request stream. */
  stream?: ReadableStreamDefaultController<Uint8Array>
  /** Messages waiting for a GET stream (e.g. the answer of a request whose stream was closed). */
  backlog: string[]
  events: number
}

export function serveHttp(server: McpServer, options: HttpOptions = {}): RunningHttpServer {
  const host = options.host ?? '127.0.0.1'
  const path = options.path ?? '/mcp'
  const allowed = new Set([...LOOPBACK, host, ...(options.allowedHosts ?? [])].map(h => h.toLowerCase()))
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024
  const sessions = new Map<string, HttpSession>()
  const encoder = new TextEncoder()

  const http = Bun.serve({
    hostname: host,
    port: options.port ?? 0,
    // SSE streams stay open while a tool runs; Bun's default would cut them after 10 s idle.
    idleTimeout: 0,
    async fetch(request) {
      const url = new URL(request.url)
      if (url.pathname !== path) return plain(404, `not found: the MCP endpoint is ${path}`)
      const refusal = checkOrigin(request, allowed)
      if (refusal) return refusal
      if (request.method === 'POST') return post(request)
      if (request.method === 'GET') return get(request)
      if (request.method === 'DELETE') return remove(request)
      return new Response(null, { status: 405, headers: { Allow: 'GET, POST, DELETE' } })
    },
  })

  async function post(request: Request): Promise<Response> {
    const accept = request.headers.get('accept') ?? ''
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) return rpcError(406, ErrorCode.InvalidRequest, 'Not Acceptable: the client must accept both application/json and text/event-stream')
    if (!(request.headers.get('content-type') ?? '').includes('application/json')) return rpcError(415, ErrorCode.InvalidRequest, 'Unsupported Media Type: the body must be application/json')
    const body = await request.text()
    if (body.length > maxBody) return rpcError(413, ErrorCode.InvalidRequest, `the message is larger than ${maxBody} bytes`)
    let value: unknown
    try {
      value = JSON.parse(body)
    } catch {
      return rpcError(400, ErrorCode.ParseError, 'Parse error: the body is not JSON')
    }
    const message = classify(value)
    if (message.kind === 'invalid') return json(400, errorResponse(message.id, ErrorCode.InvalidRequest, `Invalid request: ${message.reason}`))

    if (message.kind === 'request' && message.message.method === 'initialize') {
      if (request.headers.get('mcp-session-id')) return rpcError(400, ErrorCode.InvalidRequest, 'initialize starts a new session: send it without Mcp-Session-Id')
      const entry: HttpSession = { session: new Session(), backlog: [], events: 0 }
      entry.session.notify = m => deliver(entry, m)
      const response = await server.handle(value, entry.session)
      if (response && 'result' in response) sessions.set(entry.session.id, entry)
      return json(200, response, { 'Mcp-Session-Id': entry.session.id })
    }

    const found = lookup(request)
    if (found instanceof Response) return found
    if (message.kind !== 'request') {
      await server.handle(value, found.session)
      return new Response(null, { status: 202 })
    }
    if (message.message.method !== 'tools/call') {
      const response = await server.handle(value, found.session)
      return response ? json(200, response) : new Response(null, { status: 202 })
    }
    return streamCall(found, value)
  }

  /** A tools/call answered on its own SSE stream: priming event, the call's notifications, then the result. */
  function streamCall(entry: HttpSession, value: unknown): Response {
    let controller!: ReadableStreamDefaultController<Uint8Array>
    let open = true
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c
      },
      cancel() {
        open = false
      },
    })
    const send = (message: JsonRpcMessage) => {
      const event = sse(entry, message)
      if (open) controller.enqueue(encoder.encode(event))
      else queue(entry, event)
    }
    if (entry.session.protocolVersion >= '2025-11-25') controller.enqueue(encoder.encode(`id: ${entry.session.id}-${++entry.events}\nretry: ${RETRY_MS}\ndata: \n\n`))
    // The call's own log messages travel on its stream.
    void server.handle(value, entry.session, send).then(response => {
      if (response) send(response)
      if (open) {
        open = false
        controller.close()
      }
    })
    return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' } })
  }

  function get(request: Request): Response {
    if (!(request.headers.get('accept') ?? '').includes('text/event-stream')) return rpcError(406, ErrorCode.InvalidRequest, 'Not Acceptable: GET opens an SSE stream; accept text/event-stream')
    const found = lookup(request)
    if (found instanceof Response) return found
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        found.stream?.close()
        found.stream = controller
        controller.enqueue(encoder.encode(`id: ${found.session.id}-${++found.events}\nretry: ${RETRY_MS}\ndata: \n\n`))
        for (const event of found.backlog.splice(0)) controller.enqueue(encoder.encode(event))
      },
      cancel() {
        found.stream = undefined
      },
    })
    return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' } })
  }

  function remove(request: Request): Response {
    const found = lookup(request)
    if (found instanceof Response) return found
    found.session.close()
    found.stream?.close()
    sessions.delete(found.session.id)
    return new Response(null, { status: 204 })
  }

  function lookup(request: Request): HttpSession | Response {
    const id = request.headers.get('mcp-session-id')
    if (!id) return rpcError(400, ErrorCode.InvalidRequest, 'Bad Request: Mcp-Session-Id is required (send initialize first)')
    const entry = sessions.get(id)
    if (!entry) return rpcError(404, ErrorCode.InvalidRequest, 'Session not found: it ended or never existed; send initialize without Mcp-Session-Id')
    const version = request.headers.get('mcp-protocol-version')
    if (version !== null && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return rpcError(400, ErrorCode.InvalidRequest, `Bad Request: unsupported MCP-Protocol-Version ${version} (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`)
    return entry
  }

  function deliver(entry: HttpSession, message: JsonRpcMessage): void {
    const event = sse(entry, message)
    if (entry.stream) entry.stream.enqueue(encoder.encode(event))
    else queue(entry, event)
  }

  function queue(entry: HttpSession, event: string): void {
    // Bounded: a client that never opens a GET stream must not grow the server without limit.
    if (entry.backlog.length < 100) entry.backlog.push(event)
    if (entry.stream) for (const e of entry.backlog.splice(0)) entry.stream.enqueue(encoder.encode(e))
  }

  function sse(entry: HttpSession, message: JsonRpcMessage): string {
    return `id: ${entry.session.id}-${++entry.events}\nevent: message\ndata: ${JSON.stringify(message)}\n\n`
  }

  const port = http.port ?? options.port ?? 0
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`,
    port,
    async stop() {
      for (const entry of sessions.values()) {
        entry.session.close()
        entry.stream?.close()
      }
      sessions.clear()
      await http.stop(true)
    },
  }
}

/** Requests a web page on another site makes through the user's browser are refused. */
function checkOrigin(request: Request, allowed: Set<string>): Response | undefined {
  const hostHeader = request.headers.get('host')
  if (hostHeader && !allowed.has(hostName(hostHeader))) return rpcError(403, ErrorCode.InvalidRequest, `Forbidden: host ${hostHeader} is not served (DNS rebinding protection); start with --host to serve another name`)
  const origin = request.headers.get('origin')
  if (origin) {
    let name: string
    try {
      name = new URL(origin).hostname.toLowerCase()
    } catch {
      return rpcError(403, ErrorCode.InvalidRequest, `Forbidden: origin ${origin} is not a URL`)
    }
    if (!allowed.has(name)) return rpcError(403, ErrorCode.InvalidRequest, `Forbidden: origin ${origin} is not allowed`)
  }
  return undefined
}

function hostName(host: string): string {
  const lower = host.toLowerCase()
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1)
  return lower.split(':')[0]!
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

function rpcError(status: number, code: number, message: string): Response {
  return json(status, errorResponse(null, code, message))
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain' } })
}
