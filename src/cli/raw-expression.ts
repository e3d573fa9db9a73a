/**
 * Raw DynamoDB expressions typed on the command line (`--condition`, `--filter`) with their
 * `--names` and `--values` (plain JSON, marshalled here), merged into a compiled request without
 * placeholder collisions.
 */
import type { AttributeValue } from '../dynamodb/attribute-value.ts'
import { marshallValue } from '../dynamodb/marshall.ts'
import { tokenize } from '../local/expressions/lexer.ts'
import { UsageError } from './command.ts'
import { parseJsonFlag } from './json-input.ts'

/** The expression parameters of a wire request (any request type: typed by the caller). */
export interface WireExpressions {
  ExpressionAttributeNames?: Record<string, string>
  ExpressionAttributeValues?: Record<string, AttributeValue>
}

/** Adds `expression` as `field` (e.g. ConditionExpression) with the flags' names and values. */
export function addRawExpression<T extends WireExpressions>(request: T, field: 'ConditionExpression' | 'FilterExpression', expression: string | undefined, namesFlag: unknown, valuesFlag: unknown): T & WireExpressions {
  if (expression === undefined) return request
  const names = parseJsonFlag(namesFlag, 'names') ?? {}
  const values = parseJsonFlag(valuesFlag, 'values') ?? {}
  const out: T = { ...request, [field]: expression }
  const mergedNames = { ...request.ExpressionAttributeNames }
  for (const [k, v] of Object.entries(names)) {
    if (!k.startsWith('#')) throw new UsageError(`--names key ${k} must start with #`)
    if (k in mergedNames && mergedNames[k] !== v) throw new UsageError(`--names ${k} collides with a generated placeholder; rename it (e.g. #my${k.slice(1)})`)
    mergedNames[k] = String(v)
  }
  const mergedValues = { ...request.ExpressionAttributeValues }
  for (const [k, v] of Object.entries(values)) {
    if (!k.startsWith(':')) throw new UsageError(`--values key ${k} must start with :`)
    if (k in mergedValues) throw new UsageError(`--values ${k} collides with a generated placeholder; rename it (e.g. :my${k.slice(1)})`)
    mergedValues[k] = marshallValue(v, undefined, k)
  }
  // Only placeholders an expression uses may be sent: DynamoDB rejects unused ones.
  const inUse = placeholdersIn(out)
  const used = (p: string) => inUse.has(p)
  const finalNames = Object.fromEntries(Object.entries(mergedNames).filter(([k]) => used(k)))
  const finalValues = Object.fromEntries(Object.entries(mergedValues).filter(([k]) => used(k)))
  for (const k of Object.keys(names)) if (!(k in finalNames)) throw new UsageError(`--names ${k} is not used in any expression`)
  for (const k of Object.keys(values)) if (!(k in finalValues)) throw new UsageError(`--values ${k} is not used in any expression`)
  if (Object.keys(finalNames).length) out.ExpressionAttributeNames = finalNames
  else delete out.ExpressionAttributeNames
  if (Object.keys(finalValues).length) out.ExpressionAttributeValues = finalValues
  else delete out.ExpressionAttributeValues
  return out
}

/**
 * The `#name` and `:value` placeholders the request's expressions use, read with the lexer of the
 * embedded engine's expression parser (the same tokens DynamoDB reads), not by pattern matching.
 */
function placeholdersIn(request: WireExpressions): Set<string> {
  const found = new Set<string>()
  for (const [field, expression] of Object.entries(request)) {
    if (!field.endsWith('Expression') || typeof expression !== 'string') continue
    for (const token of tokenize(expression)) if (token.type === 'placeholder' || token.type === 'value') found.add(token.text)
  }
  return found
}

/** Flags shared by commands that take raw expressions. */
export const EXPRESSION_FLAGS = {
  names: { type: 'string', value: '<json>', description: 'expression attribute names, e.g. \'{"#s":"status"}\'' },
  values: { type: 'string', value: '<json>', description: 'expression attribute values as plain JSON, e.g. \'{":s":"active"}\'' },
} as const
