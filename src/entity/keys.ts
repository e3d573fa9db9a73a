/**
 * What addresses one item: the model's key inputs (`{ id }`, `{ postId, id }`) or the stored key
 * attributes (`{ pk: 'USER#1', sk: 'USER#1' }`), whichever the caller thinks in.
 */
import type { EntityDefinition } from '../single-table/design/types.ts'
import { baseKey } from '../single-table/items/item-keys.ts'
import { EntityError } from './errors.ts'

export type EntityKey = Readonly<Record<string, unknown>>

export interface ResolvedKey {
  /** Key inputs to hand to `updateKeys` (empty when the caller gave the stored key). */
  inputs: Record<string, unknown>
  /** The stored key attributes. */
  key(): Record<string, unknown>
}

export function entityKey(entity: EntityDefinition, key: EntityKey): ResolvedKey {
  const { pk, sk } = entity.keys
  if (typeof key !== 'object' || key === null) {
    throw new EntityError('INVALID_ARGUMENT', `${entity.name}: the key must be an object, { ${pk.attribute}, ${sk.attribute} } or the key inputs { ${[...new Set([...pk.inputs, ...sk.inputs])].join(', ')} }`, 'key')
  }
  if (pk.attribute in key) {
    if (!(sk.attribute in key)) throw new EntityError('INVALID_ARGUMENT', `${entity.name}: the key gives ${pk.attribute} but not ${sk.attribute}; pass both`, sk.attribute)
    const stored = { [pk.attribute]: key[pk.attribute], [sk.attribute]: key[sk.attribute] }
    return { inputs: {}, key: () => stored }
  }
  return { inputs: { ...key }, key: () => baseKey(entity, key) }
}
