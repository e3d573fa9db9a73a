/**
 * Typed errors shared by every AWS service. Every error has a stable `code`, and where a
 * service answered, its HTTP status and request id. Messages never carry credentials.
 */
export interface AwsErrorDetails {
  code: string
  message: string
  statusCode?: number
  requestId?: string
  attempts?: number
  retryable?: boolean
  service?: string
  operation?: string
  cause?: unknown
}

export class AwsError extends Error {
  readonly code: string
  readonly statusCode?: number
  readonly requestId?: string
  readonly attempts: number
  readonly retryable: boolean
  readonly service?: string
  readonly operation?: string

  constructor(details: AwsErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = new.target.name
    this.code = details.code
    this.statusCode = details.statusCode
    this.requestId = details.requestId
    this.attempts = details.attempts ?? 1
    this.retryable = details.retryable ?? false
    this.service = details.service
    this.operation = details.operation
  }
}

/** The transport could not get a response: connection refused, reset or dropped mid-body. */
export class NetworkError extends AwsError {
  constructor(details: Omit<AwsErrorDetails, 'code'> & { code?: string }) {
    super({ retryable: true, ...details, code: details.code ?? 'NetworkError' })
  }
}

/** One attempt took longer than the per-attempt `timeoutMs`. */
export class TimeoutError extends AwsError {
  constructor(details: Omit<AwsErrorDetails, 'code'>) {
    super({ retryable: true, ...details, code: 'TimeoutError' })
  }
}

/** The overall deadline (`deadlineMs`) passed before any attempt succeeded. */
export class DeadlineExceededError extends AwsError {
  constructor(details: Omit<AwsErrorDetails, 'code'>) {
    super({ retryable: true, ...details, code: 'DeadlineExceeded' })
  }
}

/** The caller aborted the request through its `signal`. Never retried. */
export class AbortError extends AwsError {
  constructor(details: Omit<AwsErrorDetails, 'code' | 'retryable'>) {
    super({ ...details, code: 'Aborted', retryable: false })
  }
}

/** The response body did not match its `x-amz-crc32` header: corrupted in transit, so retried. */
export class ChecksumMismatchError extends AwsError {
  constructor(details: Omit<AwsErrorDetails, 'code'>) {
    super({ retryable: true, ...details, code: 'CRC32CheckFailed' })
  }
}

/**
 * The endpoint answered with a redirect (3xx). Never followed: a redirect would carry the signed body
 * and session token to another host, and a login page's 200 would pass for a successful write. As
 * the AWS SDKs do for DynamoDB, it is an error; the endpoint is misconfigured, so it is not retried.
 */
export class RedirectError extends AwsError {
  /** Where the endpoint pointed (`Location`), without its query string. */
  readonly location?: string
  constructor(details: Omit<AwsErrorDetails, 'code' | 'retryable'> & { location?: string }) {
    super({ ...details, code: 'UnexpectedRedirect', retryable: false })
    this.location = details.location
  }
}

/**
 * A 2xx answer whose body is not the service's JSON (empty, truncated, an HTML page). Nothing can be
 * said about whether the request was applied, exactly as when the connection drops mid-body, so it
 * is retryable like a NetworkError.
 */
export class InvalidResponseError extends AwsError {
  constructor(details: Omit<AwsErrorDetails, 'code'>) {
    super({ retryable: true, ...details, code: 'InvalidResponse' })
  }
}

/** A request was sent on a client after `close()`. */
export class ClientClosedError extends AwsError {
  constructor(details: Omit<AwsErrorDetails, 'code' | 'message'> & { message?: string }) {
    super({ message: 'the client was closed; create a new one', ...details, code: 'ClientClosed', retryable: false })
  }
}

/** An error answered by a service that has no more specific class. `body` is the parsed error document. */
export class AwsServiceError extends AwsError {
  readonly body: Record<string, unknown>
  constructor(details: AwsErrorDetails & { body?: Record<string, unknown> }) {
    super(details)
    this.body = details.body ?? {}
  }
}

/** What a JSON-protocol service (DynamoDB, STS JSON, SSO) put in an error response. */
export interface ParsedJsonError {
  /** Short error name: the part of `__type` after `#`, e.g. `ValidationException`. */
  code: string
  message: string
  body: Record<string, unknown>
}

/**
 * Reads an AWS JSON 1.0/1.1 error: the code comes from `x-amzn-errortype` or `__type` (namespaced,
 * `com.amazonaws.dynamodb.v20120810#ValidationException`), the message from `message` or `Message`.
 * A body that is not JSON (a proxy's HTML page) still yields a code derived from the status.
 */
export function parseJsonError(status: number, headers: Headers, text: string): ParsedJsonError {
  let body: Record<string, unknown> = {}
  if (text.length > 0) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>
    } catch {
      // not JSON: fall through to the status-derived code, keep a short excerpt as the message
    }
  }
  const rawCode = headers.get('x-amzn-errortype') ?? str(body.__type) ?? str(body.code) ?? str(body.Code)
  const code = rawCode ? shortCode(rawCode) : statusCode(status)
  const message = str(body.message) ?? str(body.Message) ?? (text && Object.keys(body).length === 0 ? text.slice(0, 200) : '') ?? ''
  return { code, message: message || `HTTP ${status}`, body }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/** `ns#Code`, `Code:http://...` and `Code` all give `Code`. */
export function shortCode(raw: string): string {
  const hash = raw.lastIndexOf('#')
  let code = hash >= 0 ? raw.slice(hash + 1) : raw
  const colon = code.indexOf(':')
  if (colon >= 0) code = code.slice(0, colon)
  return code.trim()
}

function statusCode(status: number): string {
  if (status === 500) return 'InternalServerError'
  if (status === 502) return 'BadGateway'
  if (status === 503) return 'ServiceUnavailable'
  if (status === 504) return 'GatewayTimeout'
  if (status === 429) return 'TooManyRequestsException'
  if (status === 403) return 'AccessDeniedException'
  return `Http${status}`
}
