/**
 * Compiles the document layer's expression inputs (builder trees, never strings) into the wire
 * parameters of one request, sharing one placeholder space.
 */
import { compileRequest, type CompiledRequest } from './expressions/compile.ts'
import { keyCondition, type KeyConditionSpec } from './expressions/key-condition.ts'
import type { PathInput } from './expressions/paths.ts'
import { isBuilt, type Condition, type KeyCondition, type Projection, type UpdateExpression } from './expressions/tree.ts'
import type { MarshallOptions } from './marshall.ts'

export type ProjectionInput = Projection | readonly PathInput[]
export type UpdateInput = UpdateExpression | { toTree(): UpdateExpression }
/** `{ pk: 'USER#1', sk: { beginsWith: 'POST#' } }`, or a key condition / condition tree. */
export type KeyInput = KeyCondition | Condition | KeyConditionSpec

export function compileWrite(parts: { update?: UpdateInput; condition?: Condition }, marshallOptions?: MarshallOptions): CompiledRequest {
  if (parts.update === undefined && parts.condition === undefined) return {}
  return compileRequest(parts, { marshall: marshallOptions })
}

export function compileProjection(projection: ProjectionInput | undefined): CompiledRequest {
  return projection === undefined ? {} : compileRequest({ projection })
}

export function compileRead(parts: { key?: KeyInput; filter?: Condition; projection?: ProjectionInput }, marshallOptions?: MarshallOptions): CompiledRequest {
  const key = parts.key === undefined ? undefined : isBuilt(parts.key) ? (parts.key as KeyCondition | Condition) : keyCondition(parts.key as KeyConditionSpec)
  return compileRequest({ keyCondition: key, filter: parts.filter, projection: parts.projection }, { marshall: marshallOptions })
}
