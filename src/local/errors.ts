/**
 * Errors the embedded engine answers with. `type` is DynamoDB's error short name
 * (`ValidationException`, `ConditionalCheckFailedException`, ...); the server renders it as
 * `{"__type":"com.amazonaws.dynamodb.v20120810#<type>","message":...}` with `status`.
 */
export class LocalError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number = 400,
    /** Extra body fields, e.g. `Item` or `CancellationReasons`. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'LocalError'
  }
}

export function validationError(message: string): LocalError {
  return new LocalError('ValidationException', message)
}

/** A member whose JSON type is not the one the API defines: DynamoDB answers SerializationException (400). */
export function serializationError(message: string): LocalError {
  return new LocalError('SerializationException', message)
}
