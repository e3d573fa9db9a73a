/**
 * Errors of the model layer. Each has a stable `code`, names the model (and the attribute when
 * there is one) and says what to do next; DynamoDB's own errors pass through unchanged as `cause`.
 */
export type OrmErrorCode =
  | 'ModelNotFound'
  | 'MassAssignment'
  | 'ValidationFailed'
  | 'UniqueConstraint'
  | 'VersionConflict'
  | 'NoAccessPattern'
  | 'InvalidQuery'
  | 'MissingKeyInput'
  | 'TransactionTooLarge'
  | 'UnknownModel'
  | 'DuplicateKey'

export class OrmError extends Error {
  readonly code: OrmErrorCode
  readonly model?: string
  readonly attribute?: string

  constructor(code: OrmErrorCode, message: string, details: { model?: string; attribute?: string; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = new.target.name
    this.code = code
    this.model = details.model
    this.attribute = details.attribute
  }
}

/** `findOrFail`, `firstOrFail`, and writes to an item that is gone. */
export class ModelNotFoundError extends OrmError {
  constructor(model: string, readonly key: unknown, cause?: unknown) {
    super('ModelNotFound', `no ${model} with key ${JSON.stringify(key)}; use find() to get null instead of an error`, { model, cause })
  }
}

/** An attribute that is not fillable was assigned through create/fill/update. */
export class MassAssignmentError extends OrmError {
  constructor(model: string, attribute: string, fillable: readonly string[]) {
    super(
      'MassAssignment',
      `${model}.${attribute} is not fillable: set it on the instance (model.${attribute} = ...) or mark it fillable in the model; fillable: ${fillable.join(', ') || '(none)'}`,
      { model, attribute },
    )
  }
}

/** The model's rules refused the values; nothing was written. `errors` maps attribute → messages. */
export class ValidationError extends OrmError {
  constructor(model: string, readonly errors: Record<string, string[]>) {
    const first = Object.keys(errors)[0]
    const summary = Object.entries(errors).map(([name, messages]) => `${name} ${messages.join(', ')}`).join('; ')
    super('ValidationFailed', `${model} is invalid: ${summary}`, { model, attribute: first })
  }
}

/** Another item already holds this unique value (its sentinel exists); nothing was written. */
export class UniqueConstraintError extends OrmError {
  constructor(model: string, attribute: string, readonly value: unknown, cause?: unknown) {
    super('UniqueConstraint', `${model}.${attribute} ${JSON.stringify(value)} is taken by another ${model}; choose another value or update that ${model}`, { model, attribute, cause })
  }
}

/** Optimistic locking: the stored version moved on since this instance was read. */
export class VersionConflictError extends OrmError {
  constructor(model: string, readonly expected: number, cause?: unknown) {
    super('VersionConflict', `${model} was changed by someone else since it was read (expected version ${expected}); refresh() it and apply the change again`, { model, attribute: 'version', cause })
  }
}

/** A query that no access pattern of the design serves; never silently a Scan. */
export class NoAccessPatternError extends OrmError {
  constructor(model: string, message: string, readonly closest: readonly string[]) {
    super('NoAccessPattern', message, { model })
  }
}

/** A query or call that can not be built (wrong operator, orderBy on an unsorted attribute, ...). */
export class InvalidQueryError extends OrmError {
  constructor(model: string, message: string, attribute?: string) {
    super('InvalidQuery', message, { model, attribute })
  }
}

export class TransactionTooLargeError extends OrmError {
  constructor(count: number, limit: number) {
    super('TransactionTooLarge', `the transaction has ${count} actions; DynamoDB allows ${limit} per TransactWriteItems: split the work into several db.transaction() calls`)
  }
}
