/**
 * The server's safety rules: read-only unless --allow-writes, destructive tools only with
 * --allow-destructive, no writes to a production environment without --allow-production, and
 * caps on page sizes, item sizes and result sizes, each refusal saying which flag or limit.
 */
import { itemSize } from '../dynamodb/value-rules.ts'
import { marshall } from '../dynamodb/marshall.ts'
import { ToolRefusedError } from './server.ts'

export type Access = 'read' | 'write' | 'destructive'

export interface SafetyPolicy {
  allowWrites?: boolean
  allowDestructive?: boolean
  allowProduction?: boolean
  /** The configured environment is production (from the config file). */
  production?: boolean
  environment?: string
  /** Most items one list result returns (default 100). */
  maxItems?: number
  /** Largest item a write tool accepts, in bytes (default 64 KB; DynamoDB's own limit is 400 KB). */
  maxItemBytes?: number
  /** Largest structured result, in bytes of JSON (default 1 MB). */
  maxResultBytes?: number
}

export const DEFAULT_MAX_ITEMS = 100
export const DEFAULT_PAGE = 25

export function checkAccess(policy: SafetyPolicy, tool: string, access: Access): void {
  if (access === 'read') return
  if (!policy.allowWrites) throw new ToolRefusedError(`${tool} writes to the database and the server is read-only: start it with --allow-writes to allow writes`)
  if (access === 'destructive' && !policy.allowDestructive) throw new ToolRefusedError(`${tool} is destructive (it removes data for good): start the server with --allow-destructive to allow it`)
  if (policy.production && !policy.allowProduction) throw new ToolRefusedError(`${tool} writes and the environment${policy.environment ? ` ${policy.environment}` : ''} is production: start the server with --allow-production to write to it`)
}

/** The page size to read: the request's, else 25, never above the cap. */
export function pageLimit(policy: SafetyPolicy, requested: unknown): number {
  const cap = policy.maxItems ?? DEFAULT_MAX_ITEMS
  if (requested === undefined) return Math.min(DEFAULT_PAGE, cap)
  const limit = Number(requested)
  if (limit > cap) throw new ToolRefusedError(`limit ${limit} is above this server's cap of ${cap} items per call: ask for at most ${cap} and continue with the cursor`)
  return limit
}

export function checkItemSize(policy: SafetyPolicy, item: Record<string, unknown>, what = 'item'): void {
  const cap = policy.maxItemBytes ?? 64 * 1024
  const size = itemSize(marshall(item))
  if (size > cap) throw new ToolRefusedError(`the ${what} is ${size} bytes, above this server's cap of ${cap} bytes: write it with the library or the CLI, or start the server with a larger --max-item-bytes`)
}

export function checkResultSize(policy: SafetyPolicy, result: Record<string, unknown>): void {
  const cap = policy.maxResultBytes ?? 1024 * 1024
  const size = JSON.stringify(result).length
  if (size > cap) throw new ToolRefusedError(`the result is ${size} bytes of JSON, above this server's cap of ${cap}: ask for fewer items (limit) or fewer attributes (projection)`)
}
