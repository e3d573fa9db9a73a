/**
 * The fuzzer's requests in DynamoDB's legacy form: a step whose expressions all fit (conditions on
 * top-level attributes joined by one AND/OR, updates of whole attributes, key conditions,
 * projections of top-level names) is rewritten with Expected/ConditionalOperator, AttributeUpdates,
 * KeyConditions, QueryFilter/ScanFilter and AttributesToGet, so both forms meet DynamoDB Local.
 * Expressions are read with the engine's parser (only to know their shape: DynamoDB Local judges
 * the answers). A step that does not fit stays as it is.
 */
import type { AttributeValue } from '../../../src/dynamodb/attribute-value.ts'
import type { ConditionTerm, Operand, PathNode } from '../../../src/local/expressions/ast.ts'
import { parseCondition, parseProjection, parseUpdate } from '../../../src/local/expressions/index.ts'
import type { Step } from './generator.ts'
import type { Random } from './random.ts'

type Names = Record<string, string>
type Values = Record<string, AttributeValue>
type Condition = { ComparisonOperator: string; AttributeValueList?: AttributeValue[] }

/** Thrown inside a translation when the expression has no legacy form. */
class NoFit extends Error {}

function topName(path: PathNode, names: Names): string {
  if (path.elements.length !== 1 || path.elements[0]!.type !== 'name') throw new NoFit()
  const element = path.elements[0]!
  return element.placeholder ? names[element.name]! : element.name
}

function pathOf(operand: Operand, names: Names): string {
  if (operand.kind !== 'path') throw new NoFit()
  return topName(operand.path, names)
}

function valueOf(operand: Operand, values: Values): AttributeValue {
  const value = operand.kind === 'value' ? values[operand.placeholder] : undefined
  if (!value) throw new NoFit()
  return value
}

const COMPARATORS: Record<string, string> = { '=': 'EQ', '<>': 'NE', '<': 'LT', '<=': 'LE', '>': 'GT', '>=': 'GE' }

/** One comparison as [attribute, Condition]. */
function condition(term: ConditionTerm, names: Names, values: Values): [string, Condition] {
  switch (term.kind) {
    case 'compare':
      return [pathOf(term.left, names), { ComparisonOperator: COMPARATORS[term.op]!, AttributeValueList: [valueOf(term.right, values)] }]
    case 'between':
      return [pathOf(term.operand, names), { ComparisonOperator: 'BETWEEN', AttributeValueList: [valueOf(term.low, values), valueOf(term.high, values)] }]
    case 'in':
      return [pathOf(term.operand, names), { ComparisonOperator: 'IN', AttributeValueList: term.list.map((v) => valueOf(v, values)) }]
    case 'function': {
      const name = pathOf(term.args[0]!, names)
      if (term.name === 'attribute_exists') return [name, { ComparisonOperator: 'NOT_NULL' }]
      if (term.name === 'attribute_not_exists') return [name, { ComparisonOperator: 'NULL' }]
      if (term.name === 'begins_with') return [name, { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [valueOf(term.args[1]!, values)] }]
      if (term.name === 'contains') return [name, { ComparisonOperator: 'CONTAINS', AttributeValueList: [valueOf(term.args[1]!, values)] }]
      throw new NoFit()
    }
    case 'not':
      if (term.operand.kind === 'function' && term.operand.name === 'contains') {
        const [name, inner] = condition(term.operand, names, values)
        return [name, { ...inner, ComparisonOperator: 'NOT_CONTAINS' }]
      }
      throw new NoFit()
    default:
      throw new NoFit()
  }
}

/** A condition tree as a legacy map plus its ConditionalOperator (one operator, no attribute twice). */
function conditionMap(text: string, names: Names, values: Values): { map: Record<string, Condition>; operator?: 'AND' | 'OR' } {
  const terms: ConditionTerm[] = []
  let operator: 'and' | 'or' | undefined
  const flatten = (term: ConditionTerm) => {
    if (term.kind === 'and' || term.kind === 'or') {
      if (operator && operator !== term.kind) throw new NoFit()
      operator = term.kind
      flatten(term.left)
      flatten(term.right)
    } else terms.push(term)
  }
  flatten(parseCondition(text).root)
  const map: Record<string, Condition> = {}
  for (const term of terms) {
    const [name, c] = condition(term, names, values)
    if (name in map) throw new NoFit()
    map[name] = c
  }
  return { map, ...(operator ? { operator: operator === 'and' ? 'AND' : 'OR' } : {}) }
}

/** Expected in either of its forms: Value/Exists where it can say the same, else ComparisonOperator. */
function expected(map: Record<string, Condition>, rnd: Random): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(map).map(([name, c]) => {
      if (rnd.chance(0.5) && c.ComparisonOperator === 'EQ') return [name, { Value: c.AttributeValueList![0] }]
      if (rnd.chance(0.5) && c.ComparisonOperator === 'NULL') return [name, { Exists: false }]
      return [name, c]
    }),
  )
}

function attributeUpdates(text: string, names: Names, values: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const action of parseUpdate(text).actions) {
    const name = topName(action.path, names)
    if (name in out) throw new NoFit()
    if (action.kind === 'REMOVE') out[name] = { Action: 'DELETE' }
    else if (action.kind === 'SET') {
      if (action.value.kind !== 'value') throw new NoFit()
      out[name] = { Action: 'PUT', Value: values[action.value.placeholder] }
    } else out[name] = { Action: action.kind, Value: values[action.placeholder] }
  }
  return out
}

function attributesToGet(text: string, names: Names): string[] {
  const list = parseProjection(text).map((path) => topName(path, names))
  if (new Set(list).size !== list.length) throw new NoFit()
  return list
}

const EXPRESSION_MEMBERS = ['ConditionExpression', 'UpdateExpression', 'KeyConditionExpression', 'FilterExpression', 'ProjectionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues']

/** The step with every expression in its legacy form, or undefined when one does not fit. */
export function legacyForm(step: Step, rnd: Random): Step | undefined {
  const input = step.input
  const names = (input.ExpressionAttributeNames ?? {}) as Names
  const values = (input.ExpressionAttributeValues ?? {}) as Values
  const text = (member: string) => input[member] as string | undefined
  if (!['GetItem', 'PutItem', 'DeleteItem', 'UpdateItem', 'Query', 'Scan'].includes(step.op)) return undefined
  if (!EXPRESSION_MEMBERS.some((m) => input[m] !== undefined)) return undefined
  try {
    const out: Record<string, unknown> = Object.fromEntries(Object.entries(input).filter(([k]) => !EXPRESSION_MEMBERS.includes(k)))
    const condition = text('ConditionExpression')
    if (condition !== undefined) {
      const { map, operator } = conditionMap(condition, names, values)
      out.Expected = expected(map, rnd)
      if (operator && Object.keys(map).length > 1) out.ConditionalOperator = operator
    }
    const update = text('UpdateExpression')
    if (update !== undefined) out.AttributeUpdates = attributeUpdates(update, names, values)
    const key = text('KeyConditionExpression')
    if (key !== undefined) {
      const { map, operator } = conditionMap(key, names, values)
      if (operator === 'OR') throw new NoFit()
      out.KeyConditions = map
    }
    const filter = text('FilterExpression')
    if (filter !== undefined) {
      const { map, operator } = conditionMap(filter, names, values)
      out[step.op === 'Query' ? 'QueryFilter' : 'ScanFilter'] = map
      if (operator && Object.keys(map).length > 1) out.ConditionalOperator = operator
    }
    const projection = text('ProjectionExpression')
    if (projection !== undefined) out.AttributesToGet = attributesToGet(projection, names)
    return { ...step, kind: `${step.kind}:legacy`, input: out }
  } catch {
    // NoFit, or an expression the parser refuses (the invalid steps): no legacy form.
    return undefined
  }
}
