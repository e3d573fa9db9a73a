/**
 * One model object as written in a Stacks model file → a typed `ModelDefinition`.
 * Checks what can be checked inside one model; cross-model checks live in `models/validate.ts`.
 */
import { SingleTableError, where } from '../errors.ts'
import { camel, snake, plural } from '../names.ts'
import { recordedSpec } from './stacks-shims.ts'
import type { AttributeDefinition, CastType, DynamoModelOptions, IndexDefinition, ModelDefinition, ModelTraits, RelationDefinition, RelationKind, TtlTrait, ValidationSpec } from './types.ts'

const CASTS: readonly CastType[] = [
  'string', 'integer', 'float', 'number', 'decimal', 'boolean', 'datetime', 'date', 'timestamp', 'json', 'array',
]
const RELATION_KINDS: readonly RelationKind[] = ['hasOne', 'hasMany', 'belongsTo', 'belongsToMany']
const TRAIT_ALIASES: Record<string, string> = {
  timestampable: 'useTimestamps',
  softDeletable: 'useSoftDeletes',
  useUUID: 'useUuid',
}
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

type Raw = Record<string, unknown>

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True when a module export looks like a model (the shape both Stacks styles share). */
export function looksLikeModel(value: unknown): value is Raw {
  return isObject(value) && (isObject(value.attributes) || typeof value.table === 'string')
}

class Ctx {
  constructor(
    readonly model: string | undefined,
    readonly file: string | undefined,
  ) {}

  fail(field: string, message: string): never {
    throw new SingleTableError('INVALID_MODEL', `${where(this.model, this.file, field)}${message}`, {
      file: this.file,
      model: this.model,
      field,
    })
  }

  bool(raw: Raw, key: string, field: string, fallback: boolean): boolean {
    const value = raw[key]
    if (value === undefined) return fallback
    if (typeof value !== 'boolean') this.fail(`${field}.${key}`, `expected true or false, got ${JSON.stringify(value)}`)
    return value
  }
}

/**
 * Normalizes one raw model. `fallbackName` (the file name) is used when the model has no `name`.
 */
/**
 * A model given in code rather than a file: a definition object (`defineModel({...})`) or an
 * imported module whose default export is one. `fallbackName` names a definition without `name`.
 */
export function modelFromDefinition(definition: unknown, fallbackName?: string): ModelDefinition {
  const value = typeof definition === 'object' && definition !== null && 'default' in definition ? (definition as { default: unknown }).default : definition
  return normalizeModel(value, fallbackName === undefined ? {} : { fallbackName })
}

export function normalizeModel(raw: unknown, options: { file?: string; fallbackName?: string } = {}): ModelDefinition {
  const pre: Ctx = new Ctx(undefined, options.file)
  if (!isObject(raw)) pre.fail('', 'a model must be an object')
  const name = raw.name ?? options.fallbackName
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
    pre.fail('name', `model name must be a PascalCase identifier, got ${JSON.stringify(name)}`)
  }
  const ctx: Ctx = new Ctx(name, options.file)

  const table = raw.table ?? snake(plural(name))
  if (typeof table !== 'string' || table === '') ctx.fail('table', 'expected a non-empty string')
  const primaryKey = raw.primaryKey ?? 'id'
  if (typeof primaryKey !== 'string' || !NAME.test(primaryKey)) ctx.fail('primaryKey', 'expected an attribute name')
  const autoIncrement = ctx.bool(raw, 'autoIncrement', 'model', false)

  const traits = normalizeTraits(ctx, raw.traits)
  const dynamodb = normalizeDynamo(ctx, raw.dynamodb)
  if (traits.useUuid && autoIncrement) ctx.fail('autoIncrement', 'a model can not both useUuid and autoIncrement')
  const idType = traits.useUuid ? 'uuid' : autoIncrement ? 'integer' : (dynamodb.idType ?? 'ulid')

  const attributes = normalizeAttributes(ctx, raw.attributes)
  if (attributes.some((a) => a.name === primaryKey)) {
    ctx.fail(`attributes.${primaryKey}`, `"${primaryKey}" is the primary key; dbtooling adds it, do not declare it`)
  }
  const relations = normalizeRelations(ctx, raw, name)
  const indexes = normalizeIndexes(ctx, raw.indexes)

  const model: ModelDefinition = {
    name,
    table,
    primaryKey,
    autoIncrement,
    idType,
    attributes,
    relations,
    traits,
    indexes,
    dynamodb,
  }
  if (options.file) model.source = options.file
  checkIndexColumns(ctx, model)
  return model
}

function normalizeTraits(ctx: Ctx, raw: unknown): ModelTraits {
  const traits: ModelTraits = {
    useUuid: false,
    useTimestamps: false,
    useSoftDeletes: false,
    useVersioning: false,
    other: {},
  }
  if (raw === undefined) return traits
  if (!isObject(raw)) ctx.fail('traits', 'expected an object')
  for (const [key, value] of Object.entries(raw)) {
    const trait = TRAIT_ALIASES[key] ?? key
    const field = `traits.${key}`
    switch (trait) {
      case 'useUuid':
      case 'useTimestamps':
      case 'useSoftDeletes':
      case 'useVersioning':
        if (typeof value !== 'boolean') ctx.fail(field, 'expected true or false')
        traits[trait] = value
        break
      case 'useTtl':
        if (value === false || value === undefined) break
        traits.useTtl = normalizeTtl(ctx, field, value)
        break
      case 'useSearch':
      case 'useSeeder':
        if (value === false || value === undefined) break
        if (value !== true && !isObject(value)) ctx.fail(field, 'expected true or an options object')
        traits[trait] = value === true ? {} : value
        break
      case 'useApi':
      case 'observe':
        if (value !== false && value !== undefined) traits[trait] = value
        break
      default:
        traits.other[key] = value
    }
  }
  return traits
}

function normalizeTtl(ctx: Ctx, field: string, value: unknown): TtlTrait {
  if (value === true) return {}
  if (!isObject(value)) ctx.fail(field, 'expected true or { attribute?, seconds?, days? }')
  const ttl: TtlTrait = {}
  if (value.attribute !== undefined) {
    if (typeof value.attribute !== 'string' || !NAME.test(value.attribute)) ctx.fail(`${field}.attribute`, 'expected an attribute name')
    ttl.attribute = value.attribute
  }
  const seconds = value.seconds ?? (typeof value.days === 'number' ? value.days * 86400 : value.days)
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) ctx.fail(`${field}.seconds`, 'expected a positive whole number')
    ttl.seconds = seconds
  }
  return ttl
}

function normalizeDynamo(ctx: Ctx, raw: unknown): DynamoModelOptions {
  if (raw === undefined) return {}
  if (!isObject(raw)) ctx.fail('dynamodb', 'expected an object')
  const out: DynamoModelOptions = {}
  for (const [key, value] of Object.entries(raw)) {
    const field = `dynamodb.${key}`
    switch (key) {
      case 'pk':
      case 'sk':
      case 'prefix':
        if (typeof value !== 'string' || value === '') ctx.fail(field, 'expected a non-empty string')
        out[key] = value
        break
      case 'parent':
        if (value !== false && typeof value !== 'string') ctx.fail(field, 'expected a model name or false')
        out.parent = value
        break
      case 'shards':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000) ctx.fail(field, 'expected a whole number from 1 to 1000')
        out.shards = value
        break
      case 'idType':
        if (value !== 'uuid' && value !== 'ulid') ctx.fail(field, 'expected "uuid" or "ulid"')
        out.idType = value
        break
      default:
        ctx.fail(field, 'unknown option (known: pk, sk, parent, shards, prefix, idType)')
    }
  }
  return out
}

function normalizeAttributes(ctx: Ctx, raw: unknown): AttributeDefinition[] {
  if (raw === undefined) return []
  if (!isObject(raw)) ctx.fail('attributes', 'expected an object of attribute definitions')
  const list: AttributeDefinition[] = []
  for (const [name, def] of Object.entries(raw)) {
    const field = `attributes.${name}`
    if (!NAME.test(name)) ctx.fail(field, 'attribute names must be identifiers')
    if (!isObject(def)) ctx.fail(field, 'expected an object')
    const attr: AttributeDefinition = {
      name,
      required: ctx.bool(def, 'required', field, false),
      unique: ctx.bool(def, 'unique', field, false),
      fillable: ctx.bool(def, 'fillable', field, true),
      hidden: ctx.bool(def, 'hidden', field, false),
      nullable: ctx.bool(def, 'nullable', field, false),
      hasDefault: def.default !== undefined,
      origin: 'declared',
    }
    if (attr.hasDefault) attr.default = def.default
    if (def.cast !== undefined) {
      if (typeof def.cast !== 'string' || !CASTS.includes(def.cast as CastType)) {
        ctx.fail(`${field}.cast`, `unknown cast ${JSON.stringify(def.cast)} (known: ${CASTS.join(', ')})`)
      }
      attr.cast = def.cast as CastType
    }
    if (def.validation !== undefined) attr.validation = normalizeValidation(ctx, `${field}.validation`, def.validation)
    for (const hook of ['get', 'set'] as const) {
      if (def[hook] === undefined) continue
      if (typeof def[hook] !== 'function') ctx.fail(`${field}.${hook}`, `expected a function (value) => value (an ${hook === 'get' ? 'accessor' : 'mutator'})`)
      attr[hook] = def[hook] as (value: unknown) => unknown
    }
    if (def.factory !== undefined) {
      if (typeof def.factory !== 'function') ctx.fail(`${field}.factory`, 'expected a function (faker) => value')
      attr.factory = def.factory as (faker: unknown) => unknown
    }
    if (def.order !== undefined) {
      if (typeof def.order !== 'number') ctx.fail(`${field}.order`, 'expected a number')
      attr.order = def.order
    }
    list.push(attr)
  }
  // `order` first (stable), then the rest as declared
  return list
    .map((attr, i) => ({ attr, i }))
    .sort((a, b) => (a.attr.order ?? Infinity) - (b.attr.order ?? Infinity) || a.i - b.i)
    .map(({ attr }) => attr)
}

function normalizeValidation(ctx: Ctx, field: string, raw: unknown): ValidationSpec {
  if (!isObject(raw)) ctx.fail(field, 'expected { rule, message? }')
  const spec = recordedSpec(raw.rule)
  const out: ValidationSpec = spec ? { ...spec, rules: [...spec.rules] } : { type: 'external', rules: [] }
  if (raw.rule === undefined) ctx.fail(`${field}.rule`, 'missing rule')
  if (raw.message !== undefined) {
    if (typeof raw.message !== 'string') ctx.fail(`${field}.message`, 'expected a string')
    out.message = raw.message
  }
  return out
}

function normalizeRelations(ctx: Ctx, raw: Raw, self: string): RelationDefinition[] {
  const out: RelationDefinition[] = []
  for (const kind of RELATION_KINDS) {
    const value = raw[kind]
    if (value === undefined) continue
    const list = typeof value === 'string' || isObject(value) ? [value] : value
    if (!Array.isArray(list)) ctx.fail(kind, 'expected a model name, { model, foreignKey?, onDelete? } or a list of them')
    list.forEach((entry: unknown, i) => {
      const field = `${kind}[${i}]`
      const spec = typeof entry === 'string' ? { model: entry } : entry
      if (!isObject(spec) || typeof spec.model !== 'string' || spec.model === '') {
        ctx.fail(field, 'expected a model name or { model, foreignKey?, onDelete? }')
      }
      if (spec.foreignKey !== undefined && (typeof spec.foreignKey !== 'string' || !NAME.test(spec.foreignKey))) {
        ctx.fail(`${field}.foreignKey`, 'expected an attribute name')
      }
      if (spec.onDelete !== undefined && typeof spec.onDelete !== 'string') ctx.fail(`${field}.onDelete`, 'expected a string')
      const owner = kind === 'hasOne' || kind === 'hasMany' ? self : kind === 'belongsTo' ? spec.model : self
      const rel: RelationDefinition = {
        kind,
        model: spec.model,
        foreignKey: (spec.foreignKey as string | undefined) ?? `${camel(owner)}Id`,
        field,
      }
      if (typeof spec.onDelete === 'string') rel.onDelete = spec.onDelete
      if (out.some((r) => r.kind === kind && r.model === rel.model)) ctx.fail(field, `${kind} ${rel.model} is declared twice`)
      out.push(rel)
    })
  }
  return out
}

function normalizeIndexes(ctx: Ctx, raw: unknown): IndexDefinition[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw)) ctx.fail('indexes', 'expected a list of { name, columns, unique? }')
  return raw.map((entry: unknown, i) => {
    const field = `indexes[${i}]`
    if (!isObject(entry)) ctx.fail(field, 'expected { name, columns, unique? }')
    if (typeof entry.name !== 'string' || entry.name === '') ctx.fail(`${field}.name`, 'expected a non-empty string')
    const columns = entry.columns
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string')) {
      ctx.fail(`${field}.columns`, 'expected a non-empty list of attribute names')
    }
    return { name: entry.name, columns: [...(columns as string[])], unique: ctx.bool(entry, 'unique', field, false) }
  })
}

/** Attributes an item of the model has besides the declared ones (keys, foreign keys, traits). */
function impliedAttributes(model: ModelDefinition, ttlAttribute: string): string[] {
  const names = [model.primaryKey]
  for (const rel of model.relations) if (rel.kind === 'belongsTo') names.push(rel.foreignKey)
  if (model.traits.useTimestamps) names.push('createdAt', 'updatedAt')
  if (model.traits.useSoftDeletes) names.push('deletedAt')
  if (model.traits.useVersioning) names.push('version')
  if (model.traits.useTtl) names.push(model.traits.useTtl.attribute ?? ttlAttribute)
  return names
}

function checkIndexColumns(ctx: Ctx, model: ModelDefinition): void {
  const known = new Set([...model.attributes.map((a) => a.name), ...impliedAttributes(model, 'expiresAt')])
  const names = new Set<string>()
  model.indexes.forEach((index, i) => {
    if (names.has(index.name)) ctx.fail(`indexes[${i}].name`, `index "${index.name}" is declared twice`)
    names.add(index.name)
    index.columns.forEach((column, j) => {
      if (!known.has(column)) {
        ctx.fail(`indexes[${i}].columns[${j}]`, `"${column}" is not an attribute of ${model.name} (known: ${[...known].join(', ')})`)
      }
    })
  })
}
