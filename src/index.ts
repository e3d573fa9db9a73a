// Public API of dbtooling. Everything users and other layers import comes from here.
export { VERSION } from './version.ts'
// Embedded DynamoDB-compatible engine (bun:sqlite + Bun.serve): startLocal() or an in-process handler.
import './local/register.ts'
export { startLocal, createHandler, openLocal } from './local/server.ts'
export type { StartLocalOptions, LocalServer, InProcessEngine, Handler as LocalHandler } from './local/server.ts'
export { Engine as LocalEngine } from './local/engine.ts'
export type { EngineOptions as LocalEngineOptions, EngineStats as LocalEngineStats } from './local/engine.ts'
export { LocalError } from './local/errors.ts'
export { signRequest, presignUrl } from './aws/sigv4.ts'
export type { SignableRequest, SignOptions, PresignOptions, SignedRequest, SigningCredentials } from './aws/sigv4.ts'
export type { Credentials, CredentialProvider } from './aws/credentials/types.ts'
export { CredentialsProviderError } from './aws/credentials/error.ts'
export { createCredentials, staticCredentials } from './aws/credentials/value.ts'
export { fromEnv } from './aws/credentials/env.ts'
export { fromIni } from './aws/credentials/ini-provider.ts'
export { fromWebIdentity } from './aws/credentials/web-identity.ts'
export { fromContainer } from './aws/credentials/container.ts'
export { fromImds } from './aws/credentials/imds.ts'
export { cachedProvider } from './aws/credentials/cache.ts'
export { chainProviders, defaultCredentialProvider } from './aws/credentials/chain.ts'
export type { Env, FetchLike, ProviderOptions } from './aws/credentials/options.ts'
export type { IniOptions } from './aws/credentials/ini-provider.ts'
export type { WebIdentityOptions } from './aws/credentials/web-identity.ts'
export type { ContainerOptions } from './aws/credentials/container.ts'
export type { ImdsOptions } from './aws/credentials/imds.ts'
export type { CacheOptions } from './aws/credentials/cache.ts'
export type { DefaultCredentialProviderOptions } from './aws/credentials/chain.ts'
export { resolveRegion, resolveEndpoint, defaultEndpoint } from './aws/resolve.ts'
export type { ResolveRegionOptions, ResolveEndpointOptions } from './aws/resolve.ts'
// Low-level client, transport errors and DynamoDB service errors.
export { DynamoDBClient } from './dynamodb/client.ts'
export type { DynamoDBClientOptions, SendOptions } from './dynamodb/client.ts'
export { DYNAMODB_OPERATIONS, STREAMS_OPERATIONS } from './dynamodb/operations.ts'
export type { OperationName, DynamoDBOperation, StreamsOperation } from './dynamodb/operations.ts'
export type { OperationTypes, OperationInput, OperationOutput } from './dynamodb/types/index.ts'
/** Wire-format input/output types of every operation, e.g. `wire.GetItemInput`, `wire.TableDescription`. */
export type * as wire from './dynamodb/types/index.ts'
export type { FetchFunction, HttpLogger } from './aws/http.ts'
export type { RetryOptions } from './aws/retry.ts'
export {
  AwsError,
  AwsServiceError,
  NetworkError,
  TimeoutError,
  DeadlineExceededError,
  AbortError,
  ChecksumMismatchError,
  ClientClosedError,
  RedirectError,
  InvalidResponseError,
} from './aws/errors.ts'
export type { AwsErrorDetails } from './aws/errors.ts'
export * from './dynamodb/errors.ts'
export { defineConfig, resolveConfig, ConfigError } from './config.ts'
export type { DbtoolingConfig, EnvironmentSettings, ResolvedConfig, TableSettings, SingleTableSettings } from './config.ts'
export { marshall, marshallValue, unmarshall, unmarshallValue, MarshallError, NumberValue } from './dynamodb/marshall.ts'
export { itemSize, assertItemSize, MAX_ITEM_SIZE } from './dynamodb/value-rules.ts'
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
} from './dynamodb/expressions/index.ts'
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
} from './dynamodb/expressions/index.ts'
export type { MarshallOptions, UnmarshallOptions, MarshallErrorCode } from './dynamodb/marshall.ts'
export { DocumentClient, ConditionFailedError } from './dynamodb/document.ts'
export type { DocumentClientOptions, GetInput, PutInput, UpdateItemInput, DeleteInput, QueryInput, ScanInput } from './dynamodb/document.ts'
export { DocumentError, BatchWriteError, BatchGetError, TransactionFailedError, WaiterTimeoutError } from './dynamodb/document-errors.ts'
export type { TransactionReason } from './dynamodb/document-errors.ts'
export type { BatchWriteRequest, BatchGetRequest, BatchOptions, BatchWriteOptions, BatchGetOptions } from './dynamodb/batch.ts'
export type { TransactWriteAction, TransactGetAction, TransactOptions } from './dynamodb/transact.ts'
export type { Page, PageOptions, ParallelScanOptions } from './dynamodb/paginate.ts'
export type { Statement, StatementOptions, StatementPage, StatementResult } from './dynamodb/partiql.ts'
export type { WaitOptions } from './dynamodb/waiters.ts'
export { encodeCursor, decodeCursor, CursorError } from './dynamodb/cursor.ts'
// Single-table design: Stacks models → table, keys, indexes, access patterns, items both ways.
export {
  loadModels,
  loadDesign,
  checkModels,
  deriveSchema,
  accessPatterns,
  buildRequest,
  buildGetItem,
  buildQuery,
  toItem,
  fromItem,
  updateKeys,
  updateKeysWithRead,
  uniqueItems,
  uniqueChanges,
  createTransaction,
  renderAccessPatternsMarkdown,
  renderAccessPatternsJSON,
  renderSchemaMarkdown,
  resolveSingleTableConfig,
  installStacksShims,
  SingleTableError,
} from './single-table/index.ts'
export type {
  ModelDefinition,
  AttributeDefinition,
  RelationDefinition,
  IndexDefinition,
  ModelTraits,
  DynamoModelOptions,
  SingleTableConfig,
  ResolvedSingleTableConfig,
  SingleTableDesign,
  PatternExpressions,
  EntityDefinition,
  EntityIndexKey,
  KeyPattern,
  UniqueConstraint,
  DerivedSchema,
  CreateTableInput,
  AccessPattern,
  AccessPatternKind,
  PatternParam,
  PatternRequest,
  LoadModelsOptions,
  ModelCheck,
  ToItemOptions,
  FromItemOptions,
  KeyUpdate,
  SingleTableErrorCode,
  SingleTableIssue,
} from './single-table/index.ts'
// Models: Laravel-style models and query builder over the single-table design (also `dbtooling/orm`).
export {
  createOrm,
  Model,
  BaseModel,
  QueryBuilder,
  MODEL_EVENTS,
  OrmError,
  ModelNotFoundError,
  MassAssignmentError,
  ValidationError as ModelValidationError,
  UniqueConstraintError,
  VersionConflictError,
  NoAccessPatternError,
  InvalidQueryError,
  TransactionTooLargeError,
} from './orm/index.ts'
export type { CreateOrmOptions, Orm, ModelClass, ModelKey, ModelEvent, Explanation, Paginated, OrmErrorCode } from './orm/index.ts'
