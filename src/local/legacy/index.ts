/**
 * DynamoDB's legacy (pre-expression) request parameters, still part of the 2012-08-10 API:
 * `Expected` + `ConditionalOperator`, `AttributeUpdates`, `KeyConditions`, `QueryFilter`,
 * `ScanFilter`, `AttributesToGet`. `readLegacy` refuses a request mixing them with expressions
 * (DynamoDB's wording), validates them and translates them into the trees the engine evaluates;
 * an operation then runs the same code for both forms.
 */
import type { AttributeValue } from '../../dynamodb/attribute-value.ts'
import { serializationError, validationError } from '../errors.ts'
import type { ConditionNode, PathNode, UpdateNode } from '../expressions/ast.ts'
import { createPlaceholders, type RequestPlaceholders, type KeyCondition, type KeySchemaNames } from '../expressions/index.ts'
import { LegacyValues, translateConditions, type ConditionMember } from './conditions.ts'
import { checkKeyConditionArguments, translateKeyConditions } from './key-conditions.ts'
import { translateAttributeUpdates } from './updates.ts'

export { withLegacyUpdateErrors } from './updates.ts'

/** In the order DynamoDB lists them in its "Can not use both" message. */
const NON_EXPRESSION = ['AttributesToGet', 'AttributeUpdates', 'QueryFilter', 'ScanFilter', 'Expected', 'ConditionalOperator', 'KeyConditions'] as const
const EXPRESSION = ['ProjectionExpression', 'UpdateExpression', 'FilterExpression', 'ConditionExpression', 'KeyConditionExpression'] as const

type LegacyMember = (typeof NON_EXPRESSION)[number]
type ExpressionMember = (typeof EXPRESSION)[number]

/** Which members each operation has (others are not part of its input and are ignored, as by DynamoDB). */
const MEMBERS: Record<string, { legacy: LegacyMember[]; expressions: ExpressionMember[]; filter?: ConditionMember }> = {
  GetItem: { legacy: ['AttributesToGet'], expressions: ['ProjectionExpression'] },
  BatchGetItem: { legacy: ['AttributesToGet'], expressions: ['ProjectionExpression'] },
  PutItem: { legacy: ['Expected', 'ConditionalOperator'], expressions: ['ConditionExpression'] },
  DeleteItem: { legacy: ['Expected', 'ConditionalOperator'], expressions: ['ConditionExpression'] },
  UpdateItem: { legacy: ['AttributeUpdates', 'Expected', 'ConditionalOperator'], expressions: ['UpdateExpression', 'ConditionExpression'] },
  Query: { legacy: ['AttributesToGet', 'QueryFilter', 'ConditionalOperator', 'KeyConditions'], expressions: ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'], filter: 'QueryFilter' },
  Scan: { legacy: ['AttributesToGet', 'ScanFilter', 'ConditionalOperator'], expressions: ['ProjectionExpression', 'FilterExpression'], filter: 'ScanFilter' },
}

export interface Legacy {
  /** From Expected (+ ConditionalOperator). */
  condition?: ConditionNode
  /** From QueryFilter / ScanFilter (+ ConditionalOperator). */
  filter?: ConditionNode
  /** From AttributeUpdates; `updates` is true even for an empty map. */
  update?: UpdateNode
  updates: boolean
  /** From AttributesToGet: one bare attribute name per path. */
  projection?: PathNode[]
  /** From KeyConditions, once the key schema read is known. */
  keyCondition?: (key: KeySchemaNames) => KeyCondition
  /** The expression context to evaluate these trees with (the request's own, plus the legacy values). */
  context(ctx: RequestPlaceholders): RequestPlaceholders
}

const present = (input: Record<string, unknown>, member: string) => input[member] !== undefined && input[member] !== null

/** Throws DynamoDB's ValidationException when a request mixes the two forms. */
function assertNotMixed(input: Record<string, unknown>, legacy: readonly string[], expressions: readonly string[]): void {
  const used = NON_EXPRESSION.filter((m) => legacy.includes(m) && present(input, m))
  const usedExpressions = EXPRESSION.filter((m) => expressions.includes(m) && present(input, m))
  if (used.length && usedExpressions.length) {
    throw validationError(`Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${used.join(', ')}} Expression parameters: {${usedExpressions.join(', ')}}`)
  }
}

/** Whether a request carries any legacy member. */
export function usesLegacy(input: Record<string, unknown>): boolean {
  return NON_EXPRESSION.some((m) => present(input, m))
}

/** AttributesToGet as projection paths (at least one name, no name twice). */
export function attributesToGet(list: unknown): PathNode[] {
  if (!Array.isArray(list)) throw serializationError('Expected a list for AttributesToGet')
  if (list.length === 0) throw validationError("1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1")
  if (list.some((name) => typeof name !== 'string')) throw serializationError('Expected strings in AttributesToGet')
  if (new Set(list).size !== list.length) throw validationError('Cannot have two attributes with the same name')
  return (list as string[]).map((name) => ({ elements: [{ type: 'name', name, placeholder: false }] }))
}

/** Reads (and validates) the legacy members `operation` has; none used gives an empty Legacy. */
export function readLegacy(operation: keyof typeof MEMBERS, input: Record<string, unknown>): Legacy {
  const members = MEMBERS[operation]!
  assertNotMixed(input, members.legacy, members.expressions)
  const values = new LegacyValues()
  const out: Legacy = { updates: false, context: (ctx) => ctx }
  const has = (member: LegacyMember) => members.legacy.includes(member) && present(input, member)
  if (has('AttributesToGet')) out.projection = attributesToGet(input.AttributesToGet)
  if (has('AttributeUpdates')) {
    out.updates = true
    const update = translateAttributeUpdates(input.AttributeUpdates, values)
    if (update) out.update = update
  }
  // KeyConditions' arguments are checked before the filter's, as DynamoDB Local does.
  if (has('KeyConditions')) checkKeyConditionArguments(input.KeyConditions)
  const conditionMember = members.filter ?? (members.legacy.includes('Expected') ? 'Expected' : undefined)
  if (conditionMember && present(input, conditionMember)) {
    const root = translateConditions(conditionMember, input[conditionMember], input.ConditionalOperator, values)
    if (root) {
      const node: ConditionNode = { kind: 'condition', source: conditionMember === 'Expected' ? 'ConditionExpression' : 'FilterExpression', root }
      if (conditionMember === 'Expected') out.condition = node
      else out.filter = node
    }
  } else if (has('ConditionalOperator')) {
    throw validationError('ConditionalOperator cannot be used without Filter or Expected')
  }
  if (has('KeyConditions')) {
    const map = input.KeyConditions
    out.keyCondition = (key) => translateKeyConditions(map, key)
  }
  const legacyValues: Record<string, AttributeValue> = values.values
  if (Object.keys(legacyValues).length) {
    out.context = (ctx) => {
      const merged = createPlaceholders(ctx.names, { ...ctx.values, ...legacyValues })
      for (const name of ctx.usedNames) merged.usedNames.add(name)
      for (const key of Object.keys(merged.values!)) merged.usedValues.add(key)
      return merged
    }
  }
  return out
}
