/**
 * What a Stacks model file says, normalized: attributes, relations, traits, indexes and the
 * model's own `dynamodb` options. Plain data except an attribute's `factory`.
 */
export type CastType =
  | 'string'
  | 'integer'
  | 'float'
  | 'number'
  | 'decimal'
  | 'boolean'
  | 'datetime'
  | 'date'
  | 'timestamp'
  | 'json'
  | 'array'

/** One rule recorded by the `schema` builder: `schema.string().max(5)` records `max` with `[5]`. */
export interface RecordedRule {
  name: string
  args: unknown[]
}

/**
 * A validation rule as data. `type` is the base the builder started from; `external` means the
 * rule came from the real `@stacksjs/validation` and dbtooling can not read it (it is not enforced).
 */
export interface ValidationSpec {
  type: 'string' | 'number' | 'boolean' | 'enum' | 'date' | 'array' | 'object' | 'any' | 'external'
  rules: RecordedRule[]
  /** Allowed values of an `enum` rule. */
  values?: readonly (string | number)[]
  message?: string
}

export interface AttributeDefinition {
  name: string
  required: boolean
  unique: boolean
  fillable: boolean
  hidden: boolean
  nullable: boolean
  /** Present when the model gives a default (`undefined` itself is not a default). */
  default?: unknown
  hasDefault: boolean
  cast?: CastType
  validation?: ValidationSpec
  /** Seeder factory, called with a faker instance. */
  factory?(faker: unknown): unknown
  /** Accessor: the value code reads (`user.name`), from the stored one. Not applied to keys. */
  get?(value: unknown): unknown
  /** Mutator: the value stored, from the one code assigns. */
  set?(value: unknown): unknown
  order?: number
  /** Where the attribute comes from: the model's `attributes`, or dbtooling adding it for a key or trait. */
  origin: 'declared' | 'primaryKey' | 'foreignKey' | 'trait'
}

export type RelationKind = 'hasOne' | 'hasMany' | 'belongsTo' | 'belongsToMany'

export interface RelationDefinition {
  kind: RelationKind
  /** Related model name. */
  model: string
  /**
   * The attribute holding the related id: on this model for `belongsTo` (`userId`), on the
   * related model for `hasOne`/`hasMany`, on the edge item for `belongsToMany`.
   */
  foreignKey: string
  onDelete?: string
  /** Field path in the model file: `belongsTo[0]`. */
  field: string
}

export interface TtlTrait {
  /** Item attribute holding the expiry (epoch seconds). */
  attribute?: string
  /** Default lifetime filled in on write when the item has no expiry yet. */
  seconds?: number
}

export interface ModelTraits {
  useUuid: boolean
  useTimestamps: boolean
  useSoftDeletes: boolean
  useVersioning: boolean
  useTtl?: TtlTrait
  useSearch?: Record<string, unknown>
  useSeeder?: { count?: number } & Record<string, unknown>
  useApi?: unknown
  observe?: unknown
  /** Traits dbtooling has no single-table meaning for, kept as written (listed in the notes). */
  other: Record<string, unknown>
}

export interface IndexDefinition {
  name: string
  columns: string[]
  unique: boolean
}

/**
 * Per-model single-table options, written in the model as `dynamodb: { ... }`.
 * Templates use `{attribute}` placeholders: `pk: 'ORG#{teamId}', sk: 'USER#{id}'`.
 */
export interface DynamoModelOptions {
  /** Partition key template (replaces the derived one). */
  pk?: string
  /** Sort key template (replaces the derived one). */
  sk?: string
  /** Model whose item collection this model lives in; `false` keeps it in its own partition. */
  parent?: string | false
  /** Write shards of the "list all" index partition. */
  shards?: number
  /** Key prefix instead of the one derived from the name. */
  prefix?: string
  /** Generated id kind when `useUuid` is off and the model is not auto-increment. */
  idType?: 'uuid' | 'ulid'
}

export type IdType = 'uuid' | 'ulid' | 'integer'

export interface ModelDefinition {
  name: string
  table: string
  primaryKey: string
  autoIncrement: boolean
  idType: IdType
  /** Declared attributes, in `order` then declaration order. */
  attributes: AttributeDefinition[]
  relations: RelationDefinition[]
  traits: ModelTraits
  indexes: IndexDefinition[]
  dynamodb: DynamoModelOptions
  /** Model file it was loaded from (relative to the working directory when possible). */
  source?: string
}
