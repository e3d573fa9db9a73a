/**
 * Builds the clients a command talks through, from the resolved configuration: region, endpoint,
 * profile or configured credentials, retries and timeouts, and a --verbose request log with
 * secrets redacted.
 */
import { DynamoDBClient } from '../dynamodb/client.ts'
import { DocumentClient } from '../dynamodb/document.ts'
import type { ResolvedConfig } from '../config.ts'
import type { CommandContext } from './command.ts'

export interface Connection {
  config: ResolvedConfig
  client: DynamoDBClient
  doc: DocumentClient
  /** 'endpoint <url>' or 'AWS <region>': for messages. */
  target: string
  close(): void
}

export async function connect(ctx: CommandContext): Promise<Connection> {
  const config = await ctx.config()
  const client = new DynamoDBClient({
    region: config.region,
    endpoint: config.endpoint,
    profile: config.profile,
    credentials: config.credentials ?? (config.endpoint && isLoopback(config.endpoint) && !config.profile ? emulatorCredentials : undefined),
    maxAttempts: config.maxAttempts,
    timeoutMs: config.timeoutMs,
    logger: ctx.global.verbose ? { debug: (message, details) => ctx.out.debug(`${message} ${JSON.stringify(details)}`) } : undefined,
  })
  const doc = new DocumentClient(client)
  return {
    config,
    client,
    doc,
    target: config.endpoint ? `endpoint ${config.endpoint}` : `AWS ${config.region}`,
    close: () => client.close(),
  }
}

/** Emulators need a signed request, not a valid one: spare users configuring fake keys. */
const emulatorCredentials = { accessKeyId: 'local', secretAccessKey: 'local' }

function isLoopback(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname
    return host === 'localhost' || host === '[::1]' || host.startsWith('127.')
  } catch {
    return false
  }
}
