/**
 * Operands and the rule for reading builder arguments. Where the grammar needs a path (the left
 * side of a comparison, the first argument of a function) a string or segment array is a path.
 * Everywhere else an argument is a value, unless it is `attr(...)` (another attribute),
 * `size(...)`, or an update function: a string in a value position is always a string value.
 */
import { ExpressionError } from './errors.ts'
import { parsePath, type PathInput } from './paths.ts'
import { isBuilt, node, type Operand, type PathOperand, type SizeOperand, type ValueOperand } from './tree.ts'

/** Another attribute as an operand: `eq('a', attr('b'))` is `a = b`. */
export function attr(path: PathInput): PathOperand {
  return node({ kind: 'path', path: parsePath(path) })
}

/** An explicit value, for the rare value on the left: `lt(value(10), attr('n'))`. */
export function value(value: unknown): ValueOperand {
  return node({ kind: 'value', value })
}

/** `size(path)`: string length, binary bytes, or element count. Conditions only. */
export function size(path: PathInput): SizeOperand {
  return node({ kind: 'size', path: parsePath(path) })
}

/** A left-hand side: a path, or an explicit operand. */
export type Subject = PathInput | Operand

export function toSubject(input: Subject): Operand {
  if (typeof input === 'string' || Array.isArray(input)) return attr(input as PathInput)
  if (isBuilt(input) && isConditionOperand(input)) return input
  throw new ExpressionError(
    'InvalidOperand',
    `Expected a path (string or segment array), attr(), size() or value() on the left-hand side, got ${describe(input)}.`,
  )
}

/** A right-hand side in a condition: attr()/size()/value() as given, anything else a value. */
export function toOperand(input: unknown): Operand {
  if (!isBuilt(input)) return value(input)
  if (isConditionOperand(input)) return input
  throw new ExpressionError('InvalidOperand', `${describe(input)} cannot be used as a condition operand.`)
}

function isConditionOperand(input: { readonly kind: string }): input is Operand {
  return input.kind === 'path' || input.kind === 'value' || input.kind === 'size'
}

export function describe(input: unknown): string {
  if (isBuilt(input)) return `a ${input.kind} node`
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'an array'
  return typeof input === 'object' ? 'an object' : `${typeof input} ${String(input)}`
}
