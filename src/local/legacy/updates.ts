/**
 * Legacy `AttributeUpdates` validated with DynamoDB's rules and translated into an UpdateNode:
 * PUT → SET, DELETE without a value → REMOVE, DELETE of set members → DELETE, ADD of a number or
 * set → ADD, ADD of a list → SET a = list_append(if_not_exists(a, []), :v) (expressions' ADD
 * takes no lists). Action defaults to PUT, as documented.
 */
import type { AttributeValue } from '../../dynamodb/attribute-value.ts'
import { LocalError, serializationError, validationError } from '../errors.ts'
import type { PathNode, UpdateAction, UpdateNode } from '../expressions/ast.ts'
import { typeOf } from '../expressions/index.ts'
import { canonicalValue } from '../canonical-values.ts'
import type { LegacyValues } from './conditions.ts'

const TYPE_NAMES: Record<string, string> = {
  S: 'STRING', N: 'NUMBER', B: 'BINARY', BOOL: 'BOOLEAN', NULL: 'NULL', L: 'LIST', M: 'MAP',
  SS: 'STRING_SET', NS: 'NUMBER_SET', BS: 'BINARY_SET',
}
const SETS = new Set(['SS', 'NS', 'BS'])

const invalid = (message: string) => validationError(`One or more parameter values were invalid: ${message}`)

function pathOf(name: string): PathNode {
  return { elements: [{ type: 'name', name, placeholder: false }] }
}

function action(name: string, update: Record<string, unknown>, values: LegacyValues): UpdateAction {
  const kind = update.Action ?? 'PUT'
  if (kind !== 'PUT' && kind !== 'ADD' && kind !== 'DELETE') throw validationError('Member must satisfy enum value set: [ADD, DELETE, PUT]')
  const path = pathOf(name)
  if (update.Value === undefined || update.Value === null) {
    if (kind !== 'DELETE') throw invalid('Only DELETE action is allowed when no attribute value is specified')
    return { kind: 'REMOVE', path }
  }
  const value: AttributeValue = canonicalValue(update.Value, 1)
  const type = typeOf(value)
  if (kind === 'PUT') return { kind: 'SET', path, value: values.operand(value) }
  if (kind === 'DELETE') {
    if (!SETS.has(type)) throw invalid(`DELETE action with value is not supported for the type ${TYPE_NAMES[type]}`)
    return { kind: 'DELETE', path, placeholder: values.placeholder(value) }
  }
  if (type === 'L') {
    const current = { kind: 'if_not_exists' as const, path, fallback: values.operand({ L: [] }) }
    return { kind: 'SET', path, value: { kind: 'list_append', left: current, right: values.operand(value) } }
  }
  if (type !== 'N' && !SETS.has(type)) throw invalid(`ADD action is not supported for the type ${TYPE_NAMES[type]}`)
  return { kind: 'ADD', path, placeholder: values.placeholder(value) }
}

/** The update, or undefined for an empty map (UpdateItem then only makes sure the item exists). */
export function translateAttributeUpdates(map: unknown, values: LegacyValues): UpdateNode | undefined {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw serializationError('Expected a map for AttributeUpdates')
  const actions = Object.entries(map as Record<string, unknown>).map(([name, update]) => {
    if (update === null || typeof update !== 'object' || Array.isArray(update)) throw serializationError(`Expected a structure for AttributeUpdates.${name}`)
    if (name === '') throw validationError('Empty attribute name')
    return action(name, update as Record<string, unknown>, values)
  })
  return actions.length ? { kind: 'update', actions } : undefined
}

/**
 * Runs `apply` with the legacy wording of a type clash: an ADD, DELETE or list ADD that meets an
 * attribute of another type is "Type mismatch for attribute to update", not the expression error.
 */
export function withLegacyUpdateErrors<T>(apply: () => T): T {
  try {
    return apply()
  } catch (e) {
    if (e instanceof LocalError && e.message === 'An operand in the update expression has an incorrect data type') throw validationError('Type mismatch for attribute to update')
    throw e
  }
}
