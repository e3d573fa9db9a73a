/**
 * Condition and filter builders. Each returns a frozen plain tree (see tree.ts); combine them
 * with and/or/not. `eq('status', 'active')`, `gt(size('tags'), 3)`, `eq('a', attr('b'))`.
 */
import { ATTRIBUTE_TYPES, isAttributeType } from '../value-rules.ts'
import { ExpressionError } from './errors.ts'
import { attr, size, toOperand, toSubject, value, type Subject } from './operands.ts'
import { parsePath, type PathInput } from './paths.ts'
import {
  isBuilt,
  node,
  type AttributeTypeName,
  type BetweenCondition,
  type CompareCondition,
  type Comparator,
  type Condition,
  type ExistsCondition,
  type InCondition,
  type AttributeTypeCondition,
  type LogicalCondition,
  type NotCondition,
  type StringFunctionCondition,
} from './tree.ts'

export { attr, size, value, type Subject } from './operands.ts'

/** DynamoDB allows at most 100 operands on the right of IN. */
export const MAX_IN_OPERANDS = 100

function compare(op: Comparator, left: Subject, right: unknown): CompareCondition {
  return node({ kind: 'compare', op, left: toSubject(left), right: toOperand(right) })
}

export const eq = (left: Subject, right: unknown): CompareCondition => compare('=', left, right)
export const ne = (left: Subject, right: unknown): CompareCondition => compare('<>', left, right)
export const lt = (left: Subject, right: unknown): CompareCondition => compare('<', left, right)
export const le = (left: Subject, right: unknown): CompareCondition => compare('<=', left, right)
export const gt = (left: Subject, right: unknown): CompareCondition => compare('>', left, right)
export const ge = (left: Subject, right: unknown): CompareCondition => compare('>=', left, right)

/** `subject BETWEEN low AND high` (inclusive). */
export function between(subject: Subject, low: unknown, high: unknown): BetweenCondition {
  return node({ kind: 'between', subject: toSubject(subject), low: toOperand(low), high: toOperand(high) })
}

/** `subject IN (a, b, ...)`: 1 to 100 operands. Named `in_` because `in` is a keyword. */
export function in_(subject: Subject, options: readonly unknown[]): InCondition {
  checkInOperandCount(options.length)
  return node({ kind: 'in', subject: toSubject(subject), options: Object.freeze(options.map(toOperand)) })
}

export function checkInOperandCount(count: number): void {
  if (count === 0) throw new ExpressionError('InvalidCondition', 'in_() needs at least one operand.')
  if (count > MAX_IN_OPERANDS) {
    throw new ExpressionError(
      'TooManyOperands',
      `in_() has ${count} operands; DynamoDB allows at most ${MAX_IN_OPERANDS}. Split the list and combine the parts with or(in_(...), in_(...)).`,
    )
  }
}

export function beginsWith(path: PathInput, prefix: unknown): StringFunctionCondition {
  return node({ kind: 'begins_with', path: parsePath(path), operand: toOperand(prefix) })
}

/** A string attribute containing a substring, or a set/list containing an element. */
export function contains(path: PathInput, operand: unknown): StringFunctionCondition {
  return node({ kind: 'contains', path: parsePath(path), operand: toOperand(operand) })
}

export function attributeExists(path: PathInput): ExistsCondition {
  return node({ kind: 'attribute_exists', path: parsePath(path) })
}

export function attributeNotExists(path: PathInput): ExistsCondition {
  return node({ kind: 'attribute_not_exists', path: parsePath(path) })
}

export function attributeType(path: PathInput, type: AttributeTypeName): AttributeTypeCondition {
  checkAttributeType(type)
  return node({ kind: 'attribute_type', path: parsePath(path), type })
}

export function checkAttributeType(type: string): void {
  if (!isAttributeType(type)) {
    throw new ExpressionError('InvalidCondition', `attributeType(): ${JSON.stringify(type)} is not one of ${[...ATTRIBUTE_TYPES].join(', ')}.`)
  }
}

/** All of the conditions. Nested and()s are flattened; a single condition is returned as is. */
export function and(...conditions: Condition[]): Condition {
  return logical('and', conditions)
}

/** Any of the conditions. Nested or()s are flattened; a single condition is returned as is. */
export function or(...conditions: Condition[]): Condition {
  return logical('or', conditions)
}

function logical(kind: 'and' | 'or', conditions: Condition[]): Condition {
  const flat: Condition[] = []
  for (const condition of conditions) {
    checkCondition(condition, `${kind}()`)
    if (condition.kind === kind) flat.push(...condition.conditions)
    else flat.push(condition)
  }
  if (flat.length === 0) throw new ExpressionError('InvalidCondition', `${kind}() needs at least one condition.`)
  if (flat.length === 1) return flat[0] as Condition
  return node<LogicalCondition>({ kind, conditions: Object.freeze(flat) })
}

export function not(condition: Condition): NotCondition {
  checkCondition(condition, 'not()')
  return node({ kind: 'not', condition })
}

const CONDITION_KINDS = new Set([
  'compare',
  'between',
  'in',
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'and',
  'or',
  'not',
])

/** True for a condition node (built or hand-written). */
export function isCondition(value: unknown): value is Condition {
  return typeof value === 'object' && value !== null && CONDITION_KINDS.has((value as { kind?: unknown }).kind as string)
}

function checkCondition(condition: unknown, where: string): void {
  if (!isCondition(condition)) {
    const what = isBuilt(condition) ? `a ${condition.kind} node` : typeof condition
    throw new ExpressionError('InvalidCondition', `${where} takes conditions (eq(), and(), ...), got ${what}.`)
  }
}

/**
 * The condition builders as one namespace object, the public way to reach them:
 * `cond.eq('a', 1)` without bringing `eq`, `and`, `not` ... into scope as bare names.
 */
export const cond = Object.freeze({
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  between,
  in_,
  beginsWith,
  contains,
  attributeExists,
  attributeNotExists,
  attributeType,
  and,
  or,
  not,
  attr,
  value,
  size,
})
