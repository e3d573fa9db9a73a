/**
 * Operands and the rule for reading builder arguments. Where the grammar needs a path (the left
 * side of a comparison, the first argument of a function) a string or segment array is a path.
 * Everywhere else an argument is a value, unless it is `attr(...)` (another attribute),
 * `size(...)`, or an update function: a string in a value position is always a string value.
 */
import { ExpressionError } from './errors.ts'
import { parsePath, type PathInput } from './paths.ts'
import { isBuilt, node, type Operand, type ParamOperand, type PathOperand, type SizeOperand, type TemplateOperand, type ValueOperand } from './tree.ts'

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

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * A value given when the tree is compiled, not when it is built: `eq('pk', param('id'))` compiled
 * with `{ params: { id: '42' } }`. Lets a stored tree (an access pattern, a scope) be reused.
 */
export function param(name: string): ParamOperand {
  if (typeof name !== 'string' || !PARAM_NAME.test(name)) {
    throw new ExpressionError('InvalidOperand', `param() takes a name of letters, digits and _ (not starting with a digit), got ${describe(name)}.`)
  }
  return node({ kind: 'param', name })
}

/**
 * A string value built from literal text and params when compiled: `template('USER#', param('id'))`
 * is `USER#42` with `{ id: 42 }`. Params inside a template must be strings or numbers.
 */
export function template(...parts: readonly (string | ParamOperand)[]): TemplateOperand {
  for (const part of parts) {
    if (typeof part !== 'string' && !(isBuilt(part) && part.kind === 'param')) {
      throw new ExpressionError('InvalidOperand', `template() takes strings and param()s, got ${describe(part)}.`)
    }
  }
  return node({ kind: 'template', parts: Object.freeze([...parts]) })
}

/** The value of `param(name)` from the compile options; a missing one is an error naming it. */
function paramValue(name: string, params: Readonly<Record<string, unknown>> | undefined): unknown {
  const found = params !== undefined && Object.hasOwn(params, name) ? params[name] : undefined
  if (found === undefined) {
    const given = Object.keys(params ?? {})
    throw new ExpressionError('MissingParam', `The expression needs param ${JSON.stringify(name)}; pass it in the compile options' params (given: ${given.length ? given.join(', ') : 'none'}).`)
  }
  return found
}

/** A template's string: its literal text with each param's value in place. */
export function fillTemplate(t: TemplateOperand, params: Readonly<Record<string, unknown>> | undefined): string {
  let out = ''
  for (const part of t.parts) {
    if (typeof part === 'string') {
      out += part
      continue
    }
    const value = paramValue(part.name, params)
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
      throw new ExpressionError('InvalidValue', `param ${JSON.stringify(part.name)} is part of a template and must be a string or number, got ${describe(value)}.`)
    }
    out += String(value)
  }
  return out
}

/** The JS value of a value, param or template operand (with the compile options' params). */
export function operandValue(o: ValueOperand | ParamOperand | TemplateOperand, params: Readonly<Record<string, unknown>> | undefined): unknown {
  if (o.kind === 'value') return o.value
  return o.kind === 'param' ? paramValue(o.name, params) : fillTemplate(o, params)
}

/** A left-hand side: a path, or an explicit operand. */
export type Subject = PathInput | Operand

export function toSubject(input: Subject): Operand {
  if (typeof input === 'string' || Array.isArray(input)) return attr(input as PathInput)
  if (isBuilt(input) && isConditionOperand(input)) return input
  throw new ExpressionError(
    'InvalidOperand',
    `Expected a path (string or segment array), attr(), size(), value(), param() or template() on the left-hand side, got ${describe(input)}.`,
  )
}

/** A right-hand side in a condition: attr()/size()/value() as given, anything else a value. */
export function toOperand(input: unknown): Operand {
  if (!isBuilt(input)) return value(input)
  if (isConditionOperand(input)) return input
  throw new ExpressionError('InvalidOperand', `${describe(input)} cannot be used as a condition operand.`)
}

function isConditionOperand(input: { readonly kind: string }): input is Operand {
  return input.kind === 'path' || input.kind === 'value' || input.kind === 'size' || input.kind === 'param' || input.kind === 'template'
}

export function describe(input: unknown): string {
  if (isBuilt(input)) return `a ${input.kind} node`
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'an array'
  return typeof input === 'object' ? 'an object' : `${typeof input} ${String(input)}`
}
