/**
 * Errors of the document layer. Each has a stable `code` and carries what the caller needs to
 * recover: the writes that did not happen, the per-action transaction reasons.
 */
export class DocumentError extends Error {
  constructor(readonly code: string, message: string, readonly details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** Some writes of a batchWrite did not happen; `unprocessed` lists them in the caller's form. */
export class BatchWriteError<W = unknown> extends DocumentError {
  constructor(message: string, readonly unprocessed: W[], readonly written: number, cause?: unknown) {
    super('BatchWriteIncomplete', message, undefined, { cause })
  }
  get retryable(): boolean {
    return true
  }
}

export class BatchGetError<K = unknown, I = unknown> extends DocumentError {
  constructor(message: string, readonly unprocessed: K[], readonly partial: I[]) {
    super('BatchGetIncomplete', message)
  }
}

export interface TransactionReason {
  /** Position of the action in the caller's list. */
  index: number
  action: 'put' | 'update' | 'delete' | 'conditionCheck' | 'get'
  table: string
  key?: Record<string, unknown>
  /** DynamoDB's reason code, e.g. ConditionalCheckFailed, TransactionConflict, None. */
  code: string
  message?: string
  /** The current item, when the action asked for it (returnValuesOnConditionCheckFailure). */
  item?: Record<string, unknown>
}

/** A transaction was cancelled; `reasons` lines up with the caller's actions. */
export class TransactionFailedError extends DocumentError {
  readonly requestId?: string
  constructor(message: string, readonly reasons: TransactionReason[], options: { cause?: unknown; requestId?: string } = {}) {
    super('TransactionCanceled', message, undefined, { cause: options.cause })
    this.requestId = options.requestId
  }
  /** The actions that actually failed (reason code other than None). */
  get failed(): TransactionReason[] {
    return this.reasons.filter(r => r.code !== 'None')
  }
}

export class WaiterTimeoutError extends DocumentError {
  constructor(message: string) {
    super('WaiterTimeout', message)
  }
}
