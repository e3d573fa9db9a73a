/**
 * Row-level access to the `entries` table: read one item, write one item (keeping every index
 * and the stream in step), and ordered range reads for Query and Scan. Callers wrap multi-item
 * work in `store.transaction`. The engine's SQL lives in this folder: catalog.ts (table metadata),
 * stream-log.ts (stream records), request-tokens.ts (idempotency tokens).
 */
import type { Database, SQLQueryBindings, Statement } from 'bun:sqlite'
import type { AttributeMap } from '../../dynamodb/attribute-value.ts'
import { EMPTY, entryKey, type EntryKey, pickKey, projectForIndex } from './keys.ts'
import { itemSize } from '../../dynamodb/value-rules.ts'
import { StreamLog, type StreamEvent } from './stream-log.ts'
import type { TableMeta } from './types.ts'


export interface Row {
  hh: number
  hk: Uint8Array
  rk: Uint8Array
  thk: Uint8Array
  trk: Uint8Array
  size: number
  item: string
}

/** Position of a row in its index; reads resume strictly after (or before) it. */
export interface Position {
  hh: number
  hk: Uint8Array
  rk: Uint8Array
  thk: Uint8Array
  trk: Uint8Array
}

export interface Bound {
  value: Uint8Array
  inclusive: boolean
}

const COLUMNS = 'hh, hk, rk, thk, trk, size, item'

/**
 * A row as Query and Scan read it: the stored item JSON and its size. Only these two columns, as
 * arrays (`.values()`): building row objects with five key blobs each was about half the server's
 * CPU on Query. Callers derive resume positions from the item's own key attributes.
 */
export type ItemRow = [item: string, size: number]

export class Store {
  readonly transaction: <T>(fn: () => T) => T
  readonly streams: StreamLog
  private readonly getRow: Statement<{ size: number; item: string }>
  private readonly putRow: Statement
  private readonly deleteRow: Statement
  private readonly countRows: Statement<{ n: number; bytes: number }>

  constructor(private readonly db: Database) {
    this.getRow = db.prepare('SELECT size, item FROM entries WHERE tid = ?1 AND ix = 0 AND hh = ?2 AND hk = ?3 AND rk = ?4 AND thk = ?5 AND trk = ?5')
    this.putRow = db.prepare('INSERT OR REPLACE INTO entries (tid, ix, hh, hk, rk, thk, trk, size, ttl, item) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)')
    this.deleteRow = db.prepare('DELETE FROM entries WHERE tid = ?1 AND ix = ?2 AND hh = ?3 AND hk = ?4 AND rk = ?5 AND thk = ?6 AND trk = ?7')
    this.streams = new StreamLog(db)
    this.countRows = db.prepare('SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM entries WHERE tid = ?1 AND ix = ?2')
    const tx = (fn: () => unknown) => db.transaction(fn)()
    this.transaction = tx as <T>(fn: () => T) => T
  }

  get(table: TableMeta, key: EntryKey): AttributeMap | undefined {
    const row = this.getRow.get(table.id, key.hh, key.hk, key.rk, EMPTY)
    return row ? (JSON.parse(row.item) as AttributeMap) : undefined
  }

  /**
   * Replaces (or with `next` undefined, deletes) the item at `key`, updating index rows and
   * recording a stream event. `old` must be the item currently stored there.
   */
  write(table: TableMeta, key: EntryKey, old: AttributeMap | undefined, next: AttributeMap | undefined, userIdentity?: StreamEvent['userIdentity']): void {
    if (!old && !next) return
    for (const index of table.indexes) {
      const before = old ? entryKey(old, index.key) : undefined
      if (before) this.deleteRow.run(table.id, index.id, before.hh, before.hk, before.rk, key.hk, key.rk)
    }
    if (next) {
      const size = itemSize(next)
      this.putRow.run(table.id, 0, key.hh, key.hk, key.rk, EMPTY, EMPTY, size, ttlOf(table, next), JSON.stringify(next))
      for (const index of table.indexes) {
        const at = entryKey(next, index.key)
        if (!at) continue
        const projected = projectForIndex(next, table, index)
        const psize = projected === next ? size : itemSize(projected)
        this.putRow.run(table.id, index.id, at.hh, at.hk, at.rk, key.hk, key.rk, psize, null, JSON.stringify(projected))
      }
    } else {
      this.deleteRow.run(table.id, 0, key.hh, key.hk, key.rk, EMPTY, EMPTY)
    }
    if (table.stream?.enabled) {
      const event: StreamEvent = { id: crypto.randomUUID(), name: !old ? 'INSERT' : !next ? 'REMOVE' : 'MODIFY', keys: pickKey((next ?? old)!, table.key) }
      if (old) event.oldImage = old
      if (next) event.newImage = next
      if (userIdentity) event.userIdentity = userIdentity
      this.streams.append(table.id, Date.now() / 1000, event)
    }
  }

  /** Rows of one partition in sort-key order, `limit` at a time. */
  partition(table: TableMeta, ix: number, hh: number, hk: Uint8Array, lo: Bound | undefined, hi: Bound | undefined, forward: boolean, after: Position | undefined, limit: number): ItemRow[] {
    const where = ['tid = ?1', 'ix = ?2', 'hh = ?3', 'hk = ?4']
    const params: unknown[] = [table.id, ix, hh, hk]
    // A bound the resume position already satisfies is left out: next to it SQLite seeks by the bound
    // and filters every row up to the position, which makes each page of a long range cost O(n).
    if (after && forward && lo && satisfies(after.rk, lo, 1)) lo = undefined
    if (after && !forward && hi && satisfies(after.rk, hi, -1)) hi = undefined
    if (lo) {
      params.push(lo.value)
      where.push(`rk ${lo.inclusive ? '>=' : '>'} ?${params.length}`)
    }
    if (hi) {
      params.push(hi.value)
      where.push(`rk ${hi.inclusive ? '<=' : '<'} ?${params.length}`)
    }
    if (after) {
      params.push(after.rk, after.thk, after.trk)
      const n = params.length
      where.push(`(rk, thk, trk) ${forward ? '>' : '<'} (?${n - 2}, ?${n - 1}, ?${n})`)
    }
    params.push(limit)
    const dir = forward ? 'ASC' : 'DESC'
    const sql = `SELECT item, size FROM entries WHERE ${where.join(' AND ')} ORDER BY rk ${dir}, thk ${dir}, trk ${dir} LIMIT ?${params.length}`
    return this.db.query<unknown, SQLQueryBindings[]>(sql).values(...(params as SQLQueryBindings[])) as ItemRow[]
  }

  /** Items of a whole table or index in scan order (partition hash, then keys). */
  scan(table: TableMeta, ix: number, hhFrom: number, hhTo: number, after: Position | undefined, limit: number): ItemRow[] {
    return this.scanQuery('item, size', after, hhFrom).values(...this.scanParams(table, ix, hhFrom, hhTo, after, limit)) as ItemRow[]
  }

  /** Full rows (with their storage keys) in scan order, for maintenance passes over a table. */
  private scanRows(table: TableMeta, ix: number, after: Position | undefined, limit: number): Row[] {
    return this.scanQuery(COLUMNS, after, 0).all(...this.scanParams(table, ix, 0, 2 ** 32, after, limit)) as Row[]
  }

  // With a resume position, the position alone starts the range (`hh >= from` beside it would make
  // SQLite seek by hh and filter every row of the segment up to the position: O(n) per page). A
  // position before the segment's start is no position at all.
  private scanQuery(columns: string, after: Position | undefined, hhFrom: number): Statement<unknown, SQLQueryBindings[]> {
    if (after && after.hh >= hhFrom) return this.db.query(`SELECT ${columns} FROM entries WHERE tid = ?1 AND ix = ?2 AND hh < ?3 AND (hh, hk, rk, thk, trk) > (?4, ?5, ?6, ?7, ?8) ORDER BY hh, hk, rk, thk, trk LIMIT ?9`)
    return this.db.query(`SELECT ${columns} FROM entries WHERE tid = ?1 AND ix = ?2 AND hh >= ?3 AND hh < ?4 ORDER BY hh, hk, rk, thk, trk LIMIT ?5`)
  }

  private scanParams(table: TableMeta, ix: number, hhFrom: number, hhTo: number, after: Position | undefined, limit: number): SQLQueryBindings[] {
    return after && after.hh >= hhFrom ? [table.id, ix, hhTo, after.hh, after.hk, after.rk, after.thk, after.trk, limit] : [table.id, ix, hhFrom, hhTo, limit]
  }

  count(tid: number, ix: number): { n: number; bytes: number } {
    return this.countRows.get(tid, ix) ?? { n: 0, bytes: 0 }
  }

  dropTable(tid: number): void {
    this.db.query('DELETE FROM entries WHERE tid = ?1').run(tid)
    this.streams.drop(tid)
  }

  dropIndex(tid: number, ix: number): void {
    this.db.query('DELETE FROM entries WHERE tid = ?1 AND ix = ?2').run(tid, ix)
  }

  /** Writes index rows for every item already in the table (UpdateTable adding a GSI). */
  backfillIndex(table: TableMeta, ix: number): void {
    const index = table.indexes.find((i) => i.id === ix)
    if (!index) return
    let after: Position | undefined
    for (;;) {
      const rows = this.scanRows(table, 0, after, 500)
      for (const row of rows) {
        const item = JSON.parse(row.item) as AttributeMap
        const at = entryKey(item, index.key)
        if (!at) continue
        const projected = projectForIndex(item, table, index)
        this.putRow.run(table.id, ix, at.hh, at.hk, at.rk, row.hk, row.rk, itemSize(projected), null, JSON.stringify(projected))
      }
      const last = rows[rows.length - 1]
      if (rows.length < 500 || !last) return
      after = last
    }
  }

  /** Recomputes the TTL column of every item (TTL enabled, disabled or moved to another attribute). */
  refreshTtl(table: TableMeta): void {
    const update = this.db.prepare('UPDATE entries SET ttl = ?1 WHERE tid = ?2 AND ix = 0 AND hh = ?3 AND hk = ?4 AND rk = ?5 AND thk = ?6 AND trk = ?6')
    let after: Position | undefined
    for (;;) {
      const rows = this.scanRows(table, 0, after, 500)
      for (const row of rows) update.run(ttlOf(table, JSON.parse(row.item) as AttributeMap), table.id, row.hh, row.hk, row.rk, EMPTY)
      const last = rows[rows.length - 1]
      if (rows.length < 500 || !last) return
      after = last
    }
  }

  /**
   * Items whose TTL is at or before `now` (seconds), oldest first; except those more than five years
   * in the past, which DynamoDB never deletes (0 is commonly written for "never expires").
   */
  expired(now: number, limit: number): { tid: number; item: string; hh: number; hk: Uint8Array; rk: Uint8Array }[] {
    return this.db
      .query<{ tid: number; item: string; hh: number; hk: Uint8Array; rk: Uint8Array }, [number, number, number]>('SELECT tid, item, hh, hk, rk FROM entries WHERE ttl IS NOT NULL AND ttl > ?1 AND ttl <= ?2 ORDER BY ttl LIMIT ?3')
      .all(now - TTL_HORIZON_SECONDS, now, limit)
  }
}

/** DynamoDB deletes expired items only when their TTL is within the last five years. */
export const TTL_HORIZON_SECONDS = 5 * 365 * 24 * 60 * 60

/** Epoch seconds of the item's TTL attribute when TTL is enabled and the value is a number. */
function ttlOf(table: TableMeta, item: AttributeMap): number | null {
  if (!table.ttl?.enabled) return null
  const v = item[table.ttl.attribute]
  if (!v || !('N' in v)) return null
  const n = Number(v.N)
  return Number.isFinite(n) ? n : null
}

/**
 * Whether a sort key `position` is inside `bound`, a lower bound for `sign` 1 and an upper one for -1;
 * then every row past it (forward, or backward for an upper bound) is inside too.
 */
export function satisfies(position: Uint8Array, bound: Bound, sign: 1 | -1): boolean {
  const c = Buffer.compare(position, bound.value) * sign
  return c > 0 || (c === 0 && bound.inclusive)
}
