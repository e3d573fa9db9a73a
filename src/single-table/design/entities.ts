/**
 * Model → entity: the full attribute list an item may carry, where the item lives (its own
 * partition or its parent's item collection), its base key templates, and its unique sentinels.
 */
import { SingleTableError, where } from '../errors.ts'
import { entityPrefix, keyPattern } from './keys.ts'
import { camel } from '../names.ts'
import type { AttributeDefinition, ModelDefinition } from '../models/types.ts'
import type { EntityDefinition, ResolvedSingleTableConfig, UniqueConstraint } from './types.ts'

function implied(name: string, extra: Partial<AttributeDefinition>): AttributeDefinition {
  return {
    name,
    required: false,
    unique: false,
    fillable: false,
    hidden: false,
    nullable: false,
    hasDefault: false,
    origin: 'trait',
    ...extra,
  }
}

export function prefixOf(model: ModelDefinition, cfg: ResolvedSingleTableConfig): string {
  return model.dynamodb.prefix ?? entityPrefix(model.name, cfg.keyPrefix)
}

/**
 * Which model's item collection a model lives in. Default: a leaf model (no hasOne, hasMany or
 * belongsToMany of its own) lives under its first belongsTo parent, like a Comment under its Post.
 * Models with children stay in their own partition so they can be read by id alone.
 */
export function nestingParent(model: ModelDefinition, byName: ReadonlyMap<string, ModelDefinition>): ModelDefinition | undefined {
  const option = model.dynamodb.parent
  if (option === false) return undefined
  const belongsTo = model.relations.filter((r) => r.kind === 'belongsTo')
  if (typeof option === 'string') {
    const rel = belongsTo.find((r) => r.model === option)
    const parent = byName.get(option)
    if (!rel || !parent) {
      throw new SingleTableError(
        'INVALID_MODEL',
        `${where(model.name, model.source, 'dynamodb.parent')}"${option}" must be one of this model's belongsTo models (${belongsTo.map((r) => r.model).join(', ') || 'none'})`,
        { file: model.source, model: model.name, field: 'dynamodb.parent' },
      )
    }
    return parent
  }
  if (model.dynamodb.pk !== undefined || model.dynamodb.sk !== undefined) return undefined
  const leaf = !model.relations.some((r) => r.kind !== 'belongsTo')
  const first = belongsTo[0]
  return leaf && first ? byName.get(first.model) : undefined
}

export function buildEntity(
  model: ModelDefinition,
  byName: ReadonlyMap<string, ModelDefinition>,
  cfg: ResolvedSingleTableConfig,
): EntityDefinition {
  const delimiter = cfg.delimiter
  const prefix = prefixOf(model, cfg)
  const parent = nestingParent(model, byName)
  if (parent && (nestingParent(parent, byName) || parent.dynamodb.pk !== undefined)) {
    throw new SingleTableError(
      'INVALID_MODEL',
      `${where(model.name, model.source, 'dynamodb.parent')}${parent.name} itself lives in another partition; nest under a model that has its own partition`,
      { file: model.source, model: model.name, field: 'dynamodb.parent' },
    )
  }
  const parentRel = parent ? model.relations.find((r) => r.kind === 'belongsTo' && r.model === parent.name) : undefined

  const reserved = new Set([cfg.partitionKey, cfg.sortKey, cfg.entityTypeAttribute])
  for (const attr of model.attributes) {
    if (reserved.has(attr.name) || /^(GSI\d+(PK|SK)|LSI\d+SK)$/.test(attr.name)) {
      throw new SingleTableError('INVALID_MODEL', `${where(model.name, model.source, `attributes.${attr.name}`)}"${attr.name}" is a key attribute of the table; rename the attribute`, {
        file: model.source,
        model: model.name,
        field: `attributes.${attr.name}`,
      })
    }
  }

  const attributes: AttributeDefinition[] = []
  const add = (attr: AttributeDefinition): void => {
    if (!attributes.some((a) => a.name === attr.name)) attributes.push(attr)
  }
  add(implied(model.primaryKey, { origin: 'primaryKey', required: model.idType === 'integer', cast: model.idType === 'integer' ? 'integer' : 'string' }))
  for (const attr of model.attributes) add(attr)
  for (const rel of model.relations) {
    if (rel.kind !== 'belongsTo') continue
    const target = byName.get(rel.model)
    const nests = rel === parentRel
    const declared = attributes.find((a) => a.name === rel.foreignKey)
    if (declared) {
      if (nests) declared.required = true
      continue
    }
    add(implied(rel.foreignKey, {
      origin: 'foreignKey',
      fillable: true,
      required: nests,
      nullable: !nests,
      cast: target?.idType === 'integer' ? 'integer' : 'string',
    }))
  }
  if (model.traits.useTimestamps) {
    add(implied('createdAt', { cast: 'datetime' }))
    add(implied('updatedAt', { cast: 'datetime' }))
  }
  if (model.traits.useSoftDeletes) add(implied('deletedAt', { cast: 'datetime', nullable: true }))
  if (model.traits.useVersioning) add(implied('version', { cast: 'integer' }))
  if (model.traits.useTtl) add(implied(model.traits.useTtl.attribute ?? cfg.ttlAttribute, { cast: 'integer', nullable: true, fillable: true }))

  const id = `{${model.primaryKey}}`
  let pk = parent && parentRel ? `${prefixOf(parent, cfg)}${delimiter}{${parentRel.foreignKey}}` : `${prefix}${delimiter}${id}`
  let sk = `${prefix}${delimiter}${id}`
  if (model.dynamodb.pk !== undefined) pk = model.dynamodb.pk
  if (model.dynamodb.sk !== undefined) sk = model.dynamodb.sk
  const keys = { pk: keyPattern(cfg.partitionKey, pk), sk: keyPattern(cfg.sortKey, sk) }
  checkKeyInputs(model, attributes, keys.pk.inputs, 'dynamodb.pk')
  checkKeyInputs(model, attributes, keys.sk.inputs, 'dynamodb.sk')
  if (![...keys.pk.inputs, ...keys.sk.inputs].includes(model.primaryKey)) {
    throw new SingleTableError(
      'INVALID_KEY_PATTERN',
      `${where(model.name, model.source, 'dynamodb.sk')}the key ${pk} / ${sk} must contain {${model.primaryKey}}, or two ${model.name} items would overwrite each other`,
      { file: model.source, model: model.name, field: 'dynamodb.sk' },
    )
  }
  for (const input of [...keys.pk.inputs, ...keys.sk.inputs]) {
    const attr = attributes.find((a) => a.name === input)
    // a base-key input can not be absent: the item would have no key
    if (attr && input !== model.primaryKey) attr.required = true
  }

  const uniques: UniqueConstraint[] = []
  for (const attr of model.attributes) {
    if (attr.unique) uniques.push(unique(model.name, [attr.name], cfg))
  }
  for (const index of model.indexes) {
    if (index.unique) uniques.push(unique(model.name, index.columns, cfg, index.name))
  }

  const entity: EntityDefinition = {
    name: model.name,
    kind: 'model',
    prefix,
    table: model.table,
    idAttribute: model.primaryKey,
    idType: model.idType,
    attributes,
    relations: model.relations,
    traits: model.traits,
    indexes: model.indexes,
    keys,
    indexKeys: [],
    uniques,
    shards: model.dynamodb.shards ?? cfg.listShards,
    typeAttribute: cfg.entityTypeAttribute,
  }
  if (model.traits.useTtl) entity.ttlAttribute = model.traits.useTtl.attribute ?? cfg.ttlAttribute
  if (parent && parentRel) entity.parent = { model: parent.name, foreignKey: parentRel.foreignKey }
  if (model.source) entity.source = model.source
  return entity
}

function unique(entity: string, attributes: string[], cfg: ResolvedSingleTableConfig, name?: string): UniqueConstraint {
  const delimiter = cfg.delimiter
  return {
    name: name ?? attributes.join('+'),
    attributes,
    template: `UNIQUE${delimiter}${entity}${delimiter}${attributes.join('+')}${delimiter}${attributes.map((a) => `{${a}}`).join(delimiter)}`,
  }
}

function checkKeyInputs(model: ModelDefinition, attributes: AttributeDefinition[], inputs: string[], field: string): void {
  for (const input of inputs) {
    if (!attributes.some((a) => a.name === input)) {
      throw new SingleTableError(
        'INVALID_KEY_PATTERN',
        `${where(model.name, model.source, field)}{${input}} is not an attribute of ${model.name} (known: ${attributes.map((a) => a.name).join(', ')})`,
        { file: model.source, model: model.name, field },
      )
    }
  }
}

/** The adjacency-list edge entity of a belongsToMany pair; the alphabetically first model owns it. */
export function buildEdge(owner: ModelDefinition, other: ModelDefinition, cfg: ResolvedSingleTableConfig): EntityDefinition {
  const delimiter = cfg.delimiter
  const ownerRel = owner.relations.find((r) => r.kind === 'belongsToMany' && r.model === other.name)
  const otherRel = other.relations.find((r) => r.kind === 'belongsToMany' && r.model === owner.name)
  const ownerKey = ownerRel?.foreignKey ?? `${camel(owner.name)}Id`
  const otherKey = otherRel?.foreignKey ?? `${camel(other.name)}Id`
  const idAttr = (name: string, target: ModelDefinition): AttributeDefinition =>
    implied(name, { origin: 'foreignKey', required: true, fillable: true, cast: target.idType === 'integer' ? 'integer' : 'string' })
  return {
    name: `${owner.name}${other.name}`,
    kind: 'edge',
    prefix: `${prefixOf(owner, cfg)}${prefixOf(other, cfg)}`,
    table: `${owner.table}_${other.table}`,
    idAttribute: ownerKey,
    idType: 'none',
    attributes: [idAttr(ownerKey, owner), idAttr(otherKey, other)],
    relations: [],
    traits: { useUuid: false, useTimestamps: false, useSoftDeletes: false, useVersioning: false, other: {} },
    indexes: [],
    keys: {
      pk: keyPattern(cfg.partitionKey, `${prefixOf(owner, cfg)}${delimiter}{${ownerKey}}`),
      sk: keyPattern(cfg.sortKey, `${prefixOf(other, cfg)}${delimiter}{${otherKey}}`),
    },
    indexKeys: [],
    uniques: [],
    shards: 1,
    typeAttribute: cfg.entityTypeAttribute,
    edge: { owner: owner.name, other: other.name, ownerKey, otherKey },
  }
}
