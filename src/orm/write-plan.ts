/**
 * What a model write sends, as plain DocumentClient actions, decided before anything is sent:
 * the item, the keys every change touches, the unique sentinels that move with it, and the
 * conditions that make the write safe (the item exists, the version is the one read, a sentinel
 * is free). Pure: the model layer runs these plans one request or one transaction at a time.
 */
import { cond, update, type Condition } from '../dynamodb/expressions/index.ts'
import type { TransactWriteAction } from '../dynamodb/transact.ts'
import type { EntityDefinition } from '../single-table/design/types.ts'
import { baseKey } from '../single-table/items/item-keys.ts'
import { updateKeys } from '../single-table/items/key-updates.ts'
import { uniqueChanges, uniqueItems } from '../single-table/items/unique-items.ts'
import type { Item } from '../single-table/items/types.ts'

/** One action of a plan, labelled so a cancelled transaction can say which model write failed. */
export interface PlannedAction {
  readonly action: TransactWriteAction
  /** `User create`, `User unique email`, ... */
  readonly label: string
  /** For sentinel actions: the unique attributes and their value (for UniqueConstraintError). */
  readonly unique?: { readonly attributes: readonly string[]; readonly value: unknown }
}

export interface WritePlan {
  readonly key: Record<string, string>
  readonly actions: readonly PlannedAction[]
  /** What the item's stored image becomes besides the changes: derived keys set and removed. */
  readonly derived?: { readonly set: Readonly<Record<string, string>>; readonly remove: readonly string[] }
}

const notExists = (entity: EntityDefinition): Condition => cond.attributeNotExists(entity.keys.pk.attribute)
const exists = (entity: EntityDefinition): Condition => cond.attributeExists(entity.keys.pk.attribute)

/** Frees a sentinel only when this item owns it; one that is missing (older data) is no obstacle. */
const ownedBy = (entity: EntityDefinition, ownerPk: string | undefined): Condition => cond.or(notExists(entity), cond.eq('ownerPk', ownerPk))

/** A create: the item (which must not exist yet) and one sentinel per unique value. */
export function planCreate(entity: EntityDefinition, table: string, item: Item): WritePlan {
  const actions: PlannedAction[] = [{ action: { put: { table, item, condition: notExists(entity) } }, label: `${entity.name} create` }]
  for (const sentinel of uniqueItems(entity, item)) {
    const attributes = (sentinel.attributes as string[]) ?? []
    actions.push({
      action: { put: { table, item: sentinel, condition: notExists(entity) } },
      label: `${entity.name} unique ${attributes.join('+')}`,
      unique: { attributes, value: attributes.length === 1 ? item[attributes[0] as string] : attributes.map((a) => item[a]) },
    })
  }
  return { key: baseKey(entity, item), actions }
}

export interface UpdatePlanInput {
  /** Changed attributes, already cast to their stored form; `null` removes an attribute. */
  changes: Item
  /** The stored values the instance was read with (cast), for key inputs and unique moves. */
  current: Item
  /** Optimistic locking: the version read, when the model uses versioning. */
  version?: number
  /** Extra condition (e.g. a soft-delete guard) joined with AND. */
  condition?: Condition
}

/**
 * An update of an existing item: only the changed attributes, every derived key they feed
 * rebuilt, `version` checked and incremented, sentinels of changed unique values moved.
 */
export function planUpdate(entity: EntityDefinition, table: string, input: UpdatePlanInput): WritePlan {
  const current = keyRelevant(entity, input.current)
  const keys = updateKeys(entity, input.changes, current)
  let builder = update()
  const removed: string[] = []
  for (const [name, value] of Object.entries(input.changes)) {
    if (value === null || value === undefined) removed.push(name)
    else builder = builder.set(name, value)
  }
  for (const [name, value] of Object.entries(keys.set)) builder = builder.set(name, value)
  removed.push(...keys.remove)
  if (input.version !== undefined) builder = builder.set('version', input.version + 1)
  if (removed.length > 0) builder = builder.remove(...new Set(removed))

  const guards: Condition[] = [exists(entity)]
  if (input.version !== undefined) guards.push(cond.eq('version', input.version))
  if (input.condition) guards.push(input.condition)
  const condition = guards.length === 1 ? guards[0]! : cond.and(...guards)
  const actions: PlannedAction[] = [{ action: { update: { table, key: keys.key, update: builder, condition } }, label: `${entity.name} update` }]

  if (entity.uniques.some((u) => u.attributes.some((a) => a in input.changes))) {
    const moved = uniqueChanges(entity, input.changes, current)
    for (const key of moved.delete) {
      // only the sentinel this item owns: never free a value another item holds
      actions.push({ action: { delete: { table, key, condition: ownedBy(entity, keys.key[entity.keys.pk.attribute]) } }, label: `${entity.name} release unique` })
    }
    for (const sentinel of moved.put) {
      const attributes = (sentinel.attributes as string[]) ?? []
      actions.push({
        action: { put: { table, item: sentinel, condition: notExists(entity) } },
        label: `${entity.name} unique ${attributes.join('+')}`,
        unique: { attributes, value: attributes.length === 1 ? input.changes[attributes[0] as string] : attributes.map((a) => input.changes[a] ?? current[a]) },
      })
    }
  }
  return { key: keys.key, actions, derived: { set: keys.set, remove: keys.remove } }
}

const relevantNames = new WeakMap<EntityDefinition, readonly string[]>()

/** The stored values key rebuilding and sentinel moves read: key inputs, unique attributes, the soft-delete marker. */
function keyRelevant(entity: EntityDefinition, stored: Item): Item {
  let names = relevantNames.get(entity)
  if (names === undefined) {
    const patterns = [entity.keys.pk, entity.keys.sk, ...entity.indexKeys.flatMap((k) => (k.pk ? [k.pk, k.sk] : [k.sk]))]
    names = [...new Set([entity.idAttribute, 'deletedAt', ...patterns.flatMap((p) => p.inputs), ...entity.uniques.flatMap((u) => u.attributes)])]
    relevantNames.set(entity, names)
  }
  const out: Item = {}
  for (const name of names) if (stored[name] !== undefined) out[name] = stored[name]
  return out
}

/** The attributes an atomic ADD may touch: none of them feeds a key or a unique sentinel. */
export function canAddAtomically(entity: EntityDefinition, name: string): boolean {
  const inputs = [entity.keys.pk, entity.keys.sk, ...entity.indexKeys.flatMap((k) => (k.pk ? [k.pk, k.sk] : [k.sk]))].flatMap((p) => p.inputs)
  return !inputs.includes(name) && !entity.uniques.some((u) => u.attributes.includes(name)) && name !== 'version'
}

/** A hard delete: the item and the sentinels it owns. */
export function planDelete(entity: EntityDefinition, table: string, current: Item, version?: number): WritePlan {
  const key = baseKey(entity, current)
  const condition = version === undefined ? exists(entity) : cond.and(exists(entity), cond.eq('version', version))
  const actions: PlannedAction[] = [{ action: { delete: { table, key, condition } }, label: `${entity.name} delete` }]
  for (const sentinel of uniqueItems(entity, { ...current, ...key })) {
    const sentinelKey = { [entity.keys.pk.attribute]: sentinel[entity.keys.pk.attribute] as string, [entity.keys.sk.attribute]: sentinel[entity.keys.sk.attribute] as string }
    actions.push({ action: { delete: { table, key: sentinelKey, condition: ownedBy(entity, key[entity.keys.pk.attribute]) } }, label: `${entity.name} release unique` })
  }
  return { key, actions }
}
