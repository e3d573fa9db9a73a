/**
 * `dbtooling/document`: the DocumentClient with marshalling, the expression builders, cursors and
 * its errors, plus everything of `dbtooling/client` (a DocumentClient wraps a DynamoDBClient).
 */
export * from './client.ts'
export { marshall, marshallValue, unmarshall, unmarshallValue, MarshallError, NumberValue } from '../dynamodb/marshall.ts'
export { itemSize, assertItemSize, MAX_ITEM_SIZE } from '../dynamodb/value-rules.ts'
// Expressions, one public way: `cond.*` builds conditions, `attr`/`param`/`template` operands,
// `update()` updates, `keyCondition` and `projection` the rest; `compileRequest` compiles them.
export {
  cond,
  attr,
  param,
  template,
  update,
  plus,
  minus,
  ifNotExists,
  listAppend,
  keyCondition,
  projection,
  compileRequest,
  compileKey,
  compileExpression,
  readableExpression,
  ExpressionError,
} from '../dynamodb/expressions/index.ts'
export type {
  Condition,
  KeyCondition,
  KeyConditionSpec,
  Projection,
  UpdateExpression,
  UpdateBuilder,
  ParamOperand,
  TemplateOperand,
  PathInput,
  CompiledRequest,
  RequestExpressions,
  CompileOptions,
  ExpressionErrorCode,
} from '../dynamodb/expressions/index.ts'
export type { MarshallOptions, UnmarshallOptions, MarshallErrorCode } from '../dynamodb/marshall.ts'
export { DocumentClient, ConditionFailedError } from '../dynamodb/document.ts'
export type { DocumentClientOptions, GetInput, PutInput, UpdateItemInput, DeleteInput, QueryInput, ScanInput } from '../dynamodb/document.ts'
export { DocumentError, BatchWriteError, BatchGetError, TransactionFailedError, WaiterTimeoutError } from '../dynamodb/document-errors.ts'
export type { TransactionReason } from '../dynamodb/document-errors.ts'
export type { BatchWriteRequest, BatchGetRequest, BatchOptions, BatchWriteOptions, BatchGetOptions } from '../dynamodb/batch.ts'
export type { TransactWriteAction, TransactGetAction, TransactOptions } from '../dynamodb/transact.ts'
export type { Page, PageOptions, ParallelScanOptions } from '../dynamodb/paginate.ts'
export type { Statement, StatementOptions, StatementPage, StatementResult } from '../dynamodb/partiql.ts'
export type { WaitOptions } from '../dynamodb/waiters.ts'
export { encodeCursor, decodeCursor, CursorError } from '../dynamodb/cursor.ts'
