/**
 * Consumed capacity from item sizes, as DynamoDB charges it: a read unit per 4 KB (half for an
 * eventually consistent read), a write unit per 1 KB, writes to every index whose entry a write
 * puts, changes or deletes (sized by the index's projection), transactions doubled. Operations
 * add up `Capacity` values; `report` renders them for ReturnConsumedCapacity TOTAL or INDEXES.
 */
import type { AttributeMap } from '../../dynamodb/attribute-value.ts'
import { itemSize } from '../../dynamodb/value-rules.ts'
import { attributeValuesEqual } from '../expressions/index.ts'
import { entryKey } from '../storage/keys.ts'
import type { IndexMeta, TableMeta } from '../storage/types.ts'

export interface Capacity {
  table: number
  /** Units per index name; an index listed with 0 was read (Query/Scan on it) without cost. */
  indexes: Map<string, number>
}

export const none = (): Capacity => ({ table: 0, indexes: new Map() })

export function readUnits(bytes: number, consistent: boolean): number {
  return Math.ceil(bytes / 4096) * (consistent ? 1 : 0.5)
}

export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024))
}

/** GetItem (and one TransactGetItems action): a missing item still costs one unit. */
export function itemRead(item: AttributeMap | undefined, consistent: boolean): Capacity {
  return { table: Math.max(readUnits(item ? itemSize(item) : 0, consistent), consistent ? 1 : 0.5), indexes: new Map() }
}

/** The attributes an index holds for an item, or undefined when the item is not in the index. */
function indexEntry(meta: TableMeta, index: IndexMeta, item: AttributeMap | undefined): AttributeMap | undefined {
  if (!item || !entryKey(item, index.key)) return undefined
  if (index.projection.ProjectionType === 'ALL') return item
  const names = [meta.key.hash, meta.key.range, index.key.hash, index.key.range, ...(index.projection.ProjectionType === 'INCLUDE' ? (index.projection.NonKeyAttributes ?? []) : [])]
  const entry: AttributeMap = {}
  for (const name of names) if (name && item[name]) entry[name] = item[name]
  return entry
}

function sameEntry(a: AttributeMap, b: AttributeMap): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const name of names) if (!a[name] || !b[name] || !attributeValuesEqual(a[name], b[name])) return false
  return true
}

function sameKey(index: IndexMeta, a: AttributeMap, b: AttributeMap): boolean {
  return [index.key.hash, index.key.range].every((name) => !name || attributeValuesEqual(a[name]!, b[name]!))
}

/**
 * One item write (`next` undefined deletes): the larger of the old and new item on the table
 * (1 unit when neither exists), and for each index a put of the new entry, a delete of the old
 * one, both when its key changes, one write when only projected attributes change.
 */
export function itemWrite(meta: TableMeta, old: AttributeMap | undefined, next: AttributeMap | undefined): Capacity {
  const table = writeUnits(Math.max(old ? itemSize(old) : 0, next ? itemSize(next) : 0))
  const indexes = new Map<string, number>()
  for (const index of meta.indexes) {
    const before = indexEntry(meta, index, old)
    const after = indexEntry(meta, index, next)
    let units = 0
    if (before && after) {
      if (!sameKey(index, before, after)) units = writeUnits(itemSize(before)) + writeUnits(itemSize(after))
      else if (!sameEntry(before, after)) units = writeUnits(Math.max(itemSize(before), itemSize(after)))
    } else if (before) units = writeUnits(itemSize(before))
    else if (after) units = writeUnits(itemSize(after))
    if (units) indexes.set(index.name, units)
  }
  return { table, indexes }
}

export function add(a: Capacity, b: Capacity): Capacity {
  const indexes = new Map(a.indexes)
  for (const [name, units] of b.indexes) indexes.set(name, (indexes.get(name) ?? 0) + units)
  return { table: a.table + b.table, indexes }
}

/** Transactions cost twice the units of the same reads and writes outside one. */
export function doubled(c: Capacity): Capacity {
  return { table: c.table * 2, indexes: new Map([...c.indexes].map(([name, units]) => [name, units * 2])) }
}

/** Adds `c` to a table's running total (batches and transactions). */
export function charge(units: Map<TableMeta, Capacity>, meta: TableMeta, c: Capacity): void {
  units.set(meta, add(units.get(meta) ?? none(), c))
}

/** One ConsumedCapacity per table, in the order they were charged. */
export function reports(units: Map<TableMeta, Capacity>, mode: unknown): Record<string, unknown>[] {
  return [...units].map(([meta, c]) => report(meta, mode, c)).filter((c) => c !== undefined)
}

/** The ConsumedCapacity of one table, or undefined when the request did not ask for it. */
export function report(meta: TableMeta, mode: unknown, c: Capacity): Record<string, unknown> | undefined {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined
  let total = c.table
  for (const units of c.indexes.values()) total += units
  const out: Record<string, unknown> = { TableName: meta.name, CapacityUnits: total }
  if (mode === 'INDEXES') {
    out.Table = { CapacityUnits: c.table }
    for (const [group, kind] of [['GlobalSecondaryIndexes', 'GSI'], ['LocalSecondaryIndexes', 'LSI']] as const) {
      const listed = meta.indexes.filter((ix) => ix.kind === kind && c.indexes.has(ix.name))
      if (listed.length) out[group] = Object.fromEntries(listed.map((ix) => [ix.name, { CapacityUnits: c.indexes.get(ix.name) }]))
    }
  }
  return out
}
