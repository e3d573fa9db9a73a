import type { ConfigFlags } from '../config.ts'
import type { FlagSpec, GlobalFlags } from './command.ts'

/** Flags every command accepts, named as the AWS CLI names them where one exists. */
export const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  profile: { type: 'string', value: '<name>', description: 'AWS profile from ~/.aws/config and ~/.aws/credentials' },
  region: { type: 'string', value: '<region>', description: 'AWS region, e.g. eu-west-1' },
  'endpoint-url': { type: 'string', value: '<url>', description: "DynamoDB endpoint URL, or 'local' for the embedded engine" },
  table: { type: 'string', value: '<name>', description: 'table name (overrides the configured one)' },
  env: { type: 'string', value: '<name>', description: 'named environment from the config file (or DBTOOLING_ENV)' },
  config: { type: 'string', value: '<file>', description: 'config file (default: dbtooling.config.ts found upward)' },
  json: { type: 'boolean', description: 'print exactly one JSON document on stdout' },
  quiet: { type: 'boolean', short: 'q', description: 'no progress or informational messages' },
  verbose: { type: 'boolean', short: 'v', description: 'log requests and responses (credentials redacted) and stack traces' },
  color: { type: 'boolean', description: 'color output (--no-color or NO_COLOR turns it off)' },
  yes: { type: 'boolean', short: 'y', description: 'answer yes to confirmations' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
}

/** The global flags that take part in config resolution, in resolveConfig's terms. */
export function configFlags(global: GlobalFlags): ConfigFlags {
  return { region: global.region, endpoint: global.endpointUrl, profile: global.profile, table: global.table, env: global.env, config: global.config }
}
