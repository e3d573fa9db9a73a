/** Makes `new DynamoDBClient({ endpoint: 'local' })` use the embedded engine, in-process (with its TTL sweeper). */
import { registerLocalEngine } from '../dynamodb/client.ts'
import { openLocal } from './server.ts'

registerLocalEngine(options => openLocal(options.inMemory ? { inMemory: true } : { dbPath: options.dbPath ?? '.dbtooling/local.sqlite' }))
