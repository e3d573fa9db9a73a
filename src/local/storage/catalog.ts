/**
 * The `tables` table: each table's metadata as JSON. The engine keeps the catalog in memory and
 * writes through here; nothing else reads or writes these rows.
 */
import type { Database, Statement } from 'bun:sqlite'
import type { TableMeta } from './types.ts'

export class CatalogRows {
  private readonly all: Statement<{ meta: string }, []>
  private readonly save: Statement
  private readonly maxId: Statement<{ id: number | null }, []>
  private readonly remove: Statement

  constructor(db: Database) {
    this.all = db.prepare('SELECT meta FROM tables')
    this.save = db.prepare('INSERT OR REPLACE INTO tables (id, name, meta) VALUES (?1, ?2, ?3)')
    this.maxId = db.prepare('SELECT max(id) AS id FROM tables')
    this.remove = db.prepare('DELETE FROM tables WHERE id = ?1')
  }

  /** Every table's metadata as stored. */
  load(): TableMeta[] {
    return this.all.all().map((row) => JSON.parse(row.meta) as TableMeta)
  }

  /** Inserts or replaces a table's metadata. */
  put(meta: TableMeta): void {
    this.save.run(meta.id, meta.name, JSON.stringify(meta))
  }

  /** A table id never used by a stored table. */
  nextId(): number {
    return (this.maxId.get()?.id ?? 0) + 1
  }

  delete(id: number): void {
    this.remove.run(id)
  }
}
