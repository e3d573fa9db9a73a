/**
 * The JSON type of every top-level request member of the 2012-08-10 API (a member name has one
 * type across all operations). A member of another JSON type is a SerializationException (400),
 * as DynamoDB's protocol layer answers, before the operation sees the request; null members are
 * dropped, as DynamoDB ignores nulls for optional members (required ones then read as missing).
 */
import { serializationError } from './errors.ts'

type JsonType = 'string' | 'integer' | 'boolean' | 'map' | 'list'

const STRING = [
  'TableName', 'IndexName', 'ReturnConsumedCapacity', 'ReturnItemCollectionMetrics', 'ReturnValues', 'ReturnValuesOnConditionCheckFailure',
  'ConditionExpression', 'UpdateExpression', 'ProjectionExpression', 'FilterExpression', 'KeyConditionExpression', 'ConditionalOperator',
  'Select', 'ClientRequestToken', 'ExclusiveStartTableName', 'Statement', 'NextToken', 'BillingMode', 'TableClass', 'ResourceArn',
  'StreamArn', 'ShardId', 'ShardIteratorType', 'SequenceNumber', 'ShardIterator', 'ExclusiveStartShardId',
]
const INTEGER = ['Limit', 'Segment', 'TotalSegments']
const BOOLEAN = ['ConsistentRead', 'ScanIndexForward', 'DeletionProtectionEnabled']
const MAP = [
  'Key', 'Item', 'ExpressionAttributeNames', 'ExpressionAttributeValues', 'Expected', 'AttributeUpdates', 'KeyConditions', 'QueryFilter',
  'ScanFilter', 'ExclusiveStartKey', 'RequestItems', 'ProvisionedThroughput', 'StreamSpecification', 'TimeToLiveSpecification', 'SSESpecification',
]
const LIST = [
  'AttributesToGet', 'TransactItems', 'Parameters', 'KeySchema', 'AttributeDefinitions', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes',
  'Tags', 'TagKeys', 'GlobalSecondaryIndexUpdates', 'Statements', 'TransactStatements',
]

const TYPES = new Map<string, JsonType>([
  ...STRING.map((m) => [m, 'string'] as const),
  ...INTEGER.map((m) => [m, 'integer'] as const),
  ...BOOLEAN.map((m) => [m, 'boolean'] as const),
  ...MAP.map((m) => [m, 'map'] as const),
  ...LIST.map((m) => [m, 'list'] as const),
])

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'list'
  if (typeof value === 'object') return 'map'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function fits(type: JsonType, value: unknown): boolean {
  const kind = jsonKind(value)
  if (type === 'integer') return kind === 'integer' || kind === 'number' || (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value))
  return kind === type
}

const FOUND: Record<string, string> = { list: 'Start of list', map: 'Start of structure or map', string: 'STRING_VALUE', integer: 'NUMBER_VALUE', number: 'NUMBER_VALUE', boolean: 'BOOLEAN_VALUE' }

/** Drops null members and refuses members of the wrong JSON type (integers are checked further by the operations). */
export function checkMemberTypes(input: Record<string, unknown>): Record<string, unknown> {
  for (const [member, value] of Object.entries(input)) {
    if (value === null) {
      delete input[member]
      continue
    }
    const type = TYPES.get(member)
    if (type && !fits(type, value)) throw serializationError(`${FOUND[jsonKind(value)]} found where not expected: ${member} must be a ${type === 'map' ? 'map' : type}`)
  }
  return input
}
