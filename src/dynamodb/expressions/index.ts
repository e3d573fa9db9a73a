/**
 * Expression builders and compiler: immutable builders -> plain trees -> one compiler that emits
 * `#n` names and `:v` values shared across every expression of a request.
 */
export { ExpressionError, type ExpressionErrorCode } from './errors.ts'
export { parsePath, formatPath, MAX_PATH_DEPTH, type Path, type PathInput, type PathSegment } from './paths.ts'
export { attr, value, size, param, template, fillTemplate, type Subject } from './operands.ts'
export { readableExpression } from './readable.ts'
export {
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  between,
  in_,
  beginsWith,
  contains,
  attributeExists,
  attributeNotExists,
  attributeType,
  and,
  or,
  not,
  isCondition,
  MAX_IN_OPERANDS,
  cond,
} from './condition.ts'
export { keyCondition, toKeyCondition, type KeyConditionSpec, type SortKeyOperator } from './key-condition.ts'
export { update, UpdateBuilder, plus, minus, ifNotExists, listAppend } from './update.ts'
export { projection } from './projection.ts'
export {
  compile,
  compileExpression,
  compileRequest,
  compileKey,
  PlaceholderSpace,
  MAX_EXPRESSION_BYTES,
  MAX_OPERATORS,
  MAX_EXPRESSION_WITH_VALUES_BYTES,
  type CompileOptions,
  type ExpressionUsage,
  type CompiledRequest,
  type ExpressionTree,
  type RequestExpressions,
} from './compile.ts'
export { MAX_PLACEHOLDER_BYTES, MAX_SUBSTITUTION_BYTES } from './placeholder-space.ts'
export type * from './tree.ts'
