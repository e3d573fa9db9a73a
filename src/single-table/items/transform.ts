/**
 * Items both ways. Write path (`toItem`): check and cast every attribute, fill defaults, ids,
 * timestamps, version and TTL, then every key (base, GSI, LSI) from the final values. Read path
 * (`fromItem`): strip keys, cast back, drop hidden attributes. `updateKeys` keeps derived keys in
 * step with an update. Items are plain JS; `marshall` turns them into wire format.
 */
import { SingleTableError, type SingleTableIssue } from '../errors.ts'
import { uuid, ulid } from './ids.ts'
import { renderTemplate, SHARD_INPUT, shardOf } from '../design/keys.ts'
import type { EntityDefinition, KeyPattern } from '../design/types.ts'
import type { FromItemOptions, Item, KeyUpdate, ToItemOptions } from './types.ts'
import { castIn, castOut, checkRules, ruleRequires } from '../models/attribute-rules.ts'

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== ''

function integerInputs(entity: EntityDefinition): Set<string> {
  return new Set(entity.attributes.filter((a) => a.cast === 'integer').map((a) => a.name))
}

function fail(entity: EntityDefinition, issues: SingleTableIssue[]): never {
  throw new SingleTableError(
    'VALIDATION_FAILED',
    `${entity.name}${entity.source ? ` (${entity.source})` : ''}: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`,
    { model: entity.name, file: entity.source, field: issues[0]?.field, issues },
  )
}

/** The write path: application data → a complete item with every key attribute. */
export function toItem(entity: EntityDefinition, data: Record<string, unknown>, options: ToItemOptions = {}): Item {
  const now = options.now ?? new Date()
  const issues: SingleTableIssue[] = []
  const known = new Set(entity.attributes.map((a) => a.name))
  for (const key of Object.keys(data)) {
    if (!known.has(key) && data[key] !== undefined) {
      issues.push({ field: key, message: `is not an attribute of ${entity.name} (known: ${[...known].join(', ')})` })
    }
  }

  const values: Item = {}
  for (const attr of entity.attributes) {
    let value = data[attr.name]
    if (value === undefined) value = filled(entity, attr.name, now)
    if (value === undefined && attr.hasDefault) value = structuredClone(attr.default)
    if (!present(value)) {
      if (attr.required || ruleRequires(attr) || (value === null && !attr.nullable)) {
        issues.push({ field: attr.name, message: value === null ? 'must not be null' : 'is required' })
      }
      if (value === null && attr.nullable) values[attr.name] = null
      continue
    }
    const cast = castIn(attr, value)
    if (!cast.ok) {
      issues.push({ field: attr.name, message: cast.message })
      continue
    }
    for (const message of checkRules(attr, cast.value)) issues.push({ field: attr.name, message })
    values[attr.name] = cast.value
  }
  if (issues.length > 0) fail(entity, issues)

  const item: Item = {}
  for (const [name, value] of Object.entries(values)) if (value !== null) item[name] = value
  item[entity.typeAttribute] = entity.name
  Object.assign(item, baseKey(entity, values))
  Object.assign(item, indexKeys(entity, values).set)
  return item
}

/** Values dbtooling fills in when the caller leaves them out. */
function filled(entity: EntityDefinition, name: string, now: Date): unknown {
  if (name === entity.idAttribute && entity.kind === 'model') {
    if (entity.idType === 'uuid') return uuid()
    if (entity.idType === 'ulid') return ulid(now.getTime())
    return undefined
  }
  if (entity.traits.useTimestamps && (name === 'createdAt' || name === 'updatedAt')) return now.toISOString()
  if (entity.traits.useVersioning && name === 'version') return 1
  if (name === entity.ttlAttribute && entity.traits.useTtl?.seconds) {
    return Math.floor(now.getTime() / 1000) + entity.traits.useTtl.seconds
  }
  return undefined
}

function render(entity: EntityDefinition, pattern: KeyPattern, values: Item): { key?: string; missing: string[] } {
  const withShard = pattern.inputs.includes(SHARD_INPUT) ? { ...values, [SHARD_INPUT]: shardOf(values[entity.idAttribute], entity.shards) } : values
  return renderTemplate(pattern.template, withShard, integerInputs(entity))
}

/** The item's base key (`{ pk, sk }`); every input must be present. */
export function baseKey(entity: EntityDefinition, values: Item): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pattern of [entity.keys.pk, entity.keys.sk]) {
    const { key, missing } = render(entity, pattern, values)
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

function softDeleted(entity: EntityDefinition, values: Item): boolean {
  return entity.traits.useSoftDeletes && present(values.deletedAt)
}

/**
 * Index keys from complete values: `set` holds the keys whose inputs are all present, `remove`
 * the attributes of indexes the item stays out of (sparse, or soft-deleted).
 */
function indexKeys(entity: EntityDefinition, values: Item): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {}
  const remove: string[] = []
  const deleted = softDeleted(entity, values)
  for (const k of entity.indexKeys) {
    const patterns = k.pk ? [k.pk, k.sk] : [k.sk]
    const rendered = patterns.map((p) => render(entity, p, values))
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
    if (issues.length > 0) fail(entity, issues)
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
    const rendered = patterns.map((p) => render(entity, p, merged))
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
