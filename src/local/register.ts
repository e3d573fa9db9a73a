/** Makes `new DynamoDBClient({ endpoint: 'local' })` use the embedded engine, in-process. */
import { registerLocalEngine } from '../dynamodb/client.ts'
import { Engine } from './engine.ts'
import { createHandler } from './server.ts'

registerLocalEngine(options => {
  const engine = new Engine(options.inMemory ? { inMemory: true } : { dbPath: options.dbPath ?? '.dbtooling/local.sqlite' })
  return { fetch: createHandler(engine), close: () => engine.close() }
})
