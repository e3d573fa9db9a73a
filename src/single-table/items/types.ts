/** Shapes of the item layer: plain JS items and the options of the to/from-item paths. */

export type Item = Record<string, unknown>

export interface ToItemOptions {
  /** Clock for createdAt/updatedAt, ULIDs and TTL defaults. */
  now?: Date
}

export interface FromItemOptions {
  includeHidden?: boolean
}

export interface KeyUpdate {
  /** The item's key, for UpdateItem's `Key`. */
  key: Record<string, string>
  /** Key attributes to SET. */
  set: Record<string, string>
  /** Key attributes to REMOVE (the item leaves a sparse index). */
  remove: string[]
}
