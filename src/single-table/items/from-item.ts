/** The read path (`fromItem`): strip keys, cast back, drop hidden attributes. */
import { SingleTableError } from '../errors.ts'
import type { EntityDefinition } from '../design/types.ts'
import { castOut } from '../models/attribute-rules.ts'
import type { FromItemOptions, Item } from './types.ts'

/** Names that never pass through to application data: keys, index keys, the type, the attributes themselves. */
const reservedNames = new WeakMap<EntityDefinition, Set<string>>()

function reserved(entity: EntityDefinition): Set<string> {
  let names = reservedNames.get(entity)
  if (names === undefined) {
    names = new Set([entity.keys.pk.attribute, entity.keys.sk.attribute, entity.typeAttribute, ...entity.attributes.map((a) => a.name)])
    for (const k of entity.indexKeys) {
      if (k.pk) names.add(k.pk.attribute)
      names.add(k.sk.attribute)
    }
    reservedNames.set(entity, names)
  }
  return names
}

const INDEX_KEY = /^(GSI\d+(PK|SK)|LSI\d+SK)$/

/** The read path: an item (unmarshalled) → application data. */
export function fromItem(entity: EntityDefinition, item: Item, options: FromItemOptions = {}): Item {
  const type = item[entity.typeAttribute]
  if (type !== undefined && type !== entity.name) {
    throw new SingleTableError('UNKNOWN_ENTITY', `the item is a ${String(type)}, not a ${entity.name}`, { model: entity.name })
  }
  const internal = reserved(entity)
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
  for (const name in item) {
    if (!internal.has(name) && !INDEX_KEY.test(name)) out[name] = item[name]
  }
  return out
}
