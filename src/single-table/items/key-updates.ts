/** `updateKeys`: the key attributes an update must write to keep derived keys in step. */
import { SingleTableError, type SingleTableIssue } from '../errors.ts'
import { SHARD_INPUT } from '../design/keys.ts'
import type { EntityDefinition } from '../design/types.ts'
import { castIn } from '../models/attribute-rules.ts'
import { baseKey, present, renderKey, softDeleted } from './item-keys.ts'
import { validationFailed } from './to-item.ts'
import type { Item, KeyUpdate } from './types.ts'

/**
 * The key attributes an update must write: every index key one of whose inputs changes is
 * rebuilt from the new values. Inputs not in `changes` come from `current` (the stored item);
 * without it, a missing input is an error naming it. Changing an input of the base key moves
 * the item, which UpdateItem can not do: that is an error too (delete and put instead).
 */
export function updateKeys(entity: EntityDefinition, changes: Record<string, unknown>, current?: Record<string, unknown>): KeyUpdate {
  const norm = (source: Record<string, unknown>): Item => {
    const out: Item = {}
    const issues: SingleTableIssue[] = []
    for (const [name, value] of Object.entries(source)) {
      const attr = entity.attributes.find((a) => a.name === name)
      if (!attr || !present(value)) {
        out[name] = value
        continue
      }
      const cast = castIn(attr, value)
      if (cast.ok) out[name] = cast.value
      else issues.push({ field: name, message: cast.message })
    }
    if (issues.length > 0) validationFailed(entity, issues)
    return out
  }
  const next = norm(changes)
  const before = current ? norm(current) : undefined

  const identity = (name: string): unknown => (before ? before[name] : next[name])
  const baseInputs = [...new Set([...entity.keys.pk.inputs, ...entity.keys.sk.inputs])]
  const keyValues: Item = {}
  for (const input of baseInputs) {
    const value = identity(input) ?? next[input]
    if (!present(value)) {
      throw new SingleTableError(
        'MISSING_KEY_INPUT',
        `${entity.name}: the update needs ${input} to address the item (${entity.keys.pk.template} / ${entity.keys.sk.template}); pass it or the current item`,
        { model: entity.name, file: entity.source, field: input },
      )
    }
    keyValues[input] = value
    if (before && input in next && String(next[input]) !== String(before[input])) {
      throw new SingleTableError(
        'KEY_CHANGE_MOVES_ITEM',
        `${entity.name}: changing ${input} changes the item's primary key (${entity.keys.pk.template} / ${entity.keys.sk.template}); UpdateItem can not move an item: delete it and put the new one in one transaction`,
        { model: entity.name, file: entity.source, field: input },
      )
    }
  }
  const key = baseKey(entity, keyValues)

  const set: Record<string, string> = {}
  const remove: string[] = []
  // base-key inputs in `changes` only address the item (a real change was refused above)
  const changed = new Set(Object.keys(changes).filter((name) => !baseInputs.includes(name)))
  const touchesDeletion = entity.traits.useSoftDeletes && changed.has('deletedAt')
  const merged: Item = { ...before, ...next }
  const deleted = softDeleted(entity, merged)
  for (const k of entity.indexKeys) {
    const patterns = k.pk ? [k.pk, k.sk] : [k.sk]
    const inputs = [...new Set(patterns.flatMap((p) => p.inputs))].map((i) => (i === SHARD_INPUT ? entity.idAttribute : i))
    if (!touchesDeletion && !inputs.some((i) => changed.has(i))) continue
    if (deleted) {
      remove.push(...patterns.map((p) => p.attribute))
      continue
    }
    const unknown = before ? [] : inputs.filter((i) => !(i in next))
    if (unknown.length > 0) {
      throw new SingleTableError(
        'MISSING_KEY_INPUT',
        `${entity.name}: the update changes an input of ${k.index} (${patterns.map((p) => p.template).join(' / ')}) but ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not given; ` +
          'include it in the update or pass the current item so the key is rebuilt whole',
        { model: entity.name, file: entity.source, field: unknown[0] },
      )
    }
    const rendered = patterns.map((p) => renderKey(entity, p, merged))
    if (rendered.some((r) => r.key === undefined)) {
      remove.push(...patterns.map((p) => p.attribute))
      continue
    }
    patterns.forEach((p, i) => {
      set[p.attribute] = rendered[i]?.key as string
    })
  }
  return { key, set, remove }
}

/**
 * `updateKeys`, reading the stored item only when the changes alone can not rebuild a key:
 * `read` is called at most once (e.g. a GetItem of `updateKeys(...).key`).
 */
export async function updateKeysWithRead(
  entity: EntityDefinition,
  changes: Record<string, unknown>,
  read: () => Promise<Record<string, unknown> | undefined>,
): Promise<KeyUpdate> {
  try {
    return updateKeys(entity, changes)
  } catch (error) {
    if (!(error instanceof SingleTableError) || error.code !== 'MISSING_KEY_INPUT') throw error
    const current = await read()
    if (!current) {
      throw new SingleTableError('MISSING_KEY_INPUT', `${entity.name}: ${error.message}; and the item to read them from does not exist`, {
        model: entity.name,
        file: entity.source,
        field: error.field,
      })
    }
    return updateKeys(entity, changes, current)
  }
}
