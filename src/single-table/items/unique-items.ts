/**
 * Uniqueness sentinels: one item per unique value, keyed by the value, put in the same
 * transaction as the item and conditioned on not existing, so two writers can not both win.
 */
import { renderTemplate } from '../design/keys.ts'
import type { EntityDefinition } from '../design/types.ts'
import { baseKey, integerInputs } from './item-keys.ts'
import type { Item } from './types.ts'

/** Uniqueness sentinels to put with the item (same transaction, `attribute_not_exists(pk)`). */
export function uniqueItems(entity: EntityDefinition, item: Item): Item[] {
  const pkName = entity.keys.pk.attribute
  const skName = entity.keys.sk.attribute
  const out: Item[] = []
  for (const u of entity.uniques) {
    const { key } = renderTemplate(u.template, item, integerInputs(entity))
    if (key === undefined) continue
    out.push({
      [pkName]: key,
      [skName]: key,
      [entity.typeAttribute]: 'UNIQUE',
      entity: entity.name,
      attributes: u.attributes,
      ownerPk: item[pkName],
      ownerSk: item[skName],
    })
  }
  return out
}

/**
 * Sentinels an update must move: for each unique constraint one of whose values changes, the old
 * sentinel's key to delete and the new sentinel to put (conditioned on not existing), in the same
 * transaction as the update. `current` is the stored item (it holds the old values and the key).
 */
export function uniqueChanges(entity: EntityDefinition, changes: Record<string, unknown>, current: Record<string, unknown>): { put: Item[]; delete: Record<string, string>[] } {
  const stored: Item = { ...current, ...baseKey(entity, current) }
  const next: Item = { ...stored, ...changes }
  const put: Item[] = []
  const del: Record<string, string>[] = []
  const pkName = entity.keys.pk.attribute
  const skName = entity.keys.sk.attribute
  for (const u of entity.uniques) {
    if (!u.attributes.some((a) => a in changes && String(changes[a]) !== String(current[a]))) continue
    const old = uniqueItems({ ...entity, uniques: [u] }, stored)[0]
    if (old) del.push({ [pkName]: old[pkName] as string, [skName]: old[skName] as string })
    put.push(...uniqueItems({ ...entity, uniques: [u] }, next))
  }
  return { put, delete: del }
}
