/**
 * Everything the rest of the code knows about reaching the embedded engine. The client imports this
 * module lazily (only for `endpoint: 'local'`), and the engine itself only when a connection is
 * opened, so the constants below cost nothing to import (the CLI reads them on every start).
 */
import { EMULATOR_CREDENTIALS } from '../aws/credentials/emulator.ts'
import type { Credentials } from '../aws/credentials/types.ts'
import type { FetchFunction } from '../aws/http.ts'

export const LOCAL_REGION = 'us-east-1'
/** Never resolved: the in-process fetch answers every request addressed to it without a socket. */
export const EMBEDDED_ENDPOINT = 'http://embedded.dbtooling'

export interface LocalConnectionOptions {
  /** The data file (default .dbtooling/local.sqlite). */
  dbPath?: string
  inMemory?: boolean
  /** How long tables stay CREATING/UPDATING/DELETING (and new GSIs backfilling), in ms; 0 (default): ACTIVE at once. */
  lifecycleMs?: number
  /** How often expired TTL items are deleted, in ms (default 1000). */
  ttlIntervalMs?: number
}

/** What a client needs to talk to the engine in-process. `close()` stops its TTL sweeper and closes the database. */
export interface LocalConnection {
  fetch: FetchFunction
  endpoint: string
  region: string
  credentials: Credentials
  close(): void
}

/** Opens the engine in-process (with its background TTL sweeper). */
export async function openLocalConnection(options: LocalConnectionOptions = {}): Promise<LocalConnection> {
  const { openLocal } = await import('./server.ts')
  const { dbPath, inMemory, lifecycleMs, ttlIntervalMs } = options
  const local = openLocal({ ...(inMemory ? { inMemory: true } : { dbPath }), lifecycleMs, ttlIntervalMs })
  return { fetch: local.fetch, endpoint: EMBEDDED_ENDPOINT, region: LOCAL_REGION, credentials: EMULATOR_CREDENTIALS, close: local.close }
}
