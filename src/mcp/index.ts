/**
 * dbtooling/mcp: a Model Context Protocol server over dbtooling, with no runtime dependency.
 * `createMcpServer(options)` gives a server with every dbtooling tool and resource registered;
 * `registerTools(server, options)` adds them to a server you built; `serveStdio` and `serveHttp`
 * are the transports (`dbtooling mcp` and `dbtooling mcp --http` use them).
 */
import type { DocumentClient } from '../dynamodb/document.ts'
import { createScoped } from '../scoped/api.ts'
import { designResources, tableResources } from './resources.ts'
import { DEFAULT_MAX_ITEMS, type SafetyPolicy } from './safety.ts'
import { INSTRUCTIONS } from './instructions.ts'
import { McpServer, type McpServerOptions } from './server.ts'
import { localTool, statusTool } from './tools/admin.ts'
import { genericTools } from './tools/generic.ts'
import { modelTools, type DesignSource } from './tools/models.ts'
import { scopedTools } from './tools/scoped.ts'

export { McpServer, Session, ToolRefusedError, type AuditEntry, type McpServerOptions, type ResourceProvider, type ToolDefinition, type ToolContext } from './server.ts'
export { INSTRUCTIONS } from './instructions.ts'
export { serveStdio, type StdioOptions } from './transports/stdio.ts'
export { serveHttp, type HttpOptions, type RunningHttpServer } from './transports/http.ts'
export { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS, McpError, ErrorCode } from './protocol.ts'
export type { SafetyPolicy } from './safety.ts'
export type { DesignSource } from './tools/models.ts'

export interface McpToolsOptions {
  doc: DocumentClient
  /** The scoped-entity table the dynamodb_* record tools use (default: none; they then need it). */
  table?: string
  /** Where requests go, for dynamodb_status ('endpoint http://...', 'AWS eu-west-1'). */
  target?: string
  policy?: SafetyPolicy
  /** The single-table design, for the model tools and resources. */
  design?: DesignSource
}

const noDesign: DesignSource = { available: async () => false, load: async () => Promise.reject(new Error('no models')) }

/** Registers the scoped-entity, generic, model-aware and admin tools and the resources on `server`. */
export function registerTools(server: McpServer, options: McpToolsOptions): void {
  const policy = options.policy ?? {}
  const cap = policy.maxItems ?? DEFAULT_MAX_ITEMS
  const table = options.table ?? 'scoped'
  const tools = [
    ...scopedTools(createScoped({ doc: options.doc, table }), policy, cap),
    statusTool(options.doc, { target: options.target ?? 'DynamoDB', table }, policy),
    localTool(policy),
    ...genericTools(options.doc, policy, cap),
    ...modelTools(options.doc, options.design ?? noDesign, policy, cap),
  ]
  for (const tool of tools) server.registerTool(tool)
  server.registerResources(tableResources(options.doc))
  server.registerResources(designResources(options.design ?? noDesign))
}

export function createMcpServer(options: McpToolsOptions & McpServerOptions): McpServer {
  const server = new McpServer({ instructions: INSTRUCTIONS, ...options })
  registerTools(server, options)
  return server
}
