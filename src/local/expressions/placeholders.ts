/**
 * The placeholders of one request (ExpressionAttributeNames / ExpressionAttributeValues) and which
 * of them the request's expressions used, so unused ones can be rejected as DynamoDB does.
 */
import type { AttributeValue } from '../../dynamodb/attribute-value.ts'
import { validationError } from '../errors.ts'

export interface RequestPlaceholders {
  names?: Record<string, string>
  values?: Record<string, AttributeValue>
  usedNames: Set<string>
  usedValues: Set<string>
}

export function createPlaceholders(
  names?: Record<string, string>,
  values?: Record<string, AttributeValue>,
): RequestPlaceholders {
  return { names, values, usedNames: new Set(), usedValues: new Set() }
}

/** Throws DynamoDB's ValidationException when a supplied placeholder was not used by any expression. */
export function assertAllUsed(ctx: RequestPlaceholders): void {
  const unusedValues = Object.keys(ctx.values ?? {}).filter((key) => !ctx.usedValues.has(key))
  if (unusedValues.length > 0) {
    throw validationError(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`)
  }
  const unusedNames = Object.keys(ctx.names ?? {}).filter((key) => !ctx.usedNames.has(key))
  if (unusedNames.length > 0) {
    throw validationError(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`)
  }
}

/** The label DynamoDB puts in front of errors about one expression ("Invalid UpdateExpression: ..."). */
export type ExpressionKind =
  | 'ConditionExpression'
  | 'FilterExpression'
  | 'KeyConditionExpression'
  | 'UpdateExpression'
  | 'ProjectionExpression'

export function expressionError(kind: ExpressionKind, message: string) {
  return validationError(`Invalid ${kind}: ${message}`)
}

export function resolveName(ctx: RequestPlaceholders, placeholder: string, kind: ExpressionKind): string {
  const name = ctx.names?.[placeholder]
  if (name === undefined) {
    throw expressionError(kind, `An expression attribute name used in the document path is not defined; attribute name: ${placeholder}`)
  }
  ctx.usedNames.add(placeholder)
  return name
}

export function resolveValue(ctx: RequestPlaceholders, placeholder: string, kind: ExpressionKind): AttributeValue {
  const value = ctx.values?.[placeholder]
  if (value === undefined) {
    throw expressionError(kind, `An expression attribute value used in expression is not defined; attribute value: ${placeholder}`)
  }
  ctx.usedValues.add(placeholder)
  return value
}
