/** Every operation the engine answers, by wire name. */
import type { Engine } from '../engine.ts'
import { batchOperations } from './batch.ts'
import { itemOperations } from './items.ts'
import { partiqlOperations } from './partiql.ts'
import { readOperations } from './query.ts'
import { streamOperations } from './streams.ts'
import { tableOperations } from './tables.ts'
import { tagOperations } from './tags.ts'
import { transactOperations } from './transact.ts'
import { ttlOperations } from './ttl.ts'

export function registerAll(engine: Engine): Engine {
  return engine.register({
    ...tableOperations,
    ...itemOperations,
    ...readOperations,
    ...batchOperations,
    ...transactOperations,
    ...ttlOperations,
    ...tagOperations,
    ...streamOperations,
    ...partiqlOperations,
  })
}
