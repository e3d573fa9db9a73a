/**
 * The one error type of the marshalling layer. `path` locates the offending value inside the
 * item (`settings.tags[3]`, empty for a top-level value) so a caller can fix the data without
 * bisecting it; `code` is stable for programs, the message says which rule was broken.
 */
export type MarshallErrorCode =
  | 'MarshallError' // a JS value that cannot become an AttributeValue
  | 'UnmarshallError' // a malformed AttributeValue
  | 'InvalidNumber' // a number DynamoDB would reject (digits, range, syntax)
  | 'InexactNumber' // NumberValue.toNumber()/toBigInt() would have to round
  | 'ItemTooLarge' // an item over DynamoDB's 400 KB limit

export class MarshallError extends Error {
  readonly code: MarshallErrorCode
  /** Where in the item the value sits; '' for the value itself. */
  path: string
  /** The rule broken, without the path (the message has both). */
  readonly rule: string

  constructor(code: MarshallErrorCode, rule: string, path = '') {
    super(formatMessage(rule, path))
    this.name = 'MarshallError'
    this.code = code
    this.rule = rule
    this.path = path
  }

  /**
   * Prefix the path with the container segment the value was found in (used while unwinding).
   * `raw` takes a string segment as an already formatted path (a caller's own prefix).
   */
  within(segment: string | number, raw = false): this {
    this.path = joinPath(segment, this.path, raw)
    this.message = formatMessage(this.rule, this.path)
    return this
  }
}

function formatMessage(rule: string, path: string): string {
  return path === '' ? rule : `${path}: ${rule}`
}

const plainName = /^[A-Za-z_$][\w$-]*$/

/** `a` + `b` -> `a.b`, `a` + 3 -> `a[3]`; names that are not plain identifiers are quoted. */
export function joinPath(segment: string | number, rest: string, raw = false): string {
  const head =
    typeof segment === 'number' ? `[${segment}]` : raw || plainName.test(segment) ? segment : `[${JSON.stringify(segment)}]`
  if (rest === '') return head
  return rest.charCodeAt(0) === 91 /* [ */ ? head + rest : `${head}.${rest}`
}

/** A short description of a value for error messages (never the whole value). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'object') {
    const name = (v as { constructor?: { name?: unknown } }).constructor?.name
    return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object'
  }
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`
  return `${typeof v} ${String(v)}`
}
