/**
 * `dynamo` / `createDynamo()`: the entity-centric front door. Register models (definitions or a
 * folder), connect, then work in keys: `dynamo.entity('User').pk('USER#1').get()`. The design is
 * derived from the registered models by the same `deriveSchema` the ORM and CLI use.
 */
import { DynamoDBClient, type DynamoDBClientOptions } from '../dynamodb/client.ts'
import { DocumentClient } from '../dynamodb/document.ts'
import type { Item } from '../dynamodb/document.ts'
import { deriveSchema } from '../single-table/design/derive.ts'
import type { DerivedSchema, EntityDefinition, SingleTableConfig } from '../single-table/design/types.ts'
import { toItem } from '../single-table/items/to-item.ts'
import { loadModels } from '../single-table/models/loader.ts'
import { modelFromDefinition } from '../single-table/models/normalize.ts'
import type { ModelDefinition } from '../single-table/models/types.ts'
import { validateModels } from '../single-table/models/validate.ts'
import { EntityHandle } from './entity.ts'
import { EntityError } from './errors.ts'

export interface DynamoConnection extends DynamoDBClientOptions {
  table: string
  /** Single-table design settings (key prefixes, shards...), as in `singleTableDesign` of the config. */
  design?: Omit<SingleTableConfig, 'tableName'>
}

export interface Dynamo {
  /** Connects (or reconnects): the previous client is closed. A DocumentClient may be passed as `client`. */
  connection(options: DynamoConnection & { client?: DocumentClient }): Dynamo
  /** One model definition (`defineModel(...)`, a plain Stacks object or a module with a default export). */
  registerModel(definition: object): Dynamo
  /** Every model file of a folder, loaded like `dbtooling models`. */
  registerModel(folder: string): Promise<Dynamo>
  /** The full item for `data` (every key and the entity type), without writing it. */
  createItem(entity: string, data: Record<string, unknown>): Item
  entity(name: string): EntityHandle
  /** The design derived from the registered models: `schema().table` is the CreateTable input. */
  schema(): DerivedSchema
  readonly doc: DocumentClient
  readonly table: string
  close(): void
}

export function createDynamo(options?: DynamoConnection & { client?: DocumentClient }): Dynamo {
  const models = new Map<string, ModelDefinition>()
  let connection: (DynamoConnection & { doc: DocumentClient; owned: boolean }) | undefined
  let derived: DerivedSchema | undefined

  const connected = () => {
    if (!connection) throw new EntityError('NOT_CONNECTED', 'not connected: call dynamo.connection({ table, region, endpoint? }) first', 'connection')
    return connection
  }
  const add = (list: readonly ModelDefinition[]) => {
    for (const m of list) models.set(m.name, m)
    derived = undefined
  }
  const schema = (): DerivedSchema => {
    if (!derived) {
      const c = connected()
      derived = deriveSchema(validateModels([...models.values()]), { ...c.design, tableName: c.table })
    }
    return derived
  }
  const entityOf = (name: string): EntityDefinition => {
    const found = schema().entities.find((e) => e.name === name)
    if (!found) throw new EntityError('UNKNOWN_ENTITY', `no entity named ${name}; registered: ${schema().entities.map((e) => e.name).join(', ') || 'none (call registerModel first)'}`, 'entity')
    return found
  }

  const dynamo: Dynamo = {
    connection(opts) {
      if (connection?.owned) connection.doc.close()
      const { client, table, design, ...clientOptions } = opts
      connection = { ...opts, table, design, doc: client ?? new DocumentClient(new DynamoDBClient(clientOptions)), owned: !client }
      derived = undefined
      return dynamo
    },
    registerModel: ((definition: string | object) => {
      if (typeof definition === 'string') return loadModels(definition).then((list) => (add(list), dynamo))
      add([modelFromDefinition(definition)])
      return dynamo
    }) as Dynamo['registerModel'],
    createItem: (name, data) => toItem(entityOf(name), data),
    entity(name) {
      const c = connected()
      return new EntityHandle({ doc: c.doc, table: c.table, entity: entityOf(name) })
    },
    schema,
    get doc() {
      return connected().doc
    },
    get table() {
      return connected().table
    },
    close() {
      if (connection?.owned) connection.doc.close()
      connection = undefined
    },
  }
  if (options) dynamo.connection(options)
  return dynamo
}

/** The default instance: `import { dynamo } from 'dbtooling'`. */
export const dynamo: Dynamo = createDynamo()
