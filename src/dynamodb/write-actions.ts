/**
 * The one shape of a write action, shared by batchWrite and transactWrite:
 * `{ put: { table, item } }`, `{ delete: { table, key } }`, and in transactions also
 * `{ update: { table, key, update } }` and `{ conditionCheck: { table, key, condition } }`, each
 * with an optional `condition` where DynamoDB allows one. Read here once, before anything is sent,
 * so a wrong shape is an error naming the field instead of DynamoDB's "Value null at 'tableName'".
 */
import { DocumentError } from './document-errors.ts'
import type { Condition } from './expressions/tree.ts'
import { describeValue } from './marshall-error.ts'
import type { UpdateInput } from './request.ts'

type Item = Record<string, unknown>
export type OnConditionFailure = 'ALL_OLD' | 'NONE'

interface Conditional {
  condition?: Condition
  returnValuesOnConditionCheckFailure?: OnConditionFailure
}

export interface PutAction extends Conditional {
  table: string
  item: Item
}
export interface DeleteAction extends Conditional {
  table: string
  key: Item
}
export interface UpdateAction extends Conditional {
  table: string
  key: Item
  update: UpdateInput
}
export interface ConditionCheckAction {
  table: string
  key: Item
  condition: Condition
  returnValuesOnConditionCheckFailure?: OnConditionFailure
}

export type WriteActionKind = 'put' | 'delete' | 'update' | 'conditionCheck'

/** One action read and checked: its kind and its fields. */
export interface ReadAction {
  kind: WriteActionKind
  table: string
  item?: Item
  key?: Item
  update?: UpdateInput
  condition?: Condition
  returnValuesOnConditionCheckFailure?: OnConditionFailure
}

const FIELDS: Record<WriteActionKind, { required: string[]; optional: string[] }> = {
  put: { required: ['table', 'item'], optional: ['condition', 'returnValuesOnConditionCheckFailure'] },
  delete: { required: ['table', 'key'], optional: ['condition', 'returnValuesOnConditionCheckFailure'] },
  update: { required: ['table', 'key', 'update'], optional: ['condition', 'returnValuesOnConditionCheckFailure'] },
  conditionCheck: { required: ['table', 'key', 'condition'], optional: ['returnValuesOnConditionCheckFailure'] },
}

const EXAMPLE: Record<WriteActionKind, string> = {
  put: '{ put: { table, item } }',
  delete: '{ delete: { table, key } }',
  update: '{ update: { table, key, update } }',
  conditionCheck: '{ conditionCheck: { table, key, condition } }',
}

/**
 * Reads `action` as one of `kinds`; `conditions: false` where DynamoDB takes none (BatchWriteItem).
 * `label` names the action in messages, e.g. `batchWrite write 3`.
 */
export function readWriteAction(action: unknown, label: string, kinds: readonly WriteActionKind[], conditions: boolean): ReadAction {
  const shapes = kinds.map(k => EXAMPLE[k]).join(' or ')
  if (action === null || typeof action !== 'object' || Array.isArray(action)) {
    throw new DocumentError('InvalidWriteAction', `${label}: expected an object like ${shapes}, got ${describeValue(action)}`)
  }
  const names = Object.keys(action)
  const given = names.filter((n): n is WriteActionKind => n in FIELDS)
  if (given.length !== 1 || names.length !== 1) {
    const extra = names.filter(n => !(n in FIELDS))
    const problem = given.length > 1 ? `has ${given.join(' and ')}; give exactly one` : extra.length > 0 ? `has ${extra.map(n => `'${n}'`).join(', ')}, which is not an action${hintFor(extra)}` : 'is empty'
    throw new DocumentError('InvalidWriteAction', `${label} ${problem}: expected ${shapes}`)
  }
  const kind = given[0]!
  if (!kinds.includes(kind)) {
    throw new DocumentError('InvalidWriteAction', `${label}: ${kind} is not possible here (only ${kinds.join(' and ')}); ${kind === 'update' || kind === 'conditionCheck' ? 'use transactWrite, or update() for a single item' : `expected ${shapes}`}`)
  }
  const spec: unknown = (action as Record<string, unknown>)[kind]
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new DocumentError('InvalidWriteAction', `${label}: ${kind} must be an object like ${EXAMPLE[kind]}, got ${describeValue(spec)}`)
  }
  const fields = spec as Record<string, unknown>
  const { required, optional } = FIELDS[kind]
  for (const name of Object.keys(fields)) {
    if (!conditions && optional.includes(name)) {
      throw new DocumentError('InvalidWriteAction', `${label}: ${kind}.${name}: BatchWriteItem takes no conditions; use transactWrite for conditional writes`)
    }
    if (!required.includes(name) && !optional.includes(name)) {
      const fieldList = conditions ? [...required, ...optional] : required
      throw new DocumentError('InvalidWriteAction', `${label}: ${kind}.${name} is not a field of ${kind}${hintFor([name])} (fields: ${fieldList.join(', ')})`)
    }
  }
  for (const name of required) {
    const value = fields[name]
    if (value === undefined) throw new DocumentError('InvalidWriteAction', `${label}: ${kind}.${name} is missing: expected ${EXAMPLE[kind]}`)
  }
  if (typeof fields.table !== 'string' || fields.table === '') {
    throw new DocumentError('InvalidWriteAction', `${label}: ${kind}.table must be a table name, got ${describeValue(fields.table)}`)
  }
  for (const name of ['item', 'key'] as const) {
    const value = fields[name]
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new DocumentError('InvalidWriteAction', `${label}: ${kind}.${name} must be an object of attributes, got ${describeValue(value)}`)
    }
  }
  return { kind, ...(fields as Omit<ReadAction, 'kind'>) }
}

/** The wire names people reach for by habit, mapped to ours. */
const WIRE_NAMES: Record<string, string> = {
  Put: 'put', PutRequest: 'put', Delete: 'delete', DeleteRequest: 'delete', Update: 'update', ConditionCheck: 'conditionCheck',
  TableName: 'table', Item: 'item', Key: 'key', ConditionExpression: 'condition', UpdateExpression: 'update',
}

function hintFor(names: string[]): string {
  const known = names.map(n => WIRE_NAMES[n]).find(Boolean)
  return known ? ` (did you mean ${known}?)` : ''
}
