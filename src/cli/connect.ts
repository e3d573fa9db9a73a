/**
 * Builds the clients a command talks through, from the resolved configuration: region, endpoint,
 * profile or configured credentials, retries and timeouts, and a --verbose request log with
 * secrets redacted. With nothing configured at all, commands use the embedded engine: a running
 * `dbtooling start --detach` server if there is one, else the engine in-process on
 * .dbtooling/local.sqlite.
 */
import { join, resolve } from 'node:path'
import { EMULATOR_CREDENTIALS } from '../aws/credentials/emulator.ts'
import { homeDirectory } from '../aws/credentials/ini.ts'
import type { ResolvedConfig } from '../config.ts'
import { DynamoDBClient } from '../dynamodb/client.ts'
import { DocumentClient } from '../dynamodb/document.ts'
import type { CommandContext } from './command.ts'
import { checkEndpoint, redactUrlPasswords } from './endpoint.ts'
import { DEFAULT_DB_PATH, readState } from './local-state.ts'

/**
 * A command's connection: `await using conn = await connect(ctx)` closes it when the command's
 * block is left, by return or by error.
 */
export interface Connection extends AsyncDisposable {
  config: ResolvedConfig
  client: DynamoDBClient
  doc: DocumentClient
  /** 'endpoint <url>', 'embedded engine (<file>)' or 'AWS <region>': for messages. */
  target: string
  /** True when the requests go to the embedded engine (in-process or a local server). */
  embedded: boolean
  close(): void
}

export async function connect(ctx: CommandContext): Promise<Connection> {
  const config = await ctx.config()
  checkEndpoint(config)
  const logger = ctx.global.verbose ? { debug: (message: string, details: Record<string, unknown>) => ctx.out.debug(redactUrlPasswords(`${message} ${JSON.stringify(details)}`)) } : undefined
  const common = { region: config.region, maxAttempts: config.maxAttempts, timeoutMs: config.timeoutMs, logger }
  const mode = await embeddedMode(config, ctx.env)

  if (mode) {
    const running = await readState(ctx.cwd)
    if (mode === 'default') ctx.out.info(`dbtooling: no endpoint, AWS credentials or config file found: using the embedded engine${running ? ` at ${running.endpoint}` : ` (${DEFAULT_DB_PATH})`}; pass --endpoint-url or --profile for DynamoDB`)
    if (running) {
      const client = new DynamoDBClient({ ...common, endpoint: running.endpoint, credentials: EMULATOR_CREDENTIALS })
      return wrap(config, client, `embedded engine at ${running.endpoint}`, true, () => client.close())
    }
    // The client loads the engine (sqlite, its expression evaluator) on first use, so it slows no other start.
    const client = new DynamoDBClient({ ...common, endpoint: 'local', local: { dbPath: resolve(ctx.cwd, DEFAULT_DB_PATH) } })
    return wrap(config, client, `embedded engine (${DEFAULT_DB_PATH})`, true, () => client.close())
  }

  const client = new DynamoDBClient({
    ...common,
    endpoint: config.endpoint,
    profile: config.profile,
    // A loopback endpoint without credentials gets dummy ones from the client itself.
    credentials: config.credentials,
    env: ctx.env,
  })
  return wrap(config, client, config.endpoint ? `endpoint ${redactUrlPasswords(config.endpoint)}` : `AWS ${config.region}`, false, () => client.close())
}

function wrap(config: ResolvedConfig, client: DynamoDBClient, target: string, embedded: boolean, close: () => void): Connection {
  return { config, client, doc: new DocumentClient(client), target, embedded, close, [Symbol.asyncDispose]: async () => close() }
}

/**
 * 'explicit' for `--endpoint-url local`; 'default' when nothing points anywhere else: no endpoint,
 * no config file, no AWS credentials or profile in the environment or in ~/.aws.
 */
export async function embeddedMode(config: ResolvedConfig, env: Record<string, string | undefined>): Promise<'explicit' | 'default' | undefined> {
  if (config.endpoint === 'local') return 'explicit'
  if (config.endpoint || config.configFile || config.profile || config.credentials) return undefined
  const awsVars = ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE']
  if (awsVars.some(name => env[name])) return undefined
  const home = homeDirectory(env)
  if ((await Bun.file(join(home, '.aws', 'credentials')).exists()) || (await Bun.file(join(home, '.aws', 'config')).exists())) return undefined
  return 'default'
}
