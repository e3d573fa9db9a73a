/**
 * The JSON 1.0 protocol in front of the engine: `createHandler` gives a `fetch`-shaped function
 * (usable in-process, no socket), `startLocal` serves it with Bun.serve on 127.0.0.1.
 */
import { Engine, RawJson, type EngineOptions, type EngineStats } from './engine.ts'
import { LocalError } from './errors.ts'
import { registerAll } from './operations/index.ts'
import { startTtlSweeper } from './operations/ttl.ts'

const JSON_TYPE = 'application/x-amz-json-1.0'
const PREFIXES = ['DynamoDB_20120810.', 'DynamoDBStreams_20120810.']

export type Handler = (request: Request) => Promise<Response>

function errorType(type: string): string {
  return type === 'ValidationException' || type === 'SerializationException' ? `com.amazon.coral.validate#${type}` : `com.amazonaws.dynamodb.v20120810#${type}`
}

function respond(status: number, body: string, requestId: string, withCrc: boolean): Response {
  const headers: Record<string, string> = { 'content-type': JSON_TYPE, 'x-amzn-requestid': requestId }
  if (withCrc) headers['x-amz-crc32'] = String(Bun.hash.crc32(body) >>> 0)
  return new Response(body, { status, headers })
}

function errorResponse(error: LocalError, requestId: string): Response {
  const body = JSON.stringify({ __type: errorType(error.type), ...(error.extra ?? {}), Message: error.message })
  return respond(error.status, body, requestId, false)
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
      throw new LocalError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500)
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new LocalError('SerializationException', 'Start of structure or map found where not expected')
    const output = engine.executeRaw(operation, input as Record<string, unknown>)
    return { status: 200, body: output instanceof RawJson ? output.text : JSON.stringify(output), ok: true }
  } catch (e) {
    const error = e instanceof LocalError ? e : new LocalError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500)
    return { status: error.status, body: JSON.stringify({ __type: errorType(error.type), ...(error.extra ?? {}), Message: error.message }), ok: false }
  }
}

/**
 * A `fetch`-compatible handler: pass an Engine, or engine options to open one
 * (`createHandler({ inMemory: true })`). Registers every operation on the engine.
 */
export function createHandler(engineOrOptions: Engine | EngineOptions = {}): Handler {
  const engine = engineOrOptions instanceof Engine ? engineOrOptions : new Engine(engineOrOptions)
  if (!engine.hasOperation('GetItem')) registerAll(engine)
  return async (request) => {
    const requestId = crypto.randomUUID()
    if (request.method !== 'POST') {
      // DynamoDB Local answers unsigned GETs (health checks) with the auth error; keep the shape.
      return errorResponse(new LocalError('MissingAuthenticationToken', 'Request must contain either a valid (registered) AWS access key ID or X.509 certificate.'), requestId)
    }
    if (!request.headers.get('authorization')) {
      return errorResponse(new LocalError('MissingAuthenticationToken', 'Request must contain either a valid (registered) AWS access key ID or X.509 certificate.'), requestId)
    }
    const result = executeJson(engine, request.headers.get('x-amz-target'), await request.text())
    return respond(result.status, result.body, requestId, result.ok)
  }
}

export interface InProcessEngine {
  engine: Engine
  /** `fetch`-shaped: hand it to `new DynamoDBClient({ fetch })`. */
  fetch: Handler
  /** Stops the TTL sweeper and closes the database. */
  close(): void
}

/**
 * The engine in-process, with its background TTL sweeper (which `createHandler` alone does not
 * start): what `endpoint: 'local'` and the CLI's default target should use.
 */
export function openLocal(options: EngineOptions & { ttlIntervalMs?: number } = {}): InProcessEngine {
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

export interface StartLocalOptions extends EngineOptions {
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
  const inner = createHandler(engine)
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
  const server = Bun.serve({ port: options.port ?? 0, hostname: host, fetch: handler })
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
