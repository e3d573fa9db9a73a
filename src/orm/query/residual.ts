/**
 * Conditions checked on items read by key (GetItem, BatchGetItem, a unique sentinel's owner),
 * where DynamoDB has no filter: the entity type, the soft-delete scope and the where clauses the
 * key did not use, with DynamoDB's comparison rules (numbers by value, strings by code unit).
 */
import type { EntityDefinition } from '../../single-table/design/types.ts'
import type { Item } from '../../single-table/items/types.ts'
import { sameValue, storedForm } from '../attributes.ts'
import type { JoinedWhere, Trashed, WhereClause, WhereNode } from './state.ts'

export interface Residual {
  readonly where: readonly JoinedWhere[]
  readonly trashed: Trashed
}

export function matches(entity: EntityDefinition, residual: Residual | undefined, item: Item): boolean {
  if (item[entity.typeAttribute] !== entity.name) return false
  const trashed = residual?.trashed ?? 'without'
  if (entity.traits.useSoftDeletes) {
    const deleted = item.deletedAt !== undefined && item.deletedAt !== null
    if (trashed === 'without' && deleted) return false
    if (trashed === 'only' && !deleted) return false
  }
  return residual === undefined || all(entity, residual.where, item)
}

function all(entity: EntityDefinition, where: readonly JoinedWhere[], item: Item): boolean {
  // (a AND b) OR (c): true when some AND-run is all true
  let run = true
  let any = false
  for (const [i, w] of where.entries()) {
    if (i > 0 && w.bool === 'or') {
      if (run) return true
      run = true
    }
    run = run && node(entity, w.node, item)
    any = true
  }
  return !any || run
}

function node(entity: EntityDefinition, n: WhereNode, item: Item): boolean {
  return n.kind === 'group' ? all(entity, n.clauses, item) : clause(entity, n, item)
}

function order(a: unknown, b: unknown): number | undefined {
  if (a === undefined || a === null || b === undefined || b === null) return undefined
  const x = typeof a === 'object' ? String(a) : a
  const y = typeof b === 'object' ? String(b) : b
  if (typeof x === 'number' || typeof y === 'number' || typeof x === 'bigint' || typeof y === 'bigint') {
    const nx = Number(x)
    const ny = Number(y)
    return Number.isNaN(nx) || Number.isNaN(ny) ? undefined : nx - ny
  }
  return typeof x === 'string' && typeof y === 'string' ? (x < y ? -1 : x > y ? 1 : 0) : undefined
}

function clause(entity: EntityDefinition, c: WhereClause, item: Item): boolean {
  const left = item[c.attribute]
  const right = (v: unknown): unknown => storedForm(entity, c.attribute, v)
  const cmp = (v: unknown): number | undefined => order(left, right(v))
  switch (c.op) {
    case '=': return c.value === null ? left === undefined || left === null : sameValue(left, right(c.value))
    case '<>': return !sameValue(left, right(c.value))
    case '<': return (cmp(c.value) ?? 0) < 0 && cmp(c.value) !== undefined
    case '<=': return cmp(c.value) !== undefined && cmp(c.value)! <= 0
    case '>': return cmp(c.value) !== undefined && cmp(c.value)! > 0
    case '>=': return cmp(c.value) !== undefined && cmp(c.value)! >= 0
    case 'between': {
      const [low, high] = c.value as [unknown, unknown]
      const lo = cmp(low)
      const hi = cmp(high)
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0
    }
    case 'in': return (c.value as unknown[]).some((v) => sameValue(left, right(v)))
    case 'notIn': return !(c.value as unknown[]).some((v) => sameValue(left, right(v)))
    case 'beginsWith': return typeof left === 'string' && left.startsWith(String(c.value))
    case 'contains':
      if (typeof left === 'string') return left.includes(String(c.value))
      if (Array.isArray(left)) return left.some((v) => sameValue(v, c.value))
      if (left instanceof Set) return [...left].some((v) => sameValue(v, c.value))
      return false
    case 'null': return left === undefined || left === null
    case 'notNull': return left !== undefined && left !== null
    case 'exists': return left !== undefined
    case 'notExists': return left === undefined
  }
}
