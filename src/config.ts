/**
 * dbtooling configuration: types, defaults, the file loader (`dbtooling.config.ts` / `.json`, found
 * from the working directory upward) and resolution with precedence
 * flags > DBTOOLING_* env > AWS env > selected environment > config file > defaults.
 * Every resolved value remembers where it came from, so `dbtooling config` can say so.
 */
import { dirname, join, resolve } from 'node:path'
import { DEFAULT_SINGLE_TABLE_CONFIG, resolveSingleTableConfig } from './single-table/design/config.ts'
import type { ResolvedSingleTableConfig, SingleTableConfig } from './single-table/design/types.ts'
import { SingleTableError } from './single-table/errors.ts'

export type BillingMode = 'PAY_PER_REQUEST' | 'PROVISIONED'
export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES'
export type TableClass = 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS'

export interface TableSettings {
  name?: string
  prefix?: string
  suffix?: string
  billingMode?: BillingMode
  readCapacity?: number
  writeCapacity?: number
  tableClass?: TableClass
  deletionProtection?: boolean
  /** Stream view type, or false for no stream. */
  stream?: StreamViewType | false
  /** Attribute holding the TTL epoch seconds; unset means TTL off. */
  ttlAttribute?: string
  tags?: Record<string, string>
  /** Point-in-time recovery (continuous backups). */
  pointInTimeRecovery?: boolean
  /** Server-side encryption; unset means the AWS-owned key, DynamoDB's default. */
  sse?: SseSetting
  /** CloudWatch contributor insights on the table and its GSIs. */
  contributorInsights?: boolean
  /** Target-tracking auto scaling of provisioned capacity (billingMode PROVISIONED only). */
  autoScaling?: AutoScalingSettings
}

/**
 * Server-side encryption key: DynamoDB's own key, the account's `aws/dynamodb` key, or a customer
 * managed KMS key given by ARN or by the name of a deploy-time parameter holding the ARN.
 */
export type SseSetting = 'AWS_OWNED' | 'AWS_MANAGED' | { kmsKeyArn: string } | { kmsKeyParameter: string }

/** Capacity range and target utilisation (percent) of one dimension. */
export interface ScalingRange {
  min: number
  max: number
  targetUtilization: number
}

/** Table read/write scaling; GSIs use the same unless `indexes` names them. */
export interface AutoScalingSettings {
  read?: ScalingRange
  write?: ScalingRange
  indexes?: Record<string, { read?: ScalingRange; write?: ScalingRange }>
}

/** The `singleTableDesign` section: key names, delimiter and index budget of the derived table. */
export type SingleTableSettings = Pick<SingleTableConfig, 'partitionKey' | 'sortKey' | 'delimiter' | 'entityTypeAttribute' | 'gsiCount' | 'lsiCount' | 'keyPrefix' | 'listShards'>

export interface ConfigCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** Settings an environment may override. */
export interface EnvironmentSettings {
  region?: string
  /** A URL, or 'local' for the embedded engine. */
  endpoint?: string
  profile?: string
  credentials?: ConfigCredentials
  table?: TableSettings
  singleTableDesign?: SingleTableSettings
  modelsPath?: string
  maxAttempts?: number
  timeoutMs?: number
  /** Destructive commands need --yes or an interactive confirmation. */
  production?: boolean
}

export interface DbtoolingConfig extends EnvironmentSettings {
  environments?: Record<string, EnvironmentSettings>
}

/** Typed helper for `dbtooling.config.ts`: `export default defineConfig({ ... })`. */
export function defineConfig(config: DbtoolingConfig): DbtoolingConfig {
  return config
}

export const CONFIG_FILE_NAMES = ['dbtooling.config.ts', 'dbtooling.config.js', 'dbtooling.config.json'] as const

export class ConfigError extends Error {
  readonly code = 'ConfigError'
  constructor(message: string, readonly key?: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/**
 * The flat, resolved view the CLI and library work from: the client settings and, in
 * `singleTableDesign`, the design `deriveSchema` takes (the same one every CLI command uses).
 */
export interface ResolvedConfig {
  region: string
  endpoint?: string
  profile?: string
  credentials?: ConfigCredentials
  tableName: string
  table: TableSettings
  /** The section plus the table's name, billing, TTL attribute and stream, defaults filled in. */
  singleTableDesign: ResolvedSingleTableConfig
  modelsPath: string
  maxAttempts: number
  timeoutMs: number
  production: boolean
  environment?: string
  /** Absolute path of the config file, if one was found. */
  configFile?: string
  /** Where each top-level value came from: 'flag', 'env:NAME', 'environment:NAME', 'config', 'default'. */
  sources: Record<string, string>
}

/** Defaults of the client settings; the design's (and the table name's) are the single-table layer's. */
export const DEFAULTS = {
  region: 'us-east-1',
  tableName: DEFAULT_SINGLE_TABLE_CONFIG.tableName,
  modelsPath: 'app/models',
  maxAttempts: 3,
  timeoutMs: 10_000,
  /** Read and write capacity units of a PROVISIONED table whose settings leave one out. */
  provisionedCapacity: 5,
}

/** Values given on the command line; undefined means not given. */
export interface ConfigFlags {
  region?: string
  endpoint?: string
  profile?: string
  table?: string
  env?: string
  config?: string
}

/**
 * Finds the config file from `cwd` upward; an explicit path must exist. Bun.file rather than
 * node:fs: importing node:fs costs every CLI command about a millisecond of cold start.
 */
export async function findConfigFile(cwd: string, explicit?: string): Promise<string | undefined> {
  if (explicit) {
    const path = resolve(cwd, explicit)
    if (!(await Bun.file(path).exists())) throw new ConfigError(`config file ${explicit} does not exist: pass an existing path to --config`, 'config')
    return path
  }
  let dir = resolve(cwd)
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(dir, name)
      if (await Bun.file(path).exists()) return path
    }
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

export async function readConfigFile(path: string): Promise<DbtoolingConfig> {
  let loaded: unknown
  try {
    loaded = path.endsWith('.json') ? await Bun.file(path).json() : await import(path)
  } catch (error) {
    throw new ConfigError(`could not load ${path}: ${(error as Error).message}`)
  }
  const config = path.endsWith('.json') ? loaded : (loaded as { default?: unknown }).default ?? loaded
  validateConfig(config, path)
  return config as DbtoolingConfig
}

const TOP_KEYS = ['region', 'endpoint', 'profile', 'credentials', 'table', 'singleTableDesign', 'modelsPath', 'maxAttempts', 'timeoutMs', 'production', 'environments']
const TABLE_KEYS = ['name', 'prefix', 'suffix', 'billingMode', 'readCapacity', 'writeCapacity', 'tableClass', 'deletionProtection', 'stream', 'ttlAttribute', 'tags', 'pointInTimeRecovery', 'sse', 'contributorInsights', 'autoScaling']
const STD_KEYS = ['partitionKey', 'sortKey', 'delimiter', 'entityTypeAttribute', 'gsiCount', 'lsiCount', 'keyPrefix', 'listShards']

/** Checks shape and enumerations; the message names the key, the bad value and what is allowed. */
export function validateConfig(config: unknown, where = 'config'): asserts config is DbtoolingConfig {
  if (!isRecord(config)) throw new ConfigError(`${where}: expected an object (export default defineConfig({ ... }))`)
  checkSettings(config, where, TOP_KEYS)
  if (config.environments !== undefined) {
    if (!isRecord(config.environments)) throw new ConfigError(`${where}: environments must be an object of named environments`, 'environments')
    for (const [name, env] of Object.entries(config.environments)) {
      if (!isRecord(env)) throw new ConfigError(`${where}: environments.${name} must be an object`, `environments.${name}`)
      checkSettings(env, `${where}: environments.${name}`, TOP_KEYS.filter(k => k !== 'environments'))
    }
  }
}

function checkSettings(s: Record<string, unknown>, where: string, allowed: string[]): void {
  unknownKeys(s, allowed, where, '')
  for (const key of ['region', 'endpoint', 'profile', 'modelsPath'] as const) {
    if (s[key] !== undefined && typeof s[key] !== 'string') bad(where, key, s[key], 'a string')
  }
  if (typeof s.endpoint === 'string' && s.endpoint !== 'local' && !/^https?:\/\//.test(s.endpoint)) bad(where, 'endpoint', s.endpoint, "an http(s) URL or 'local'")
  for (const key of ['maxAttempts', 'timeoutMs'] as const) {
    if (s[key] !== undefined && !(Number.isInteger(s[key]) && (s[key] as number) > 0)) bad(where, key, s[key], 'a positive integer')
  }
  if (s.production !== undefined && typeof s.production !== 'boolean') bad(where, 'production', s.production, 'true or false')
  if (s.credentials !== undefined) {
    const c = s.credentials
    if (!isRecord(c) || typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string') {
      throw new ConfigError(`${where}: credentials must have string accessKeyId and secretAccessKey`, 'credentials')
    }
  }
  if (s.table !== undefined) {
    if (!isRecord(s.table)) bad(where, 'table', s.table, 'an object')
    const t = s.table as Record<string, unknown>
    unknownKeys(t, TABLE_KEYS, where, 'table.')
    oneOf(where, 'table.billingMode', t.billingMode, ['PAY_PER_REQUEST', 'PROVISIONED'])
    oneOf(where, 'table.tableClass', t.tableClass, ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'])
    oneOf(where, 'table.stream', t.stream, [false, 'KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'])
    for (const key of ['readCapacity', 'writeCapacity'] as const) {
      if (t[key] !== undefined && !(Number.isInteger(t[key]) && (t[key] as number) > 0)) bad(where, `table.${key}`, t[key], 'a positive integer')
    }
    if (t.billingMode === 'PROVISIONED' && (t.readCapacity === undefined || t.writeCapacity === undefined)) {
      throw new ConfigError(`${where}: table.billingMode PROVISIONED needs table.readCapacity and table.writeCapacity`, 'table.billingMode')
    }
    for (const key of ['pointInTimeRecovery', 'contributorInsights', 'deletionProtection'] as const) {
      if (t[key] !== undefined && typeof t[key] !== 'boolean') bad(where, `table.${key}`, t[key], 'true or false')
    }
    checkSse(where, t.sse)
    checkAutoScaling(where, t.autoScaling)
    if (t.autoScaling !== undefined && t.billingMode === 'PAY_PER_REQUEST') {
      throw new ConfigError(`${where}: table.autoScaling needs table.billingMode PROVISIONED (on-demand tables scale by themselves)`, 'table.autoScaling')
    }
  }
  if (s.singleTableDesign !== undefined) {
    if (!isRecord(s.singleTableDesign)) bad(where, 'singleTableDesign', s.singleTableDesign, 'an object')
    const d = s.singleTableDesign as Record<string, unknown>
    unknownKeys(d, STD_KEYS, where, 'singleTableDesign.')
    if (d.gsiCount !== undefined && !(Number.isInteger(d.gsiCount) && (d.gsiCount as number) >= 0 && (d.gsiCount as number) <= 20)) {
      bad(where, 'singleTableDesign.gsiCount', d.gsiCount, 'an integer from 0 to 20 (DynamoDB allows 20 GSIs)')
    }
  }
}

function checkSse(where: string, sse: unknown): void {
  if (sse === undefined || sse === 'AWS_OWNED' || sse === 'AWS_MANAGED') return
  if (isRecord(sse) && Object.keys(sse).length === 1) {
    if (typeof sse.kmsKeyArn === 'string' && /^arn:aws[\w-]*:kms:/.test(sse.kmsKeyArn)) return
    if (typeof sse.kmsKeyParameter === 'string' && /^[A-Za-z0-9]+$/.test(sse.kmsKeyParameter)) return
  }
  bad(where, 'table.sse', sse, '"AWS_OWNED", "AWS_MANAGED", { kmsKeyArn: "arn:aws:kms:..." } or { kmsKeyParameter: "AlphanumericName" }')
}

/** Auto scaling needs provisioned capacity; checked on the merged table by the consumers that use it. */
function checkAutoScaling(where: string, scaling: unknown): void {
  if (scaling === undefined) return
  if (!isRecord(scaling)) bad(where, 'table.autoScaling', scaling, 'an object { read?, write?, indexes? }')
  unknownKeys(scaling, ['read', 'write', 'indexes'], where, 'table.autoScaling.')
  const range = (key: string, r: unknown): void => {
    if (r === undefined) return
    if (!isRecord(r)) bad(where, key, r, 'an object { min, max, targetUtilization }')
    unknownKeys(r, ['min', 'max', 'targetUtilization'], where, `${key}.`)
    const { min, max, targetUtilization: target } = r
    if (!(Number.isInteger(min) && (min as number) > 0)) bad(where, `${key}.min`, min, 'a positive integer')
    if (!(Number.isInteger(max) && (max as number) >= (min as number))) bad(where, `${key}.max`, max, `an integer of at least min (${min})`)
    if (!(typeof target === 'number' && target >= 20 && target <= 90)) bad(where, `${key}.targetUtilization`, target, 'a percentage from 20 to 90 (the range DynamoDB auto scaling accepts)')
  }
  range('table.autoScaling.read', scaling.read)
  range('table.autoScaling.write', scaling.write)
  if (scaling.indexes !== undefined) {
    if (!isRecord(scaling.indexes)) bad(where, 'table.autoScaling.indexes', scaling.indexes, 'an object keyed by GSI name')
    for (const [name, index] of Object.entries(scaling.indexes)) {
      const key = `table.autoScaling.indexes.${name}`
      if (!isRecord(index)) bad(where, key, index, 'an object { read?, write? }')
      unknownKeys(index, ['read', 'write'], where, `${key}.`)
      range(`${key}.read`, index.read)
      range(`${key}.write`, index.write)
    }
  }
}

function unknownKeys(s: Record<string, unknown>, allowed: string[], where: string, prefix: string): void {
  for (const key of Object.keys(s)) {
    if (!allowed.includes(key)) throw new ConfigError(`${where}: unknown key ${prefix}${key}; allowed: ${allowed.join(', ')}`, prefix + key)
  }
}

function oneOf(where: string, key: string, value: unknown, allowed: unknown[]): void {
  if (value !== undefined && !allowed.includes(value)) bad(where, key, value, allowed.map(v => JSON.stringify(v)).join(', '))
}

function bad(where: string, key: string, value: unknown, allowed: string): never {
  throw new ConfigError(`${where}: ${key} is ${JSON.stringify(value)}; expected ${allowed}`, key)
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Resolves the effective configuration. `env` is the process environment (injectable for tests).
 * A file config is loaded only when found; nothing here touches the network.
 */
export async function resolveConfig(options: { flags?: ConfigFlags; env?: Record<string, string | undefined>; cwd?: string; file?: DbtoolingConfig } = {}): Promise<ResolvedConfig> {
  const flags = options.flags ?? {}
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const configFile = options.file ? undefined : await findConfigFile(cwd, flags.config)
  const file: DbtoolingConfig = options.file ?? (configFile ? await readConfigFile(configFile) : {})

  const environment = flags.env ?? env.DBTOOLING_ENV
  let selected: EnvironmentSettings = {}
  if (environment !== undefined) {
    const found = file.environments?.[environment]
    if (!found) {
      const names = Object.keys(file.environments ?? {})
      throw new ConfigError(`environment "${environment}" is not defined; ${names.length ? `defined: ${names.join(', ')}` : 'the config file defines no environments'}`, 'env')
    }
    selected = found
  }
  const sources: Record<string, string> = {}
  const envSource = environment ? `environment:${environment}` : ''

  /** First defined candidate wins; records its source. */
  const pick = <T>(key: string, candidates: [T | undefined, string][], fallback?: T): T | undefined => {
    for (const [value, source] of candidates) {
      if (value !== undefined && value !== '') {
        sources[key] = source
        return value
      }
    }
    if (fallback !== undefined) sources[key] = 'default'
    return fallback
  }

  const region = pick('region', [
    [flags.region, 'flag'], [env.DBTOOLING_REGION, 'env:DBTOOLING_REGION'], [env.AWS_REGION, 'env:AWS_REGION'],
    [env.AWS_DEFAULT_REGION, 'env:AWS_DEFAULT_REGION'], [selected.region, envSource], [file.region, 'config'],
  ], DEFAULTS.region)!
  const endpoint = pick('endpoint', [
    [flags.endpoint, 'flag'], [env.DBTOOLING_ENDPOINT, 'env:DBTOOLING_ENDPOINT'],
    [env.AWS_ENDPOINT_URL_DYNAMODB, 'env:AWS_ENDPOINT_URL_DYNAMODB'], [env.AWS_ENDPOINT_URL, 'env:AWS_ENDPOINT_URL'],
    [selected.endpoint, envSource], [file.endpoint, 'config'],
  ])
  const profile = pick('profile', [
    [flags.profile, 'flag'], [env.DBTOOLING_PROFILE, 'env:DBTOOLING_PROFILE'], [env.AWS_PROFILE, 'env:AWS_PROFILE'],
    [selected.profile, envSource], [file.profile, 'config'],
  ])
  const credentials = pick('credentials', [[selected.credentials, envSource], [file.credentials, 'config']])
  const table: TableSettings = { ...file.table, ...selected.table }
  const baseName = pick('tableName', [
    [flags.table, 'flag'], [env.DBTOOLING_TABLE, 'env:DBTOOLING_TABLE'], [selected.table?.name, envSource], [file.table?.name, 'config'],
  ], DEFAULTS.tableName)!
  // An explicit --table is the real name; prefix/suffix decorate configured names only.
  const tableName = sources.tableName === 'flag' ? baseName : `${table.prefix ?? ''}${baseName}${table.suffix ?? ''}`
  const modelsPath = pick('modelsPath', [
    [env.DBTOOLING_MODELS_PATH, 'env:DBTOOLING_MODELS_PATH'], [selected.modelsPath, envSource], [file.modelsPath, 'config'],
  ], DEFAULTS.modelsPath)!
  const maxAttempts = pick('maxAttempts', [[numberEnv(env, 'DBTOOLING_MAX_ATTEMPTS'), 'env:DBTOOLING_MAX_ATTEMPTS'], [selected.maxAttempts, envSource], [file.maxAttempts, 'config']], DEFAULTS.maxAttempts)!
  const timeoutMs = pick('timeoutMs', [[numberEnv(env, 'DBTOOLING_TIMEOUT_MS'), 'env:DBTOOLING_TIMEOUT_MS'], [selected.timeoutMs, envSource], [file.timeoutMs, 'config']], DEFAULTS.timeoutMs)!
  const production = pick('production', [[selected.production, envSource], [file.production, 'config']], false)!
  const singleTableDesign = designOf(tableName, table, { ...file.singleTableDesign, ...selected.singleTableDesign })
  if (file.singleTableDesign || selected.singleTableDesign) sources.singleTableDesign = selected.singleTableDesign ? envSource : 'config'
  else sources.singleTableDesign = 'default'
  if (file.table || selected.table) sources.table = selected.table ? envSource : 'config'

  return { region, endpoint, profile, credentials, tableName, table, singleTableDesign, modelsPath, maxAttempts, timeoutMs, production, environment, configFile, sources }
}

/** The config → design translation: the `singleTableDesign` section plus what `table` says of the table. */
function designOf(tableName: string, table: TableSettings, section: SingleTableSettings): ResolvedSingleTableConfig {
  const capacity = DEFAULTS.provisionedCapacity
  const design: SingleTableConfig = {
    ...section,
    tableName,
    ...(table.billingMode === 'PROVISIONED' ? { billing: { readCapacityUnits: table.readCapacity ?? capacity, writeCapacityUnits: table.writeCapacity ?? capacity } } : {}),
    ...(table.ttlAttribute ? { ttlAttribute: table.ttlAttribute } : {}),
    ...(table.stream ? { stream: table.stream } : {}),
  }
  try {
    return resolveSingleTableConfig(design)
  } catch (error) {
    if (error instanceof SingleTableError) throw new ConfigError(error.message, error.field && `singleTableDesign.${error.field}`)
    throw error
  }
}

function numberEnv(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} is "${raw}"; expected a positive integer`, name)
  return n
}

/** The resolved config with secrets replaced, for printing. */
export function redactConfig(config: ResolvedConfig): Record<string, unknown> {
  const { credentials, ...rest } = config
  return credentials ? { ...rest, credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: '***', ...(credentials.sessionToken ? { sessionToken: '***' } : {}) } } : rest
}
