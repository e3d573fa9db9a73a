/**
 * The HTTP transport every AWS service client uses: signs each attempt, sends it with `fetch`
 * (Bun keeps connections alive and pools them per host), bounds each attempt with a timeout and the
 * whole call with a deadline, honours the caller's AbortSignal, verifies `x-amz-crc32`, corrects the
 * signing clock on skew errors, and retries what is worth retrying (see retry.ts).
 *
 * The transport knows nothing about a service's payloads: it moves a body string out and a body
 * string back, and asks the service's `createError` to turn an error response into a typed error.
 */
import { crc32 } from './crc32.ts'
import type { Credentials } from './credentials/types.ts'
import {
  AbortError,
  AwsError,
  ChecksumMismatchError,
  DeadlineExceededError,
  InvalidResponseError,
  NetworkError,
  RedirectError,
  TimeoutError,
} from './errors.ts'
import {
  backoffDelay,
  CLOCK_SKEW_CODES,
  RETRY_COST,
  RetryQuota,
  sleep,
  THROTTLING_CODES,
  TIMEOUT_RETRY_COST,
  type RetryOptions,
} from './retry.ts'
import { signRequest } from './sigv4.ts'

/** The shape both the global `fetch` and the embedded engine's in-process handler accept. */
export type FetchFunction = (request: Request) => Promise<Response>

/** Debug hook (the CLI's --verbose). Headers arrive with signatures and tokens redacted. */
export interface HttpLogger {
  debug(message: string, details: Record<string, unknown>): void
}

/** What a service's error factory gets for one failed attempt. */
export interface ErrorResponse {
  status: number
  headers: Headers
  body: string
  operation: string
  attempts: number
  requestId: string | undefined
}

export type ErrorFactory = (response: ErrorResponse) => AwsError

export interface HttpTransportOptions {
  /** Signing name (`dynamodb` for DynamoDB and DynamoDB Streams). */
  service: string
  region: string
  /** Called before every attempt; return cached credentials synchronously when you can. */
  credentials: () => Credentials | Promise<Credentials>
  createError: ErrorFactory
  /** Replaces the global fetch, e.g. with the embedded engine's in-process handler. */
  fetch?: FetchFunction
  /** Attempts per call including the first. Default 3 (the AWS SDKs' standard mode). */
  maxAttempts?: number
  /** Per-attempt timeout covering connect, headers and body (ms). Default 10,000. */
  timeoutMs?: number
  /** Overall budget per call across all attempts and backoffs (ms). Default none. */
  deadlineMs?: number
  retry?: RetryOptions
  logger?: HttpLogger
  /**
   * The service speaks AWS JSON 1.0/1.1, whose every success is a JSON object (`{}` at least): a 2xx
   * body that is anything else is an InvalidResponseError (retried), and the parsed object is
   * returned as `data`.
   */
  json?: boolean
}

export interface HttpRequest {
  url: string
  /** Unsigned headers to send (content-type, x-amz-target, ...); the signer adds host and auth. */
  headers: Record<string, string>
  body: string
  /** Operation name for errors and logs, e.g. `PutItem`. */
  operation: string
  signal?: AbortSignal
}

export interface HttpResponse {
  status: number
  headers: Headers
  body: string
  requestId: string | undefined
  attempts: number
  /** The parsed body when the transport was created with `json: true`. */
  data?: Record<string, unknown>
}

/** Skew the AWS signature window tolerates; beyond it the service rejects the request. */
const SKEW_THRESHOLD_MS = 5 * 60_000
/** Errors after which the signing clock was corrected: retried at once, without quota cost. */
const skewCorrected = new WeakSet<AwsError>()

export class HttpTransport {
  readonly maxAttempts: number
  readonly timeoutMs: number
  readonly deadlineMs: number | undefined
  readonly quota: RetryQuota
  /** Added to the local clock when signing; set from the service's `Date` after a skew error. */
  clockOffsetMs = 0

  private readonly service: string
  private readonly region: string
  private readonly credentials: () => Credentials | Promise<Credentials>
  private readonly createError: ErrorFactory
  private readonly fetchImpl: FetchFunction | undefined
  private readonly logger: HttpLogger | undefined
  private readonly baseDelayMs: number
  private readonly throttlingBaseDelayMs: number
  private readonly maxDelayMs: number
  private readonly random: () => number
  private readonly timers: AttemptTimers
  private readonly json: boolean

  constructor(options: HttpTransportOptions) {
    this.service = options.service
    this.region = options.region
    this.credentials = options.credentials
    this.createError = options.createError
    this.fetchImpl = options.fetch
    this.logger = options.logger
    this.json = options.json === true
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3))
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.deadlineMs = options.deadlineMs
    const retry = options.retry ?? {}
    this.baseDelayMs = retry.baseDelayMs ?? 100
    this.throttlingBaseDelayMs = retry.throttlingBaseDelayMs ?? 500
    this.maxDelayMs = retry.maxDelayMs ?? 20_000
    this.random = retry.random ?? Math.random
    this.quota = new RetryQuota(retry.quotaCapacity ?? 500)
    const shortest = Math.min(this.timeoutMs, this.deadlineMs ?? Infinity)
    this.timers = new AttemptTimers(Math.min(100, Math.max(5, Math.floor(shortest / 10))))
  }

  /** Sends `request`, retrying per policy. Resolves with a 2xx response or throws a typed AwsError. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const { signal, operation } = request
    if (signal?.aborted) throw this.aborted(operation, 0, signal)
    const deadline = this.deadlineMs === undefined ? Infinity : Date.now() + this.deadlineMs
    let spent = 0
    let retries = 0
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(request, attempt, deadline)
      if (!(outcome instanceof AwsError)) {
        this.quota.release(spent)
        return outcome
      }
      const error = outcome
      if (error instanceof AbortError || error instanceof DeadlineExceededError || attempt >= this.maxAttempts) throw error
      let delay = 0
      if (!skewCorrected.has(error)) {
        if (!error.retryable) throw error
        const cost = error instanceof TimeoutError ? TIMEOUT_RETRY_COST : RETRY_COST
        if (!this.quota.acquire(cost)) {
          this.logger?.debug('retry quota exhausted', { operation, attempt, code: error.code, available: this.quota.available })
          throw error
        }
        spent += cost
        retries += 1
        const base = THROTTLING_CODES.has(error.code) ? this.throttlingBaseDelayMs : this.baseDelayMs
        delay = backoffDelay(retries, base, this.maxDelayMs, this.random)
      }
      if (Date.now() + delay >= deadline) throw error
      this.logger?.debug('retrying', { operation, attempt, code: error.code, delayMs: delay })
      if (delay > 0 || signal) {
        try {
          await sleep(delay, signal)
        } catch {
          throw this.aborted(operation, attempt, signal!)
        }
      }
    }
  }

  /** One signed attempt. Returns the error instead of throwing so the loop above stays flat. */
  private async attempt(request: HttpRequest, attempt: number, deadline: number): Promise<HttpResponse | AwsError> {
    const { url, body, operation, signal } = request
    let credentials = this.credentials()
    if (credentials instanceof Promise) {
      try {
        credentials = await credentials
      } catch (cause) {
        // Credential failures are final and already typed by the provider chain.
        if (cause instanceof AwsError) throw cause
        throw new AwsError({ code: 'CredentialsError', message: `${operation}: could not resolve credentials: ${(cause as Error)?.message ?? cause}`, operation, service: this.service, cause })
      }
    }
    const { headers } = signRequest(
      { method: 'POST', url, headers: request.headers, body },
      { credentials, region: this.region, service: this.service, date: new Date(Date.now() + this.clockOffsetMs) },
    )

    const now = Date.now()
    const byDeadline = deadline - now <= this.timeoutMs
    const controller = new AbortController()
    const pending: PendingAttempt = { controller, expiresAt: byDeadline ? deadline : now + this.timeoutMs, timedOut: false }
    this.timers.add(pending)
    const onAbort = signal ? () => controller.abort(signal.reason) : undefined
    if (onAbort) signal!.addEventListener('abort', onAbort, { once: true })
    const started = this.logger ? performance.now() : 0
    if (this.logger) this.logger.debug('request', { operation, attempt, url, headers: redactHeaders(headers), body })

    try {
      // Never follow a redirect: it would carry the signed body and session token to another host.
      const init: RequestInit = { method: 'POST', headers, body, signal: controller.signal, redirect: 'manual' }
      const response = await (this.fetchImpl ? this.fetchImpl(new Request(url, init)) : fetch(url, init))
      const responseHeaders = response.headers
      const requestId = responseHeaders.get('x-amzn-requestid') ?? undefined
      const text = await response.text()
      const expected = responseHeaders.get('x-amz-crc32')
      if (expected !== null) {
        // The checksum covers the body's bytes; hashing the decoded text as UTF-8 gives the same
        // value for an intact body, and a corrupted one (even invalid UTF-8, which decoding replaces
        // with U+FFFD) no longer matches. Saves copying the body to bytes and decoding it ourselves.
        const actual = crc32(text)
        if (actual !== Number(expected)) {
          return new ChecksumMismatchError({
            message: `${operation}: response body failed its x-amz-crc32 check (header ${expected}, computed ${actual})`,
            statusCode: response.status, requestId, attempts: attempt, operation, service: this.service,
          })
        }
      }
      const status = response.status
      if (this.logger) {
        this.logger.debug('response', { operation, attempt, status, requestId, durationMs: Math.round(performance.now() - started), body: text })
      }
      if (status >= 200 && status < 300) {
        if (!this.json) return { status, headers: responseHeaders, body: text, requestId, attempts: attempt }
        const data = parseJsonObject(text)
        if (data !== undefined) return { status, headers: responseHeaders, body: text, requestId, attempts: attempt, data }
        return new InvalidResponseError({
          message: `${operation}: HTTP ${status} with a body that is not a JSON object (${describeBody(text, responseHeaders)}); whether the request was applied is unknown`,
          statusCode: status, requestId, attempts: attempt, operation, service: this.service,
        })
      }
      if (status >= 300 && status < 400) {
        const location = stripQuery(responseHeaders.get('location'))
        return new RedirectError({
          message: `${operation}: the endpoint answered HTTP ${status} redirecting to ${location ?? '(no Location)'}; redirects are not followed (the request would carry its signature elsewhere): point the client at the right endpoint`,
          statusCode: status, requestId, attempts: attempt, operation, service: this.service, location,
        })
      }
      const error = this.createError({ status, headers: responseHeaders, body: text, operation, attempts: attempt, requestId })
      if (this.correctClockSkew(error, responseHeaders.get('date'))) skewCorrected.add(error)
      return error
    } catch (cause) {
      if (signal?.aborted) return this.aborted(operation, attempt, signal)
      const common = { attempts: attempt, operation, service: this.service, cause }
      if (pending.timedOut && byDeadline) {
        return new DeadlineExceededError({ ...common, message: `${operation}: no response within the ${this.deadlineMs} ms deadline (${attempt} attempt${attempt === 1 ? '' : 's'})` })
      }
      if (pending.timedOut) return new TimeoutError({ ...common, message: `${operation}: attempt ${attempt} timed out after ${this.timeoutMs} ms` })
      const detail = cause instanceof Error ? `${(cause as { code?: string }).code ?? cause.name}: ${cause.message}` : String(cause)
      return new NetworkError({ ...common, message: `${operation}: network error on attempt ${attempt} (${detail})` })
    } finally {
      this.timers.delete(pending)
      if (onAbort) signal!.removeEventListener('abort', onAbort)
    }
  }

  /**
   * On a clock-skew rejection, moves the signing clock to the service's `Date` header. Returns true
   * when the clock actually moved (so one immediate retry is worth it); a genuine bad signature
   * with a correct clock stays a normal, final error.
   */
  private correctClockSkew(error: AwsError, dateHeader: string | null): boolean {
    if (!CLOCK_SKEW_CODES.has(error.code) || dateHeader === null) return false
    const serverTime = Date.parse(dateHeader)
    if (Number.isNaN(serverTime)) return false
    const offset = serverTime - Date.now()
    if (Math.abs(offset - this.clockOffsetMs) < SKEW_THRESHOLD_MS) return false
    this.clockOffsetMs = offset
    this.logger?.debug('clock skew corrected', { operation: error.operation, offsetMs: offset })
    return true
  }

  private aborted(operation: string, attempts: number, signal: AbortSignal): AbortError {
    return new AbortError({ message: `${operation}: aborted by the caller`, attempts, operation, service: this.service, cause: signal.reason })
  }
}

interface PendingAttempt {
  controller: AbortController
  expiresAt: number
  timedOut: boolean
}

/**
 * Per-attempt timeouts without a timer per request: one interval per transport, running only
 * while attempts are in flight, aborts the expired ones. Precision is one tick (a tenth of the
 * timeout, 5..100 ms), and the hot path saves a setTimeout/clearTimeout pair per request.
 */
class AttemptTimers {
  private readonly pending = new Set<PendingAttempt>()
  private interval: ReturnType<typeof setInterval> | undefined

  constructor(private readonly tickMs: number) {}

  add(attempt: PendingAttempt): void {
    this.pending.add(attempt)
    if (this.interval === undefined) {
      this.interval = setInterval(() => this.sweep(), this.tickMs)
      this.interval.unref?.()
    }
  }

  delete(attempt: PendingAttempt): void {
    this.pending.delete(attempt)
  }

  private sweep(): void {
    if (this.pending.size === 0) {
      clearInterval(this.interval)
      this.interval = undefined
      return
    }
    const now = Date.now()
    for (const attempt of this.pending) {
      if (attempt.expiresAt <= now) {
        this.pending.delete(attempt)
        attempt.timedOut = true
        attempt.controller.abort()
      }
    }
  }
}

/** The body as a JSON object, or undefined when it is empty, truncated, HTML or any other JSON value. */
function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (text.length === 0) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** A short, safe description of an unusable body for an error message. */
function describeBody(text: string, headers: Headers): string {
  if (text.length === 0) return 'empty body'
  const type = headers.get('content-type')
  const excerpt = text.length > 60 ? `${text.slice(0, 60)}...` : text
  return `${text.length} bytes${type ? ` of ${type}` : ''}: ${JSON.stringify(excerpt)}`
}

/** A Location without query and fragment, which may hold tokens. */
function stripQuery(location: string | null): string | undefined {
  if (location === null) return undefined
  const cut = location.search(/[?#]/)
  return cut < 0 ? location : location.slice(0, cut)
}

/** Copies headers with the signature, credential scope and session token hidden. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    if (lower === 'authorization') {
      out[name] = value.replace(/Credential=[^,\s]+/, 'Credential=[redacted]').replace(/Signature=[0-9a-f]+/i, 'Signature=[redacted]')
    } else if (lower === 'x-amz-security-token') {
      out[name] = '[redacted]'
    } else {
      out[name] = value
    }
  }
  return out
}
