/**
 * `dbtooling/client`: the low-level DynamoDB client with its errors, hooks and wire types, SigV4
 * signing and region/endpoint resolution. The credential providers are `dbtooling/credentials`
 * (the client's default chain loads the ones it needs by itself). Nothing here loads the embedded
 * engine: `endpoint: 'local'` imports it on first use.
 */
export { signRequest, presignUrl } from '../aws/sigv4.ts'
export type { SignableRequest, SignOptions, PresignOptions, SignedRequest, SigningCredentials } from '../aws/sigv4.ts'
export type { Credentials, CredentialProvider } from '../aws/credentials/types.ts'
export { CredentialsProviderError } from '../aws/credentials/error.ts'
export { resolveRegion, resolveEndpoint, defaultEndpoint } from '../aws/resolve.ts'
export type { ResolveRegionOptions, ResolveEndpointOptions } from '../aws/resolve.ts'
// Low-level client, transport errors and DynamoDB service errors.
export { DynamoDBClient } from '../dynamodb/client.ts'
export type { DynamoDBClientOptions, SendOptions } from '../dynamodb/client.ts'
export type { ClientHook, SendContext, ReceiveContext } from '../dynamodb/hooks.ts'
export { DYNAMODB_OPERATIONS, STREAMS_OPERATIONS } from '../dynamodb/operations.ts'
export type { OperationName, DynamoDBOperation, StreamsOperation } from '../dynamodb/operations.ts'
export type { OperationTypes, OperationInput, OperationOutput } from '../dynamodb/types/index.ts'
/** Wire-format input/output types of every operation, e.g. `wire.GetItemInput`, `wire.TableDescription`. */
export type * as wire from '../dynamodb/types/index.ts'
export type { FetchFunction, HttpLogger } from '../aws/http.ts'
export type { RetryOptions } from '../aws/retry.ts'
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
} from '../aws/errors.ts'
export type { AwsErrorDetails } from '../aws/errors.ts'
export * from '../dynamodb/errors.ts'
