/**
 * DynamoDB's service errors as typed classes. `code` is the short wire name (the part of `__type`
 * after `#`, e.g. `ConditionalCheckFailedException`) so callers can switch on it or use instanceof.
 */
import { AwsError, parseJsonError, type AwsErrorDetails } from '../aws/errors.ts'
import type { ErrorResponse } from '../aws/http.ts'
import { retryKind } from '../aws/retry.ts'
import type { AttributeMap } from './attribute-value.ts'

export interface DynamoDBErrorDetails extends AwsErrorDetails {
  /** The parsed error document as DynamoDB sent it. */
  body?: Record<string, unknown>
}

/** Base of every error DynamoDB answered with. */
export class DynamoDBServiceError extends AwsError {
  readonly body: Record<string, unknown>
  constructor(details: DynamoDBErrorDetails) {
    super({ service: 'dynamodb', ...details })
    this.body = details.body ?? {}
  }
}

/** A ConditionExpression evaluated false. `item` is the current item when the request set ReturnValuesOnConditionCheckFailure=ALL_OLD. */
export class ConditionalCheckFailedError extends DynamoDBServiceError {
  readonly item: AttributeMap | undefined
  constructor(details: DynamoDBErrorDetails) {
    super(details)
    this.item = (details.body?.Item as AttributeMap | undefined) ?? undefined
  }
}

/** One reason per action of a canceled transaction, in request order; `Code` is `None` for actions that were fine. */
export interface CancellationReason {
  Code?: string
  Message?: string
  /** The item, for a ConditionalCheckFailed reason with ReturnValuesOnConditionCheckFailure=ALL_OLD. */
  Item?: AttributeMap
}

/** TransactWriteItems/TransactGetItems/ExecuteTransaction was canceled; see `cancellationReasons`. */
export class TransactionCanceledError extends DynamoDBServiceError {
  readonly cancellationReasons: CancellationReason[]
  constructor(details: DynamoDBErrorDetails) {
    super(details)
    this.cancellationReasons = (details.body?.CancellationReasons as CancellationReason[] | undefined) ?? []
  }
}

export class ResourceNotFoundError extends DynamoDBServiceError {}
export class ResourceInUseError extends DynamoDBServiceError {}
export class ValidationError extends DynamoDBServiceError {}
export class ProvisionedThroughputExceededError extends DynamoDBServiceError {}
export class ThrottlingError extends DynamoDBServiceError {}
export class RequestLimitExceededError extends DynamoDBServiceError {}
export class InternalServerError extends DynamoDBServiceError {}
export class ItemCollectionSizeLimitExceededError extends DynamoDBServiceError {}
export class LimitExceededError extends DynamoDBServiceError {}
export class TransactionConflictError extends DynamoDBServiceError {}
export class TransactionInProgressError extends DynamoDBServiceError {}
export class IdempotentParameterMismatchError extends DynamoDBServiceError {}
export class DuplicateItemError extends DynamoDBServiceError {}
export class ReplicatedWriteConflictError extends DynamoDBServiceError {}
export class TableNotFoundError extends DynamoDBServiceError {}
export class TableAlreadyExistsError extends DynamoDBServiceError {}
export class TableInUseError extends DynamoDBServiceError {}
export class BackupNotFoundError extends DynamoDBServiceError {}
export class BackupInUseError extends DynamoDBServiceError {}
export class ContinuousBackupsUnavailableError extends DynamoDBServiceError {}
export class PointInTimeRecoveryUnavailableError extends DynamoDBServiceError {}
export class InvalidRestoreTimeError extends DynamoDBServiceError {}
export class GlobalTableNotFoundError extends DynamoDBServiceError {}
export class GlobalTableAlreadyExistsError extends DynamoDBServiceError {}
export class ReplicaAlreadyExistsError extends DynamoDBServiceError {}
export class ReplicaNotFoundError extends DynamoDBServiceError {}
export class IndexNotFoundError extends DynamoDBServiceError {}
export class ExportNotFoundError extends DynamoDBServiceError {}
export class ExportConflictError extends DynamoDBServiceError {}
export class InvalidExportTimeError extends DynamoDBServiceError {}
export class ImportNotFoundError extends DynamoDBServiceError {}
export class ImportConflictError extends DynamoDBServiceError {}
export class PolicyNotFoundError extends DynamoDBServiceError {}
export class InvalidEndpointError extends DynamoDBServiceError {}
/** Streams: the shard iterator is older than 15 minutes; get a new one. */
export class ExpiredIteratorError extends DynamoDBServiceError {}
/** Streams: the requested records were trimmed (older than 24 hours). */
export class TrimmedDataAccessError extends DynamoDBServiceError {}
/** The access key was not recognised, or the request was not signed. */
export class UnrecognizedClientError extends DynamoDBServiceError {}
export class AccessDeniedError extends DynamoDBServiceError {}

type ErrorClass = new (details: DynamoDBErrorDetails) => DynamoDBServiceError

const CLASSES: Record<string, ErrorClass> = {
  ConditionalCheckFailedException: ConditionalCheckFailedError,
  TransactionCanceledException: TransactionCanceledError,
  ResourceNotFoundException: ResourceNotFoundError,
  ResourceInUseException: ResourceInUseError,
  ValidationException: ValidationError,
  SerializationException: ValidationError,
  ProvisionedThroughputExceededException: ProvisionedThroughputExceededError,
  ThrottlingException: ThrottlingError,
  RequestLimitExceeded: RequestLimitExceededError,
  InternalServerError: InternalServerError,
  InternalFailure: InternalServerError,
  ServiceUnavailable: InternalServerError,
  ItemCollectionSizeLimitExceededException: ItemCollectionSizeLimitExceededError,
  LimitExceededException: LimitExceededError,
  TransactionConflictException: TransactionConflictError,
  TransactionInProgressException: TransactionInProgressError,
  IdempotentParameterMismatchException: IdempotentParameterMismatchError,
  DuplicateItemException: DuplicateItemError,
  ReplicatedWriteConflictException: ReplicatedWriteConflictError,
  TableNotFoundException: TableNotFoundError,
  TableAlreadyExistsException: TableAlreadyExistsError,
  TableInUseException: TableInUseError,
  BackupNotFoundException: BackupNotFoundError,
  BackupInUseException: BackupInUseError,
  ContinuousBackupsUnavailableException: ContinuousBackupsUnavailableError,
  PointInTimeRecoveryUnavailableException: PointInTimeRecoveryUnavailableError,
  InvalidRestoreTimeException: InvalidRestoreTimeError,
  GlobalTableNotFoundException: GlobalTableNotFoundError,
  GlobalTableAlreadyExistsException: GlobalTableAlreadyExistsError,
  ReplicaAlreadyExistsException: ReplicaAlreadyExistsError,
  ReplicaNotFoundException: ReplicaNotFoundError,
  IndexNotFoundException: IndexNotFoundError,
  ExportNotFoundException: ExportNotFoundError,
  ExportConflictException: ExportConflictError,
  InvalidExportTimeException: InvalidExportTimeError,
  ImportNotFoundException: ImportNotFoundError,
  ImportConflictException: ImportConflictError,
  PolicyNotFoundException: PolicyNotFoundError,
  InvalidEndpointException: InvalidEndpointError,
  ExpiredIteratorException: ExpiredIteratorError,
  TrimmedDataAccessException: TrimmedDataAccessError,
  UnrecognizedClientException: UnrecognizedClientError,
  MissingAuthenticationTokenException: UnrecognizedClientError,
  AccessDeniedException: AccessDeniedError,
}

/** Reasons that mean "nothing was wrong with the request, it lost a race or a rate limit". */
const TRANSIENT_CANCELLATION: ReadonlySet<string> = new Set(['None', 'TransactionConflict', 'ProvisionedThroughputExceeded', 'ThrottlingError'])

/**
 * A canceled transaction wrote nothing, so it is safe to retry when every reason is transient
 * (a conflict with another transaction, or throttling) and none is a failed condition.
 */
function cancellationRetryable(body: Record<string, unknown>): boolean {
  const reasons = body.CancellationReasons
  if (!Array.isArray(reasons) || reasons.length === 0) return false
  let transient = false
  for (const reason of reasons as CancellationReason[]) {
    const code = reason?.Code ?? 'None'
    if (!TRANSIENT_CANCELLATION.has(code)) return false
    if (code !== 'None') transient = true
  }
  return transient
}

/** The transport's error factory for DynamoDB and DynamoDB Streams responses. */
export function createDynamoDBError(response: ErrorResponse): DynamoDBServiceError {
  const { code, message, body } = parseJsonError(response.status, response.headers, response.body)
  const retryable = code === 'TransactionCanceledException' ? cancellationRetryable(body) : retryKind(code, response.status) !== undefined
  const attempts = response.attempts
  const suffix = retryable && attempts > 1 ? ` (gave up after ${attempts} attempts)` : ''
  const Class = CLASSES[code] ?? DynamoDBServiceError
  return new Class({
    code,
    message: `${response.operation}: ${message}${suffix}`,
    statusCode: response.status,
    requestId: response.requestId,
    attempts,
    retryable,
    operation: response.operation,
    body,
  })
}
