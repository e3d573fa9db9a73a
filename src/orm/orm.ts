/**
 * `createOrm()`: the models (a folder, or definitions imported from model files) become model
 * classes over one DocumentClient, one table and one derived design.
 */
import { resolveConfig, type DbtoolingConfig, type ResolvedConfig } from '../config.ts'
import { DynamoDBClient, type DynamoDBClientOptions } from '../dynamodb/client.ts'
import { DocumentClient } from '../dynamodb/document.ts'
import { designOf } from '../single-table/load-design.ts'
import type { AccessPattern, DerivedSchema, EntityDefinition } from '../single-table/design/types.ts'
import { loadModels } from '../single-table/models/loader.ts'
import { modelFromDefinition } from '../single-table/models/normalize.ts'
import type { ModelDefinition } from '../single-table/models/types.ts'
import { validateModels } from '../single-table/models/validate.ts'
import { OrmError } from './errors.ts'
import { EventRegistry } from './events.ts'
import { transaction } from './execute.ts'
import type { AnyModel, Model } from './model.ts'
import type { OrmOptions, OrmRuntime } from './runtime.ts'
import { BaseModel } from './statics.ts'
import type { ModelInput, TypedModels } from './types.ts'

export interface CreateOrmOptions {
  /** A models folder (loaded like `dbtooling models`), or model definitions (`{ User, Post }` or a list). */
  models: string | Readonly<Record<string, unknown>> | readonly unknown[]
  /** A DocumentClient, client options, or nothing: the config file and environment decide, else the embedded engine. */
  client?: DocumentClient | DynamoDBClient | DynamoDBClientOptions
  /** Table name (default: the config's). */
  table?: string
  /** Config to resolve instead of looking for dbtooling.config.ts. */
  config?: DbtoolingConfig
  cwd?: string
  /** What mass assignment does with an attribute that is not fillable (default 'throw'). */
  massAssignment?: OrmOptions['massAssignment']
  /** The clock for timestamps, ids and TTL defaults. */
  now?: () => Date
}

/** A generated model class: the statics of BaseModel, instances with one accessor per attribute. */
export type ModelClass = typeof BaseModel

/** `C` maps model names to classes: typed for literal definitions, `ModelClass` for a folder. */
export interface Orm<C extends Readonly<Record<string, unknown>> = Readonly<Record<string, ModelClass>>> {
  readonly models: C
  model<K extends keyof C & string>(name: K): C[K]
  /** Model writes inside `fn` commit in one TransactWriteItems (≤ 100 actions) or not at all. */
  transaction<T>(fn: () => Promise<T>): Promise<T>
  readonly doc: DocumentClient
  readonly table: string
  /** The derived design: `schema.table` is the CreateTable input. */
  readonly schema: DerivedSchema
  readonly patterns: readonly AccessPattern[]
  readonly config: ResolvedConfig
  close(): void
}

export async function createOrm<const M extends Readonly<Record<string, ModelInput>>>(options: CreateOrmOptions & { models: M }): Promise<Orm<TypedModels<M>>>
/** Models from a folder: untyped, or typed by the `Models` that `dbtooling models:types` writes. */
export async function createOrm<C extends Readonly<Record<string, unknown>> = Readonly<Record<string, ModelClass>>>(options: CreateOrmOptions): Promise<Orm<C>>
export async function createOrm(options: CreateOrmOptions): Promise<Orm<Readonly<Record<string, unknown>>>> {
  const cwd = options.cwd ?? process.cwd()
  const config = await resolveConfig({ cwd, ...(options.config ? { file: options.config } : {}) })
  const table = options.table ?? config.tableName
  const definitions = await modelDefinitions(options.models, cwd)
  const { schema, patterns } = designOf(definitions, { ...config.singleTableDesign, tableName: table })
  const { doc, owned } = documentClient(options.client, config)
  const runtime: OrmRuntime = {
    doc,
    table,
    schema,
    patterns,
    options: { massAssignment: options.massAssignment ?? 'throw' },
    now: options.now ?? (() => new Date()),
  }
  const models: Record<string, ModelClass> = {}
  for (const entity of schema.entities) if (entity.kind === 'model') models[entity.name] = modelClass(entity, runtime)
  return {
    models: Object.freeze(models),
    model<K extends string>(name: K): ModelClass {
      const found = models[name]
      if (!found) throw new OrmError('UnknownModel', `no model named ${name}; models: ${Object.keys(models).join(', ')}`)
      return found
    },
    transaction: <T>(fn: () => Promise<T>) => transaction(doc, fn),
    doc,
    table,
    schema,
    patterns,
    config,
    close: () => {
      if (owned) doc.close()
    },
  }
}

async function modelDefinitions(models: CreateOrmOptions['models'], cwd: string): Promise<ModelDefinition[]> {
  if (typeof models === 'string') return loadModels(models, { cwd })
  const raw = Array.isArray(models) ? models : Object.entries(models).map(([name, def]) => ({ name, def }))
  const normalized = raw.map((entry: unknown) => {
    const { name, def } = typeof entry === 'object' && entry !== null && 'def' in entry ? (entry as { name: string; def: unknown }) : { name: undefined, def: entry }
    return modelFromDefinition(def, name)
  })
  return validateModels(normalized)
}

function documentClient(client: CreateOrmOptions['client'], config: ResolvedConfig): { doc: DocumentClient; owned: boolean } {
  if (client instanceof DocumentClient) return { doc: client, owned: false }
  if (client instanceof DynamoDBClient) return { doc: new DocumentClient(client), owned: false }
  const nothingConfigured = !config.endpoint && !config.configFile && !config.profile && !config.credentials
  const options: DynamoDBClientOptions = client ?? {
    region: config.region,
    endpoint: config.endpoint ?? (nothingConfigured ? 'local' : undefined),
    profile: config.profile,
    credentials: config.credentials,
    maxAttempts: config.maxAttempts,
    timeoutMs: config.timeoutMs,
  }
  return { doc: new DocumentClient(new DynamoDBClient(options)), owned: true }
}

/** One class per model: BaseModel's statics, its own events and scopes, an accessor per attribute. */
function modelClass(entity: EntityDefinition, runtime: OrmRuntime): ModelClass {
  const cls = { [entity.name]: class extends BaseModel {} }[entity.name]!
  cls.meta = { entity, runtime, events: new EventRegistry<AnyModel>() }
  cls.globalScopes = new Map()
  cls.localScopes = new Map()
  for (const attr of entity.attributes) {
    if (attr.name in cls.prototype) continue
    Object.defineProperty(cls.prototype, attr.name, {
      get(this: Model) {
        return this.getAttribute(attr.name)
      },
      set(this: Model, value: unknown) {
        this.setAttribute(attr.name, value)
      },
      enumerable: true,
      configurable: true,
    })
  }
  return cls
}
