/**
 * The model instance: its values, what changed since it was read, and the writes that keep every
 * derived key, sentinel and version right. One class per model is made by `createOrm` with an
 * accessor per attribute (`user.email`); the statics (`User.find`, `User.query()`) live in
 * statics.ts. Writes are planned by write-plan.ts and sent by execute.ts.
 */
import type { EntityDefinition } from '../single-table/design/types.ts'
import { fromItem } from '../single-table/items/from-item.ts'
import { toItem } from '../single-table/items/to-item.ts'
import type { Item } from '../single-table/items/types.ts'
import { SingleTableError } from '../single-table/errors.ts'
import { cond, update as updateExpression } from '../dynamodb/expressions/index.ts'
import { ConditionFailedError } from '../dynamodb/document.ts'
import { massAssign, sameValue, storedChanges, storedForm, ttlValue } from './attributes.ts'
import { ModelNotFoundError, OrmError, ValidationError } from './errors.ts'
import type { EventRegistry } from './events.ts'
import { inTransaction, runPlan } from './execute.ts'
import type { OrmRuntime } from './runtime.ts'
import { canAddAtomically, planCreate, planDelete, planUpdate, type WritePlan } from './write-plan.ts'

/** What a model class knows about itself; set on each generated class. */
export interface ModelMeta {
  readonly entity: EntityDefinition
  readonly runtime: OrmRuntime
  readonly events: EventRegistry<AnyModel>
}

/** Any model instance, whatever its attribute types. */
export type AnyModel = Model<object, object, object>

/**
 * `A` is the attributes' type, `J` what toJSON returns, `U` what fill/update accept: inferred from
 * literal model definitions (types.ts); plain records for models loaded at run time.
 */
export class Model<A extends object = Item, J extends object = Item, U extends object = Item> {
  /** Set on every generated subclass. */
  static meta: ModelMeta

  #attributes: Item = {}
  /** The stored item as last read or written (keys included): the base of dirty checks and key rebuilds. */
  #stored: Item = {}
  #changes: Item = {}
  /** Per-instance visibility overrides (makeVisible/makeHidden); most instances have none. */
  #visible: Set<string> | undefined
  #hidden: Set<string> | undefined
  /** True once the item is in the table (read, or created). */
  exists = false

  get #meta(): ModelMeta {
    return (this.constructor as typeof Model).meta
  }

  get #entity(): EntityDefinition {
    return this.#meta.entity
  }

  /** The model's name, e.g. `User`. */
  get modelName(): string {
    return this.#entity.name
  }

  /** A new, unsaved instance; `attributes` go through mass assignment as in `fill`. */
  constructor(attributes?: U) {
    if (attributes && Object.keys(attributes).length > 0) this.fill(attributes)
  }

  /** @internal */
  _load(item: Item): void {
    this.#stored = { ...item }
    this.#attributes = fromItem(this.#entity, item, { includeHidden: true })
    this.exists = true
  }

  // ---- attributes --------------------------------------------------------------------------------

  /** @internal Untyped read, for code that works on any model. */
  _get(name: string): unknown {
    return this.#attributes[name]
  }

  /** The attribute's value, through its accessor (`get`) when the model defines one. */
  getAttribute<K extends keyof A & string>(name: K): A[K] {
    const value = this.#attributes[name]
    const accessor = this.#entity.attributes.find((a) => a.name === name)?.get
    return (accessor ? accessor(value) : value) as A[K]
  }

  /** Assigns through the attribute's mutator (`set`) when the model defines one. */
  setAttribute<K extends keyof A & string>(name: K, value: A[K]): this {
    const mutator = this.#entity.attributes.find((a) => a.name === name)?.set
    this.#attributes[name] = mutator ? mutator(value) : value
    return this
  }

  /** Mass assignment: only fillable attributes; others throw MassAssignmentError (or are dropped, per the ORM option). */
  fill(attributes: U): this {
    const allowed = massAssign(this.#entity, attributes as Record<string, unknown>, this.#meta.runtime.options.massAssignment)
    for (const [name, value] of Object.entries(allowed)) {
      const mutator = this.#entity.attributes.find((a) => a.name === name)?.set
      this.#attributes[name] = mutator ? mutator(value) : value
    }
    return this
  }

  /** Attributes whose value differs from the stored one (compared in stored form). */
  getDirty(): Item {
    const dirty: Item = {}
    for (const [name, value] of Object.entries(this.#attributes)) {
      if (!this.exists || !sameValue(storedForm(this.#entity, name, value), this.#stored[name] ?? null)) dirty[name] = value
    }
    return dirty
  }

  isDirty(...names: string[]): boolean {
    const dirty = this.getDirty()
    return names.length === 0 ? Object.keys(dirty).length > 0 : names.some((n) => n in dirty)
  }

  isClean(...names: string[]): boolean {
    return !this.isDirty(...names)
  }

  /** Attributes the last save changed. */
  getChanges(): Item {
    return { ...this.#changes }
  }

  wasChanged(...names: string[]): boolean {
    return names.length === 0 ? Object.keys(this.#changes).length > 0 : names.some((n) => n in this.#changes)
  }

  /** The values as read (application form). */
  getOriginal(name?: keyof A & string): unknown {
    const original = this.exists ? fromItem(this.#entity, this.#stored, { includeHidden: true }) : {}
    return name === undefined ? original : original[name]
  }

  // ---- serialization -----------------------------------------------------------------------------

  /** The attributes, without hidden ones (unless made visible). */
  toJSON(): J {
    const out: Item = {}
    for (const attr of this.#entity.attributes) {
      if (!(attr.name in this.#attributes)) continue
      const hidden = (attr.hidden && !this.#visible?.has(attr.name)) || this.#hidden?.has(attr.name) === true
      if (!hidden) out[attr.name] = attr.get ? attr.get(this.#attributes[attr.name]) : this.#attributes[attr.name]
    }
    for (const [name, value] of Object.entries(this.#attributes)) if (!(name in out) && !this.#entity.attributes.some((a) => a.name === name) && !this.#hidden?.has(name)) out[name] = value
    return out as J
  }

  toArray(): J {
    return this.toJSON()
  }

  only<K extends keyof J & string>(...names: K[]): Pick<J, K> {
    const json = this.toJSON() as Record<string, unknown>
    return Object.fromEntries(names.filter((n) => n in json).map((n) => [n, json[n]])) as Pick<J, K>
  }

  except<K extends keyof J & string>(...names: K[]): Omit<J, K> {
    const json = this.toJSON() as Record<string, unknown>
    for (const n of names) delete json[n]
    return json as Omit<J, K>
  }

  makeVisible(...names: (keyof A & string)[]): this {
    for (const n of names) {
      ;(this.#visible ??= new Set()).add(n)
      this.#hidden?.delete(n)
    }
    return this
  }

  makeHidden(...names: (keyof A & string)[]): this {
    for (const n of names) {
      ;(this.#hidden ??= new Set()).add(n)
      this.#visible?.delete(n)
    }
    return this
  }

  // ---- writes ------------------------------------------------------------------------------------

  /** Creates the item, or sends the dirty attributes in one UpdateItem (one transaction when sentinels move). False when a listener cancelled. */
  async save(): Promise<boolean> {
    return this.exists ? this.#update() : this.#insert()
  }

  /** fill + save. */
  async update(attributes: U): Promise<boolean> {
    this.fill(attributes)
    return this.save()
  }

  async #insert(): Promise<boolean> {
    const { events, runtime } = this.#meta
    const entity = this.#entity
    if (events.listens('saving', 'creating') && !(await events.fire(this, 'saving', 'creating'))) return false
    const data: Item = {}
    for (const [name, value] of Object.entries(this.#attributes)) data[name] = ttlValue(entity, name, value)
    let item: Item
    try {
      item = toItem(entity, data, { now: runtime.now() })
    } catch (error) {
      throw toValidationError(entity, error)
    }
    await runPlan(runtime.doc, planCreate(entity, runtime.table, item), { model: entity.name, key: item[entity.idAttribute] }, async () => {
      this._load(item)
      this.#changes = { ...this.#attributes }
      if (events.listens('created', 'saved')) await events.fire(this, 'created', 'saved')
    })
    return true
  }

  async #update(): Promise<boolean> {
    const { events, runtime } = this.#meta
    const entity = this.#entity
    let dirty = this.getDirty()
    if (Object.keys(dirty).length === 0) return true
    if (events.listens('saving', 'updating')) {
      if (!(await events.fire(this, 'saving', 'updating'))) return false
      dirty = this.getDirty() // the listeners may change attributes too
    }
    const changes = storedChanges(entity, dirty)
    if (entity.traits.useTimestamps) changes.updatedAt = runtime.now().toISOString()
    const version = entity.traits.useVersioning ? Number(this.#stored.version ?? 0) : undefined
    const plan = planUpdate(entity, runtime.table, { changes, current: this.#stored, version })
    await runPlan(runtime.doc, plan, { model: entity.name, key: plan.key, version }, async () => {
      this.#applyStored(changes, plan, version)
      this.#changes = { ...dirty, ...(changes.updatedAt ? { updatedAt: this.#attributes.updatedAt } : {}) }
      if (events.listens('updated', 'saved')) await events.fire(this, 'updated', 'saved')
    })
    return true
  }

  /** After a successful update: the stored image is what was written (derived keys included). */
  #applyStored(changes: Item, plan: WritePlan, version: number | undefined): void {
    const next: Item = { ...this.#stored }
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete next[name]
      else next[name] = value
    }
    Object.assign(next, plan.derived?.set)
    for (const name of plan.derived?.remove ?? []) delete next[name]
    if (version !== undefined) next.version = version + 1
    this._load(next)
  }

  /** Soft delete when the model uses soft deletes (sets deletedAt; the item leaves index-served lists), else forceDelete. */
  async delete(): Promise<boolean> {
    const entity = this.#entity
    if (!entity.traits.useSoftDeletes) return this.forceDelete()
    if (!this.exists) throw new OrmError('InvalidQuery', `${entity.name}: delete() on an instance not saved yet: save() it first, or just drop it`, { model: entity.name })
    const { events, runtime } = this.#meta
    if (!(await events.fire(this, 'deleting'))) return false
    const changes: Item = { deletedAt: runtime.now().toISOString() }
    const version = entity.traits.useVersioning ? Number(this.#stored.version ?? 0) : undefined
    const plan = planUpdate(entity, runtime.table, { changes, current: this.#stored, version, condition: cond.attributeNotExists('deletedAt') })
    await runPlan(runtime.doc, plan, { model: entity.name, key: plan.key, version }, async () => {
      this.#applyStored(changes, plan, version)
      await events.fire(this, 'deleted')
    })
    return true
  }

  /** Undoes a soft delete: removes deletedAt and puts the item back into its indexes. */
  async restore(): Promise<boolean> {
    const entity = this.#entity
    const { events, runtime } = this.#meta
    if (!entity.traits.useSoftDeletes) throw new OrmError('InvalidQuery', `${entity.name} does not use soft deletes (traits.useSoftDeletes)`, { model: entity.name })
    if (!this.trashed()) return true
    if (!(await events.fire(this, 'restoring'))) return false
    const changes: Item = { deletedAt: null }
    if (entity.traits.useTimestamps) changes.updatedAt = runtime.now().toISOString()
    const version = entity.traits.useVersioning ? Number(this.#stored.version ?? 0) : undefined
    const plan = planUpdate(entity, runtime.table, { changes, current: this.#stored, version })
    await runPlan(runtime.doc, plan, { model: entity.name, key: plan.key, version }, async () => {
      this.#applyStored(changes, plan, version)
      await events.fire(this, 'restored')
    })
    return true
  }

  /** Removes the item and the unique sentinels it owns, in one transaction. */
  async forceDelete(): Promise<boolean> {
    const entity = this.#entity
    const { events, runtime } = this.#meta
    if (!this.exists) throw new OrmError('InvalidQuery', `${entity.name}: forceDelete() on an instance not saved yet: save() it first, or just drop it`, { model: entity.name })
    if (!(await events.fire(this, 'forceDeleting', 'deleting'))) return false
    const version = entity.traits.useVersioning ? Number(this.#stored.version ?? 0) : undefined
    const plan = planDelete(entity, runtime.table, this.#stored, version)
    await runPlan(runtime.doc, plan, { model: entity.name, key: plan.key, version }, async () => {
      this.exists = false
      await events.fire(this, 'forceDeleted', 'deleted')
    })
    return true
  }

  trashed(): boolean {
    const deletedAt = this.#stored.deletedAt
    return deletedAt !== undefined && deletedAt !== null
  }

  /** Reads the item again (strongly consistent) and replaces every value. */
  async refresh(): Promise<this> {
    const entity = this.#entity
    const { runtime } = this.#meta
    const key = { [entity.keys.pk.attribute]: this.#stored[entity.keys.pk.attribute], [entity.keys.sk.attribute]: this.#stored[entity.keys.sk.attribute] }
    const item = await runtime.doc.get({ table: runtime.table, key, consistentRead: true })
    if (!item) throw new ModelNotFoundError(entity.name, key)
    this._load(item)
    return this
  }

  /** A new, unsaved copy without the id, timestamps, version and soft-delete marker. */
  replicate(except: string[] = []): this {
    const entity = this.#entity
    const copy = new (this.constructor as new () => this)()
    const skip = new Set([entity.idAttribute, 'createdAt', 'updatedAt', 'deletedAt', 'version', ...except])
    for (const [name, value] of Object.entries(this.#attributes)) if (!skip.has(name)) copy.#attributes[name] = structuredClone(value)
    return copy
  }

  /**
   * Adds `by` to a number attribute. Atomic (UpdateItem ADD, no read) when no key, sentinel or
   * version depends on the attribute and no transaction is open; otherwise through save(), where
   * versioning (if the model uses it) refuses a lost update.
   */
  async increment(name: keyof A & string, by = 1, extra: Record<string, unknown> = {}): Promise<boolean> {
    const entity = this.#entity
    const { runtime } = this.#meta
    if (!this.exists || Object.keys(extra).length > 0 || !canAddAtomically(entity, name) || entity.traits.useVersioning || inTransaction()) {
      this.#attributes[name] = Number(this.#attributes[name] ?? 0) + by
      for (const [k, v] of Object.entries(extra)) this.#attributes[k] = v
      return this.save()
    }
    storedChanges(entity, { [name]: by })
    const key = { [entity.keys.pk.attribute]: this.#stored[entity.keys.pk.attribute], [entity.keys.sk.attribute]: this.#stored[entity.keys.sk.attribute] }
    let builder = updateExpression().add(name, by)
    if (entity.traits.useTimestamps) builder = builder.set('updatedAt', runtime.now().toISOString())
    try {
      const out = await runtime.doc.update({ table: runtime.table, key, update: builder, condition: cond.attributeExists(entity.keys.pk.attribute), returnValues: 'ALL_NEW' })
      if (out.attributes) this._load(out.attributes)
    } catch (error) {
      if (error instanceof ConditionFailedError) throw new ModelNotFoundError(entity.name, key, error)
      throw error
    }
    this.#changes = { [name]: this.#attributes[name] }
    return true
  }

  async decrement(name: keyof A & string, by = 1, extra: Record<string, unknown> = {}): Promise<boolean> {
    return this.increment(name, -by, extra)
  }
}

/** The single-table layer's validation failure as the model layer's ValidationError. */
export function toValidationError(entity: EntityDefinition, error: unknown): unknown {
  if (!(error instanceof SingleTableError) || error.code !== 'VALIDATION_FAILED') return error
  const errors: Record<string, string[]> = {}
  for (const issue of error.issues) (errors[issue.field] ??= []).push(issue.message)
  return new ValidationError(entity.name, errors)
}
