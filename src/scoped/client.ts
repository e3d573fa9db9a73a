/** The module-level client of the published API: initClient() once, then every function uses it. */
import type { DynamoDBClientOptions } from '../dynamodb/client.ts'
import { DocumentClient } from '../dynamodb/document.ts'
import { createScoped, type ScopedApi } from './api.ts'
import { ConfigurationError } from './errors.ts'

export interface ScopedClientConfig extends Omit<DynamoDBClientOptions, 'endpoint'> {
  /** Falls back to the DYNAMODB_TABLE_NAME environment variable. */
  tableName?: string
  region?: string
  /** A URL, or 'local' for the embedded engine. */
  endpoint?: string
  /** Use this DocumentClient instead of creating one. */
  docClient?: DocumentClient
}

let current: ScopedApi | undefined

export function initClient(config: ScopedClientConfig = {}): void {
  const { tableName = process.env.DYNAMODB_TABLE_NAME, docClient, ...options } = config
  if (!tableName) throw new ConfigurationError('initClient: tableName is required (or set DYNAMODB_TABLE_NAME)')
  current?.context.doc.close()
  current = createScoped({ doc: docClient ?? new DocumentClient(options), table: tableName })
}

export function getDocClient(): DocumentClient {
  return scoped().context.doc
}

export function getTableName(): string {
  return scoped().context.table
}

export function isInitialized(): boolean {
  return current !== undefined
}

/** Forgets the client (tests); the next call needs initClient() again. */
export function resetClient(): void {
  current?.context.doc.close()
  current = undefined
}

export function scoped(): ScopedApi {
  if (!current) throw new ConfigurationError('DynamoDB client not initialized. Call initClient() first.')
  return current
}
