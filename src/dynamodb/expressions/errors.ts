/**
 * The one error type of the expression layer. Thrown before anything is sent, so a caller
 * learns which rule an expression breaks (and how to fix it) without a round trip to DynamoDB.
 */
export type ExpressionErrorCode =
  | 'InvalidPath' // a path string or segment that cannot name an attribute
  | 'PathTooDeep' // more than 32 levels of nesting
  | 'PathOverlap' // two paths in one update or projection overlap (DynamoDB rejects it)
  | 'InvalidOperand' // an operand in a place the grammar does not allow it
  | 'InvalidCondition' // a malformed condition tree (empty and/or, unknown kind, bad type name)
  | 'TooManyOperands' // `in` with more than 100 operands
  | 'InvalidKeyCondition' // a key condition DynamoDB would reject
  | 'InvalidValue' // a value that cannot be marshalled (the cause is the MarshallError)
  | 'MissingParam' // a param() the compile options do not give a value for
  | 'InvalidUpdate' // an empty update, or an ADD/DELETE value of the wrong type
  | 'TooManyOperators' // more than 300 operators/functions in one expression
  | 'ExpressionTooLong' // an expression string over 4 KB
  | 'ExpressionTooLarge' // an expression plus the names and values it uses over 1 MB
  | 'PlaceholderTooLong' // a placeholder name over 255 bytes
  | 'SubstitutionsTooLarge' // names + values over 2 MB

export class ExpressionError extends Error {
  readonly code: ExpressionErrorCode

  constructor(code: ExpressionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ExpressionError'
    this.code = code
  }
}
