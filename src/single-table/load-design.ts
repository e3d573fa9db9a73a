/**
 * `loadDesign(path, config)`: models folder → models, derived schema and access patterns, the one
 * call behind the models commands of the CLI (and the MCP server and studio after it). Prints
 * nothing; errors are thrown as `SingleTableError`s.
 */
import { accessPatterns } from './design/access-patterns.ts'
import { deriveSchema } from './design/derive.ts'
import type { AccessPattern, DerivedSchema, SingleTableConfig } from './design/types.ts'
import { loadModels, type LoadModelsOptions } from './models/loader.ts'
import type { ModelDefinition } from './models/types.ts'

export interface SingleTableDesign {
  models: ModelDefinition[]
  schema: DerivedSchema
  patterns: AccessPattern[]
}

/** Pass `resolveConfig()`'s `singleTableDesign` as `config` to get the design the CLI shows. */
export async function loadDesign(path: string, config: SingleTableConfig = {}, options: LoadModelsOptions = {}): Promise<SingleTableDesign> {
  return designOf(await loadModels(path, options), config)
}

/** The design of models already in hand (loaded, or given in code). */
export function designOf(models: ModelDefinition[], config: SingleTableConfig = {}): SingleTableDesign {
  const schema = deriveSchema(models, config)
  return { models, schema, patterns: accessPatterns(schema) }
}
