/**
 * The low-level DynamoDB client: one typed method per operation of API 2012-08-10 plus DynamoDB
 * Streams, wire-format JSON in and out (JSON 1.0 protocol: POST /, `x-amz-target: <prefix>.<Op>`).
 *
 * Everything that can be computed once per client is: the URLs, the per-operation header objects,
 * the resolved region and endpoint, the credentials (refreshed only near expiry). A request is then
 * one JSON.stringify, one signature, one fetch and one JSON.parse.
 */
import { ClientClosedError, AwsError } from '../aws/errors.ts'
import { HttpTransport, type FetchFunction, type HttpLogger, type HttpRequest } from '../aws/http.ts'
import type { RetryOptions } from '../aws/retry.ts'
import { defaultEndpoint, resolveEndpoint, resolveRegion } from '../aws/resolve.ts'
import { defaultCredentialProvider } from '../aws/credentials/chain.ts'
import { isLoopbackEndpoint, withEmulatorFallback } from '../aws/credentials/emulator.ts'
import type { Env } from '../aws/credentials/options.ts'
import type { CredentialProvider, Credentials } from '../aws/credentials/types.ts'
import { createDynamoDBError } from './errors.ts'
import { sendThroughHooks, type ClientHook, type WireResult } from './hooks.ts'
import { DYNAMODB_TARGET_PREFIX, isStreamsOperation, STREAMS_TARGET_PREFIX, type OperationName } from './operations.ts'
import type { OperationInput, OperationOutput } from './types/index.ts'

export interface DynamoDBClientOptions {
  /** Default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region; `us-east-1` when only an endpoint is given. */
  region?: string
  /** e.g. `http://127.0.0.1:8000` for DynamoDB Local. Default: AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, profile, public endpoint. */
  endpoint?: string
  /**
   * Fixed credentials or a provider; default: the AWS SDK's credential chain for `profile`. For a
   * loopback endpoint (DynamoDB Local, `dbtooling start`) without a `profile`, dummy credentials
   * when the chain finds none.
   */
  credentials?: Credentials | CredentialProvider
  /** Shared config/credentials profile (default AWS_PROFILE, then `default`). */
  profile?: string
  /** Attempts per request including the first. Default 3 (the AWS SDKs' standard retry mode). */
  maxAttempts?: number
  /** Per-attempt timeout in ms. Default 10,000. */
  timeoutMs?: number
  /** Overall time budget per request across attempts, in ms. Default none. */
  deadlineMs?: number
  /** Backoff and retry-quota tuning. */
  retry?: RetryOptions
  /** Replaces the global fetch, e.g. with the embedded engine's in-process handler. */
  fetch?: FetchFunction
  /** Debug hook for requests, responses and retries; signatures and tokens arrive redacted. */
  logger?: HttpLogger
  /** Environment to resolve region, endpoint and credentials from (default process.env). */
  env?: Env
  /**
   * With `endpoint: 'local'`: the embedded engine's data file (default .dbtooling/local.sqlite) or
   * in-memory, how long tables stay CREATING/UPDATING/DELETING (`lifecycleMs`, default 0: ACTIVE at
   * once) and how often expired TTL items are deleted (`ttlIntervalMs`, default 1000). The engine is
   * loaded and opened on first use, and closed by `close()`.
   */
  local?: { dbPath?: string; inMemory?: boolean; lifecycleMs?: number; ttlIntervalMs?: number }
  /** Hooks around every send, in this order; `use()` adds more. */
  hooks?: readonly ClientHook[]
}

export interface SendOptions {
  signal?: AbortSignal
  /**
   * The input holds binaries only as base64 strings, as `marshall` writes them (the DocumentClient's
   * requests always do): skips the search for raw Uint8Arrays, a walk over every value of the request.
   */
  binariesEncoded?: boolean
}

interface ResolvedState {
  transport: HttpTransport
  region: string
  url: string
  streamsUrl: string
}

/** Refresh temporary credentials this long before they expire. */
const REFRESH_BEFORE_MS = 60_000
const CONTENT_TYPE = 'application/x-amz-json-1.0'
const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** Header objects per operation, built on first use and shared by every client (the signer copies them). */
const headerCache = new Map<string, Record<string, string>>()
function headersFor(operation: string): Record<string, string> {
  let headers = headerCache.get(operation)
  if (headers === undefined) {
    const prefix = isStreamsOperation(operation) ? STREAMS_TARGET_PREFIX : DYNAMODB_TARGET_PREFIX
    // identity: the x-amz-crc32 header is a checksum of the bytes as sent, so no transparent gzip.
    headers = { 'content-type': CONTENT_TYPE, 'x-amz-target': `${prefix}.${operation}`, 'accept-encoding': 'identity' }
    headerCache.set(operation, headers)
  }
  return headers
}

/** JSON.stringify replacer: raw Uint8Array binaries go on the wire as base64, as DynamoDB expects. */
function encodeBinary(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? value.toBase64() : value
}

export class DynamoDBClient {
  readonly #options: DynamoDBClientOptions
  #state: ResolvedState | undefined
  #resolving: Promise<ResolvedState> | undefined
  #credentials: Credentials | undefined
  #provider: CredentialProvider | undefined
  #refreshing: Promise<Credentials> | undefined
  #closed = false

  #closeLocal: (() => void) | undefined
  /** Replaced, never mutated, so a send in flight keeps the chain it started with. */
  #hooks: readonly ClientHook[]

  constructor(options: DynamoDBClientOptions = {}) {
    this.#options = { ...options }
    this.#hooks = [...(options.hooks ?? [])]
    const credentials = options.credentials
    if (typeof credentials === 'function') this.#provider = credentials
    else if (credentials !== undefined) this.#credentials = credentials
  }

  /**
   * Adds a hook after the ones already there (see ClientHook for the order they run in). Returns a
   * function that removes it again; requests already in flight finish with the hooks they began with.
   */
  use(hook: ClientHook): () => void {
    this.#hooks = [...this.#hooks, hook]
    let removed = false
    return () => {
      if (removed) return
      removed = true
      const at = this.#hooks.lastIndexOf(hook)
      if (at >= 0) this.#hooks = this.#hooks.toSpliced(at, 1)
    }
  }

  /**
   * Sends one operation with wire-format input and returns DynamoDB's wire-format output. Throws a
   * DynamoDBServiceError subclass for service errors, or a transport AwsError (TimeoutError,
   * NetworkError, AbortError, ...) when no answer came.
   */
  async send<Op extends OperationName>(operation: Op, input: OperationInput<Op>, options?: SendOptions): Promise<OperationOutput<Op>> {
    if (this.#closed) throw new ClientClosedError({ operation, service: 'dynamodb' })
    if (this.#hooks.length !== 0) return this.#sendHooked(operation, input, options) as Promise<OperationOutput<Op>>
    const state = this.#state ?? (await this.#resolve())
    const response = await state.transport.send(wireRequest(state, operation, input, options))
    return response.data as OperationOutput<Op>
  }

  /** Not inlined in send(): a closure there would cost every call a scope allocation, hooks or not. */
  #sendHooked(operation: OperationName, input: object, options: SendOptions | undefined): Promise<object> {
    return sendThroughHooks(this.#hooks, operation, input, wire => this.#sendWire(operation, wire, options))
  }

  /** The hooked path: the same request, reporting the attempts too. */
  async #sendWire(operation: OperationName, input: object, options: SendOptions | undefined): Promise<WireResult> {
    const state = this.#state ?? (await this.#resolve())
    const response = await state.transport.send(wireRequest(state, operation, input, options))
    return { output: response.data as object, attempts: response.attempts }
  }

  /** The region and endpoint this client talks to (resolved once, on first use). */
  async resolvedConfig(): Promise<{ region: string; endpoint: string; streamsEndpoint: string }> {
    const state = this.#state ?? (await this.#resolve())
    return { region: state.region, endpoint: state.url, streamsEndpoint: state.streamsUrl }
  }

  /** Stops new requests (they throw ClientClosedError) and drops cached credentials. In-flight ones finish. */
  close(): void {
    if (!this.#closed) this.#closeLocal?.()
    this.#closeLocal = undefined
    this.#closed = true
    this.#credentials = undefined
    this.#refreshing = undefined
  }

  get closed(): boolean {
    return this.#closed
  }

  /** What JSON.stringify and console.log show: configuration, never credentials. */
  toJSON(): Record<string, unknown> {
    const o = this.#options
    return {
      region: this.#state?.region ?? o.region,
      endpoint: this.#state?.url ?? o.endpoint,
      profile: o.profile,
      maxAttempts: o.maxAttempts ?? 3,
      timeoutMs: o.timeoutMs ?? 10_000,
      credentials: o.credentials === undefined ? 'default chain' : typeof o.credentials === 'function' ? 'provider' : 'static',
      closed: this.#closed,
    }
  }

  [INSPECT](): string {
    return `DynamoDBClient ${JSON.stringify(this.toJSON())}`
  }

  #resolve(): Promise<ResolvedState> {
    this.#resolving ??= this.#createState().catch((error: unknown) => {
      this.#resolving = undefined // let the next call try again (e.g. after the user fixes the env)
      throw error
    })
    return this.#resolving
  }

  async #createState(): Promise<ResolvedState> {
    if (this.#options.endpoint !== 'local') return this.#createRemoteState(this.#options)
    const local = await openLocal(this.#options.local)
    if (this.#closed) {
      // close() ran while the engine was opening: nothing else will close it.
      local.close()
      throw new ClientClosedError({ operation: 'connect', service: 'dynamodb' })
    }
    this.#closeLocal = local.close
    if (this.#provider === undefined) this.#credentials ??= local.credentials
    try {
      return await this.#createRemoteState({ ...this.#options, region: this.#options.region ?? local.region, endpoint: local.endpoint, fetch: local.fetch })
    } catch (error) {
      this.#closeLocal = undefined
      local.close()
      throw error
    }
  }

  async #createRemoteState(o: DynamoDBClientOptions): Promise<ResolvedState> {
    const region = (await resolveRegion({ region: o.region, profile: o.profile, env: o.env })) ?? (o.endpoint ? 'us-east-1' : undefined)
    if (region === undefined) {
      throw new AwsError({
        code: 'MissingRegion',
        message: 'DynamoDBClient: no region; pass { region }, set AWS_REGION, or give the profile a region',
        service: 'dynamodb',
      })
    }
    const endpoint = trimSlash(await resolveEndpoint('dynamodb', { endpoint: o.endpoint, region, profile: o.profile, env: o.env }))
    // Streams have their own public host; a custom endpoint (DynamoDB Local, a proxy) serves both.
    const streamsEndpoint = endpoint === defaultEndpoint('dynamodb', region) ? defaultEndpoint('streams.dynamodb', region) : endpoint
    const transport = new HttpTransport({
      service: 'dynamodb',
      region,
      credentials: this.#getCredentials,
      createError: createDynamoDBError,
      fetch: o.fetch,
      maxAttempts: o.maxAttempts,
      timeoutMs: o.timeoutMs,
      deadlineMs: o.deadlineMs,
      retry: o.retry,
      logger: o.logger,
      json: true,
    })
    this.#state = { transport, region, url: `${endpoint}/`, streamsUrl: `${streamsEndpoint}/` }
    return this.#state
  }

  /** Cached credentials synchronously when fresh; otherwise one shared refresh. */
  #getCredentials = (): Credentials | Promise<Credentials> => {
    const current = this.#credentials
    if (current !== undefined && (current.expiration === undefined || current.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS)) {
      return current
    }
    this.#refreshing ??= this.#fetchCredentials().finally(() => {
      this.#refreshing = undefined
    })
    return this.#refreshing
  }

  async #fetchCredentials(): Promise<Credentials> {
    const o = this.#options
    if (this.#provider === undefined) {
      const chain = defaultCredentialProvider({ profile: o.profile, env: o.env })
      // An emulator on this machine works without AWS credentials; an explicit profile still must exist.
      const url = (this.#state ?? (await this.#resolve())).url
      this.#provider = o.profile === undefined && isLoopbackEndpoint(url) ? withEmulatorFallback(chain) : chain
    }
    const credentials = await this.#provider()
    if (!this.#closed) this.#credentials = credentials
    return credentials
  }

  // --- one method per operation -------------------------------------------------------------------
  batchExecuteStatement(input: OperationInput<'BatchExecuteStatement'>, options?: SendOptions): Promise<OperationOutput<'BatchExecuteStatement'>> {
    return this.send('BatchExecuteStatement', input, options)
  }
  batchGetItem(input: OperationInput<'BatchGetItem'>, options?: SendOptions): Promise<OperationOutput<'BatchGetItem'>> {
    return this.send('BatchGetItem', input, options)
  }
  batchWriteItem(input: OperationInput<'BatchWriteItem'>, options?: SendOptions): Promise<OperationOutput<'BatchWriteItem'>> {
    return this.send('BatchWriteItem', input, options)
  }
  createBackup(input: OperationInput<'CreateBackup'>, options?: SendOptions): Promise<OperationOutput<'CreateBackup'>> {
    return this.send('CreateBackup', input, options)
  }
  createGlobalTable(input: OperationInput<'CreateGlobalTable'>, options?: SendOptions): Promise<OperationOutput<'CreateGlobalTable'>> {
    return this.send('CreateGlobalTable', input, options)
  }
  createTable(input: OperationInput<'CreateTable'>, options?: SendOptions): Promise<OperationOutput<'CreateTable'>> {
    return this.send('CreateTable', input, options)
  }
  deleteBackup(input: OperationInput<'DeleteBackup'>, options?: SendOptions): Promise<OperationOutput<'DeleteBackup'>> {
    return this.send('DeleteBackup', input, options)
  }
  deleteItem(input: OperationInput<'DeleteItem'>, options?: SendOptions): Promise<OperationOutput<'DeleteItem'>> {
    return this.send('DeleteItem', input, options)
  }
  deleteResourcePolicy(input: OperationInput<'DeleteResourcePolicy'>, options?: SendOptions): Promise<OperationOutput<'DeleteResourcePolicy'>> {
    return this.send('DeleteResourcePolicy', input, options)
  }
  deleteTable(input: OperationInput<'DeleteTable'>, options?: SendOptions): Promise<OperationOutput<'DeleteTable'>> {
    return this.send('DeleteTable', input, options)
  }
  describeBackup(input: OperationInput<'DescribeBackup'>, options?: SendOptions): Promise<OperationOutput<'DescribeBackup'>> {
    return this.send('DescribeBackup', input, options)
  }
  describeContinuousBackups(input: OperationInput<'DescribeContinuousBackups'>, options?: SendOptions): Promise<OperationOutput<'DescribeContinuousBackups'>> {
    return this.send('DescribeContinuousBackups', input, options)
  }
  describeContributorInsights(input: OperationInput<'DescribeContributorInsights'>, options?: SendOptions): Promise<OperationOutput<'DescribeContributorInsights'>> {
    return this.send('DescribeContributorInsights', input, options)
  }
  describeEndpoints(input: OperationInput<'DescribeEndpoints'> = {}, options?: SendOptions): Promise<OperationOutput<'DescribeEndpoints'>> {
    return this.send('DescribeEndpoints', input, options)
  }
  describeExport(input: OperationInput<'DescribeExport'>, options?: SendOptions): Promise<OperationOutput<'DescribeExport'>> {
    return this.send('DescribeExport', input, options)
  }
  describeGlobalTable(input: OperationInput<'DescribeGlobalTable'>, options?: SendOptions): Promise<OperationOutput<'DescribeGlobalTable'>> {
    return this.send('DescribeGlobalTable', input, options)
  }
  describeGlobalTableSettings(input: OperationInput<'DescribeGlobalTableSettings'>, options?: SendOptions): Promise<OperationOutput<'DescribeGlobalTableSettings'>> {
    return this.send('DescribeGlobalTableSettings', input, options)
  }
  describeImport(input: OperationInput<'DescribeImport'>, options?: SendOptions): Promise<OperationOutput<'DescribeImport'>> {
    return this.send('DescribeImport', input, options)
  }
  describeKinesisStreamingDestination(input: OperationInput<'DescribeKinesisStreamingDestination'>, options?: SendOptions): Promise<OperationOutput<'DescribeKinesisStreamingDestination'>> {
    return this.send('DescribeKinesisStreamingDestination', input, options)
  }
  describeLimits(input: OperationInput<'DescribeLimits'> = {}, options?: SendOptions): Promise<OperationOutput<'DescribeLimits'>> {
    return this.send('DescribeLimits', input, options)
  }
  describeTable(input: OperationInput<'DescribeTable'>, options?: SendOptions): Promise<OperationOutput<'DescribeTable'>> {
    return this.send('DescribeTable', input, options)
  }
  describeTableReplicaAutoScaling(input: OperationInput<'DescribeTableReplicaAutoScaling'>, options?: SendOptions): Promise<OperationOutput<'DescribeTableReplicaAutoScaling'>> {
    return this.send('DescribeTableReplicaAutoScaling', input, options)
  }
  describeTimeToLive(input: OperationInput<'DescribeTimeToLive'>, options?: SendOptions): Promise<OperationOutput<'DescribeTimeToLive'>> {
    return this.send('DescribeTimeToLive', input, options)
  }
  disableKinesisStreamingDestination(input: OperationInput<'DisableKinesisStreamingDestination'>, options?: SendOptions): Promise<OperationOutput<'DisableKinesisStreamingDestination'>> {
    return this.send('DisableKinesisStreamingDestination', input, options)
  }
  enableKinesisStreamingDestination(input: OperationInput<'EnableKinesisStreamingDestination'>, options?: SendOptions): Promise<OperationOutput<'EnableKinesisStreamingDestination'>> {
    return this.send('EnableKinesisStreamingDestination', input, options)
  }
  executeStatement(input: OperationInput<'ExecuteStatement'>, options?: SendOptions): Promise<OperationOutput<'ExecuteStatement'>> {
    return this.send('ExecuteStatement', input, options)
  }
  executeTransaction(input: OperationInput<'ExecuteTransaction'>, options?: SendOptions): Promise<OperationOutput<'ExecuteTransaction'>> {
    return this.send('ExecuteTransaction', input, options)
  }
  exportTableToPointInTime(input: OperationInput<'ExportTableToPointInTime'>, options?: SendOptions): Promise<OperationOutput<'ExportTableToPointInTime'>> {
    return this.send('ExportTableToPointInTime', input, options)
  }
  getItem(input: OperationInput<'GetItem'>, options?: SendOptions): Promise<OperationOutput<'GetItem'>> {
    return this.send('GetItem', input, options)
  }
  getResourcePolicy(input: OperationInput<'GetResourcePolicy'>, options?: SendOptions): Promise<OperationOutput<'GetResourcePolicy'>> {
    return this.send('GetResourcePolicy', input, options)
  }
  importTable(input: OperationInput<'ImportTable'>, options?: SendOptions): Promise<OperationOutput<'ImportTable'>> {
    return this.send('ImportTable', input, options)
  }
  listBackups(input: OperationInput<'ListBackups'> = {}, options?: SendOptions): Promise<OperationOutput<'ListBackups'>> {
    return this.send('ListBackups', input, options)
  }
  listContributorInsights(input: OperationInput<'ListContributorInsights'> = {}, options?: SendOptions): Promise<OperationOutput<'ListContributorInsights'>> {
    return this.send('ListContributorInsights', input, options)
  }
  listExports(input: OperationInput<'ListExports'> = {}, options?: SendOptions): Promise<OperationOutput<'ListExports'>> {
    return this.send('ListExports', input, options)
  }
  listGlobalTables(input: OperationInput<'ListGlobalTables'> = {}, options?: SendOptions): Promise<OperationOutput<'ListGlobalTables'>> {
    return this.send('ListGlobalTables', input, options)
  }
  listImports(input: OperationInput<'ListImports'> = {}, options?: SendOptions): Promise<OperationOutput<'ListImports'>> {
    return this.send('ListImports', input, options)
  }
  listTables(input: OperationInput<'ListTables'> = {}, options?: SendOptions): Promise<OperationOutput<'ListTables'>> {
    return this.send('ListTables', input, options)
  }
  listTagsOfResource(input: OperationInput<'ListTagsOfResource'>, options?: SendOptions): Promise<OperationOutput<'ListTagsOfResource'>> {
    return this.send('ListTagsOfResource', input, options)
  }
  putItem(input: OperationInput<'PutItem'>, options?: SendOptions): Promise<OperationOutput<'PutItem'>> {
    return this.send('PutItem', input, options)
  }
  putResourcePolicy(input: OperationInput<'PutResourcePolicy'>, options?: SendOptions): Promise<OperationOutput<'PutResourcePolicy'>> {
    return this.send('PutResourcePolicy', input, options)
  }
  query(input: OperationInput<'Query'>, options?: SendOptions): Promise<OperationOutput<'Query'>> {
    return this.send('Query', input, options)
  }
  restoreTableFromBackup(input: OperationInput<'RestoreTableFromBackup'>, options?: SendOptions): Promise<OperationOutput<'RestoreTableFromBackup'>> {
    return this.send('RestoreTableFromBackup', input, options)
  }
  restoreTableToPointInTime(input: OperationInput<'RestoreTableToPointInTime'>, options?: SendOptions): Promise<OperationOutput<'RestoreTableToPointInTime'>> {
    return this.send('RestoreTableToPointInTime', input, options)
  }
  scan(input: OperationInput<'Scan'>, options?: SendOptions): Promise<OperationOutput<'Scan'>> {
    return this.send('Scan', input, options)
  }
  tagResource(input: OperationInput<'TagResource'>, options?: SendOptions): Promise<OperationOutput<'TagResource'>> {
    return this.send('TagResource', input, options)
  }
  transactGetItems(input: OperationInput<'TransactGetItems'>, options?: SendOptions): Promise<OperationOutput<'TransactGetItems'>> {
    return this.send('TransactGetItems', input, options)
  }
  transactWriteItems(input: OperationInput<'TransactWriteItems'>, options?: SendOptions): Promise<OperationOutput<'TransactWriteItems'>> {
    return this.send('TransactWriteItems', input, options)
  }
  untagResource(input: OperationInput<'UntagResource'>, options?: SendOptions): Promise<OperationOutput<'UntagResource'>> {
    return this.send('UntagResource', input, options)
  }
  updateContinuousBackups(input: OperationInput<'UpdateContinuousBackups'>, options?: SendOptions): Promise<OperationOutput<'UpdateContinuousBackups'>> {
    return this.send('UpdateContinuousBackups', input, options)
  }
  updateContributorInsights(input: OperationInput<'UpdateContributorInsights'>, options?: SendOptions): Promise<OperationOutput<'UpdateContributorInsights'>> {
    return this.send('UpdateContributorInsights', input, options)
  }
  updateGlobalTable(input: OperationInput<'UpdateGlobalTable'>, options?: SendOptions): Promise<OperationOutput<'UpdateGlobalTable'>> {
    return this.send('UpdateGlobalTable', input, options)
  }
  updateGlobalTableSettings(input: OperationInput<'UpdateGlobalTableSettings'>, options?: SendOptions): Promise<OperationOutput<'UpdateGlobalTableSettings'>> {
    return this.send('UpdateGlobalTableSettings', input, options)
  }
  updateItem(input: OperationInput<'UpdateItem'>, options?: SendOptions): Promise<OperationOutput<'UpdateItem'>> {
    return this.send('UpdateItem', input, options)
  }
  updateKinesisStreamingDestination(input: OperationInput<'UpdateKinesisStreamingDestination'>, options?: SendOptions): Promise<OperationOutput<'UpdateKinesisStreamingDestination'>> {
    return this.send('UpdateKinesisStreamingDestination', input, options)
  }
  updateTable(input: OperationInput<'UpdateTable'>, options?: SendOptions): Promise<OperationOutput<'UpdateTable'>> {
    return this.send('UpdateTable', input, options)
  }
  updateTableReplicaAutoScaling(input: OperationInput<'UpdateTableReplicaAutoScaling'>, options?: SendOptions): Promise<OperationOutput<'UpdateTableReplicaAutoScaling'>> {
    return this.send('UpdateTableReplicaAutoScaling', input, options)
  }
  updateTimeToLive(input: OperationInput<'UpdateTimeToLive'>, options?: SendOptions): Promise<OperationOutput<'UpdateTimeToLive'>> {
    return this.send('UpdateTimeToLive', input, options)
  }
  listStreams(input: OperationInput<'ListStreams'> = {}, options?: SendOptions): Promise<OperationOutput<'ListStreams'>> {
    return this.send('ListStreams', input, options)
  }
  describeStream(input: OperationInput<'DescribeStream'>, options?: SendOptions): Promise<OperationOutput<'DescribeStream'>> {
    return this.send('DescribeStream', input, options)
  }
  getShardIterator(input: OperationInput<'GetShardIterator'>, options?: SendOptions): Promise<OperationOutput<'GetShardIterator'>> {
    return this.send('GetShardIterator', input, options)
  }
  getRecords(input: OperationInput<'GetRecords'>, options?: SendOptions): Promise<OperationOutput<'GetRecords'>> {
    return this.send('GetRecords', input, options)
  }}

/**
 * `endpoint: 'local'`: the embedded engine, imported only now, so an application that never asks
 * for it never loads it (nor bun:sqlite). This is the one import from `dynamodb/` into `local/`.
 */
async function openLocal(options: DynamoDBClientOptions['local']) {
  try {
    const { openLocalConnection } = await import('../local/connection.ts')
    return await openLocalConnection(options)
  } catch (cause) {
    throw new AwsError({ code: 'LocalEngineUnavailable', message: `endpoint 'local': the embedded engine could not be opened (${cause instanceof Error ? cause.message : String(cause)})`, service: 'dynamodb', cause })
  }
}

function wireRequest(state: ResolvedState, operation: OperationName, input: object, options: SendOptions | undefined): HttpRequest {
  return {
    url: isStreamsOperation(operation) ? state.streamsUrl : state.url,
    headers: headersFor(operation),
    body: JSON.stringify(input, options?.binariesEncoded !== true && hasBinary(input) ? encodeBinary : undefined),
    operation,
    signal: options?.signal,
  }
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url
}

/**
 * True when `value` holds a Uint8Array anywhere. Wire-format input from marshall() already carries
 * base64 strings, so the common case pays for this cheap walk instead of a replacer on every key.
 */
function hasBinary(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false
  if (value instanceof Uint8Array) return true
  if (Array.isArray(value)) {
    for (const entry of value) if (hasBinary(entry)) return true
    return false
  }
  for (const key in value) if (hasBinary((value as Record<string, unknown>)[key])) return true
  return false
}
