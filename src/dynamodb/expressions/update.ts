/**
 * The update builder. Immutable: every call returns a new builder, so a base update can be
 * shared and extended. Values follow the operand rule (operands.ts): a plain argument is a
 * value; `attr('x')` is another attribute.
 *
 *   update()
 *     .set('status', 'active')
 *     .set('count', plus(ifNotExists('count', 0), 1))
 *     .set('log', listAppend(attr('log'), ['created']))
 *     .remove('items[3]')
 *     .add('tags', new Set(['new']))
 *     .delete('flags', new Set(['old']))
 */
import { compileRequest, type CompileOptions } from './compile.ts'
import { ExpressionError } from './errors.ts'
import { describe, value } from './operands.ts'
import { parsePath, type PathInput } from './paths.ts'
import {
  isBuilt,
  node,
  type ArithmeticOperand,
  type IfNotExistsOperand,
  type ListAppendOperand,
  type UpdateAction,
  type UpdateExpression,
  type UpdateOperand,
  type UpdateValue,
} from './tree.ts'

export { attr } from './operands.ts'

/** `left + right` in a SET action: `set('n', plus(attr('n'), 1))`. */
export function plus(left: unknown, right: unknown): ArithmeticOperand {
  return node({ kind: 'arithmetic', op: '+', left: toUpdateOperand(left), right: toUpdateOperand(right) })
}

/** `left - right` in a SET action: `set('n', minus(attr('n'), 1))`. */
export function minus(left: unknown, right: unknown): ArithmeticOperand {
  return node({ kind: 'arithmetic', op: '-', left: toUpdateOperand(left), right: toUpdateOperand(right) })
}

/** `if_not_exists(path, value)`: the attribute's value, or `value` when it is absent. */
export function ifNotExists(path: PathInput, fallback: unknown): IfNotExistsOperand {
  return node({ kind: 'if_not_exists', path: parsePath(path), value: toUpdateOperand(fallback) })
}

/** `list_append(left, right)`: either side may be `attr(...)`, a list value, or `ifNotExists(...)`. Only as set()'s value. */
export function listAppend(left: unknown, right: unknown): ListAppendOperand {
  return node({ kind: 'list_append', left: toUpdateOperand(left), right: toUpdateOperand(right) })
}

function toUpdateOperand(input: unknown): UpdateOperand {
  if (!isBuilt(input)) return value(input)
  const kind = input.kind
  if (kind === 'path' || kind === 'value' || kind === 'if_not_exists') return input as UpdateOperand
  throw new ExpressionError(
    'InvalidOperand',
    kind === 'arithmetic' || kind === 'list_append'
      ? `${kind === 'arithmetic' ? 'plus()/minus()' : 'listAppend()'} cannot be nested: DynamoDB allows it only as the whole right-hand side of set(). Operands may be values, attr() or ifNotExists(); split the rest into separate updates.`
      : `${describe(input)} cannot be used in an update (size() and conditions belong in conditions).`,
  )
}

function toUpdateValue(input: unknown): UpdateValue {
  return isBuilt(input) && (input.kind === 'arithmetic' || input.kind === 'list_append') ? (input as UpdateValue) : toUpdateOperand(input)
}

export class UpdateBuilder {
  readonly actions: readonly UpdateAction[]

  constructor(actions: readonly UpdateAction[] = []) {
    this.actions = Object.freeze([...actions])
  }

  /** `SET path = value` (value may be attr(), plus(), minus(), ifNotExists(), listAppend()). */
  set(path: PathInput, to: unknown): UpdateBuilder {
    return this.with(node({ kind: 'set', path: parsePath(path), value: toUpdateValue(to) }))
  }

  /** One SET per entry; keys are top-level attribute names, taken literally (never parsed). */
  setAll(values: Readonly<Record<string, unknown>>): UpdateBuilder {
    let next: UpdateBuilder = this
    for (const [name, to] of Object.entries(values)) next = next.set([name], to)
    return next
  }

  /** `REMOVE path, ...`: attributes, nested attributes, or list elements (`items[3]`). */
  remove(...paths: PathInput[]): UpdateBuilder {
    return this.with(...paths.map((path) => node<UpdateAction>({ kind: 'remove', path: parsePath(path) })))
  }

  /** `ADD path value`: add a number to a number attribute, or elements to a set. */
  add(path: PathInput, amount: unknown): UpdateBuilder {
    return this.with(node({ kind: 'add', path: parsePath(path), value: value(amount) }))
  }

  /** `DELETE path set`: remove elements from a set attribute. */
  delete(path: PathInput, elements: unknown): UpdateBuilder {
    return this.with(node({ kind: 'delete', path: parsePath(path), value: value(elements) }))
  }

  /** The plain tree the compiler reads. */
  toTree(): UpdateExpression {
    return node({ kind: 'update', actions: this.actions })
  }

  /** Compile on its own, for debugging or a request with no other expression. */
  toParams(options?: CompileOptions): ReturnType<typeof compileRequest> {
    return compileRequest({ update: this.toTree() }, options)
  }

  private with(...actions: UpdateAction[]): UpdateBuilder {
    return new UpdateBuilder([...this.actions, ...actions])
  }
}

/** Start an update: `update().set('a', 1).remove('b')`. */
export function update(): UpdateBuilder {
  return new UpdateBuilder()
}
