/**
 * Errors of the single-table engine. Every error has a stable `code`, names the model file and
 * field it is about when there is one, and says what to change.
 */
export type SingleTableErrorCode =
  | 'MODEL_IMPORT_FAILED'
  | 'MODEL_NOT_FOUND'
  | 'MODELS_PATH_NOT_FOUND'
  | 'INVALID_MODEL'
  | 'DUPLICATE_ENTITY'
  | 'UNKNOWN_RELATION_MODEL'
  | 'MISSING_INVERSE_RELATION'
  | 'UNKNOWN_ATTRIBUTE'
  | 'KEY_PATTERN_CLASH'
  | 'INVALID_KEY_PATTERN'
  | 'TOO_MANY_INDEXES'
  | 'INVALID_CONFIG'
  | 'VALIDATION_FAILED'
  | 'MISSING_KEY_INPUT'
  | 'KEY_CHANGE_MOVES_ITEM'
  | 'UNKNOWN_ENTITY'
  | 'MISSING_PARAMETER'
  | 'WRONG_OPERATION'

export interface SingleTableIssue {
  /** The attribute or field path the issue is about (`email`, `belongsTo[0]`, ...). */
  field: string
  message: string
}

export interface SingleTableErrorDetails {
  /** Model file the problem was found in, when it came from one. */
  file?: string
  /** Model (entity) name. */
  model?: string
  /** Field path inside the model: `attributes.email`, `belongsTo[1]`, `indexes[0].columns`. */
  field?: string
  /** Several problems found at once (validation). */
  issues?: SingleTableIssue[]
  cause?: unknown
}

export class SingleTableError extends Error {
  readonly code: SingleTableErrorCode
  readonly file?: string
  readonly model?: string
  readonly field?: string
  readonly issues: SingleTableIssue[]

  constructor(code: SingleTableErrorCode, message: string, details: SingleTableErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'SingleTableError'
    this.code = code
    this.file = details.file
    this.model = details.model
    this.field = details.field
    this.issues = details.issues ?? []
  }
}

/** "Post (fixtures/models/blog/Post.ts) belongsTo[0]: " — the prefix every model error starts with. */
export function where(model: string | undefined, file: string | undefined, field?: string): string {
  const parts: string[] = []
  if (model) parts.push(model)
  if (file) parts.push(`(${file})`)
  let head = parts.join(' ')
  if (field) head = head ? `${head} ${field}` : field
  return head ? `${head}: ` : ''
}
