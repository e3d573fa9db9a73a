/**
 * An item's key attributes from its values: the base key, and the index keys it carries (none for
 * an index whose inputs are missing, which keeps the index sparse, or while soft-deleted).
 */
import { SingleTableError } from '../errors.ts'
import { renderTemplate, SHARD_INPUT, shardOf } from '../design/keys.ts'
import type { EntityDefinition, KeyPattern } from '../design/types.ts'
import type { Item } from './types.ts'

export const present = (v: unknown): boolean => v !== undefined && v !== null && v !== ''

const integerNames = new WeakMap<EntityDefinition, ReadonlySet<string>>()

/** The inputs whose key text is zero-padded (integer casts), per entity (computed once). */
export function integerInputs(entity: EntityDefinition): ReadonlySet<string> {
  let names = integerNames.get(entity)
  if (names === undefined) {
    names = new Set(entity.attributes.filter((a) => a.cast === 'integer').map((a) => a.name))
    integerNames.set(entity, names)
  }
  return names
}

export function renderKey(entity: EntityDefinition, pattern: KeyPattern, values: Item): { key?: string; missing: string[] } {
  const withShard = pattern.inputs.includes(SHARD_INPUT) ? { ...values, [SHARD_INPUT]: shardOf(values[entity.idAttribute], entity.shards) } : values
  return renderTemplate(pattern.template, withShard, integerInputs(entity))
}

/** The item's base key (`{ pk, sk }`); every input must be present. */
export function baseKey(entity: EntityDefinition, values: Item): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pattern of [entity.keys.pk, entity.keys.sk]) {
    const { key, missing } = renderKey(entity, pattern, values)
    if (key === undefined) {
      throw new SingleTableError('MISSING_KEY_INPUT', `${entity.name}: ${pattern.attribute} (${pattern.template}) needs ${missing.join(', ')}`, {
        model: entity.name,
        file: entity.source,
        field: missing[0],
      })
    }
    out[pattern.attribute] = key
  }
  return out
}

export function softDeleted(entity: EntityDefinition, values: Item): boolean {
  return entity.traits.useSoftDeletes && present(values.deletedAt)
}

/**
 * Index keys from complete values: `set` holds the keys whose inputs are all present, `remove`
 * the attributes of indexes the item stays out of (sparse, or soft-deleted).
 */
export function indexKeys(entity: EntityDefinition, values: Item): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {}
  const remove: string[] = []
  const deleted = softDeleted(entity, values)
  for (const k of entity.indexKeys) {
    const patterns = k.pk ? [k.pk, k.sk] : [k.sk]
    const rendered = patterns.map((p) => renderKey(entity, p, values))
    if (deleted || rendered.some((r) => r.key === undefined)) {
      remove.push(...patterns.map((p) => p.attribute))
      continue
    }
    patterns.forEach((p, i) => {
      set[p.attribute] = rendered[i]?.key as string
    })
  }
  return { set, remove }
}
