/**
 * Checks across models: names are unique, relations point at models that exist, and the
 * relations that need an inverse have one. Returns the models sorted by name, with each
 * `hasOne`/`hasMany` foreign key taken from the inverse `belongsTo` (the child holds it).
 */
import { SingleTableError, where } from '../errors.ts'
import type { ModelDefinition, RelationDefinition } from './types.ts'

/** Every cross-model problem (not just the first), and the models resolved as far as possible. */
export function crossModelProblems(models: readonly ModelDefinition[]): { models: ModelDefinition[]; problems: SingleTableError[] } {
  const problems: SingleTableError[] = []
  const byName = new Map<string, ModelDefinition>()
  for (const model of models) {
    const seen = byName.get(model.name)
    if (seen) {
      problems.push(
        new SingleTableError(
          'DUPLICATE_ENTITY',
          `${where(model.name, model.source, 'name')}entity name "${model.name}" is already used by ${seen.source ?? 'another model'}; rename one of them`,
          { file: model.source, model: model.name, field: 'name' },
        ),
      )
      continue
    }
    byName.set(model.name, model)
  }

  const problem = (code: 'UNKNOWN_RELATION_MODEL' | 'MISSING_INVERSE_RELATION', model: ModelDefinition, rel: RelationDefinition, message: string): RelationDefinition => {
    problems.push(new SingleTableError(code, `${where(model.name, model.source, rel.field)}${message}`, { file: model.source, model: model.name, field: rel.field }))
    return rel
  }

  const out: ModelDefinition[] = []
  for (const model of byName.values()) {
    const relations = model.relations.map((rel) => {
      const target = byName.get(rel.model)
      if (!target) {
        const hint = [...byName.keys()].find((n) => n.toLowerCase() === rel.model.toLowerCase())
        return problem(
          'UNKNOWN_RELATION_MODEL',
          model,
          rel,
          `${rel.kind} "${rel.model}" is not a known model${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${[...byName.keys()].sort().join(', ')}`,
        )
      }
      if (rel.kind === 'hasOne' || rel.kind === 'hasMany') {
        // the child stores the parent's id, so it must say belongsTo
        const inverse = target.relations.find((r) => r.kind === 'belongsTo' && r.model === model.name)
        if (!inverse) {
          return problem(
            'MISSING_INVERSE_RELATION',
            model,
            rel,
            `${rel.kind} ${target.name} needs the inverse relation: add belongsTo: ['${model.name}'] to ${target.name}${target.source ? ` (${target.source})` : ''}`,
          )
        }
        return { ...rel, foreignKey: inverse.foreignKey }
      }
      if (rel.kind === 'belongsToMany') {
        if (target === model) return problem('MISSING_INVERSE_RELATION', model, rel, 'a model can not belongToMany itself')
        const inverse = target.relations.find((r) => r.kind === 'belongsToMany' && r.model === model.name)
        if (!inverse) {
          return problem(
            'MISSING_INVERSE_RELATION',
            model,
            rel,
            `belongsToMany ${target.name} needs the inverse relation: add belongsToMany: ['${model.name}'] to ${target.name}${target.source ? ` (${target.source})` : ''}`,
          )
        }
      }
      return rel
    })
    out.push({ ...model, relations })
  }
  return { models: out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), problems }
}

/** The checked models; throws the first cross-model problem. */
export function validateModels(models: readonly ModelDefinition[]): ModelDefinition[] {
  const { models: out, problems } = crossModelProblems(models)
  if (problems[0]) throw problems[0]
  return out
}
