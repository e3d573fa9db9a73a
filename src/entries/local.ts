/**
 * `dbtooling/local`: the embedded DynamoDB-compatible engine (bun:sqlite + Bun.serve), over HTTP
 * (`startLocal`) or in-process (`openLocal`, `createHandler`). `new DynamoDBClient({ endpoint:
 * 'local' })` does not need this import: the client loads the engine itself.
 */
export { startLocal, createHandler, openLocal } from '../local/server.ts'
export type { StartLocalOptions, LocalServer, InProcessEngine, Handler as LocalHandler } from '../local/server.ts'
export { Engine as LocalEngine } from '../local/engine.ts'
export type { EngineOptions as LocalEngineOptions, EngineStats as LocalEngineStats } from '../local/engine.ts'
export { LocalError } from '../local/errors.ts'
