/** dynamodb_status and dynamodb_local (the embedded engine, instead of the original's docker-compose generator). */
import type { DocumentClient } from '../../dynamodb/document.ts'
import { describeTable } from '../../service/tables.ts'
import type { SafetyPolicy } from '../safety.ts'
import type { ToolDefinition } from '../server.ts'
import { defineTool, schema } from './define.ts'

export interface StatusInfo {
  /** Where requests go, for people: 'endpoint http://...', 'AWS us-east-1', ... */
  target: string
  table?: string
}

export function statusTool(doc: DocumentClient, info: StatusInfo, policy: SafetyPolicy): ToolDefinition {
  return defineTool<Record<string, never>>(policy, {
    name: 'dynamodb_status',
    table: info.table,
    title: 'Connection and table status',
    description: 'Where the server sends requests, what it may do, and whether the scoped-entity table exists (status, item count, indexes).',
    access: 'read',
    input: {},
    output: { target: { type: 'string' }, table: { type: 'string' }, exists: { type: 'boolean' }, writes: { type: 'boolean' }, destructive: { type: 'boolean' } },
    run: async (_args, context) => {
      const permissions = { writes: policy.allowWrites === true, destructive: policy.allowWrites === true && policy.allowDestructive === true, production: policy.production === true }
      if (!info.table) return { target: info.target, ...permissions }
      try {
        const summary = await describeTable(doc, info.table, { signal: context.signal })
        return { target: info.target, table: info.table, exists: true, status: summary.status, itemCount: summary.itemCount, indexes: summary.indexes.map(i => i.name), ...permissions }
      } catch (error) {
        if ((error as { code?: string }).code !== 'ResourceNotFoundException') throw error
        return { target: info.target, table: info.table, exists: false, hint: 'create it with dynamodb_create_table (needs --allow-writes) or dbtooling scoped:create-table', ...permissions }
      }
    },
  })
}

/** Starts and stops an in-process embedded engine on 127.0.0.1; it is loaded only when started. */
export function localTool(policy: SafetyPolicy): ToolDefinition {
  let running: { endpoint: string; stop(): Promise<void> } | undefined
  return defineTool<{ action: 'start' | 'stop' | 'status'; port?: number; dbPath?: string }>(policy, {
    name: 'dynamodb_local',
    title: 'Embedded DynamoDB engine',
    description: 'Start, stop or show an embedded DynamoDB-compatible engine on 127.0.0.1 (in memory unless dbPath is given), for local development: point a client or `dbtooling mcp --endpoint-url` at the endpoint it returns.',
    access: 'read',
    input: {
      action: { type: 'string', enum: ['start', 'stop', 'status'], description: 'start, stop or status' },
      port: { type: 'integer', minimum: 0, maximum: 65535, description: 'port to listen on (0: any free port; default 0)' },
      dbPath: schema.string('SQLite file to keep the data in (default: in memory)'),
    },
    required: ['action'],
    output: { running: { type: 'boolean' }, endpoint: { type: 'string' } },
    run: async args => {
      if (args.action === 'start') {
        if (!running) {
          const { startLocal } = await import('../../local/server.ts')
          running = await startLocal({ port: args.port ?? 0, host: '127.0.0.1', ...(args.dbPath ? { dbPath: args.dbPath } : { inMemory: true }) })
        }
        return { running: true, endpoint: running.endpoint }
      }
      if (args.action === 'stop' && running) {
        await running.stop()
        running = undefined
      }
      return running ? { running: true, endpoint: running.endpoint } : { running: false }
    },
  })
}
