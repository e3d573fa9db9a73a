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

export interface EngineOptions extends DatabaseOptions {
  /**
   * How long CREATING, UPDATING (and a new index's backfill) and DELETING last, in ms. 0 (the
   * default) makes every change ACTIVE at once; a few hundred ms lets tests exercise waiters.
   */
  lifecycleMs?: number
}

export type TableStatus = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE'

/** A table between states: what DescribeTable shows until the timer settles it. */
interface Transition {
  status: Exclude<TableStatus, 'ACTIVE'>
  /** GSIs still backfilling (IndexStatus CREATING). */
  creatingIndexes: string[]
  /** A DELETING table's metadata: its rows are already gone, only DescribeTable still sees it. */
  deleted?: TableMeta
  timer: ReturnType<typeof setTimeout>
}

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
  private readonly transitions = new Map<string, Transition>()
  readonly lifecycleMs: number

  constructor(options: EngineOptions = {}) {
    const lifecycleMs = options.lifecycleMs ?? 0
    if (!Number.isFinite(lifecycleMs) || lifecycleMs < 0) throw new TypeError(`lifecycleMs must be a number of milliseconds >= 0, got ${lifecycleMs}`)
    this.lifecycleMs = lifecycleMs
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

  /**
   * A table items can be read and written in. As DynamoDB documents it, a table that is not
   * ACTIVE (CREATING, DELETING) is ResourceNotFoundException here; UPDATING tables serve items.
   */
  table(name: unknown): TableMeta {
    const meta = typeof name === 'string' ? this.findTable(name) : undefined
    if (!meta) throw new LocalError('ResourceNotFoundException', 'Requested resource not found')
    return meta
  }

  /** A table in any state, a DELETING one included (DescribeTable, DeleteTable, UpdateTable). */
  tableInAnyState(name: unknown): TableMeta {
    const meta = typeof name === 'string' ? (this.tables.get(name) ?? this.transitions.get(name)?.deleted) : undefined
    if (!meta) throw new LocalError('ResourceNotFoundException', 'Requested resource not found')
    return meta
  }

  tableStatus(name: string): TableStatus {
    return this.transitions.get(name)?.status ?? 'ACTIVE'
  }

  /** Whether a GSI is still backfilling (IndexStatus CREATING). */
  indexCreating(table: string, index: string): boolean {
    return this.transitions.get(table)?.creatingIndexes.includes(index) ?? false
  }

  /** ResourceInUseException, in DynamoDB's wording, when the table is mid-change. */
  assertChangeable(name: string): void {
    const status = this.tableStatus(name)
    if (status === 'ACTIVE') return
    const doing = status === 'CREATING' ? 'created' : status === 'UPDATING' ? 'updated' : 'deleted'
    throw new LocalError('ResourceInUseException', `Attempt to change a resource which is still in use: Table is being ${doing}: ${name}`)
  }

  /**
   * Puts a table in a transient state for lifecycleMs (nothing happens when it is 0). A deleted
   * table's metadata is kept so DescribeTable answers DELETING until the time is up.
   */
  beginTransition(meta: TableMeta, status: Transition['status'], creatingIndexes: string[] = []): void {
    if (this.lifecycleMs <= 0) return
    clearTimeout(this.transitions.get(meta.name)?.timer)
    // unref: a pending state change never keeps the process alive.
    const timer = setTimeout(() => this.transitions.delete(meta.name), this.lifecycleMs)
    timer.unref()
    const transition: Transition = { status, creatingIndexes, timer }
    if (status === 'DELETING') transition.deleted = meta
    this.transitions.set(meta.name, transition)
  }

  /** Like `table`, undefined instead of throwing: CREATING and DELETING tables are not found. */
  findTable(name: string): TableMeta | undefined {
    const status = this.tableStatus(name)
    return status === 'CREATING' || status === 'DELETING' ? undefined : this.tables.get(name)
  }

  /** Every table ListTables shows: DynamoDB lists a DELETING table until it is gone. */
  tableNames(): string[] {
    const deleting = [...this.transitions.values()].flatMap((t) => (t.deleted ? [t.deleted.name] : []))
    return [...this.tables.keys(), ...deleting].sort()
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
      tables: [...this.tables.keys()].sort().map((name) => {
        const { n, bytes } = this.store.count(this.tables.get(name)!.id, 0)
        return { name, itemCount: n, sizeBytes: bytes }
      }),
    }
  }

  close(): void {
    for (const t of this.transitions.values()) clearTimeout(t.timer)
    this.transitions.clear()
    // true: finalize every statement now, so the file lock is released at once, not at garbage collection.
    this.db.close(true)
  }
}
