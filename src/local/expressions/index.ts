/**
 * DynamoDB's expression languages for the embedded engine.
 *
 * Typical use in an operation:
 *   const ctx = createPlaceholders(input.ExpressionAttributeNames, input.ExpressionAttributeValues)
 *   const condition = input.ConditionExpression ? parseCondition(input.ConditionExpression) : undefined
 *   const update = parseUpdate(input.UpdateExpression)
 *   if (condition) bindCondition(condition, ctx)   // also done by evaluateCondition; call it yourself
 *   bindUpdate(update, ctx)                         // when an expression may never be evaluated
 *   assertAllUsed(ctx)                              // (Scan/Query over zero items), before reading
 *   if (condition && !evaluateCondition(condition, existing, ctx)) throw ConditionalCheckFailed
 *   const next = applyUpdate(update, existing ?? key, ctx)
 *
 * Parse functions take only text and keep placeholders unresolved; bind/evaluate functions resolve
 * them against the context, marking them used. All errors are LocalError ValidationExceptions with
 * DynamoDB Local's messages.
 */
export type { ConditionNode, UpdateNode, PathNode, ResolvedPath } from './ast.ts'
export { parseCondition, parseUpdate, parseProjection } from './parser.ts'
export { bindCondition, evaluateCondition } from './evaluate.ts'
export { applyUpdate, bindUpdate, updatedPaths } from './update.ts'
export { bindProjection, projectItem } from './projection.ts'
export { parseKeyCondition, type KeyCondition, type KeySchemaNames, type RangeOperator } from './key-condition.ts'
export { createPlaceholders, assertAllUsed, type RequestPlaceholders, type ExpressionKind } from './placeholders.ts'
export { compareValues, encodeSortKey, attributeValuesEqual, compareStrings, sizeOf, typeOf } from './value-semantics.ts'
export { normalizeNumber, parseDecimal, compareDecimals, addDecimals, formatDecimal, formatJavaDecimal, assertStorable, type Decimal } from './decimal.ts'
export { isReservedWord, RESERVED_WORDS } from './reserved-words.ts'
export { getAt } from './paths.ts'
