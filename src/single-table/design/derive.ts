/**
 * `deriveSchema(models, config)`: the single-table design for a set of models — one entity per
 * model plus one edge entity per belongsToMany pair, the overloaded indexes, the CreateTable input
 * and notes on every design decision a reader should know about.
 */
import { checkTableName, resolveSingleTableConfig } from './config.ts'
import { buildEdge, buildEntity, nestingParent, prefixOf } from './entities.ts'
import { SingleTableError } from '../errors.ts'
import { assignIndexes, createTableInput, type IndexPlan, type IndexUse } from './indexes.ts'
import { checkKeyClashes, type KeySpaceEntry } from './keys.ts'
import { patternNames } from './pattern-names.ts'
import type { ModelDefinition } from '../models/types.ts'
import type { DerivedSchema, EntityDefinition, ResolvedSingleTableConfig, SingleTableConfig } from './types.ts'
import { validateModels } from '../models/validate.ts'
import { ENFORCED_RULES } from '../models/attribute-rules.ts'

export function deriveSchema(models: readonly ModelDefinition[], config: SingleTableConfig = {}): DerivedSchema {
  const cfg = resolveSingleTableConfig(config)
  checkTableName(cfg.tableName)
  const delimiter = cfg.delimiter
  const checked = validateModels(models)
  if (checked.length === 0) throw new SingleTableError('MODEL_NOT_FOUND', 'no models to derive a table from')
  const byName = new Map(checked.map((m) => [m.name, m]))
  const notes: string[] = []

  const plans: IndexPlan[] = []
  for (const model of checked) {
    const entity = buildEntity(model, byName, cfg)
    plans.push({ entity, ...modelIndexUses(model, entity, byName, cfg) })
  }
  // one edge entity per belongsToMany pair, owned by the alphabetically first model
  for (const model of checked) {
    for (const rel of model.relations) {
      if (rel.kind !== 'belongsToMany' || rel.model < model.name) continue
      const other = byName.get(rel.model) as ModelDefinition
      const edge = buildEdge(model, other, cfg)
      if (byName.has(edge.name)) {
        throw new SingleTableError(
          'DUPLICATE_ENTITY',
          `${model.name} belongsToMany ${other.name}: the edge entity "${edge.name}" has the name of an existing model (${byName.get(edge.name)?.source ?? edge.name}); rename that model`,
          { file: model.source, model: model.name, field: rel.field },
        )
      }
      const e = edge.edge as NonNullable<EntityDefinition['edge']>
      const otherPrefix = prefixOf(other, cfg)
      const ownerPrefix = prefixOf(model, cfg)
      plans.push({
        entity: edge,
        lsi: [],
        gsi: [{
          purpose: 'inverted',
          serves: `belongsToMany ${model.name} (inverted edge)`,
          pattern: patternNames.manyOf(other.name, model.name),
          pk: `${otherPrefix}${delimiter}{${e.otherKey}}`,
          sk: `${ownerPrefix}${delimiter}{${e.ownerKey}}`,
        }],
      })
      notes.push(
        `${model.name} ↔ ${other.name} (belongsToMany) is stored as ${edge.name} edge items: pk ${edge.keys.pk.template}, sk ${edge.keys.sk.template} in the ${model.name}'s item collection, ` +
          `inverted on the GSI (pk ${otherPrefix}${delimiter}{${e.otherKey}}) for the other direction. Edges carry both ids; read the related items with BatchGetItem.`,
      )
    }
  }

  const { gsis, lsis } = assignIndexes(plans, cfg)
  const entities = plans.map((p) => p.entity)
  checkKeyClashes(keySpaces(entities), (owner) => byName.get(owner)?.source)

  notes.unshift(...designNotes(entities, checked, cfg, gsis, lsis))
  const ttlAttributes = new Set(checked.flatMap((m) => (m.traits.useTtl ? [m.traits.useTtl.attribute ?? cfg.ttlAttribute] : [])))
  if (ttlAttributes.size > 1) {
    throw new SingleTableError(
      'INVALID_MODEL',
      `useTtl: a table has one TTL attribute but the models use ${[...ttlAttributes].join(', ')}; use the same attribute everywhere (singleTableDesign.ttlAttribute)`,
      { field: 'traits.useTtl' },
    )
  }
  const schema: DerivedSchema = { config: cfg, entities, table: createTableInput(cfg, gsis, lsis), notes }
  const [ttl] = ttlAttributes
  if (ttl) schema.ttl = { attribute: ttl }
  return schema
}

function modelIndexUses(
  model: ModelDefinition,
  entity: EntityDefinition,
  byName: ReadonlyMap<string, ModelDefinition>,
  cfg: ResolvedSingleTableConfig,
): { gsi: IndexUse[]; lsi: IndexUse[] } {
  const delimiter = cfg.delimiter
  const id = `{${model.primaryKey}}`
  const ordered = model.traits.useTimestamps ? `${entity.prefix}${delimiter}{createdAt}${delimiter}${id}` : `${entity.prefix}${delimiter}${id}`
  const gsi: IndexUse[] = [{
    purpose: 'listAll',
    serves: `list all (${entity.shards} write shards)`,
    pattern: patternNames.listAll(model.name),
    pk: `${entity.prefix}${delimiter}shard-{shard}`,
    sk: ordered,
  }]
  const lsi: IndexUse[] = []
  for (const rel of model.relations) {
    if (rel.kind !== 'belongsTo' || rel.model === entity.parent?.model) continue
    const parent = byName.get(rel.model) as ModelDefinition
    const one = parent.relations.some((r) => r.kind === 'hasOne' && r.model === model.name)
    gsi.push({
      purpose: 'relation',
      serves: `${rel.field} ${rel.model}`,
      pattern: patternNames.childrenOf(parent.name, model.name, one),
      pk: `${prefixOf(parent, cfg)}${delimiter}{${rel.foreignKey}}`,
      sk: ordered,
    })
  }
  const pkInputs = entity.keys.pk.inputs
  for (const index of model.indexes) {
    const use = { purpose: 'index' as const, serves: `index ${index.name}`, pattern: patternNames.byIndex(model.name, index, model.indexes) }
    const lead = index.columns.slice(0, pkInputs.length)
    if (index.columns.length > pkInputs.length && lead.join() === pkInputs.join()) {
      // same partition as the base key, another order: an LSI
      const rest = index.columns.slice(pkInputs.length).map((c) => `{${c}}`).join(delimiter)
      lsi.push({ ...use, sk: `${entity.prefix}${delimiter}${rest}${delimiter}${id}` })
      continue
    }
    const partition = index.columns.length === 1 ? index.columns : index.columns.slice(0, -1)
    const pk = `${entity.prefix}${delimiter}${partition.map((c) => `${c}${delimiter}{${c}}`).join(delimiter)}`
    const last = index.columns[index.columns.length - 1] as string
    const sk = index.columns.length === 1 ? `${entity.prefix}${delimiter}${id}` : `{${last}}${delimiter}${id}`
    gsi.push({ ...use, pk, sk })
  }
  return { gsi, lsi }
}

function keySpaces(entities: readonly EntityDefinition[]): KeySpaceEntry[] {
  const out: KeySpaceEntry[] = []
  for (const e of entities) {
    out.push({ owner: e.name, space: 'the table', pk: e.keys.pk.template, sk: e.keys.sk.template })
    for (const u of e.uniques) out.push({ owner: `${e.name} unique ${u.name}`, space: 'the table', pk: u.template, sk: u.template })
    for (const k of e.indexKeys) {
      out.push({ owner: e.name, space: k.index, pk: k.pk?.template ?? e.keys.pk.template, sk: k.sk.template })
    }
  }
  return out
}

function designNotes(
  entities: readonly EntityDefinition[],
  models: readonly ModelDefinition[],
  cfg: ResolvedSingleTableConfig,
  gsis: number,
  lsis: number,
): string[] {
  const delimiter = cfg.delimiter
  const notes: string[] = [
    `One table "${cfg.tableName}" (${cfg.partitionKey}/${cfg.sortKey}) holds ${entities.length} entity types; every item carries ${cfg.entityTypeAttribute} = its entity name.`,
    `${gsis} overloaded GSI${gsis === 1 ? '' : 's'} (GSI{n}PK/GSI{n}SK, projection ALL) shared by all entities${lsis ? ` and ${lsis} LSI${lsis === 1 ? '' : 's'} (sorts inside an item collection; item collections are then limited to 10 GB)` : ''}.`,
    `"List all" patterns are write-sharded: items spread over N partitions <ENTITY>${delimiter}shard-0..N-1 of GSI1 by a hash of the id; query every shard and merge. No entity type lives in one partition.`,
    'GSI keys are written only when every input is present (sparse indexes): nullable indexed attributes that are null and soft-deleted items (deletedAt set) carry no GSI keys.',
  ]
  for (const e of entities) {
    if (e.parent) {
      notes.push(
        `${e.name} items live in their ${e.parent.model}'s item collection (pk ${e.keys.pk.template}, sk ${e.keys.sk.template}): one Query returns a ${e.parent.model} with its ${e.name} items, and reading one by id needs ${e.parent.foreignKey}. ` +
          `All writes for one ${e.parent.model} share its partition (about 1,000 writes/s); set dynamodb.parent: false in the model for children written faster than that.`,
      )
    }
    for (const u of e.uniques) {
      notes.push(`${e.name}.${u.attributes.join('+')} is unique: each write puts a sentinel item ${u.template} in the same transaction (condition attribute_not_exists); the sentinel holds the owner's key.`)
    }
    if (e.kind === 'model' && e.idType === 'integer') {
      notes.push(`${e.name} uses autoIncrement: DynamoDB has no sequences, so the caller supplies the integer id (for example from a counter item updated with ADD); integers are zero-padded to 12 digits in keys so they sort numerically.`)
    }
  }
  for (const model of models) {
    for (const index of model.indexes) {
      const lead = index.columns.length === 1 ? index.columns : index.columns.slice(0, -1)
      const lowCardinality = lead.some((c) => model.attributes.find((a) => a.name === c)?.validation?.type === 'enum')
      const parentFk = entities.find((e) => e.name === model.name)?.parent?.foreignKey
      if (parentFk && !index.columns.includes(parentFk)) {
        notes.push(`${model.name} index ${index.name} partitions on ${lead.join(', ')} across every ${model.name} of every parent: one popular value is one index partition. For per-parent lists put ${parentFk} first in the columns (it then becomes an LSI).`)
      }
      if (lowCardinality) {
        notes.push(`${model.name} index ${index.name} partitions on ${lead.join(', ')}, which has few distinct values: fine for reads, but every write of one value goes to one index partition (hot at high write rates).`)
      }
    }
    for (const attr of model.attributes) {
      const unenforced = (attr.validation?.rules ?? []).map((r) => r.name).filter((r) => !ENFORCED_RULES.has(r))
      if (unenforced.length > 0) {
        notes.push(`${model.name}.${attr.name}: rule${unenforced.length === 1 ? '' : 's'} ${unenforced.join(', ')} recorded but not enforced by toItem.`)
      }
      if (attr.validation?.type === 'external') {
        notes.push(`${model.name}.${attr.name}: its validation rule comes from the real @stacksjs/validation and is not enforced by toItem (types, casts, required and enums still are).`)
      }
    }
    for (const trait of Object.keys(model.traits.other)) {
      notes.push(`${model.name}: trait ${trait} has no single-table effect.`)
    }
    for (const rel of model.relations) {
      if (rel.kind !== 'belongsTo') continue
      const parent = models.find((m) => m.name === rel.model)
      if (parent && !parent.relations.some((r) => (r.kind === 'hasMany' || r.kind === 'hasOne') && r.model === model.name)) {
        notes.push(`${model.name} belongsTo ${rel.model} without an inverse hasMany/hasOne on ${rel.model}: treated as hasMany.`)
      }
    }
    if (model.traits.useTtl) {
      notes.push(`${model.name} uses TTL on ${model.traits.useTtl.attribute ?? cfg.ttlAttribute} (epoch seconds); enable it with UpdateTimeToLive after CreateTable. DynamoDB deletes expired items lazily (typically within days): where an expired item must not show, filter on ${model.traits.useTtl.attribute ?? cfg.ttlAttribute} > now.`)
    }
    if (nestingParent(model, new Map(models.map((m) => [m.name, m]))) === undefined && model.dynamodb.pk !== undefined) {
      notes.push(`${model.name} uses its own key templates (dynamodb.pk/sk).`)
    }
  }
  return notes
}
