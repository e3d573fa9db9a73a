/**
 * Random table definitions: hash-only or hash+range keys of type S, N or B, zero to two GSIs
 * (one of them sparse: its key attribute is on few items), sometimes an LSI, with ALL,
 * KEYS_ONLY or INCLUDE projections.
 */
import type { Random } from './random.ts'

export type ScalarType = 'S' | 'N' | 'B'
export interface KeyAttr {
  name: string
  type: ScalarType
}

export interface IndexDef {
  name: string
  kind: 'GSI' | 'LSI'
  hash: KeyAttr
  range?: KeyAttr
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'
  include?: string[]
}

export interface TableDef {
  hash: KeyAttr
  range?: KeyAttr
  indexes: IndexDef[]
  /** Index key attributes and how often an item carries each (a sparse index's is rare). */
  indexAttrs: { attr: KeyAttr; presence: number }[]
}

/** Non-key attributes an INCLUDE projection may name (also written by the item generator). */
export const INCLUDED = ['n', 's']

const type = (rnd: Random): ScalarType => rnd.pick(['S', 'S', 'N', 'N', 'B'] as const)

function projection(rnd: Random): Pick<IndexDef, 'projection' | 'include'> {
  const kind = rnd.pick(['ALL', 'ALL', 'KEYS_ONLY', 'INCLUDE'] as const)
  return kind === 'INCLUDE' ? { projection: kind, include: rnd.sample(INCLUDED, rnd.between(1, INCLUDED.length)) } : { projection: kind }
}

export function randomTable(rnd: Random): TableDef {
  const hash: KeyAttr = { name: 'pk', type: type(rnd) }
  const range: KeyAttr | undefined = rnd.chance(0.7) ? { name: 'sk', type: type(rnd) } : undefined
  const indexes: IndexDef[] = []
  const indexAttrs: TableDef['indexAttrs'] = []
  const gsiCount = rnd.pick([0, 1, 1, 2, 2])
  for (let i = 0; i < gsiCount; i++) {
    // The last GSI of two is the sparse one; a lone GSI is sparse half the time.
    const sparse = i === 1 || (gsiCount === 1 && rnd.chance(0.5))
    const gh: KeyAttr = { name: sparse ? 'sp' : 'gh', type: type(rnd) }
    indexAttrs.push({ attr: gh, presence: sparse ? 0.3 : 0.85 })
    let gr: KeyAttr | undefined
    if (rnd.chance(0.6)) {
      // Either a dedicated range attribute or the table's own sort key.
      if (range && rnd.chance(0.4)) gr = range
      else {
        gr = { name: sparse ? 'spr' : 'gr', type: type(rnd) }
        indexAttrs.push({ attr: gr, presence: 0.8 })
      }
    }
    indexes.push({ name: sparse ? 'sparse' : 'byG', kind: 'GSI', hash: gh, ...(gr ? { range: gr } : {}), ...projection(rnd) })
  }
  if (range && rnd.chance(0.35)) {
    const lr: KeyAttr = { name: 'lr', type: type(rnd) }
    indexAttrs.push({ attr: lr, presence: 0.7 })
    indexes.push({ name: 'local', kind: 'LSI', hash, range: lr, ...projection(rnd) })
  }
  return { hash, ...(range ? { range } : {}), indexes, indexAttrs }
}

function keySchema(hash: KeyAttr, range?: KeyAttr) {
  return [{ AttributeName: hash.name, KeyType: 'HASH' }, ...(range ? [{ AttributeName: range.name, KeyType: 'RANGE' }] : [])]
}

function indexInput(ix: IndexDef) {
  return {
    IndexName: ix.name,
    KeySchema: keySchema(ix.hash, ix.range),
    Projection: { ProjectionType: ix.projection, ...(ix.include ? { NonKeyAttributes: ix.include } : {}) },
  }
}

export function createTableInput(def: TableDef, tableName: string): Record<string, unknown> {
  const attrs = new Map<string, ScalarType>()
  for (const a of [def.hash, def.range, ...def.indexes.flatMap((ix) => [ix.hash, ix.range])]) if (a) attrs.set(a.name, a.type)
  const gsis = def.indexes.filter((ix) => ix.kind === 'GSI').map(indexInput)
  const lsis = def.indexes.filter((ix) => ix.kind === 'LSI').map(indexInput)
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keySchema(def.hash, def.range),
    AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    ...(gsis.length ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(lsis.length ? { LocalSecondaryIndexes: lsis } : {}),
  }
}
