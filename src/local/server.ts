/**
 * The JSON 1.0 protocol in front of the engine: `createHandler` gives a `fetch`-shaped function
 * (usable in-process, no socket), `startLocal` serves it with Bun.serve on 127.0.0.1.
 */
import { resolve } from 'node:path'
import { Engine, RawJson, type EngineOptions, type EngineStats } from './engine.ts'
import { LocalError } from './errors.ts'
import { checkMemberTypes } from './member-types.ts'
import { registerAll } from './operations/index.ts'
import { startTtlSweeper } from './operations/ttl.ts'

const JSON_TYPE = 'application/x-amz-json-1.0'
const PREFIXES = ['DynamoDB_20120810.', 'DynamoDBStreams_20120810.']

export type Handler = (request: Request) => Promise<Response>

/** Limit of a request body, as DynamoDB's (answered 413 before the body is read). */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024

/** Errors raised by the service framework (coral), not by DynamoDB itself, carry its namespaces. */
const CORAL_SERVICE = new Set(['SerializationException', 'UnknownOperationException', 'MissingAuthenticationTokenException', 'RequestEntityTooLarge'])

function errorType(type: string): string {
  if (type === 'ValidationException') return `com.amazon.coral.validate#${type}`
  return CORAL_SERVICE.has(type) ? `com.amazon.coral.service#${type}` : `com.amazonaws.dynamodb.v20120810#${type}`
}

/** DynamoDB's error body: namespaced `__type`, lower-case `message` (DynamoDB Local's `Message` is its own). */
function errorBody(error: LocalError): string {
  return JSON.stringify({ __type: errorType(error.type), ...(error.extra ?? {}), message: error.message })
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** A request id shaped like DynamoDB's: 52 upper-case letters and digits. */
export function requestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(52))
  let id = ''
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length]
  return id
}

function respond(status: number, body: string, requestId: string, withCrc: boolean): Response {
  const headers: Record<string, string> = { 'content-type': JSON_TYPE, 'x-amzn-requestid': requestId }
  if (withCrc) headers['x-amz-crc32'] = String(Bun.hash.crc32(body) >>> 0)
  return new Response(body, { status, headers })
}

function errorResponse(error: LocalError, requestId: string): Response {
  return respond(error.status, errorBody(error), requestId, false)
}

/** Answers one already-parsed request; the in-process client path skips HTTP parsing entirely. */
export function executeJson(engine: Engine, target: string | null, text: string): { status: number; body: string; ok: boolean } {
  try {
    const prefix = PREFIXES.find((p) => target?.startsWith(p))
    const operation = prefix && target ? target.slice(prefix.length) : ''
    if (!engine.hasOperation(operation)) throw new LocalError('UnknownOperationException', 'An unknown operation was requested.')
    let input: unknown
    try {
      input = text === '' ? {} : JSON.parse(text)
    } catch {
      throw new LocalError('SerializationException', 'The request body is not valid JSON')
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new LocalError('SerializationException', 'Start of structure or map found where not expected')
    const output = engine.executeRaw(operation, checkMemberTypes(input as Record<string, unknown>))
    return { status: 200, body: output instanceof RawJson ? output.text : JSON.stringify(output), ok: true }
  } catch (e) {
    const error = e instanceof LocalError ? e : new LocalError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500)
    return { status: error.status, body: errorBody(error), ok: false }
  }
}

export interface HandlerOptions {
  /** Answer requests without an Authorization header (or presigned query) with MissingAuthenticationTokenException; default true. Credentials themselves are never checked. */
  authCheck?: boolean
}

function signed(request: Request): boolean {
  if (request.headers.get('authorization')) return true
  const query = new URL(request.url).searchParams
  return query.has('X-Amz-Signature') || query.has('X-Amz-Credential')
}

/**
 * A `fetch`-compatible handler: pass an Engine, or engine options to open one
 * (`createHandler({ inMemory: true })`). Registers every operation on the engine.
 */
export function createHandler(engineOrOptions: Engine | EngineOptions = {}, options: HandlerOptions = {}): Handler {
  const engine = engineOrOptions instanceof Engine ? engineOrOptions : new Engine(engineOrOptions)
  if (!engine.hasOperation('GetItem')) registerAll(engine)
  const authCheck = options.authCheck !== false
  return async (request) => {
    const id = requestId()
    if (request.method === 'GET' && new URL(request.url).pathname === '/') {
      // DynamoDB's health check answer (load balancers and readiness probes use it).
      return new Response('healthy: dynamodb.local', { status: 200, headers: { 'content-type': 'text/plain', 'x-amzn-requestid': id } })
    }
    if (request.method !== 'POST') return errorResponse(new LocalError('UnknownOperationException', 'An unknown operation was requested.'), id)
    if (authCheck && !signed(request)) return errorResponse(new LocalError('MissingAuthenticationTokenException', 'Request is missing Authentication Token'), id)
    const length = Number(request.headers.get('content-length') ?? 0)
    if (length > MAX_REQUEST_BYTES) return errorResponse(new LocalError('RequestEntityTooLarge', `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the DynamoDB API`, 413), id)
    const result = executeJson(engine, request.headers.get('x-amz-target'), await request.text())
    return respond(result.status, result.body, id, result.ok)
  }
}

export interface InProcessEngine {
  engine: Engine
  /** `fetch`-shaped: hand it to `new DynamoDBClient({ fetch })`. */
  fetch: Handler
  /** Releases this use; the last use of a data file stops the TTL sweeper and closes the database. */
  close(): void
}

/**
 * The engine in-process, with its background TTL sweeper (which `createHandler` alone does not
 * start): what `endpoint: 'local'` and the CLI's default target should use.
 */
export function openLocal(options: EngineOptions & { ttlIntervalMs?: number } = {}): InProcessEngine {
  if (options.inMemory) return openPrivate(options)
  // One engine per data file: in this process, openers of one file share its engine (each
  // close() releases one use; the last closes it). Another process gets DataFileInUseError.
  const path = resolve(options.dbPath ?? '.dbtooling/local.sqlite')
  let entry = sharedEngines.get(path)
  // The engine is shared: a different lifecycle asked of it would silently not apply.
  if (entry && options.lifecycleMs !== undefined && options.lifecycleMs !== entry.local.engine.lifecycleMs) {
    throw new TypeError(`lifecycleMs ${options.lifecycleMs}: ${path} is already open in this process with lifecycleMs ${entry.local.engine.lifecycleMs}; use the same value, or another dbPath (or inMemory)`)
  }
  if (!entry) {
    entry = { local: openPrivate({ ...options, dbPath: path }), users: 0 }
    sharedEngines.set(path, entry)
  }
  entry.users++
  const opened = entry
  let closed = false
  return {
    engine: opened.local.engine,
    fetch: opened.local.fetch,
    close() {
      if (closed) return
      closed = true
      if (--opened.users > 0) return
      sharedEngines.delete(path)
      opened.local.close()
    },
  }
}

const sharedEngines = new Map<string, { local: InProcessEngine; users: number }>()

function openPrivate(options: EngineOptions & { ttlIntervalMs?: number }): InProcessEngine {
  const engine = new Engine(options)
  const fetch = createHandler(engine)
  const sweeper = startTtlSweeper(engine, options.ttlIntervalMs ?? 1000)
  return {
    engine,
    fetch,
    close() {
      sweeper.stop()
      engine.close()
    },
  }
}

export interface StartLocalOptions extends EngineOptions, HandlerOptions {
  /** 0 or omitted picks a free port. */
  port?: number
  /** Defaults to 127.0.0.1; anything else exposes the engine to the network. */
  host?: string
  /** How often expired TTL items are deleted, in ms (default 1000). */
  ttlIntervalMs?: number
  /** Called after each request, e.g. for `dbtooling logs`. */
  onRequest?: (entry: { operation: string; status: number; ms: number }) => void
}

export interface LocalServer {
  endpoint: string
  port: number
  host: string
  engine: Engine
  /** Tables with item counts and sizes (for `dbtooling status`). */
  stats(): EngineStats
  stop(): Promise<void>
}

/** Starts the embedded engine over HTTP. */
export async function startLocal(options: StartLocalOptions = {}): Promise<LocalServer> {
  const engine = new Engine(options)
  const inner = createHandler(engine, { authCheck: options.authCheck })
  const onRequest = options.onRequest
  const handler: Handler = onRequest
    ? async request => {
        const started = performance.now()
        const response = await inner(request)
        const target = request.headers.get('x-amz-target') ?? ''
        onRequest({ operation: target.slice(target.indexOf('.') + 1) || request.method, status: response.status, ms: performance.now() - started })
        return response
      }
    : inner
  const host = options.host ?? '127.0.0.1'
  // A chunked body without Content-Length is cut off by Bun at the limit (413) before it is buffered whole.
  const server = Bun.serve({ port: options.port ?? 0, hostname: host, fetch: handler, maxRequestBodySize: MAX_REQUEST_BYTES + 1 })
  const sweeper = startTtlSweeper(engine, options.ttlIntervalMs ?? 1000)
  const port = server.port ?? options.port ?? 0
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    endpoint: `http://${shownHost}:${port}`,
    port,
    host,
    engine,
    stats: () => engine.stats(),
    async stop() {
      sweeper.stop()
      await server.stop(true)
      engine.close()
    },
  }
}
