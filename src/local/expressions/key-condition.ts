/**
 * KeyConditionExpression: the condition language restricted to `hash = :v [AND range-condition]`,
 * validated with DynamoDB Local's messages and reduced to a plain key lookup description.
 */
import type { AttributeValue } from '../../dynamodb/attribute-value.ts'
import { validationError } from '../errors.ts'
import type { ConditionTerm, Operand } from './ast.ts'
import { bindCondition } from './evaluate.ts'
import { type RequestPlaceholders } from './placeholders.ts'
import { parseCondition } from './parser.ts'
import { resolvePath } from './paths.ts'
import { typeOf } from './value-semantics.ts'

export type RangeOperator = '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'BEGINS_WITH'

export interface KeyCondition {
  hash: { name: string; value: AttributeValue }
  range?: { name: string; op: RangeOperator; values: AttributeValue[] }
}

export interface KeySchemaNames {
  hash: string
  range?: string
  /** Attribute types from AttributeDefinitions; when given, mismatching values are rejected. */
  types?: Record<string, 'S' | 'N' | 'B'>
}

const MIRRORED: Record<string, RangeOperator> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' }

export function parseKeyCondition(text: string, ctx: RequestPlaceholders, keySchema: KeySchemaNames): KeyCondition {
  const node = parseCondition(text, 'KeyConditionExpression')
  bindCondition(node, ctx)
  const conditions: { name: string; op: RangeOperator; values: AttributeValue[] }[] = []
  collect(node.root, ctx, conditions)
  if (conditions.length > 2) throw validationError('KeyConditionExpressions must only contain one condition per key')
  const seen = new Set<string>()
  for (const condition of conditions) {
    if (seen.has(condition.name)) throw validationError('KeyConditionExpressions must only contain one condition per key')
    seen.add(condition.name)
    if (condition.name !== keySchema.hash && condition.name !== keySchema.range) {
      throw validationError('Query condition missed key schema element')
    }
  }
  const hash = conditions.find((c) => c.name === keySchema.hash)
  if (!hash) throw validationError('Query condition missed key schema element')
  if (hash.op !== '=') throw validationError('Query key condition not supported')
  const range = conditions.find((c) => c.name === keySchema.range)
  for (const condition of conditions) {
    const expected = keySchema.types?.[condition.name]
    if (expected && condition.values.some((value) => typeOf(value) !== expected)) {
      throw validationError('One or more parameter values were invalid: Condition parameter type does not match schema type')
    }
  }
  return { hash: { name: hash.name, value: hash.values[0]! }, ...(range ? { range } : {}) }
}

function collect(term: ConditionTerm, ctx: RequestPlaceholders, out: { name: string; op: RangeOperator; values: AttributeValue[] }[]): void {
  const operatorName = term.kind === 'function' ? term.name : term.kind === 'compare' ? term.op : term.kind.toUpperCase()
  switch (term.kind) {
    case 'and':
      collect(term.left, ctx, out)
      collect(term.right, ctx, out)
      return
    case 'compare': {
      if (term.op === '<>') throw invalidOperator(operatorName)
      const leftIsPath = term.left.kind === 'path'
      const [path, value] = leftIsPath ? [term.left, term.right] : [term.right, term.left]
      const name = keyName(path, ctx, value)
      out.push({ name, op: leftIsPath ? term.op : MIRRORED[term.op]!, values: [valueOf(value, ctx)] })
      return
    }
    case 'between': {
      const name = keyName(term.operand, ctx, term.low, term.high)
      out.push({ name, op: 'BETWEEN', values: [valueOf(term.low, ctx), valueOf(term.high, ctx)] })
      return
    }
    case 'function': {
      if (term.name !== 'begins_with') throw invalidOperator(operatorName)
      const [path, prefix] = term.args as [Operand, Operand]
      out.push({ name: keyName(path, ctx, prefix), op: 'BEGINS_WITH', values: [valueOf(prefix, ctx)] })
      return
    }
    default:
      throw invalidOperator(operatorName)
  }
}

function invalidOperator(name: string) {
  return validationError(`Invalid operator used in KeyConditionExpression: ${name}`)
}

/** The key attribute a single condition is about; the other operands must be plain :values. */
function keyName(operand: Operand, ctx: RequestPlaceholders, ...values: Operand[]): string {
  if (operand.kind !== 'path' || values.some((v) => v.kind !== 'value')) {
    if (operand.kind === 'size' || values.some((v) => v.kind === 'size')) {
      throw validationError('KeyConditionExpressions cannot contain nested operations')
    }
    const first = operand.kind === 'path' ? resolvePath(operand.path, ctx, 'KeyConditionExpression') : []
    throw validationError(
      `Invalid KeyConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [${first.join(', ')}]`,
    )
  }
  const path = resolvePath(operand.path, ctx, 'KeyConditionExpression')
  if (path.length !== 1) {
    throw validationError(`Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: ${path[0]}`)
  }
  return path[0] as string
}

function valueOf(operand: Operand, ctx: RequestPlaceholders): AttributeValue {
  return ctx.values![(operand as { placeholder: string }).placeholder]!
}
