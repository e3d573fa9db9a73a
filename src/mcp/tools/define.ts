/** One place where a tool's access level becomes its annotations, its safety check and its result cap. */
import type { JsonSchema } from '../json-schema.ts'
import { checkAccess, checkResultSize, type Access, type SafetyPolicy } from '../safety.ts'
import type { ToolContext, ToolDefinition } from '../server.ts'

export interface ToolSpec<A> {
  name: string
  title: string
  description: string
  access: Access
  input: Record<string, JsonSchema>
  required?: readonly string[]
  output?: Record<string, JsonSchema>
  /** The table every call works on, when it is not a `table` argument (the scoped tools' table). */
  table?: string
  /** Runs only after the arguments passed the input schema. */
  run(args: A, context: ToolContext): Promise<Record<string, unknown>>
}

export function defineTool<A>(policy: SafetyPolicy, spec: ToolSpec<A>): ToolDefinition {
  const needs = spec.access === 'read' ? '' : spec.access === 'write' ? ' Needs --allow-writes.' : ' Needs --allow-writes and --allow-destructive.'
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description + needs,
    inputSchema: { type: 'object', properties: spec.input, ...(spec.required?.length ? { required: spec.required } : {}), additionalProperties: false },
    ...(spec.output ? { outputSchema: { type: 'object', properties: spec.output } } : {}),
    ...(spec.table ? { tableOf: () => spec.table } : {}),
    annotations: { title: spec.title, readOnlyHint: spec.access === 'read', destructiveHint: spec.access === 'destructive', openWorldHint: false },
    async run(args, context) {
      checkAccess(policy, spec.name, spec.access)
      const result = await spec.run(args as A, context)
      checkResultSize(policy, result)
      return result
    },
  }
}

/** Opaque paging cursors for results whose position is not a plain DynamoDB key. */
export function encodeToolCursor(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url')
}

export function decodeToolCursor(cursor: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value
  } catch {}
  throw new Error('cursor is not one this server returned: pass the cursor string exactly as it came')
}

export const schema = {
  string: (description: string): JsonSchema => ({ type: 'string', description, minLength: 1 }),
  boolean: (description: string): JsonSchema => ({ type: 'boolean', description }),
  object: (description: string): JsonSchema => ({ type: 'object', description }),
  limit: (cap: number): JsonSchema => ({ type: 'integer', minimum: 1, maximum: cap, description: `items per page (default 25, at most ${cap})` }),
  cursor: { type: 'string', description: 'the cursor of the previous page, to continue' } as JsonSchema,
}
