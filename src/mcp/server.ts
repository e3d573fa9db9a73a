/**
 * The MCP server, independent of transport: sessions, the initialize handshake and version
 * negotiation, tools (arguments checked against their JSON Schema, results as structured content,
 * failures as tool results), resources, logging, ping and cancellation. A transport hands each
 * parsed message to `handle` and sends back what it returns.
 */
import { classify, ErrorCode, errorResponse, LATEST_PROTOCOL_VERSION, LOG_LEVELS, McpError, SUPPORTED_PROTOCOL_VERSIONS, type JsonRpcId, type JsonRpcNotification, type JsonRpcRequest, type JsonRpcResponse, type LogLevel } from './protocol.ts'
import { validate, type JsonSchema } from './json-schema.ts'

export interface ToolAnnotations {
  title?: string
  readOnlyHint?: boolean
  destructiveHint?: boolean
  idempotentHint?: boolean
  openWorldHint?: boolean
}

export interface ToolContext {
  signal: AbortSignal
  session: Session
  /** A notifications/message to the client, when the session's level lets it through. */
  log(level: LogLevel, data: unknown): void
}

export interface ToolDefinition {
  name: string
  title?: string
  description: string
  inputSchema: JsonSchema & { type: 'object' }
  outputSchema?: JsonSchema & { type: 'object' }
  annotations?: ToolAnnotations
  /** The table a call works on, for the audit log (default: the `table` argument). */
  tableOf?(args: Record<string, unknown>): string | undefined
  /** Returns the structured result; throws to report a failure as a tool result (isError). */
  run(args: Record<string, unknown>, context: ToolContext): Promise<Record<string, unknown>>
}

export interface ResourceEntry {
  uri: string
  name: string
  title?: string
  description?: string
  mimeType: string
}

export interface ResourceTemplate {
  uriTemplate: string
  name: string
  description?: string
  mimeType: string
}

export interface ResourceProvider {
  list(signal: AbortSignal): Promise<ResourceEntry[]>
  templates?: ResourceTemplate[]
  /** The resource's text, or undefined when the URI is not this provider's. */
  read(uri: string, signal: AbortSignal): Promise<{ mimeType: string; text: string } | undefined>
}

/** One line per tool call for the audit log: never argument values, never credentials. */
export interface AuditEntry {
  tool: string
  table?: string
  outcome: 'ok' | 'error' | 'refused' | 'cancelled'
  ms: number
  message?: string
}

export interface McpServerOptions {
  name?: string
  version?: string
  instructions?: string
  /** Receives one entry per tool call (the CLI writes them to stderr). */
  audit?(entry: AuditEntry): void
  /**
   * Settles once the tools and resources are registered: initialize and ping are answered at
   * once, everything else waits for it (the CLI loads the tools while the client initializes).
   */
  ready?: Promise<void>
  /** Called just after the first initialize answer has gone out (a good moment to load the rest). */
  onInitialized?(): void
}

export class Session {
  readonly id: string
  protocolVersion: string = LATEST_PROTOCOL_VERSION
  initialized = false
  clientInfo?: { name?: string; version?: string }
  logLevel: LogLevel = 'info'
  readonly inFlight = new Map<JsonRpcId, AbortController>()
  /** Sends a server-to-client notification (set by the transport). */
  notify: (message: JsonRpcNotification) => void = () => {}
  constructor(id: string = crypto.randomUUID()) {
    this.id = id
  }
  close(): void {
    for (const controller of this.inFlight.values()) controller.abort(new Error('session closed'))
    this.inFlight.clear()
  }
}

/** Thrown by a tool for a request it refuses (safety): reported as a tool error with outcome "refused". */
export class ToolRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ToolRefusedError'
  }
}

export class McpServer {
  private readonly tools = new Map<string, ToolDefinition>()
  private readonly resources: ResourceProvider[] = []

  constructor(readonly options: McpServerOptions = {}) {}

  registerTool(tool: ToolDefinition): void {
    if (this.tools.has(tool.name)) throw new Error(`MCP tool ${tool.name} is registered twice`)
    this.tools.set(tool.name, tool)
  }

  registerResources(provider: ResourceProvider): void {
    this.resources.push(provider)
  }

  toolNames(): string[] {
    return [...this.tools.keys()]
  }

  /**
   * Answers one message; undefined for notifications, responses and cancelled requests. `notify`
   * carries the request's own notifications (a transport's per-request stream), else the session's.
   */
  async handle(value: unknown, session: Session, notify: (message: JsonRpcNotification) => void = m => session.notify(m)): Promise<JsonRpcResponse | undefined> {
    const message = classify(value)
    if (message.kind === 'invalid') return errorResponse(message.id, ErrorCode.InvalidRequest, `Invalid request: ${message.reason}`)
    if (message.kind === 'response') return undefined
    if (message.kind === 'notification') {
      this.notification(message.message, session)
      return undefined
    }
    const request = message.message
    const controller = new AbortController()
    session.inFlight.set(request.id, controller)
    try {
      const result = await this.request(request, session, controller.signal, notify)
      return controller.signal.aborted ? undefined : { jsonrpc: '2.0', id: request.id, result }
    } catch (error) {
      if (controller.signal.aborted) return undefined
      if (error instanceof McpError) return errorResponse(request.id, error.code, error.message, error.data)
      return errorResponse(request.id, ErrorCode.InternalError, error instanceof Error ? error.message : String(error))
    } finally {
      session.inFlight.delete(request.id)
    }
  }

  private notification(message: JsonRpcNotification, session: Session): void {
    if (message.method === 'notifications/initialized') session.initialized = true
    else if (message.method === 'notifications/cancelled') {
      const id = message.params?.requestId
      if (typeof id === 'string' || typeof id === 'number') session.inFlight.get(id)?.abort(new Error(String(message.params?.reason ?? 'cancelled by the client')))
    }
  }

  private async request(request: JsonRpcRequest, session: Session, signal: AbortSignal, notify: (message: JsonRpcNotification) => void): Promise<Record<string, unknown>> {
    const params = request.params ?? {}
    if (request.method !== 'initialize' && request.method !== 'ping') await this.options.ready
    switch (request.method) {
      case 'initialize': {
        const result = this.initialize(params, session)
        const after = this.options.onInitialized
        if (after) setTimeout(after, 0)
        return result
      }
      case 'ping':
        return {}
      case 'tools/list':
        return { tools: [...this.tools.values()].map(describeTool) }
      case 'tools/call':
        return this.callTool(params, session, signal, notify)
      case 'resources/list':
        return { resources: (await Promise.all(this.resources.map(p => p.list(signal)))).flat() }
      case 'resources/templates/list':
        return { resourceTemplates: this.resources.flatMap(p => p.templates ?? []) }
      case 'resources/read':
        return this.readResource(params, signal)
      case 'logging/setLevel': {
        const level = params.level
        if (!LOG_LEVELS.includes(level as LogLevel)) throw new McpError(ErrorCode.InvalidParams, `level must be one of ${LOG_LEVELS.join(', ')}`)
        session.logLevel = level as LogLevel
        return {}
      }
      default:
        throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${request.method}`)
    }
  }

  private initialize(params: Record<string, unknown>, session: Session): Record<string, unknown> {
    const requested = params.protocolVersion
    if (typeof requested !== 'string') throw new McpError(ErrorCode.InvalidParams, 'initialize: protocolVersion (a string) is required')
    // The client's version when this server speaks it, else the latest: the client decides whether to go on.
    session.protocolVersion = SUPPORTED_PROTOCOL_VERSIONS.includes(requested) ? requested : LATEST_PROTOCOL_VERSION
    session.clientInfo = (params.clientInfo ?? undefined) as Session['clientInfo']
    return {
      protocolVersion: session.protocolVersion,
      capabilities: { tools: { listChanged: false }, resources: { listChanged: false }, logging: {} },
      serverInfo: { name: this.options.name ?? 'dbtooling', title: 'dbtooling DynamoDB', version: this.options.version ?? '0.0.0' },
      ...(this.options.instructions ? { instructions: this.options.instructions } : {}),
    }
  }

  private async callTool(params: Record<string, unknown>, session: Session, signal: AbortSignal, notify: (message: JsonRpcNotification) => void): Promise<Record<string, unknown>> {
    const name = params.name
    const tool = typeof name === 'string' ? this.tools.get(name) : undefined
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${String(name)}`)
    const args = (params.arguments ?? {}) as Record<string, unknown>
    const started = performance.now()
    const table = tool.tableOf ? tool.tableOf(args) : typeof args.table === 'string' ? args.table : undefined
    const audit = (outcome: AuditEntry['outcome'], message?: string) =>
      this.options.audit?.({ tool: tool.name, ...(table ? { table } : {}), outcome, ms: Math.round(performance.now() - started), ...(message ? { message } : {}) })
    // Invalid arguments are a tool error (the model can correct them), not a protocol error.
    const problems = validate(tool.inputSchema, args)
    if (problems.length) {
      audit('error', 'invalid arguments')
      return toolError(`Invalid arguments for ${tool.name}: ${problems.join('; ')}`)
    }
    const context: ToolContext = {
      signal,
      session,
      log: (level, data) => {
        if (LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(session.logLevel)) notify({ jsonrpc: '2.0', method: 'notifications/message', params: { level, logger: tool.name, data } })
      },
    }
    try {
      const structured = await tool.run(args, context)
      audit('ok')
      return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured }
    } catch (error) {
      if (signal.aborted) {
        audit('cancelled')
        throw error
      }
      const message = error instanceof Error ? error.message : String(error)
      audit(error instanceof ToolRefusedError ? 'refused' : 'error', error instanceof ToolRefusedError ? message : (error as { code?: string })?.code ?? (error as Error)?.name)
      return toolError(message)
    }
  }

  private async readResource(params: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
    const uri = params.uri
    if (typeof uri !== 'string') throw new McpError(ErrorCode.InvalidParams, 'resources/read: uri (a string) is required')
    for (const provider of this.resources) {
      const found = await provider.read(uri, signal)
      if (found) return { contents: [{ uri, mimeType: found.mimeType, text: found.text }] }
    }
    throw new McpError(ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri })
  }
}

function describeTool(tool: ToolDefinition): Record<string, unknown> {
  return {
    name: tool.name,
    ...(tool.title ? { title: tool.title } : {}),
    description: tool.description,
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
    ...(tool.annotations ? { annotations: tool.annotations } : {}),
  }
}

function toolError(message: string): Record<string, unknown> {
  return { content: [{ type: 'text', text: message }], isError: true }
}
