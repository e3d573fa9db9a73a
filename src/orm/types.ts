/**
 * Types inferred from model definitions written as literals (`defineModel({...})` keeps them):
 * attribute types from `cast` or the validation rule's type, required and fillable attributes,
 * foreign keys from `belongsTo`, the id, timestamps and soft-delete markers from the traits.
 * Models loaded from a folder at run time are untyped (`Record<string, unknown>`); `dbtooling
 * models:types` writes these same types into a `.d.ts` for them.
 */
import type { TypedRule } from '../single-table/models/stacks-shims.ts'
import type { ModelEvent } from './events.ts'
import type { Model, ModelMeta } from './model.ts'
import type { Operator, QueryBuilder } from './query/builder.ts'
import type { ModelKey } from './statics.ts'

/** The part of a model definition the types read. */
export interface ModelInput {
  readonly name?: string
  readonly primaryKey?: string
  readonly autoIncrement?: boolean
  readonly traits?: { readonly useUuid?: boolean; readonly useTimestamps?: boolean; readonly timestampable?: boolean; readonly useSoftDeletes?: boolean; readonly softDeletable?: boolean; readonly useVersioning?: boolean }
  readonly belongsTo?: readonly (string | { readonly model: string; readonly foreignKey?: string })[]
  readonly attributes?: Readonly<Record<string, AttributeInput>>
}

export interface AttributeInput {
  readonly required?: boolean
  readonly fillable?: boolean
  readonly hidden?: boolean
  readonly nullable?: boolean
  readonly unique?: boolean
  readonly default?: unknown
  readonly cast?: string
  readonly validation?: { readonly rule?: unknown }
}

type CastType<C> = C extends 'integer' | 'float' | 'number' | 'decimal' ? number
  : C extends 'boolean' ? boolean
  : C extends 'datetime' | 'date' | 'timestamp' ? Date
  : C extends 'json' ? unknown
  : C extends 'array' ? unknown[]
  : string

/** One attribute's application type: the cast wins, then the rule's type, else string. */
export type AttributeType<A> = A extends { readonly cast: infer C extends string }
  ? CastType<C>
  : A extends { readonly validation: { readonly rule: TypedRule<infer T> } }
    ? T
    : string

type Declared<D extends ModelInput> = D['attributes'] extends Readonly<Record<string, AttributeInput>> ? D['attributes'] : {}

type ForeignKeys<D extends ModelInput> = D['belongsTo'] extends readonly (infer R)[]
  ? { [K in R extends string ? `${Uncapitalize<R>}Id` : R extends { readonly foreignKey: infer F extends string } ? F : R extends { readonly model: infer M extends string } ? `${Uncapitalize<M>}Id` : never]: string | number }
  : {}

type Flag<D extends ModelInput, A extends string, B extends string> = NonNullable<D['traits']> extends infer T ? (T extends { readonly [k in A]: true } ? true : T extends { readonly [k in B]: true } ? true : false) : false

type IdKey<D extends ModelInput> = D['primaryKey'] extends string ? D['primaryKey'] : 'id'
type IdType<D extends ModelInput> = D['autoIncrement'] extends true ? number : string

type Managed<D extends ModelInput> =
  & { [K in IdKey<D>]: IdType<D> }
  & (Flag<D, 'useTimestamps', 'timestampable'> extends true ? { createdAt: Date; updatedAt: Date } : {})
  & (Flag<D, 'useSoftDeletes', 'softDeletable'> extends true ? { deletedAt: Date | null } : {})
  & (Flag<D, 'useVersioning', 'useVersioning'> extends true ? { version: number } : {})

type Nullable<A> = A extends { readonly nullable: true } ? null : never

/** Every attribute of a model instance, with its type. */
export type Attributes<D extends ModelInput> = Managed<D> & ForeignKeys<D> & {
  [K in keyof Declared<D>]: AttributeType<Declared<D>[K]> | Nullable<Declared<D>[K]>
}

type Hidden<D extends ModelInput> = { [K in keyof Declared<D>]: Declared<D>[K] extends { readonly hidden: true } ? K : never }[keyof Declared<D>]

/** What `toJSON()` returns: the attributes without hidden ones. */
export type Serialized<D extends ModelInput> = Omit<Attributes<D>, Hidden<D>>

type FillableKeys<D extends ModelInput> = { [K in keyof Declared<D>]: Declared<D>[K] extends { readonly fillable: false } ? never : K }[keyof Declared<D>]
type RequiredKeys<D extends ModelInput> = { [K in keyof Declared<D>]: Declared<D>[K] extends { readonly required: true } ? (Declared<D>[K] extends { readonly default: unknown } ? never : K) : never }[keyof Declared<D>]

/** What `create`/`fill` accept: fillable attributes and foreign keys; required ones must be there. */
export type CreateInput<D extends ModelInput> =
  & { [K in Extract<RequiredKeys<D>, FillableKeys<D>>]: Attributes<D>[K] }
  & { [K in Exclude<FillableKeys<D>, RequiredKeys<D>>]?: Attributes<D>[K] }
  & { [K in keyof ForeignKeys<D>]?: ForeignKeys<D>[K] }
  & (D['autoIncrement'] extends true ? { [K in IdKey<D>]: number } : {})

/** What `update`/`fill` accept on an instance. */
export type UpdateInput<D extends ModelInput> = Partial<CreateInput<D>>

/** A model instance of definition `D`: the Model API plus one typed property per attribute. */
export type Instance<D extends ModelInput> = Model<Attributes<D>, Serialized<D>, UpdateInput<D>> & Attributes<D>

type Builder<D extends ModelInput> = QueryBuilder<Instance<D>, Attributes<D>>

/** The model class of definition `D`, as `db.models.User` is typed. */
export interface TypedModelClass<D extends ModelInput> {
  new (attributes?: UpdateInput<D>): Instance<D>
  readonly meta: ModelMeta
  query(): Builder<D>
  where<K extends keyof Attributes<D> & string>(attribute: K, value: Attributes<D>[K] | null): Builder<D>
  where<K extends keyof Attributes<D> & string>(attribute: K, op: Operator, value: Attributes<D>[K]): Builder<D>
  where(attributes: Partial<Attributes<D>> | ((q: Builder<D>) => Builder<D>)): Builder<D>
  withTrashed(): Builder<D>
  onlyTrashed(): Builder<D>
  find(key: ModelKey): Promise<Instance<D> | null>
  findOrFail(key: ModelKey): Promise<Instance<D>>
  findMany(ids: readonly (string | number)[], parent?: Partial<Attributes<D>>): Promise<Instance<D>[]>
  create(attributes: CreateInput<D>): Promise<Instance<D>>
  all(): Promise<Instance<D>[]>
  firstOrCreate(match: Partial<Attributes<D>>, values?: UpdateInput<D>): Promise<Instance<D>>
  updateOrCreate(match: Partial<Attributes<D>>, values?: UpdateInput<D>): Promise<Instance<D>>
  destroy(...keys: (ModelKey | ModelKey[])[]): Promise<number>
  on(event: ModelEvent, listener: (model: Instance<D>) => unknown): () => void
  addGlobalScope(name: string, scope: (query: Builder<D>) => Builder<D>): void
  scope(name: string, scope: (query: Builder<D>, ...args: unknown[]) => Builder<D>): void
}

/** `db.models` for literal definitions: `{ User: TypedModelClass<typeof User>, ... }`. */
export type TypedModels<M extends Readonly<Record<string, ModelInput>>> = { readonly [K in keyof M]: TypedModelClass<M[K]> }
