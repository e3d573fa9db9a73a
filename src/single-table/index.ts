/**
 * The single-table engine: Stacks models → entities, keys, indexes, access patterns, items.
 * models/ reads model files, design/ derives the table from them, items/ writes and reads items
 * of the derived entities; each folder imports only from the ones before it.
 */
export { loadModels, discoverModelFiles, type LoadModelsOptions } from './models/loader.ts'
export { normalizeModel, modelFromDefinition } from './models/normalize.ts'
export { validateModels, crossModelProblems } from './models/validate.ts'
export { installStacksShims, defineModel, schema, recordedSpec } from './models/stacks-shims.ts'
export { checkModels, type ModelCheck } from './check.ts'
export { loadDesign, designOf, type SingleTableDesign } from './load-design.ts'
export { deriveSchema } from './design/derive.ts'
export { resolveSingleTableConfig, DEFAULT_SINGLE_TABLE_CONFIG } from './design/config.ts'
export { accessPatterns, buildRequest, buildGetItem, buildQuery } from './design/access-patterns.ts'
export { renderAccessPatternsMarkdown, renderAccessPatternsJSON, renderSchemaMarkdown } from './design/render.ts'
export { shardOf } from './design/keys.ts'
export { toItem } from './items/to-item.ts'
export { fromItem } from './items/from-item.ts'
export { updateKeys, updateKeysWithRead } from './items/key-updates.ts'
export { uniqueItems, uniqueChanges } from './items/unique-items.ts'
export { baseKey } from './items/item-keys.ts'
export { createTransaction } from './items/writes.ts'
export { uuid, ulid } from './items/ids.ts'
export { SingleTableError, type SingleTableErrorCode, type SingleTableIssue } from './errors.ts'
export type * from './models/types.ts'
export type * from './design/types.ts'
export type * from './items/types.ts'
