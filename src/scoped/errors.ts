/** Errors of the scoped-entity API: each names the field or the state and what to do. */

export class ScopedError extends Error {
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** The client is not initialized or a setting is missing (the published name). */
export class ConfigurationError extends ScopedError {
  constructor(message: string) {
    super('ConfigurationError', message)
  }
}

/** An input field is missing or malformed. */
export class ScopedValidationError extends ScopedError {
  constructor(readonly field: string, message: string) {
    super('ValidationError', message)
  }
}

/** Another live record of the model already holds this alias in this scope. */
export class AliasConflictError extends ScopedError {
  constructor(readonly model: string, readonly scope: string, readonly alias: string, readonly holder: string | undefined, options?: { cause?: unknown }) {
    super('AliasConflict', `alias '${alias}' is already used by ${model} ${holder ?? '(another record)'} in scope '${scope}': choose another alias, or update that record`, options)
  }
}

/** The record to change does not exist. */
export class EntityNotFoundError extends ScopedError {
  constructor(readonly model: string, readonly id: string) {
    super('EntityNotFound', `${model} ${id} does not exist: check the model and id, or create it with putEntity`)
  }
}

/** The record kept changing under a read-modify-write (another writer won every retry). */
export class ConcurrentModificationError extends ScopedError {
  constructor(model: string, id: string, attempts: number, options?: { cause?: unknown }) {
    super('ConcurrentModification', `${model} ${id} changed during each of ${attempts} attempts to write it: retry later`, options)
  }
}
