/**
 * The legacy condition parameters (`Expected`, `QueryFilter`, `ScanFilter`, each entry of
 * `KeyConditions`) validated with DynamoDB's rules and translated into the condition trees the
 * expression evaluator already runs. Values become generated `:placeholders` of a `LegacyValues`;
 * names stay bare path elements (legacy names are whole attribute names, never paths).
 */
import type { AttributeValue } from '../../dynamodb/attribute-value.ts'
import { serializationError, validationError } from '../errors.ts'
import type { ConditionTerm, Operand } from '../expressions/ast.ts'
import { compareOrdered, typeOf } from '../expressions/value-semantics.ts'
import { canonicalValue } from '../canonical-values.ts'

/** The values one legacy request mentions, under placeholders that cannot clash with a user's. */
export class LegacyValues {
  readonly values: Record<string, AttributeValue> = {}
  private next = 0

  operand(value: AttributeValue): { kind: 'value'; placeholder: string } {
    return { kind: 'value', placeholder: this.placeholder(value) }
  }

  placeholder(value: AttributeValue): string {
    const placeholder = `:legacy${this.next++}`
    this.values[placeholder] = value
    return placeholder
  }
}

export type ComparisonOperator = 'EQ' | 'NE' | 'LE' | 'LT' | 'GE' | 'GT' | 'NOT_NULL' | 'NULL' | 'CONTAINS' | 'NOT_CONTAINS' | 'BEGINS_WITH' | 'IN' | 'BETWEEN'

const SCALAR = new Set(['S', 'N', 'B'])
const NOT_COLLECTION = new Set(['S', 'N', 'B', 'BOOL', 'NULL'])
const ANY = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'])

/** Argument count and the value types each operator accepts (DynamoDB's "Legacy conditional parameters"). */
const OPERATORS: Record<ComparisonOperator, { count: (n: number) => boolean; types: Set<string> }> = {
  EQ: { count: (n) => n === 1, types: ANY },
  NE: { count: (n) => n === 1, types: ANY },
  LE: { count: (n) => n === 1, types: SCALAR },
  LT: { count: (n) => n === 1, types: SCALAR },
  GE: { count: (n) => n === 1, types: SCALAR },
  GT: { count: (n) => n === 1, types: SCALAR },
  NOT_NULL: { count: (n) => n === 0, types: ANY },
  NULL: { count: (n) => n === 0, types: ANY },
  CONTAINS: { count: (n) => n === 1, types: NOT_COLLECTION },
  NOT_CONTAINS: { count: (n) => n === 1, types: NOT_COLLECTION },
  BEGINS_WITH: { count: (n) => n === 1, types: new Set(['S', 'B']) },
  IN: { count: (n) => n >= 1, types: SCALAR },
  BETWEEN: { count: (n) => n === 2, types: SCALAR },
}

const invalid = (message: string) => validationError(`One or more parameter values were invalid: ${message}`)

function isOperator(value: unknown): value is ComparisonOperator {
  return typeof value === 'string' && Object.hasOwn(OPERATORS, value)
}

function attributeValues(list: unknown): AttributeValue[] {
  if (list === undefined || list === null) return []
  if (!Array.isArray(list)) throw serializationError('Expected a list for AttributeValueList')
  return list.map((v) => canonicalValue(v, 1))
}

/** Checks one operator's arguments: count, each value's type (and for IN/BETWEEN one type), range order. */
export function checkArguments(op: ComparisonOperator, args: AttributeValue[]): void {
  const rule = OPERATORS[op]
  if (!rule.count(args.length)) throw invalid(`Invalid number of argument(s) for the ${op} ComparisonOperator`)
  // Value by value, as DynamoDB Local: its type must suit the operator, then match the first's.
  for (const arg of args) {
    const type = typeOf(arg)
    if (!rule.types.has(type)) throw invalid(`ComparisonOperator ${op} is not valid for ${type} AttributeValue type`)
    if ((op === 'IN' || op === 'BETWEEN') && type !== typeOf(args[0]!)) throw invalid('AttributeValues inside AttributeValueList must be of same type')
  }
  if (op === 'BETWEEN' && (compareOrdered(args[0]!, args[1]!) ?? 0) > 0) {
    throw validationError('The BETWEEN condition was provided a range where the lower bound is greater than the upper bound')
  }
}

/** `name op args` as a condition term, with the legacy semantics where they differ from expressions. */
export function comparisonTerm(name: string, op: ComparisonOperator, args: AttributeValue[], values: LegacyValues): ConditionTerm {
  const path: Operand = { kind: 'path', path: { elements: [{ type: 'name', name, placeholder: false }] } }
  const arg = () => values.operand(args[0]!)
  switch (op) {
    case 'EQ': return { kind: 'compare', op: '=', left: path, right: arg() }
    case 'NE': return { kind: 'compare', op: '<>', left: path, right: arg() }
    case 'LT': return { kind: 'compare', op: '<', left: path, right: arg() }
    case 'LE': return { kind: 'compare', op: '<=', left: path, right: arg() }
    case 'GT': return { kind: 'compare', op: '>', left: path, right: arg() }
    case 'GE': return { kind: 'compare', op: '>=', left: path, right: arg() }
    case 'NULL': return { kind: 'function', name: 'attribute_not_exists', args: [path] }
    case 'NOT_NULL': return { kind: 'function', name: 'attribute_exists', args: [path] }
    case 'CONTAINS': return { kind: 'function', name: 'contains', args: [path, arg()] }
    // Unlike `NOT contains(a, :v)`, NOT_CONTAINS is false when the attribute is absent.
    case 'NOT_CONTAINS': return { kind: 'and', left: { kind: 'function', name: 'attribute_exists', args: [path] }, right: { kind: 'not', operand: { kind: 'function', name: 'contains', args: [path, arg()] } } }
    case 'BEGINS_WITH': return { kind: 'function', name: 'begins_with', args: [path, arg()] }
    case 'IN': return { kind: 'in', operand: path, list: args.map((v) => values.operand(v)) }
    case 'BETWEEN': return { kind: 'between', operand: path, low: values.operand(args[0]!), high: values.operand(args[1]!) }
  }
}

function entries(map: unknown, member: string): [string, Record<string, unknown>][] {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw serializationError(`Expected a map for ${member}`)
  return Object.entries(map as Record<string, unknown>).map(([name, condition]) => {
    if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) throw serializationError(`Expected a structure for ${member}.${name}`)
    if (name === '') throw validationError('Empty attribute name')
    return [name, condition as Record<string, unknown>]
  })
}

/** One `Condition` (KeyConditions, QueryFilter, ScanFilter entry): operator and its arguments. */
export function readCondition(condition: Record<string, unknown>): { op: ComparisonOperator; args: AttributeValue[] } {
  const op = condition.ComparisonOperator
  if (!isOperator(op)) throw validationError('Comparison type does not exist in DynamoDB')
  const args = attributeValues(condition.AttributeValueList)
  checkArguments(op, args)
  return { op, args }
}

/** One `ExpectedAttributeValue`: the Value/Exists form or the ComparisonOperator form. */
function readExpected(name: string, expected: Record<string, unknown>): { op: ComparisonOperator; args: AttributeValue[] } {
  const { Value: value, Exists: exists, ComparisonOperator: op, AttributeValueList: list } = expected
  const has = (v: unknown) => v !== undefined && v !== null
  if (has(op) && has(exists)) throw invalid(`Exists and ComparisonOperator cannot be used together for Attribute: ${name}`)
  if (!has(op)) {
    if (has(list)) throw invalid(`AttributeValueList can only be used with a ComparisonOperator for Attribute: ${name}`)
    if (exists === false) {
      if (has(value)) throw invalid(`Value cannot be used when Exists is false for Attribute: ${name}`)
      return { op: 'NULL', args: [] }
    }
    if (!has(value)) throw invalid(`Value must be provided when Exists is ${exists === true ? 'true' : 'null'} for Attribute: ${name}`)
    return { op: 'EQ', args: [canonicalValue(value, 1)] }
  }
  if (has(value) && has(list)) throw invalid(`Value and AttributeValueList cannot be used together for Attribute: ${name}`)
  if (!has(value) && !has(list) && op !== 'NULL' && op !== 'NOT_NULL') throw invalid(`Value or AttributeValueList must be used with ComparisonOperator: ${String(op)} for Attribute: ${name}`)
  if (!isOperator(op)) throw validationError('Comparison type does not exist in DynamoDB')
  const args = has(value) ? [canonicalValue(value, 1)] : attributeValues(list)
  checkArguments(op, args)
  return { op, args }
}

export type ConditionMember = 'Expected' | 'QueryFilter' | 'ScanFilter'

/**
 * A whole legacy condition map joined with `ConditionalOperator` (AND when absent), or undefined
 * for an empty map (nothing to check).
 */
export function translateConditions(member: ConditionMember, map: unknown, conditionalOperator: unknown, values: LegacyValues): ConditionTerm | undefined {
  const terms = entries(map, member).map(([name, condition]) => {
    const { op, args } = member === 'Expected' ? readExpected(name, condition) : readCondition(condition)
    return comparisonTerm(name, op, args, values)
  })
  if (conditionalOperator !== undefined && conditionalOperator !== null) {
    if (terms.length === 0) throw validationError('ConditionalOperator cannot be used without Filter or Expected')
    if (terms.length === 1) throw validationError('ConditionalOperator can only be used when Filter or Expected has two or more elements')
    if (conditionalOperator !== 'AND' && conditionalOperator !== 'OR') {
      throw validationError(`1 validation error detected: Value '${String(conditionalOperator)}' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [AND, OR]`)
    }
  }
  const join = conditionalOperator === 'OR' ? 'or' : 'and'
  return terms.reduce<ConditionTerm | undefined>((left, right) => (left ? { kind: join, left, right } : right), undefined)
}
