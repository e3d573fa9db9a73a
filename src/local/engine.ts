/**
 * The engine: one SQLite database, the table catalog kept in memory, and the map from
 * operation name to handler. Handlers are synchronous; JavaScript runs one request at a time,
 * so each operation is isolated, and multi-row writes run in one SQLite transaction.
 */
import type { Database } from 'bun:sqlite'
import { LocalError } from './errors.ts'
import { CatalogRows } from './storage/catalog.ts'
import { openDatabase, type DatabaseOptions } from './storage/database.ts'
import { RequestTokens } from './storage/request-tokens.ts'
import { Store } from './storage/store.ts'
import type { TableMeta } from './storage/types.ts'

export type Operation = (engine: Engine, input: Record<string, unknown>) => unknown

/** An operation's answer already serialized (Query/Scan pass stored items through untouched). */
export class RawJson {
  constructor(readonly text: string) {}
}

export interface EngineOptions extends DatabaseOptions {}

export interface EngineStats {
  dbPath: string
  tables: { name: string; itemCount: number; sizeBytes: number }[]
}

export class Engine {
  readonly store: Store
  readonly requestTokens: RequestTokens
  private readonly db: Database
  private readonly catalog: CatalogRows
  readonly dbPath: string
  private readonly tables = new Map<string, TableMeta>()
  private readonly operations = new Map<string, Operation>()

  constructor(options: EngineOptions = {}) {
    this.db = openDatabase(options)
    this.dbPath = options.inMemory ? ':memory:' : (options.dbPath ?? '.dbtooling/local.sqlite')
    this.store = new Store(this.db)
    this.requestTokens = new RequestTokens(this.db)
    this.catalog = new CatalogRows(this.db)
    for (const meta of this.catalog.load()) this.tables.set(meta.name, meta)
  }

  register(ops: Record<string, Operation>): this {
    for (const [name, op] of Object.entries(ops)) this.operations.set(name, op)
    return this
  }

  /** Runs one operation by its wire name (`GetItem`, ...); throws LocalError. */
  execute(operation: string, input: Record<string, unknown>): unknown {
    const output = this.executeRaw(operation, input)
    return output instanceof RawJson ? JSON.parse(output.text) : output
  }

  /** Like execute, but may answer with pre-serialized JSON (the server's path). */
  executeRaw(operation: string, input: Record<string, unknown>): unknown {
    const op = this.operations.get(operation)
    if (!op) throw new LocalError('UnknownOperationException', 'An unknown operation was requested.')
    return op(this, input)
  }

  hasOperation(operation: string): boolean {
    return this.operations.has(operation)
  }

  table(name: unknown): TableMeta {
    const meta = typeof name === 'string' ? this.tables.get(name) : undefined
    if (!meta) throw new LocalError('ResourceNotFoundException', 'Requested resource not found')
    return meta
  }

  findTable(name: string): TableMeta | undefined {
    return this.tables.get(name)
  }

  tableNames(): string[] {
    return [...this.tables.keys()].sort()
  }

  allTables(): TableMeta[] {
    return [...this.tables.values()]
  }

  /** Saves (inserts or replaces) a table's metadata. */
  saveTable(meta: TableMeta): void {
    this.catalog.put(meta)
    this.tables.set(meta.name, meta)
  }

  nextTableId(): number {
    return this.catalog.nextId()
  }

  removeTable(meta: TableMeta): void {
    this.store.transaction(() => {
      this.catalog.delete(meta.id)
      this.store.dropTable(meta.id)
    })
    this.tables.delete(meta.name)
  }

  stats(): EngineStats {
    return {
      dbPath: this.dbPath,
      tables: this.tableNames().map((name) => {
        const { n, bytes } = this.store.count(this.tables.get(name)!.id, 0)
        return { name, itemCount: n, sizeBytes: bytes }
      }),
    }
  }

  close(): void {
    // true: finalize every statement now, so the file lock is released at once, not at garbage collection.
    this.db.close(true)
  }
}
