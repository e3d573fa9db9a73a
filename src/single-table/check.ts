/**
 * `checkModels(path, config)`: everything `loadModels` → `deriveSchema` → `accessPatterns` would
 * reject, collected instead of thrown at the first problem, for a CI step (`ci:validate`).
 */
import { relative } from 'node:path'
import { accessPatterns } from './design/access-patterns.ts'
import { deriveSchema } from './design/derive.ts'
import { SingleTableError } from './errors.ts'
import { loadModelFile, modelFilesUnder, type LoadModelsOptions } from './models/loader.ts'
import { installStacksShims } from './models/stacks-shims.ts'
import type { ModelDefinition } from './models/types.ts'
import type { AccessPattern, DerivedSchema, SingleTableConfig } from './design/types.ts'
import { crossModelProblems } from './models/validate.ts'

export interface ModelCheck {
  /** Models that loaded (all of them when `problems` is empty). */
  models: ModelDefinition[]
  /** Present when the models derive a table. */
  schema?: DerivedSchema
  patterns?: AccessPattern[]
  problems: SingleTableError[]
}

const asProblem = (error: unknown, file?: string): SingleTableError =>
  error instanceof SingleTableError
    ? error
    : new SingleTableError('INVALID_MODEL', `${file ? `${file}: ` : ''}${error instanceof Error ? error.message : String(error)}`, { file, cause: error })

export async function checkModels(path = 'app/models', config: SingleTableConfig = {}, options: LoadModelsOptions = {}): Promise<ModelCheck> {
  const cwd = options.cwd ?? process.cwd()
  let found: { dir: string; files: string[] }
  try {
    found = modelFilesUnder(path, cwd)
  } catch (error) {
    return { models: [], problems: [asProblem(error)] }
  }
  const { dir, files } = found
  if (options.shims !== false) installStacksShims(dir)

  const loaded: ModelDefinition[] = []
  const problems: SingleTableError[] = []
  for (const file of files) {
    const shown = relative(cwd, file) || file
    try {
      loaded.push(...(await loadModelFile(file, shown)))
    } catch (error) {
      problems.push(asProblem(error, shown))
    }
  }
  const cross = crossModelProblems(loaded)
  problems.push(...cross.problems)
  const result: ModelCheck = { models: cross.models, problems }
  // the derivation needs a consistent model set: run it only when the models are sound
  if (problems.length > 0) return result
  try {
    result.schema = deriveSchema(cross.models, config)
    result.patterns = accessPatterns(result.schema)
  } catch (error) {
    problems.push(asProblem(error))
  }
  return result
}
