/** Errors of the entity-centric API: a code and a message naming the field and the fix. */
export type EntityErrorCode = 'NOT_CONNECTED' | 'UNKNOWN_ENTITY' | 'NO_PARTITION_KEY' | 'UNKNOWN_INDEX' | 'INVALID_ARGUMENT' | 'KEY_INPUT_NOT_SETTABLE' | 'UNIQUE_ATTRIBUTE'

export class EntityError extends Error {
  constructor(readonly code: EntityErrorCode, message: string, readonly field?: string) {
    super(message)
    this.name = 'EntityError'
  }
}
