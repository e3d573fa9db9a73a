/** Byte encodings of key values for the `entries` primary key. */
import { emptyAttributeMap } from '../../dynamodb/value-rules.ts'
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import { encodeSortKey } from '../expressions/index.ts'
import type { IndexMeta, KeyNames, Projection, TableMeta } from './types.ts'

export const EMPTY: Uint8Array = new Uint8Array(0)
const encoder = new TextEncoder()

/** Bytes whose memcmp order equals DynamoDB's order of the value. */
export function keyBytes(value: AttributeValue): Uint8Array {
  const encoded: string | Uint8Array = encodeSortKey(value)
  return typeof encoded === 'string' ? encoder.encode(encoded) : encoded
}

/** Unsigned 32-bit hash of partition key bytes; orders Scan and splits parallel-scan segments. */
export function partitionHash(hk: Uint8Array): number {
  return Bun.hash.crc32(hk) >>> 0
}

export interface EntryKey {
  hh: number
  hk: Uint8Array
  rk: Uint8Array
}

/** Storage key of an item under `key`, or undefined if the item lacks a key attribute (sparse index). */
export function entryKey(item: AttributeMap, key: KeyNames): EntryKey | undefined {
  const h = item[key.hash]
  if (!h) return undefined
  let rk = EMPTY
  if (key.range) {
    const r = item[key.range]
    if (!r) return undefined
    rk = keyBytes(r)
  }
  const hk = keyBytes(h)
  return { hh: partitionHash(hk), hk, rk }
}

/** The attributes an index stores for an item. */
export function projectForIndex(item: AttributeMap, table: TableMeta, index: IndexMeta): AttributeMap {
  return project(item, index.projection, [table.key, index.key])
}

function project(item: AttributeMap, projection: Projection, keys: KeyNames[]): AttributeMap {
  if (projection.ProjectionType === 'ALL') return item
  const out: AttributeMap = emptyAttributeMap()
  for (const k of keys) {
    const h = item[k.hash]
    if (h) out[k.hash] = h
    if (k.range) {
      const r = item[k.range]
      if (r) out[k.range] = r
    }
  }
  if (projection.ProjectionType === 'INCLUDE') {
    for (const name of projection.NonKeyAttributes ?? []) {
      const v = item[name]
      if (v) out[name] = v
    }
  }
  return out
}

/** Only the key attributes of `item` for `names`. */
export function pickKey(item: AttributeMap, names: KeyNames): AttributeMap {
  const out: AttributeMap = emptyAttributeMap()
  const h = item[names.hash]
  if (h) out[names.hash] = h
  if (names.range) {
    const r = item[names.range]
    if (r) out[names.range] = r
  }
  return out
}
