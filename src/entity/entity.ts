/** `dynamo.entity('User')`: queries, and the item writes of one entity (put, update, delete). */
import { attr, attributeNotExists, eq, or } from '../dynamodb/expressions/condition.ts'
import { ConditionFailedError, type Item } from '../dynamodb/document.ts'
import { fromItem } from '../single-table/items/from-item.ts'
import { toItem } from '../single-table/items/to-item.ts'
import { uniqueItems } from '../single-table/items/unique-items.ts'
import { createTransaction } from '../single-table/items/writes.ts'
import type { EntityContext } from './context.ts'
import { entityKey, type EntityKey } from './keys.ts'
import { EntityQuery, type SortKeyConditions } from './query.ts'
import { EntityUpdate } from './update.ts'

export class EntityHandle {
  readonly #ctx: EntityContext

  constructor(ctx: EntityContext) {
    this.#ctx = ctx
  }

  get name(): string {
    return this.#ctx.entity.name
  }

  /** A query builder with no conditions yet (`.pk()` is required before a terminal). */
  query(): EntityQuery {
    return new EntityQuery(this.#ctx)
  }

  pk(value: unknown): EntityQuery {
    return this.query().pk(value)
  }

  index(name: string): EntityQuery {
    return this.query().index(name)
  }

  get sk(): SortKeyConditions {
    return this.query().sk
  }

  /**
   * Writes the item `toItem` builds (every key, `_et`, defaults); returns the item as stored.
   * An entity with unique attributes is created with its sentinels in one transaction, so the put
   * refuses to overwrite (a replaced item would orphan its sentinels): change it with `update`.
   */
  async put(data: Record<string, unknown>): Promise<Item> {
    const { doc, table, entity } = this.#ctx
    const item = toItem(entity, data)
    if (entity.uniques.length === 0) await doc.put({ table, item })
    else await doc.client.transactWriteItems(createTransaction(entity, item, { tableName: table }))
    return item
  }

  /** The item (through `fromItem`), or undefined when absent or of another entity. */
  async find(key: EntityKey): Promise<Item | undefined> {
    const { doc, table, entity } = this.#ctx
    const item = await doc.get({ table, key: entityKey(entity, key).key() })
    return item && item[entity.typeAttribute] === entity.name ? fromItem(entity, item) : undefined
  }

  update(key: EntityKey): EntityUpdate {
    return new EntityUpdate(this.#ctx, key)
  }

  /**
   * Deletes the item (nothing to delete is no error, as in DynamoDB); refuses (ConditionFailedError)
   * when the key holds another entity's item. Unique sentinels go in the same transaction.
   */
  async delete(key: EntityKey): Promise<void> {
    const { doc, table, entity } = this.#ctx
    const address = entityKey(entity, key).key()
    const ours = eq(attr(entity.typeAttribute), entity.name)
    if (entity.uniques.length === 0) {
      await doc.delete({ table, key: address, condition: or(attributeNotExists(entity.keys.pk.attribute), ours) })
      return
    }
    const current = await doc.get({ table, key: address, consistentRead: true })
    if (!current) return
    if (current[entity.typeAttribute] !== entity.name) {
      throw new ConditionFailedError(`${entity.name} delete: the item at ${JSON.stringify(address)} is a ${String(current[entity.typeAttribute])}`, current, {})
    }
    const pk = entity.keys.pk.attribute
    const sk = entity.keys.sk.attribute
    await doc.transactWrite([
      { delete: { table, key: address, condition: ours } },
      ...uniqueItems(entity, current).map((s) => ({ delete: { table, key: { [pk]: s[pk], [sk]: s[sk] } } })),
    ])
  }
}
