/**
 * Key conditions for Query: partition-key equality, and optionally one sort-key condition with
 * `= < <= > >= BETWEEN begins_with`. Everything else (OR, NOT, <>, IN, size(), a second sort
 * condition, attribute functions) is refused here, before sending, with the reason.
 *
 *   keyCondition({ pk: 'USER#1', sk: { beginsWith: 'POST#' } })      // easy form
 *   keyCondition(eq('pk', 'USER#1'), between('sk', 1, 9))              // builder form
 *   keyCondition(and(eq('pk', 'USER#1'), gt('sk', 5)))                 // one and() tree
 */
import { between, beginsWith, eq, ge, gt, isCondition, le, lt } from './condition.ts'
import { ExpressionError } from './errors.ts'
import { formatPath } from './paths.ts'
import { isBuilt, node, type Condition, type KeyCondition, type Operand } from './tree.ts'

/** One sort-key operator in the easy form. */
export type SortKeyOperator =
  | { readonly eq: unknown }
  | { readonly lt: unknown }
  | { readonly le: unknown }
  | { readonly gt: unknown }
  | { readonly ge: unknown }
  | { readonly between: readonly [unknown, unknown] }
  | { readonly beginsWith: unknown }

/**
 * Easy form: `{ partitionKeyName: value, sortKeyName?: value | SortKeyOperator }`. The entry
 * given as a plain value (or `{ eq }`) is the partition key; if both are, the first one is.
 */
export type KeyConditionSpec = Readonly<Record<string, unknown>>

const OPERATORS = new Set(['eq', 'lt', 'le', 'gt', 'ge', 'between', 'beginsWith'])

export function keyCondition(spec: KeyConditionSpec): KeyCondition
export function keyCondition(partition: Condition, sort?: Condition): KeyCondition
export function keyCondition(first: KeyConditionSpec | Condition, sort?: Condition): KeyCondition {
  if (sort !== undefined) return buildKeyCondition(first as Condition, sort)
  if (isBuilt(first) && isCondition(first)) return toKeyCondition(first)
  return fromSpec(first as KeyConditionSpec)
}

function fromSpec(spec: KeyConditionSpec): KeyCondition {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw invalid('keyCondition() takes { partitionKey: value, sortKey?: value | { beginsWith | between | lt | ... } } or conditions')
  }
  const entries = Object.entries(spec)
  if (entries.length === 0 || entries.length > 2) {
    throw invalid(`keyCondition() needs the partition key and at most one sort key; got ${entries.length} attributes (${Object.keys(spec).join(', ')}). Put other attributes in a filter.`)
  }
  const conditions = entries.map(([name, value]) => specEntry(name, value))
  const partitionIndex = conditions.findIndex((c) => c.kind === 'compare' && c.op === '=')
  if (partitionIndex < 0) {
    throw invalid(`keyCondition() needs equality on the partition key (a plain value), got only ${Object.keys(spec).join(', ')} with operators.`)
  }
  const partition = conditions[partitionIndex] as Condition
  const other = conditions[1 - partitionIndex]
  return buildKeyCondition(partition, other)
}

function specEntry(name: string, value: unknown): Condition {
  if (!isOperatorObject(value)) return eq([name], value)
  const [op, operand] = Object.entries(value)[0] as [string, unknown]
  const path = [name]
  switch (op) {
    case 'eq':
      return eq(path, operand)
    case 'lt':
      return lt(path, operand)
    case 'le':
      return le(path, operand)
    case 'gt':
      return gt(path, operand)
    case 'ge':
      return ge(path, operand)
    case 'beginsWith':
      return beginsWith(path, operand)
    default: {
      if (!Array.isArray(operand) || operand.length !== 2) throw invalid(`${name}: { between: [low, high] } needs exactly two values`)
      return between(path, operand[0], operand[1])
    }
  }
}

/** Key values are strings, numbers or binaries, so a one-key plain object can only be an operator. */
function isOperatorObject(value: unknown): value is SortKeyOperator {
  if (typeof value !== 'object' || value === null || isBuilt(value)) return false
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  const keys = Object.keys(value)
  if (keys.length !== 1 || !OPERATORS.has(keys[0] as string)) {
    throw invalid(`key operator object must have exactly one of ${[...OPERATORS].join(', ')}; got { ${keys.join(', ')} }`)
  }
  return true
}

/**
 * Validate any condition tree as a key condition: `eq(pk)` or `and(eq(pk), sortCondition)`.
 * A key_condition node (e.g. hand-written) is re-checked.
 */
export function toKeyCondition(condition: Condition | KeyCondition): KeyCondition {
  if (condition.kind === 'key_condition') return buildKeyCondition(condition.partition, condition.sort)
  if (condition.kind === 'and') {
    if (condition.conditions.length !== 2) {
      throw invalid(`a key condition is the partition key equality AND at most one sort key condition; this and() has ${condition.conditions.length} parts. Move the rest to a filter.`)
    }
    const [a, b] = condition.conditions as [Condition, Condition]
    // Either order is fine on the wire; ours puts the partition key first.
    return isEquality(a) || !isEquality(b) ? buildKeyCondition(a, b) : buildKeyCondition(b, a)
  }
  return buildKeyCondition(condition, undefined)
}

function isEquality(c: Condition): boolean {
  return c.kind === 'compare' && c.op === '='
}

function buildKeyCondition(partition: Condition, sort: Condition | undefined): KeyCondition {
  if (!isCondition(partition) || (sort !== undefined && !isCondition(sort))) throw invalid('keyCondition() takes condition nodes')
  if (partition.kind !== 'compare' || partition.op !== '=') {
    throw invalid(`the partition key condition must be equality (eq(name, value)), got ${describeCondition(partition)}`)
  }
  const partitionName = keyName(partition.left, 'partition key')
  keyValue(partition.right, partitionName)
  if (sort === undefined) return node({ kind: 'key_condition', partition })

  let sortName: string
  switch (sort.kind) {
    case 'compare':
      if (sort.op === '<>') throw invalid(`sort key conditions cannot use <> (ne); use a filter, or two queries`)
      sortName = keyName(sort.left, 'sort key')
      keyValue(sort.right, sortName)
      break
    case 'between':
      sortName = keyName(sort.subject, 'sort key')
      keyValue(sort.low, sortName)
      keyValue(sort.high, sortName)
      break
    case 'begins_with':
      sortName = keyName({ kind: 'path', path: sort.path }, 'sort key')
      keyValue(sort.operand, sortName)
      break
    default:
      throw invalid(`the sort key condition must be one of = < <= > >= between begins_with, got ${describeCondition(sort)}; put it in a filter instead`)
  }
  if (sortName === partitionName) throw invalid(`partition and sort key conditions both name ${JSON.stringify(sortName)}`)
  return node({ kind: 'key_condition', partition, sort })
}

function keyName(operand: Operand, role: string): string {
  if (operand.kind !== 'path' || operand.path.length !== 1 || typeof operand.path[0] !== 'string') {
    const what = operand.kind === 'path' ? `the nested path ${formatPath(operand.path)}` : operand.kind === 'size' ? 'size()' : `a ${operand.kind}`
    throw invalid(`the ${role} must be a top-level attribute name, got ${what}`)
  }
  return operand.path[0]
}

function keyValue(operand: Operand, name: string): void {
  if (operand.kind !== 'value' && operand.kind !== 'param' && operand.kind !== 'template') throw invalid(`${name} must be compared with a value, not ${operand.kind === 'path' ? 'another attribute' : 'size()'}`)
}

function describeCondition(c: Condition): string {
  if (c.kind === 'compare') return `a ${c.op} comparison`
  if (c.kind === 'and' || c.kind === 'or' || c.kind === 'not') return c.kind.toUpperCase()
  return c.kind
}

/** Key attributes are strings, numbers or binaries; begins_with takes a string or binary. */
export function checkKeyValueType(type: string, name: string, beginsWith: boolean): void {
  const allowed = beginsWith ? ['S', 'B'] : ['S', 'N', 'B']
  if (!allowed.includes(type)) {
    throw invalid(
      beginsWith
        ? `begins_with on ${JSON.stringify(name)} takes a string or binary prefix, got a ${type} value`
        : `key attribute ${JSON.stringify(name)} is compared with a ${type} value; key attributes are strings (S), numbers (N) or binaries (B)`,
    )
  }
}

function invalid(rule: string): ExpressionError {
  return new ExpressionError('InvalidKeyCondition', `Invalid key condition: ${rule}.`)
}
