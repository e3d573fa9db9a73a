/**
 * The SQLite file behind the engine. One `entries` table holds every table's items and every
 * index's projected copies, keyed so that a partition's rows are contiguous and ordered the way
 * DynamoDB orders sort keys:
 *
 *   (tid, ix, hh, hk, rk, thk, trk)
 *   tid  table id; ix 0 = the table, n = index n
 *   hh   32-bit hash of the partition key bytes (Scan order and Segment/TotalSegments ranges)
 *   hk   partition key bytes, rk sort key bytes (empty when there is none)
 *   thk/trk  the table's own key bytes on index rows (ties between equal index keys), empty on ix 0
 */
import { Database } from 'bun:sqlite'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tables (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, meta TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
  tid INTEGER NOT NULL, ix INTEGER NOT NULL, hh INTEGER NOT NULL,
  hk BLOB NOT NULL, rk BLOB NOT NULL, thk BLOB NOT NULL, trk BLOB NOT NULL,
  size INTEGER NOT NULL, ttl REAL, item TEXT NOT NULL,
  PRIMARY KEY (tid, ix, hh, hk, rk, thk, trk)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_ttl ON entries (ttl) WHERE ttl IS NOT NULL;
CREATE TABLE IF NOT EXISTS stream_records (seq INTEGER PRIMARY KEY AUTOINCREMENT, tid INTEGER NOT NULL, at REAL NOT NULL, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS stream_records_tid ON stream_records (tid, seq);
CREATE TABLE IF NOT EXISTS tx_tokens (token TEXT PRIMARY KEY, digest TEXT NOT NULL, at REAL NOT NULL, result TEXT NOT NULL);
`

export interface DatabaseOptions {
  dbPath?: string
  inMemory?: boolean
}

export function openDatabase(options: DatabaseOptions = {}): Database {
  let path = ':memory:'
  if (!options.inMemory) {
    path = options.dbPath ?? '.dbtooling/local.sqlite'
    mkdirSync(dirname(path), { recursive: true })
  }
  const db = new Database(path, { create: true, strict: true })
  if (!options.inMemory) lockExclusively(db, path)
  // WAL + NORMAL: a committed transaction is in the WAL before we answer, so a killed process
  // loses nothing acknowledged; only an OS crash could drop the last commits.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32000;')
  // Reads through mmap and rarer checkpoints (WAL up to ~40 MB) nearly double write throughput.
  if (!options.inMemory) db.exec('PRAGMA mmap_size = 268435456; PRAGMA wal_autocheckpoint = 10000;')
  db.exec(SCHEMA)
  return db
}

/**
 * One engine per data file: each engine keeps the table catalog in memory, so a second engine on
 * the same file (another process, or another engine in this one) would write with a stale catalog
 * and lose tables. EXCLUSIVE locking mode holds the file lock from the first write until close (and
 * the OS drops it if the process dies); WAL then needs no shared memory.
 */
function lockExclusively(db: Database, path: string): void {
  try {
    db.exec('PRAGMA locking_mode = EXCLUSIVE')
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('BEGIN IMMEDIATE; COMMIT')
  } catch (error) {
    db.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataFileInUseError(path)
    throw error
  }
}

/** The data file is held by another engine. */
export class DataFileInUseError extends Error {
  constructor(readonly path: string) {
    super(
      `${path} is in use by another dbtooling engine (a \`dbtooling start\` server, or a program using endpoint: 'local'); ` +
        'one data file has one engine. Connect to the running server instead (its endpoint is in .dbtooling/server.json), stop it, or use another data file.',
    )
    this.name = 'DataFileInUseError'
  }
}
