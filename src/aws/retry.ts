/**
 * Retry policy shared by every AWS service: which failures are worth another attempt, how long to
 * wait (exponential backoff with full jitter), and a client-wide retry quota so a failing service is
 * not hammered. Modelled on the AWS SDKs' "standard" retry mode.
 */

/**
 * Throttling: the service is fine but we are too fast. Waiting longer (a larger backoff base) helps.
 * `LimitExceededException` is deliberately absent: DynamoDB uses it for account limits (number of
 * tables, concurrent control-plane operations) that do not clear within a backoff window of seconds,
 * so retrying only burns the quota and delays a clear error.
 */
export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'SlowDown',
  'EC2ThrottledException',
])

/**
 * Transient: the request may well succeed as is a moment later. `TransactionConflictException` is an
 * item write colliding with an in-flight transaction; `TransactionInProgressException` an idempotent
 * TransactWriteItems whose first copy is still running.
 */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionConflictException',
  'TransactionInProgressException',
  'ReplicatedWriteConflictException',
  'RequestTimeout',
  'RequestTimeoutException',
  'PriorRequestNotComplete',
])

/** The signature was rejected because our clock disagrees with the service's. */
export const CLOCK_SKEW_CODES: ReadonlySet<string> = new Set([
  'RequestTimeTooSkewed',
  'RequestExpired',
  'RequestInTheFuture',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AuthFailure',
])

const TRANSIENT_STATUS: ReadonlySet<number> = new Set([500, 502, 503, 504])

export type RetryKind = 'throttling' | 'transient'

/** Why a service error would be retried, or undefined when it is final. */
export function retryKind(code: string, status: number): RetryKind | undefined {
  if (THROTTLING_CODES.has(code) || status === 429) return 'throttling'
  if (TRANSIENT_CODES.has(code) || TRANSIENT_STATUS.has(status)) return 'transient'
  return undefined
}

export interface RetryOptions {
  /** Backoff base for transient errors and network failures (ms). Default 100, like the SDKs. */
  baseDelayMs?: number
  /** Backoff base for throttling (ms). Default 500, like the SDKs. */
  throttlingBaseDelayMs?: number
  /** Upper bound of one backoff (ms). Default 20,000. */
  maxDelayMs?: number
  /** Retry-quota capacity; `0` disables the quota. Default 500. */
  quotaCapacity?: number
  /** Source of randomness for jitter, for deterministic tests. Default Math.random. */
  random?: () => number
}

/** Full jitter: uniform in [0, min(max, base * 2^(retry-1))]. `retry` counts from 1. */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (retry - 1))
  return Math.floor(random() * ceiling)
}

export const RETRY_COST = 5
export const TIMEOUT_RETRY_COST = 10
export const NO_RETRY_INCREMENT = 1

/**
 * Token bucket: each retry takes tokens (more for timeouts, which tie up connections longest), each
 * success puts back what its retries took, or one token when it needed none. When the bucket is
 * empty, failures surface immediately instead of piling more load on a struggling service.
 */
export class RetryQuota {
  private tokens: number
  constructor(readonly capacity = 500) {
    this.tokens = capacity
  }

  get available(): number {
    return this.tokens
  }

  /** Takes `cost` tokens; false when not enough are left (the caller must not retry). */
  acquire(cost: number): boolean {
    if (this.capacity === 0) return true
    if (this.tokens < cost) return false
    this.tokens -= cost
    return true
  }

  /** Called once per successful request with the tokens its retries took (0 when none). */
  release(spent: number): void {
    if (this.capacity === 0) return
    this.tokens = Math.min(this.capacity, this.tokens + (spent > 0 ? spent : NO_RETRY_INCREMENT))
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 && !signal) return Promise.resolve()
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
