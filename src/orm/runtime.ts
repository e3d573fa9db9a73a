/** What every model class of one `createOrm()` shares: the client, the table, the design, the options. */
import type { DocumentClient } from '../dynamodb/document.ts'
import type { AccessPattern, DerivedSchema } from '../single-table/design/types.ts'

export interface OrmOptions {
  /** What mass assignment does with an attribute that is not fillable: throw (default) or drop it. */
  massAssignment: 'throw' | 'discard'
}

export interface OrmRuntime {
  readonly doc: DocumentClient
  readonly table: string
  readonly schema: DerivedSchema
  readonly patterns: readonly AccessPattern[]
  readonly options: OrmOptions
  /** The clock for timestamps, ids and TTL defaults (injectable for tests). */
  now(): Date
}
