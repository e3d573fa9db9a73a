/**
 * `dynamo.entity('Post').update(key).set({...}).add(...).remove(...).execute()`: an immutable
 * UpdateItem builder that keeps every derived key right. The changed attributes go through
 * `updateKeysWithRead` (the stored item is read once when an index key needs an input the update
 * does not carry), and the item must exist and be of this entity.
 */
import { and, attr, attributeExists, attributeNotExists, eq } from '../dynamodb/expressions/condition.ts'
import { compileRequest } from '../dynamodb/expressions/compile.ts'
import { update as updateExpression, type UpdateBuilder } from '../dynamodb/expressions/update.ts'
import type { Condition } from '../dynamodb/expressions/tree.ts'
import { ConditionFailedError, type Item } from '../dynamodb/document.ts'
import { SHARD_INPUT } from '../single-table/design/keys.ts'
import type { EntityDefinition } from '../single-table/design/types.ts'
import { updateKeys, updateKeysWithRead } from '../single-table/items/key-updates.ts'
import { fromItem } from '../single-table/items/from-item.ts'
import { uniqueChanges } from '../single-table/items/unique-items.ts'
import type { KeyUpdate } from '../single-table/items/types.ts'
import type { EntityContext } from './context.ts'
import { EntityError } from './errors.ts'
import { entityKey, type EntityKey } from './keys.ts'

type Action =
  | { readonly op: 'set'; readonly values: Readonly<Record<string, unknown>> }
  | { readonly op: 'add' | 'delete'; readonly name: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly names: readonly string[] }

/** Attributes any key or index key is built from: ADD/DELETE on them would leave a key stale. */
function keyInputs(entity: EntityDefinition): Set<string> {
  const patterns = [entity.keys.pk, entity.keys.sk, ...entity.indexKeys.flatMap((k) => (k.pk ? [k.pk, k.sk] : [k.sk]))]
  return new Set(patterns.flatMap((p) => p.inputs).map((i) => (i === SHARD_INPUT ? entity.idAttribute : i)))
}

export class EntityUpdate {
  readonly #ctx: EntityContext
  readonly #key: EntityKey
  readonly #actions: readonly Action[]

  constructor(ctx: EntityContext, key: EntityKey, actions: readonly Action[] = []) {
    this.#ctx = ctx
    this.#key = Object.freeze({ ...key })
    this.#actions = Object.freeze([...actions])
  }

  #with(action: Action): EntityUpdate {
    return new EntityUpdate(this.#ctx, this.#key, [...this.#actions, Object.freeze(action)])
  }

  /** `set({ title: 'New' })` or `set('title', 'New')`. */
  set(values: Readonly<Record<string, unknown>>): EntityUpdate
  set(name: string, value: unknown): EntityUpdate
  set(first: string | Readonly<Record<string, unknown>>, value?: unknown): EntityUpdate {
    return this.#with({ op: 'set', values: Object.freeze(typeof first === 'string' ? { [first]: value } : { ...first }) })
  }

  /** ADD a number (counter) or set elements. */
  add(name: string, value: unknown): EntityUpdate {
    return this.#with({ op: 'add', name, value })
  }

  remove(...names: string[]): EntityUpdate {
    return this.#with({ op: 'remove', names: Object.freeze([...names]) })
  }

  /** DELETE elements from a set. */
  delete(name: string, elements: unknown): EntityUpdate {
    return this.#with({ op: 'delete', name, value: elements })
  }

  /** Attribute → new value (undefined: removed), as `updateKeys` reads changes. */
  #changes(): Record<string, unknown> {
    const { entity } = this.#ctx
    const inputs = keyInputs(entity)
    const changes: Record<string, unknown> = {}
    for (const a of this.#actions) {
      if (a.op === 'set') Object.assign(changes, a.values)
      else if (a.op === 'remove') for (const n of a.names) changes[n] = undefined
      else if (inputs.has(a.name)) {
        throw new EntityError('KEY_INPUT_NOT_SETTABLE', `${entity.name}: ${a.op}(${a.name}) can not be used on a key input (a derived key would go stale); set(${a.name}, value) instead`, a.name)
      }
    }
    if (entity.traits.useTimestamps && !('updatedAt' in changes)) changes.updatedAt = new Date().toISOString()
    return changes
  }

  #expression(keys: KeyUpdate, changes: Record<string, unknown>): UpdateBuilder {
    let u = updateExpression()
    const set: Record<string, unknown> = { ...keys.set }
    const remove = [...keys.remove]
    for (const [name, value] of Object.entries(changes)) {
      if (name in keys.key) continue
      if (value === undefined) remove.push(name)
      else set[name] = value
    }
    if (Object.keys(set).length > 0) u = u.setAll(set)
    if (remove.length > 0) u = u.remove(...new Set(remove))
    for (const a of this.#actions) {
      if (a.op === 'add') u = u.add(a.name, a.value)
      if (a.op === 'delete') u = u.delete(a.name, a.value)
    }
    return u
  }

  /** The item exists, is of this entity, and (when `read` is given) still holds the values read. */
  #condition(read: Readonly<Record<string, unknown>> = {}): Condition {
    const { entity } = this.#ctx
    return and(attributeExists(entity.keys.pk.attribute), eq(attr(entity.typeAttribute), entity.name), ...Object.entries(read).map(([name, value]) => eq(attr(name), value)))
  }

  /** Unique attributes the update changes: their sentinels move with them. */
  #uniqueChanges(changes: Record<string, unknown>): string[] {
    return this.#ctx.entity.uniques.flatMap((u) => u.attributes).filter((name) => name in changes)
  }

  /** The wire UpdateItem request, when the changes alone rebuild every key they touch (no read). */
  toRequest(): Record<string, unknown> {
    const changes = this.#changes()
    const unique = this.#uniqueChanges(changes)[0]
    if (unique !== undefined) {
      throw new EntityError('UNIQUE_ATTRIBUTE', `${this.#ctx.entity.name}: ${unique} is unique, so the update is a transaction that moves its sentinel (after reading the item): there is no single request to show`, unique)
    }
    const keys = updateKeys(this.#ctx.entity, { ...this.#inputs(), ...changes })
    return { TableName: this.#ctx.table, Key: keys.key, ...compileRequest({ update: this.#expression(keys, changes), condition: this.#condition() }) }
  }

  #inputs(): Record<string, unknown> {
    return entityKey(this.#ctx.entity, this.#key).inputs
  }

  /** Sends the update; returns the updated item (through `fromItem`). */
  async execute(): Promise<Item> {
    const { doc, table, entity } = this.#ctx
    if (this.#actions.length === 0) throw new EntityError('INVALID_ARGUMENT', `${entity.name} update: nothing to change; call set/add/remove/delete first`)
    const changes = this.#changes()
    const address = entityKey(entity, this.#key)
    if (this.#uniqueChanges(changes).length > 0) return this.#executeWithSentinels(changes, address)
    const keys = await updateKeysWithRead(entity, { ...address.inputs, ...changes }, () => doc.get({ table, key: address.key(), consistentRead: true }))
    const out = await doc.update({ table, key: keys.key, update: this.#expression(keys, changes), condition: this.#condition(), returnValues: 'ALL_NEW' })
    return fromItem(entity, out.attributes ?? {})
  }

  /**
   * A unique value changes: read the item, then one transaction updates it (conditioned on the
   * values read), puts the new sentinels (conditioned on not existing) and deletes the old ones.
   */
  async #executeWithSentinels(changes: Record<string, unknown>, address: ReturnType<typeof entityKey>): Promise<Item> {
    const { doc, table, entity } = this.#ctx
    const current = await doc.get({ table, key: address.key(), consistentRead: true })
    if (!current || current[entity.typeAttribute] !== entity.name) {
      throw new ConditionFailedError(`${entity.name} update: no ${entity.name} item at ${JSON.stringify(address.key())}`, current, {})
    }
    const keys = updateKeys(entity, { ...address.inputs, ...changes }, current)
    const read = Object.fromEntries(this.#uniqueChanges(changes).filter((name) => current[name] !== undefined).map((name) => [name, current[name]]))
    const sentinels = uniqueChanges(entity, changes, current)
    const pk = entity.keys.pk.attribute
    await doc.transactWrite([
      { update: { table, key: keys.key, update: this.#expression(keys, changes), condition: this.#condition(read) } },
      ...sentinels.delete.map((key) => ({ delete: { table, key } })),
      ...sentinels.put.map((item) => ({ put: { table, item, condition: attributeNotExists(pk) } })),
    ])
    return fromItem(entity, (await doc.get({ table, key: keys.key, consistentRead: true })) ?? {})
  }
}
