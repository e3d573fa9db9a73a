/**
 * The `stream_records` table: one row per change of a table with a stream, numbered by a global
 * sequence (the records' SequenceNumber), kept 24 hours.
 */
import type { Database, Statement } from 'bun:sqlite'
import type { AttributeMap } from '../../dynamodb/attribute-value.ts'

export interface StreamEvent {
  id?: string
  name: 'INSERT' | 'MODIFY' | 'REMOVE'
  keys: AttributeMap
  oldImage?: AttributeMap
  newImage?: AttributeMap
  userIdentity?: { Type: string; PrincipalId: string }
}

export interface StreamRecordRow {
  seq: number
  /** Seconds since the epoch. */
  at: number
  event: StreamEvent
}

export class StreamLog {
  private readonly insert: Statement
  private readonly first: Statement<{ seq: number | null }, [number]>
  private readonly last: Statement<{ seq: number | null }, [number]>
  private readonly after: Statement<{ seq: number; at: number; record: string }, [number, number, number]>
  private readonly trimBefore: Statement
  private readonly dropTable: Statement

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO stream_records (tid, at, record) VALUES (?1, ?2, ?3)')
    this.first = db.prepare('SELECT min(seq) AS seq FROM stream_records WHERE tid = ?1')
    this.last = db.prepare('SELECT max(seq) AS seq FROM stream_records WHERE tid = ?1')
    this.after = db.prepare('SELECT seq, at, record FROM stream_records WHERE tid = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3')
    this.trimBefore = db.prepare('DELETE FROM stream_records WHERE at < ?1')
    this.dropTable = db.prepare('DELETE FROM stream_records WHERE tid = ?1')
  }

  append(tid: number, at: number, event: StreamEvent): void {
    this.insert.run(tid, at, JSON.stringify(event))
  }

  /** Sequence numbers of a table's oldest and newest kept records (undefined when none). */
  firstSeq(tid: number): number | undefined {
    return this.first.get(tid)?.seq ?? undefined
  }

  lastSeq(tid: number): number | undefined {
    return this.last.get(tid)?.seq ?? undefined
  }

  /** Up to `limit` records of a table after sequence number `after`, oldest first. */
  read(tid: number, after: number, limit: number): StreamRecordRow[] {
    return this.after.all(tid, after, limit).map((row) => ({ seq: row.seq, at: row.at, event: JSON.parse(row.record) as StreamEvent }))
  }

  /** Drops records written before `at` (seconds). */
  trim(at: number): void {
    this.trimBefore.run(at)
  }

  drop(tid: number): void {
    this.dropTable.run(tid)
  }
}
