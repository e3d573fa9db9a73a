/**
 * PartiQL for the embedded engine (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction).
 * `parseStatement` turns a statement and its `?` parameters into a plan (see plan.ts); the helpers
 * below turn a plan's WHERE clause into keys and key conditions and shape SELECT results.
 */
import { emptyAttributeMap } from '../../dynamodb/value-rules.ts'
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import { validationError } from '../errors.ts'
import type { ConditionNode, ConditionTerm, Operand, PathNode, ResolvedPath } from '../expressions/ast.ts'
import type { RequestPlaceholders } from '../expressions/placeholders.ts'
import { getAt, projectItem, type KeyCondition, type RangeOperator } from '../expressions/index.ts'
import { StatementParser } from './parser.ts'
import type { DeletePlan, SelectPlan, StatementPlan, UpdatePlan } from './plan.ts'

export const MAX_STATEMENT_LENGTH = 8192

export type { DeletePlan, ExistsPlan, InsertPlan, ReturnValues, SelectPlan, StatementPlan, UpdatePlan } from './plan.ts'

/** Parses one statement; throws ValidationException with DynamoDB Local's messages. */
export function parseStatement(statement: string, parameters: AttributeValue[] = []): StatementPlan {
  // Before any parsing, so a long statement costs nothing (DynamoDB Local's limit and wording).
  if (statement.length > MAX_STATEMENT_LENGTH) throw validationError(`Member must have length less than or equal to ${MAX_STATEMENT_LENGTH}`)
  return new StatementParser(statement, parameters).parse()
}

interface Conjunct {
  name: string
  op: RangeOperator
  values: AttributeValue[]
}

/** Conditions on top-level attributes joined by AND at the top of a WHERE clause. */
function conjuncts(where: ConditionNode | undefined, ctx: RequestPlaceholders): Conjunct[] {
  const out: Conjunct[] = []
  const nameOf = (operand: Operand): string | undefined =>
    operand.kind === 'path' && operand.path.elements.length === 1 && operand.path.elements[0]!.type === 'name'
      ? ctx.names?.[(operand.path.elements[0] as { name: string }).name]
      : undefined
  const valueOf = (operand: Operand): AttributeValue | undefined => (operand.kind === 'value' ? ctx.values?.[operand.placeholder] : undefined)
  const visit = (term: ConditionTerm) => {
    if (term.kind === 'and') {
      visit(term.left)
      visit(term.right)
    } else if (term.kind === 'compare' && term.op !== '<>') {
      const mirrored: Record<string, RangeOperator> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' }
      const [name, value, op] = nameOf(term.left) !== undefined
        ? [nameOf(term.left), valueOf(term.right), term.op]
        : [nameOf(term.right), valueOf(term.left), mirrored[term.op]!]
      if (name !== undefined && value) out.push({ name, op, values: [value] })
    } else if (term.kind === 'between') {
      const name = nameOf(term.operand)
      const low = valueOf(term.low)
      const high = valueOf(term.high)
      if (name !== undefined && low && high) out.push({ name, op: 'BETWEEN', values: [low, high] })
    } else if (term.kind === 'function' && term.name === 'begins_with') {
      const name = nameOf(term.args[0]!)
      const prefix = valueOf(term.args[1]!)
      if (name !== undefined && prefix) out.push({ name, op: 'BEGINS_WITH', values: [prefix] })
    }
  }
  if (where) visit(where.root)
  return out
}

/**
 * The primary key an UPDATE or DELETE addresses: every key attribute needs an `=` at the top
 * level of the WHERE clause.
 */
export function keyFromWhere(plan: UpdatePlan | DeletePlan | SelectPlan, keyNames: string[]): AttributeMap {
  const found = conjuncts(plan.where, plan.context)
  const key: AttributeMap = emptyAttributeMap()
  for (const name of keyNames) {
    const match = found.find((c) => c.name === name && c.op === '=')
    if (!match) throw validationError('Where clause does not contain a mandatory equality on all key attributes')
    key[name] = match.values[0]!
  }
  return key
}

/**
 * For a SELECT: the key condition a Query can use (hash equality plus an optional range
 * condition), or undefined when the statement needs a Scan. The full `where` must still be
 * applied as a filter.
 */
export function keyConditionFromWhere(plan: SelectPlan, keySchema: { hash: string; range?: string }): KeyCondition | undefined {
  const found = conjuncts(plan.where, plan.context)
  const hash = found.find((c) => c.name === keySchema.hash && c.op === '=')
  if (!hash) return undefined
  const range = keySchema.range ? found.find((c) => c.name === keySchema.range) : undefined
  return { hash: { name: hash.name, value: hash.values[0]! }, ...(range ? { range } : {}) }
}

/**
 * DynamoDB Local's type checks on key attributes in a SELECT's WHERE clause: a top-level
 * `hash IN [...]` with a value of the wrong type fails like a key lookup, and any comparison,
 * BETWEEN or contains() of a key attribute with a value of another type fails the request.
 * Call after checking the key condition's own values.
 */
export function assertKeyTypes(plan: SelectPlan, hashKey: string, keyTypes: Record<string, string>): void {
  if (!plan.where) return
  const ctx = plan.context
  const keyOf = (operand: Operand): string | undefined => {
    if (operand.kind !== 'path' || operand.path.elements.length !== 1) return undefined
    const element = operand.path.elements[0]!
    const name = element.type === 'name' ? ctx.names?.[element.name] : undefined
    return name !== undefined && name in keyTypes ? name : undefined
  }
  const wrong = (name: string, operands: Operand[]) =>
    operands.some((o) => o.kind === 'value' && Object.keys(ctx.values?.[o.placeholder] ?? {})[0] !== keyTypes[name])
  const topLevel = (term: ConditionTerm): void => {
    if (term.kind === 'and') return (topLevel(term.left), topLevel(term.right))
    const name = term.kind === 'in' ? keyOf(term.operand) : undefined
    if (term.kind === 'in' && name === hashKey && wrong(name, term.list)) {
      throw validationError(`Key attribute's data type should match its data type in table's schema: Key ${name}`)
    }
  }
  const mismatch = () => validationError('One or more parameter values were invalid: Condition parameter type does not match schema type')
  const anywhere = (term: ConditionTerm): void => {
    if (term.kind === 'and' || term.kind === 'or') return (anywhere(term.left), anywhere(term.right))
    if (term.kind === 'not') return anywhere(term.operand)
    const pairs: [Operand, Operand[]][] = []
    if (term.kind === 'compare') pairs.push([term.left, [term.right]], [term.right, [term.left]])
    else if (term.kind === 'between') pairs.push([term.operand, [term.low, term.high]])
    else if (term.kind === 'function' && term.name === 'contains') pairs.push([term.args[0]!, [term.args[1]!]])
    for (const [subject, others] of pairs) {
      const name = keyOf(subject)
      if (name !== undefined && wrong(name, others)) throw mismatch()
    }
  }
  topLevel(plan.where.root)
  anywhere(plan.where.root)
}

/**
 * A SELECT result item. `*` returns the item; a projection list returns one attribute per path,
 * named the way DynamoDB Local names it: `m.a.b` is "b", `m.a[1]` is "a[1]", and a path that
 * indexes a top-level list (`l[1]...`) is "l[1]" holding the projected part of that element.
 */
export function projectSelect(item: AttributeMap, plan: SelectPlan): AttributeMap {
  if (plan.projection === '*') return item
  const out: AttributeMap = emptyAttributeMap()
  for (const path of plan.projection) {
    const resolved = resolve(path, plan.context)
    if (getAt(item, resolved) === undefined) continue
    const [name, value] = column(item, path, resolved, plan.context)
    out[name] = value
  }
  return out
}

function resolve(path: PathNode, ctx: RequestPlaceholders): ResolvedPath {
  return path.elements.map((e) => (e.type === 'index' ? e.index : ctx.names![e.name]!))
}

function column(item: AttributeMap, path: PathNode, resolved: ResolvedPath, ctx: RequestPlaceholders): [string, AttributeValue] {
  if (typeof resolved[1] === 'number') {
    const name = `${resolved[0]}[${resolved[1]}]`
    const projected = projectItem(item, [path], ctx)
    const list = projected[resolved[0] as string] as { L: AttributeValue[] }
    return [name, list.L[0]!]
  }
  let name = String(resolved[0])
  for (const step of resolved.slice(1)) name = typeof step === 'number' ? `${name}[${step}]` : step
  return [name, getAt(item, resolved)!]
}
