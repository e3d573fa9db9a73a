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
