/** The read path (`fromItem`): strip keys, cast back, drop hidden attributes. */
import { SingleTableError } from '../errors.ts'
import type { EntityDefinition } from '../design/types.ts'
import { castOut } from '../models/attribute-rules.ts'
import type { FromItemOptions, Item } from './types.ts'

/** The read path: an item (unmarshalled) → application data. */
export function fromItem(entity: EntityDefinition, item: Item, options: FromItemOptions = {}): Item {
  const type = item[entity.typeAttribute]
  if (type !== undefined && type !== entity.name) {
    throw new SingleTableError('UNKNOWN_ENTITY', `the item is a ${String(type)}, not a ${entity.name}`, { model: entity.name })
  }
  const internal = new Set([entity.keys.pk.attribute, entity.keys.sk.attribute, entity.typeAttribute])
  for (const k of entity.indexKeys) {
    if (k.pk) internal.add(k.pk.attribute)
    internal.add(k.sk.attribute)
  }
  const out: Item = {}
  for (const attr of entity.attributes) {
    if (attr.hidden && !options.includeHidden) continue
    const value = item[attr.name]
    if (value === undefined || value === null) {
      if (attr.nullable) out[attr.name] = null
      continue
    }
    out[attr.name] = castOut(attr, value)
  }
  // attributes the model does not know (written by something else) pass through untouched
  for (const [name, value] of Object.entries(item)) {
    if (!internal.has(name) && !(name in out) && !entity.attributes.some((a) => a.name === name) && !/^(GSI\d+(PK|SK)|LSI\d+SK)$/.test(name)) {
      out[name] = value
    }
  }
  return out
}
