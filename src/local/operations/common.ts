/**
 * Helpers shared by the operations: table names, keys and items against the schema, expression
 * placeholders and binding, projections, return values, consumed capacity.
 */
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import { LocalError, serializationError, validationError } from '../errors.ts'
import { applyUpdate, assertAllUsed, bindCondition, bindProjection, bindUpdate, createPlaceholders, normalizeNumber, parseCondition, projectItem, updatedPaths, type ConditionNode, type RequestPlaceholders, type PathNode, type UpdateNode } from '../expressions/index.ts'
import { entryKey, type EntryKey } from '../storage/keys.ts'
import { report, type Capacity } from './capacity.ts'
import { attributeType, type TableMeta } from '../storage/types.ts'
import { attributeValueSize, emptyAttributeMap } from '../../dynamodb/value-rules.ts'
import { assertItemSize, attributeNameProblem, canonicalItem, canonicalValue, sortSets, valueType } from '../canonical-values.ts'

// Key size as DynamoDB limits it: UTF-8 bytes of S, bytes of B, the stored size of N.
const MAX_HASH = 2048
const MAX_RANGE = 1024

function checkKeyValue(meta: TableMeta, name: string, v: AttributeValue, mismatch: string): void {
  const t = valueType(v)
  if (t !== attributeType(meta, name)) throw validationError(mismatch)
  if ((t === 'S' && (v as { S: string }).S === '') || (t === 'B' && (v as { B: string }).B.length === 0)) {
    throw validationError(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${t === 'S' ? 'string' : 'binary'} value. Key: ${name}`)
  }
}

function checkKeySizes(meta: TableMeta, item: AttributeMap): void {
  const h = item[meta.key.hash]
  const r = meta.key.range ? item[meta.key.range] : undefined
  if ((h && attributeValueSize(h) > MAX_HASH) || (r && attributeValueSize(r) > MAX_RANGE)) {
    throw validationError('Hash primary key values must be under 2048 bytes, and range primary key values must be under 1024 bytes')
  }
}

/** Validates a `Key` parameter and returns its storage key and canonical form. */
export function readKey(meta: TableMeta, raw: unknown): { key: AttributeMap; at: EntryKey } {
  if (raw === undefined || raw === null) throw validationError("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null")
  const key = canonicalItem(raw)
  const names = Object.keys(key)
  const expected = meta.key.range ? 2 : 1
  if (names.length !== expected) throw validationError('The number of conditions on the keys is invalid')
  if (!key[meta.key.hash] || (meta.key.range && !key[meta.key.range])) throw validationError('The provided key element does not match the schema')
  for (const name of names) checkKeyValue(meta, name, key[name]!, 'One or more parameter values were invalid: Type mismatch for key')
  checkKeySizes(meta, key)
  return { key, at: entryKey(key, meta.key)! }
}

/** In a transaction, an update that breaks this cancels (reason ValidationError) instead of failing the request. */
export const INDEX_KEY_TYPE_MISMATCH = 'One or more parameter values were invalid: Type mismatch for Index Key'

/** Validates a full item for a write: key present and typed, index keys typed, size. */
export function readItem(meta: TableMeta, raw: unknown, nullMessage: string): { item: AttributeMap; at: EntryKey } {
  if (raw === undefined || raw === null) throw validationError(nullMessage)
  const item = canonicalItem(raw)
  checkItem(meta, item)
  return { item, at: entryKey(item, meta.key)! }
}

export function checkItem(meta: TableMeta, item: AttributeMap, fromUpdate = false): void {
  for (const name of [meta.key.hash, meta.key.range]) {
    if (!name) continue
    const v = item[name]
    if (!v) throw validationError('One of the required keys was not given a value')
    checkKeyValue(meta, name, v, 'One or more parameter values were invalid: Type mismatch for key')
  }
  for (const index of meta.indexes) {
    for (const name of [index.key.hash, index.key.range]) {
      if (!name || name === meta.key.hash || name === meta.key.range) continue
      const v = item[name]
      if (!v) continue
      const t = valueType(v)
      if (t !== attributeType(meta, name)) {
        // As DynamoDB Local: an update leaving a type no key can have (a list, a map, a boolean...)
        // in an index key fails outright, also inside a transaction.
        if (fromUpdate && t !== 'S' && t !== 'N' && t !== 'B') throw validationError('Invalid attribute value type')
        throw validationError(INDEX_KEY_TYPE_MISMATCH)
      }
      if ((t === 'S' && (v as { S: string }).S === '') || (t === 'B' && (v as { B: string }).B.length === 0)) {
        const kind = t === 'S' ? 'string' : 'binary'
        if (fromUpdate) throw validationError(`One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value.`)
        throw validationError(`One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${t === 'S' ? 'string' : 'binary'} value. IndexName: ${index.name}, IndexKey: ${name}`)
      }
    }
  }
  checkKeySizes(meta, item)
  assertItemSize(item)
}

const VALUE_FIELDS = ['UpdateExpression', 'ConditionExpression', 'FilterExpression', 'KeyConditionExpression']
const NAME_TOKEN = /#[A-Za-z0-9_]+/g
const VALUE_TOKEN = /:[A-Za-z0-9_]+/g

/** DynamoDB's limits on the placeholder maps: keys up to 255 characters, names valid attribute names. */
function checkPlaceholderMaps(names: Record<string, unknown> | undefined, values: Record<string, unknown> | undefined): void {
  for (const key in names) {
    if (!NAME_KEY.test(key)) throw validationError(`ExpressionAttributeNames contains invalid key: Syntax error; key: ${JSON.stringify(key)}`)
    if (key.length > MAX_PLACEHOLDER_LENGTH) throw validationError(`ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: ${key.length}`)
    const name = names[key]
    const problem = typeof name === 'string' ? attributeNameProblem(name) : undefined
    if (problem) throw validationError(`ExpressionAttributeNames contains invalid value: ${problem} for key ${key}`)
  }
  for (const key in values) {
    if (!VALUE_KEY.test(key)) throw validationError(`ExpressionAttributeValues contains invalid key: Syntax error; key: ${JSON.stringify(key)}`)
    if (key.length > MAX_PLACEHOLDER_LENGTH) throw validationError('ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;')
  }
}

const MAX_PLACEHOLDER_LENGTH = 255
const NAME_KEY = /^#[A-Za-z0-9_]+$/
const VALUE_KEY = /^:[A-Za-z0-9_]+$/

/**
 * Builds the expression context for a request and applies DynamoDB's placeholder rules:
 * every placeholder used must be defined, every one defined must be used.
 */
export function expressionContext(input: Record<string, unknown>, expressions: Record<string, string | undefined>): RequestPlaceholders {
  const names = input.ExpressionAttributeNames as Record<string, string> | undefined
  const rawValues = input.ExpressionAttributeValues as Record<string, unknown> | undefined
  const present = Object.entries(expressions).filter((e): e is [string, string] => typeof e[1] === 'string')
  if (present.length === 0) {
    if (names && Object.keys(names).length) throw validationError('ExpressionAttributeNames can only be specified when using expressions')
    const fields = Object.keys(expressions)
    // DynamoDB Local lets GetItem through here (its only expression is a projection).
    if (rawValues && Object.keys(rawValues).length && !(fields.length === 1 && fields[0] === 'ProjectionExpression')) {
      // A projection takes no values, so DynamoDB does not name it; the rest in its own order.
      const fields = VALUE_FIELDS.filter((f) => f in expressions)
      const list = fields.length === 1 ? `${fields[0]} is null` : `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]} are null`
      throw validationError(`ExpressionAttributeValues can only be specified when using expressions: ${list}`)
    }
  }
  if (names && Object.keys(names).length === 0) throw validationError('ExpressionAttributeNames must not be empty')
  if (rawValues && Object.keys(rawValues).length === 0) throw validationError('ExpressionAttributeValues must not be empty')
  checkPlaceholderMaps(names, rawValues)
  let values: Record<string, AttributeValue> | undefined
  if (rawValues) {
    values = emptyAttributeMap()
    for (const [k, v] of Object.entries(rawValues)) {
      try {
        // Values keep their numbers as sent; the stored item's top level is normalized later.
        values[k] = canonicalValue(v, 1)
      } catch (e) {
        if (e instanceof LocalError) throw validationError(`ExpressionAttributeValues contains invalid value: ${e.message} for key ${k}`)
        throw e
      }
    }
  }
  const ctx = createPlaceholders(names, values)
  for (const [field, text] of present) {
    for (const token of text.match(NAME_TOKEN) ?? []) {
      if (!names || !(token in names)) throw validationError(`Invalid ${field}: An expression attribute name used in the document path is not defined; attribute name: ${token}`)
      ctx.usedNames.add(token)
    }
    for (const token of text.match(VALUE_TOKEN) ?? []) {
      if (!values || !(token in values)) throw validationError(`Invalid ${field}: An expression attribute value used in expression is not defined; attribute value: ${token}`)
      ctx.usedValues.add(token)
    }
  }
  return ctx
}

export function conditionFailed(item: AttributeMap | undefined, input: Record<string, unknown>): LocalError {
  const extra = input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && item ? { Item: item } : undefined
  return new LocalError('ConditionalCheckFailedException', 'The conditional request failed', 400, extra)
}

export function checkReturnValues(value: unknown, allowed: string[]): string {
  const v = (value as string | undefined) ?? 'NONE'
  if (!allowed.includes(v)) throw validationError('Return values set to invalid value')
  return v
}

const NAME = /^[a-zA-Z0-9_.-]{3,255}$/
const NAME_MESSAGE = "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'"

export function required(value: unknown, field: string): void {
  if (value === undefined || value === null) throw validationError(`Value null at '${field}' failed to satisfy constraint: Member must not be null`)
}

export function checkName(name: unknown, field = 'tableName'): string {
  required(name, field)
  if (typeof name !== 'string' || !NAME.test(name)) throw validationError(NAME_MESSAGE)
  return name
}

/** Projection from ProjectionExpression or the legacy AttributesToGet (both parsed to paths). */
export function projector(paths: PathNode[] | undefined, ctx: RequestPlaceholders): ((item: AttributeMap) => AttributeMap) | undefined {
  return paths ? (item) => projectItem(item, paths, ctx) : undefined
}

/** Adds ConsumedCapacity to an answer when the request asked for it. */
export function withCapacity(out: Record<string, unknown>, meta: TableMeta, input: Record<string, unknown>, units: Capacity): Record<string, unknown> {
  const c = report(meta, input.ReturnConsumedCapacity, units)
  if (c) out.ConsumedCapacity = c
  return out
}

/** Parses an optional ConditionExpression. */
export function conditionCheck(text: string | undefined): ConditionNode | undefined {
  if (text === undefined) return undefined
  if (text.trim() === '') throw validationError('Invalid ConditionExpression: The expression can not be empty;')
  return parseCondition(text)
}

/**
 * Resolves placeholders and runs DynamoDB's static checks (overlapping paths, operand types)
 * up front, so they fail even when the item is absent and nothing gets evaluated.
 */
export function bindExpressions(ctx: RequestPlaceholders, nodes: { condition?: ConditionNode | undefined; filter?: ConditionNode | undefined; update?: UpdateNode | undefined; paths?: PathNode[] | undefined }): void {
  if (nodes.update) bindUpdate(nodes.update, ctx)
  if (nodes.condition) bindCondition(nodes.condition, ctx)
  if (nodes.filter) bindCondition(nodes.filter, ctx)
  if (nodes.paths) bindProjection(nodes.paths, ctx)
  // After the static checks: DynamoDB Local reports a bad operand before an unused placeholder.
  assertAllUsed(ctx)
}

/** The item UpdateItem would write, validated; throws on key changes like DynamoDB. */
export function updatedItem(meta: TableMeta, key: AttributeMap, old: AttributeMap | undefined, update: UpdateNode | undefined, ctx: RequestPlaceholders): AttributeMap {
  const base = old ?? key
  const next = update ? sortSets(applyUpdate(update, base, ctx)) : base
  // Index key numbers are stored canonical even when an update wrote them.
  for (const ix of meta.indexes) {
    for (const name of [ix.key.hash, ix.key.range]) {
      const v = name ? next[name] : undefined
      if (v && 'N' in v) next[name!] = { N: normalizeNumber(v.N) }
    }
  }
  checkItem(meta, next, true)
  return next
}

/** DynamoDB rejects any update action on a key attribute, even one that keeps its value. */
export function assertKeyUntouched(meta: TableMeta, update: UpdateNode | undefined, ctx: RequestPlaceholders): void {
  if (!update) return
  for (const path of updatedPaths(update, ctx)) {
    const top = path[0]
    if (top === meta.key.hash || top === meta.key.range) {
      throw validationError(`One or more parameter values were invalid: Cannot update attribute ${String(top)}. This attribute is part of the key`)
    }
  }
}

/**
 * An integer member (Limit, Segment, TotalSegments): a JSON integer, or its decimal text as DynamoDB
 * Local's parser also takes it; undefined when absent. Anything else (1.5, "abc", true) is a
 * SerializationException naming the member, never a value SQLite would reject later.
 */
export function integerMember(input: Record<string, unknown>, name: string): number | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value
  if (typeof value === 'string' && /^[+-]?\d{1,15}$/.test(value)) return Number(value)
  throw serializationError(`${name} must be an integer, not ${JSON.stringify(value).slice(0, 40)}`)
}
