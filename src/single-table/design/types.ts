/**
 * The single-table design derived from the models: the config it was derived with, the entities
 * (how each model's items are keyed), the table, and the access patterns.
 */
import type { AttributeValue } from '../../dynamodb/attribute-value.ts'
import type { Condition, KeyCondition } from '../../dynamodb/expressions/index.ts'
import type { AttributeDefinition, RelationDefinition, ModelTraits, IndexDefinition, IdType } from '../models/types.ts'

export type StreamViewType = 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY'

export interface SingleTableConfig {
  tableName?: string
  partitionKey?: string
  sortKey?: string
  delimiter?: string
  entityTypeAttribute?: string
  /** Most global secondary indexes the design may use (DynamoDB allows 20 per table). */
  gsiCount?: number
  /** Most local secondary indexes (DynamoDB allows 5). */
  lsiCount?: number
  /** How an entity name becomes a key prefix: `upper` (PAGEVIEW), `snake` (PAGE_VIEW), `pascal` (PageView). */
  keyPrefix?: 'upper' | 'snake' | 'pascal'
  billing?: 'PAY_PER_REQUEST' | { readCapacityUnits: number; writeCapacityUnits: number }
  /** The table's TTL attribute; default `expiresAt`. */
  ttlAttribute?: string
  /** `true` means NEW_AND_OLD_IMAGES. */
  stream?: boolean | StreamViewType
  /** Write shards of each "list all" partition, unless a model says otherwise. */
  listShards?: number
}

export type ResolvedSingleTableConfig = Required<Omit<SingleTableConfig, 'ttlAttribute' | 'stream'>> & {
  ttlAttribute: string
  stream: false | StreamViewType
}

// ---------------------------------------------------------------- derived entities

/** A key template: literal text with `{attribute}` placeholders, e.g. `POST#{postId}`. */
export interface KeyPattern {
  /** Item attribute the key is stored in (`pk`, `GSI1SK`). */
  attribute: string
  template: string
  /** Attributes the template reads, in order. `shard` is computed from the id. */
  inputs: string[]
}

export type IndexPurpose = 'listAll' | 'relation' | 'index' | 'inverted'

/** One secondary-index key pair an entity's items carry. */
export interface EntityIndexKey {
  index: string
  type: 'GSI' | 'LSI'
  purpose: IndexPurpose
  /** Absent for LSIs: they share the base partition key. */
  pk?: KeyPattern
  sk: KeyPattern
  /** Relation (`belongsTo[0]` → Team) or declared index name this key serves. */
  serves: string
}

export interface UniqueConstraint {
  name: string
  attributes: string[]
  /** Sentinel item key, e.g. `UNIQUE#User#email#{email}`. */
  template: string
}

export interface EntityDefinition {
  name: string
  /** `edge` entities are the adjacency-list items of a belongsToMany pair. */
  kind: 'model' | 'edge'
  prefix: string
  table: string
  idAttribute: string
  idType: IdType | 'none'
  /** Every attribute an item of this entity may have, keys excluded. */
  attributes: AttributeDefinition[]
  relations: RelationDefinition[]
  traits: ModelTraits
  indexes: IndexDefinition[]
  /** The model whose item collection holds this entity's items. */
  parent?: { model: string; foreignKey: string }
  keys: { pk: KeyPattern; sk: KeyPattern }
  indexKeys: EntityIndexKey[]
  uniques: UniqueConstraint[]
  /** Write shards of the "list all" index partition. */
  shards: number
  /** Item attribute holding the entity name (`_et`). */
  typeAttribute: string
  /** Item attribute holding the TTL (epoch seconds), for models with useTtl. */
  ttlAttribute?: string
  /** For edges: the two models, owner first. */
  edge?: { owner: string; other: string; ownerKey: string; otherKey: string }
  source?: string
}

// ---------------------------------------------------------------- table

export interface KeySchemaElement {
  AttributeName: string
  KeyType: 'HASH' | 'RANGE'
}

export interface Projection {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'
  NonKeyAttributes?: string[]
}

export interface ProvisionedThroughput {
  ReadCapacityUnits: number
  WriteCapacityUnits: number
}

/** The wire-format `CreateTable` input (API 2012-08-10). */
export interface CreateTableInput {
  TableName: string
  KeySchema: KeySchemaElement[]
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[]
  BillingMode: 'PAY_PER_REQUEST' | 'PROVISIONED'
  ProvisionedThroughput?: ProvisionedThroughput
  GlobalSecondaryIndexes?: {
    IndexName: string
    KeySchema: KeySchemaElement[]
    Projection: Projection
    ProvisionedThroughput?: ProvisionedThroughput
  }[]
  LocalSecondaryIndexes?: { IndexName: string; KeySchema: KeySchemaElement[]; Projection: Projection }[]
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: StreamViewType }
}

export interface DerivedSchema {
  config: ResolvedSingleTableConfig
  entities: EntityDefinition[]
  table: CreateTableInput
  /** Apply with UpdateTimeToLive after the table exists. */
  ttl?: { attribute: string }
  /** Design decisions a reader should know about (sharding, sparse indexes, nesting). */
  notes: string[]
}

// ---------------------------------------------------------------- access patterns

export interface PatternParam {
  name: string
  /** How the value is written into a key: integers are zero-padded so they sort. */
  type: 'string' | 'integer' | 'shard'
  /** Model attribute it comes from, when it is one (`Post.userId`). */
  from?: string
}

/** A wire-format GetItem or Query request, as `buildRequest` returns it. */
export interface PatternRequest {
  TableName: string
  IndexName?: string
  Key?: Record<string, AttributeValue>
  KeyConditionExpression?: string
  FilterExpression?: string
  ExpressionAttributeNames?: Record<string, string>
  ExpressionAttributeValues?: Record<string, AttributeValue>
  ScanIndexForward?: boolean
  Limit?: number
}

export type AccessPatternKind =
  | 'getById'
  | 'getByUnique'
  | 'getParent'
  | 'getChild'
  | 'listChildren'
  | 'listRelated'
  | 'listByIndex'
  | 'listAll'

export interface PatternExpressions {
  keyCondition: KeyCondition
  /** Items the Query leaves out (soft-deleted children). */
  filter?: Condition
}

export interface AccessPattern {
  name: string
  kind: AccessPatternKind
  /**
   * What the pattern goes through: the foreign key (getParent, getChild, listChildren), the edge
   * entity (listRelated), the declared index (listByIndex) or the unique attributes joined by `+`.
   */
  via?: string
  /** Entity the pattern belongs to (the "of" side). */
  entity: string
  description: string
  operation: 'GetItem' | 'Query'
  /** Entity of the items returned. */
  returns: string
  table: string
  index?: string
  /** The key condition for people, e.g. `GSI2PK = USER#{userId} AND begins_with(GSI2SK, "POST#")`. */
  keyCondition: string
  /**
   * What `buildRequest` compiles: the key condition (a GetItem's is equality on both keys, its
   * Key) with `template()`s of `param()`s as key values, and the filter. Spread it into
   * `compileRequest` with more conditions (an ORM where, scopes) to share one placeholder space.
   */
  expressions: PatternExpressions
  /** `false`: newest first. */
  scanIndexForward?: false
  limit?: number
  params: PatternParam[]
  /** The compiled request with each param's value written as `{param}`, for the docs. */
  request: PatternRequest
  /** The request built with example values. */
  example: PatternRequest
  /** Number of shards to query and merge ("list all"); absent when one request suffices. */
  shards?: number
  notes: string[]
}
