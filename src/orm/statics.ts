/**
 * The static side of a model class (`User.find`, `User.create`, `User.query()`), Eloquent's names.
 * Every generated model class extends `BaseModel`; each keeps its own events and scopes.
 */
import { SingleTableError } from '../single-table/errors.ts'
import { baseKey } from '../single-table/items/item-keys.ts'
import type { Item } from '../single-table/items/types.ts'
import { ModelNotFoundError, OrmError } from './errors.ts'
import type { Listener, ModelEvent } from './events.ts'
import { Model, type AnyModel, type ModelMeta } from './model.ts'
import { QueryBuilder, type ModelHost, type Operator } from './query/builder.ts'
import { matches } from './query/residual.ts'
import { storedForm } from './attributes.ts'

type Scope<M extends AnyModel> = (query: QueryBuilder<M>) => QueryBuilder<M>
type LocalScope<M extends AnyModel> = (query: QueryBuilder<M>, ...args: unknown[]) => QueryBuilder<M>

/** A key for `find`: the id, or `{ <parent foreign key>, id }` for a model stored under its parent. */
export type ModelKey = string | number | Record<string, unknown>

/** The constructor side every model class has. */
export interface ModelStatics<M extends AnyModel> {
  new (attributes?: Record<string, unknown>): M
  readonly meta: ModelMeta
  readonly globalScopes: Map<string, Scope<AnyModel>>
  readonly localScopes: Map<string, LocalScope<AnyModel>>
}

function hostOf<M extends AnyModel>(cls: ModelStatics<M>): ModelHost<M> {
  return {
    meta: cls.meta,
    hydrate: (item: Item) => {
      const model = new cls()
      model._load(item)
      return model
    },
    globalScopes: cls.globalScopes as unknown as ReadonlyMap<string, Scope<M>>,
    localScopes: cls.localScopes as unknown as ReadonlyMap<string, LocalScope<M>>,
  }
}

function queryOf<M extends AnyModel>(cls: ModelStatics<M>): QueryBuilder<M> {
  return new QueryBuilder(hostOf(cls))
}

/** The item key of `key` (the id, or the id with the parent's foreign key), or an error naming what is missing. */
function itemKey(cls: ModelStatics<AnyModel>, key: ModelKey): { inputs: Record<string, unknown>; key: Record<string, string> } {
  const entity = cls.meta.entity
  const inputs = typeof key === 'object' ? key : { [entity.idAttribute]: key }
  const stored: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(inputs)) stored[name] = storedForm(entity, name, value)
  try {
    return { inputs, key: baseKey(entity, stored) }
  } catch (error) {
    if (error instanceof SingleTableError && error.code === 'MISSING_KEY_INPUT') {
      const needs = [...new Set([...entity.keys.pk.inputs, ...entity.keys.sk.inputs])]
      throw new OrmError('MissingKeyInput', `${entity.name}.find needs ${needs.join(' and ')}: ${entity.name} is stored in its ${entity.parent?.model ?? 'parent'}'s item collection; call find({ ${needs.join(', ')} })`, { model: entity.name, attribute: error.field, cause: error })
    }
    throw error
  }
}

async function createOf<M extends AnyModel>(cls: ModelStatics<M>, attributes: Record<string, unknown>): Promise<M> {
  const model = new cls(attributes)
  await model.save()
  return model
}

export class BaseModel extends Model {
  static globalScopes: Map<string, Scope<AnyModel>>
  static localScopes: Map<string, LocalScope<AnyModel>>


  static query<M extends AnyModel>(this: ModelStatics<M>): QueryBuilder<M> {
    return queryOf(this)
  }

  static where<M extends AnyModel>(this: ModelStatics<M>, attribute: string | Record<string, unknown> | ((q: QueryBuilder<M>) => QueryBuilder<M>), op?: unknown, value?: unknown): QueryBuilder<M> {
    const q = queryOf(this)
    if (typeof attribute !== 'string') return q.where(attribute)
    return arguments.length <= 2 ? q.where(attribute, op) : q.where(attribute, op as Operator, value)
  }

  static withTrashed<M extends AnyModel>(this: ModelStatics<M>): QueryBuilder<M> {
    return queryOf(this).withTrashed()
  }

  static onlyTrashed<M extends AnyModel>(this: ModelStatics<M>): QueryBuilder<M> {
    return queryOf(this).onlyTrashed()
  }

  /** The model with this key, or null (soft-deleted ones count as absent). One GetItem. */
  static async find<M extends AnyModel>(this: ModelStatics<M>, key: ModelKey): Promise<M | null> {
    const { inputs, key: address } = itemKey(this, key)
    // global scopes are where clauses: the query builder applies them; without any, straight to GetItem
    if (this.globalScopes.size > 0) return queryOf(this).where(inputs).first()
    const { entity, runtime } = this.meta
    const item = await runtime.doc.get({ table: runtime.table, key: address })
    if (item === undefined || !matches(entity, undefined, item)) return null
    const model = new this()
    model._load(item)
    return model
  }

  static async findOrFail<M extends AnyModel>(this: ModelStatics<M>, key: ModelKey): Promise<M> {
    const found = await BaseModel.find.call<ModelStatics<M>, [ModelKey], Promise<M | null>>(this, key)
    if (!found) throw new ModelNotFoundError(this.meta.entity.name, key)
    return found
  }

  /** The models with these ids, in the order asked (missing ones left out). One BatchGetItem per 100. */
  static async findMany<M extends AnyModel>(this: ModelStatics<M>, ids: readonly (string | number)[], parent: Record<string, unknown> = {}): Promise<M[]> {
    if (ids.length === 0) return []
    const entity = this.meta.entity
    const found = await queryOf(this).where(parent).whereIn(entity.idAttribute, ids).get()
    const byId = new Map(found.map((m) => [String(m._get(entity.idAttribute)), m]))
    return ids.map((id) => byId.get(String(id))).filter((m): m is M => m !== undefined)
  }

  /** Creates and saves one model (mass assignment, validation, unique sentinels, one transaction). */
  static async create<M extends AnyModel>(this: ModelStatics<M>, attributes: Record<string, unknown>): Promise<M> {
    return createOf(this, attributes)
  }

  /** Every model (the design's "list all" pattern: its write shards read and merged). */
  static async all<M extends AnyModel>(this: ModelStatics<M>): Promise<M[]> {
    return queryOf(this).get()
  }

  static async firstOrCreate<M extends AnyModel>(this: ModelStatics<M>, match: Record<string, unknown>, values: Record<string, unknown> = {}): Promise<M> {
    const found = await queryOf(this).where(match).first()
    return found ?? createOf(this, { ...match, ...values })
  }

  static async updateOrCreate<M extends AnyModel>(this: ModelStatics<M>, match: Record<string, unknown>, values: Record<string, unknown> = {}): Promise<M> {
    const found = await queryOf(this).where(match).first()
    if (!found) return createOf(this, { ...match, ...values })
    await found.update(values)
    return found
  }

  /** Deletes the models with these keys (soft delete when the model uses it); returns how many were found. */
  static async destroy<M extends AnyModel>(this: ModelStatics<M>, ...keys: (ModelKey | ModelKey[])[]): Promise<number> {
    let n = 0
    for (const key of keys.flat()) {
      const found = await BaseModel.find.call<ModelStatics<M>, [ModelKey], Promise<M | null>>(this, key)
      if (found && (await found.delete())) n++
    }
    return n
  }

  static on<M extends AnyModel>(this: ModelStatics<M>, event: ModelEvent, listener: Listener<M>): () => void {
    return this.meta.events.on(event, listener as unknown as Listener<AnyModel>)
  }

  static addGlobalScope<M extends AnyModel>(this: ModelStatics<M>, name: string, scope: Scope<M>): void {
    this.globalScopes.set(name, scope as unknown as Scope<AnyModel>)
  }

  /** A local scope: `User.scope('active', q => q.where('status', 'active'))`, then `User.query().scope('active')`. */
  static scope<M extends AnyModel>(this: ModelStatics<M>, name: string, scope: LocalScope<M>): void {
    this.localScopes.set(name, scope as unknown as LocalScope<AnyModel>)
  }
}
