/**
 * Legacy `KeyConditions` validated with DynamoDB's rules and reduced to the same key lookup a
 * KeyConditionExpression gives, so Query reads both forms through one path.
 */
import type { AttributeValue } from '../../dynamodb/attribute-value.ts'
import { serializationError, validationError } from '../errors.ts'
import type { KeyCondition, KeySchemaNames, RangeOperator } from '../expressions/index.ts'
import { readCondition, type ComparisonOperator } from './conditions.ts'

const RANGE: Partial<Record<ComparisonOperator, RangeOperator>> = { EQ: '=', LT: '<', LE: '<=', GT: '>', GE: '>=', BETWEEN: 'BETWEEN', BEGINS_WITH: 'BEGINS_WITH' }

/** Each condition's operator and arguments (what needs no key schema). */
export function checkKeyConditionArguments(map: unknown): { name: string; op: ComparisonOperator; args: AttributeValue[] }[] {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw serializationError('Expected a map for KeyConditions')
  return Object.entries(map as Record<string, unknown>).map(([name, condition]) => {
    if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) throw serializationError(`Expected a structure for KeyConditions.${name}`)
    return { name, ...readCondition(condition as Record<string, unknown>) }
  })
}

export function translateKeyConditions(map: unknown, key: KeySchemaNames): KeyCondition {
  const conditions = checkKeyConditionArguments(map)
  if (conditions.length === 0) throw validationError('Conditions must be at least length 1')
  if (conditions.length > 2) throw validationError('Conditions can be of length 1 or 2 only')
  if (conditions.some((c) => c.name !== key.hash && c.name !== key.range)) throw validationError('Query condition missed key schema element')
  const hash = conditions.find((c) => c.name === key.hash)
  if (!hash) throw validationError('Query condition missed key schema element')
  if (hash.op !== 'EQ') throw validationError('Query key condition not supported')
  const range = conditions.find((c) => c.name === key.range)
  if (!range) return { hash: { name: hash.name, value: hash.args[0]! } }
  if (range.op === 'NULL' || range.op === 'NOT_NULL') throw validationError('Only scalar types can be used as Range Key values')
  const op = RANGE[range.op]
  if (!op) throw validationError('Attempted conditional constraint is not an indexable operation')
  return { hash: { name: hash.name, value: hash.args[0]! }, range: { name: range.name, op, values: range.args } }
}
