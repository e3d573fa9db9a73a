/**
 * `dynamo.entity('User').pk(...).sk.beginsWith(...)...get()`: an immutable Query builder over one
 * entity. Each call returns a new builder holding frozen plain state; the entity type is always
 * part of the filter, so a shared partition yields only this entity's items, read through `fromItem`.
 */
import { and, attr, beginsWith, between, eq, ge, gt, le, lt } from '../dynamodb/expressions/condition.ts'
import { compileRequest } from '../dynamodb/expressions/compile.ts'
import { readableExpression } from '../dynamodb/expressions/readable.ts'
import type { Condition, KeyCondition } from '../dynamodb/expressions/tree.ts'
import { keyCondition } from '../dynamodb/expressions/key-condition.ts'
import type { Item, QueryInput } from '../dynamodb/document.ts'
import { fromItem } from '../single-table/items/from-item.ts'
import type { EntityContext } from './context.ts'
import { EntityError } from './errors.ts'

type SortOp = 'eq' | 'lt' | 'lte' | 'gt' | 'gte' | 'between' | 'beginsWith'

interface QueryState {
  readonly pk?: unknown
  readonly sk?: { readonly op: SortOp; readonly values: readonly unknown[] }
  readonly index?: string
  readonly projection?: readonly string[]
  readonly limit?: number
  readonly descending: boolean
  readonly filters: readonly Condition[]
}

/** One page of entity data; pass `cursor` back to `.after(cursor)` to continue. */
export interface EntityPage {
  items: Item[]
  cursor?: string
}

export interface EntityExplanation {
  operation: 'Query'
  table: string
  index?: string
  keyCondition: string
  filter: string
  projection?: string
  limit?: number
  descending: boolean
}

export interface SortKeyConditions {
  eq(value: unknown): EntityQuery
  lt(value: unknown): EntityQuery
  lte(value: unknown): EntityQuery
  gt(value: unknown): EntityQuery
  gte(value: unknown): EntityQuery
  between(low: unknown, high: unknown): EntityQuery
  beginsWith(prefix: string): EntityQuery
}

export class EntityQuery {
  readonly #ctx: EntityContext
  readonly #state: QueryState

  constructor(ctx: EntityContext, state: QueryState = { descending: false, filters: [] }) {
    this.#ctx = ctx
    this.#state = Object.freeze({ ...state, filters: Object.freeze([...state.filters]) })
  }

  #with(patch: Partial<QueryState>): EntityQuery {
    return new EntityQuery(this.#ctx, { ...this.#state, ...patch })
  }

  /** The partition key value (of the table, or of the index chosen with `.index()`). */
  pk(value: unknown): EntityQuery {
    return this.#with({ pk: value })
  }

  /** Sort key conditions: `.sk.beginsWith('PROFILE#')`. */
  get sk(): SortKeyConditions {
    const to = (op: SortOp, ...values: unknown[]) => this.#with({ sk: Object.freeze({ op, values: Object.freeze(values) }) })
    return Object.freeze({
      eq: (v: unknown) => to('eq', v),
      lt: (v: unknown) => to('lt', v),
      lte: (v: unknown) => to('lte', v),
      gt: (v: unknown) => to('gt', v),
      gte: (v: unknown) => to('gte', v),
      between: (low: unknown, high: unknown) => to('between', low, high),
      beginsWith: (prefix: string) => to('beginsWith', prefix),
    })
  }

  index(name: string): EntityQuery {
    const { entity } = this.#ctx
    if (!entity.indexKeys.some((k) => k.index === name)) {
      const known = entity.indexKeys.map((k) => k.index).join(', ') || 'none'
      throw new EntityError('UNKNOWN_INDEX', `${entity.name} has no index ${name} (its indexes: ${known})`, 'index')
    }
    return this.#with({ index: name })
  }

  project(...attributes: string[]): EntityQuery {
    return this.#with({ projection: Object.freeze([...attributes]) })
  }

  /** At most `n` items of this entity (pages are read until `n` match: the type filter never shortens a result). */
  limit(n: number): EntityQuery {
    if (!Number.isInteger(n) || n < 1) throw new EntityError('INVALID_ARGUMENT', `limit must be a positive integer, got ${String(n)}`, 'limit')
    return this.#with({ limit: n })
  }

  desc(): EntityQuery {
    return this.#with({ descending: true })
  }

  asc(): EntityQuery {
    return this.#with({ descending: false })
  }

  /** A filter built with the expression builders (`cond.eq('status', 'published')`); several are ANDed. */
  where(condition: Condition): EntityQuery {
    return this.#with({ filters: [...this.#state.filters, condition] })
  }

  // ---- compiling ------------------------------------------------------------------------------

  #keyAttributes(): { pk: string; sk: string } {
    const { entity } = this.#ctx
    if (!this.#state.index) return { pk: entity.keys.pk.attribute, sk: entity.keys.sk.attribute }
    const k = entity.indexKeys.find((x) => x.index === this.#state.index)!
    return { pk: (k.pk ?? entity.keys.pk).attribute, sk: k.sk.attribute }
  }

  #keyCondition(): KeyCondition {
    const { entity } = this.#ctx
    if (this.#state.pk === undefined) {
      throw new EntityError('NO_PARTITION_KEY', `${entity.name} query: call .pk(value) first (a Query needs the partition key)`, 'pk')
    }
    const names = this.#keyAttributes()
    const partition = eq(attr(names.pk), this.#state.pk)
    const s = this.#state.sk
    if (!s) return keyCondition(partition)
    const path = attr(names.sk)
    const [a, b] = s.values
    const sort =
      s.op === 'eq' ? eq(path, a) : s.op === 'lt' ? lt(path, a) : s.op === 'lte' ? le(path, a) : s.op === 'gt' ? gt(path, a)
        : s.op === 'gte' ? ge(path, a) : s.op === 'between' ? between(path, a, b) : beginsWith(names.sk, a)
    return keyCondition(partition, sort)
  }

  /** The entity type, then the caller's filters. */
  #filter(): Condition {
    const { entity } = this.#ctx
    return and(eq(attr(entity.typeAttribute), entity.name), ...this.#state.filters)
  }

  #input(pageSize?: number): QueryInput {
    const s = this.#state
    return {
      table: this.#ctx.table,
      ...(s.index ? { index: s.index } : {}),
      key: this.#keyCondition(),
      filter: this.#filter(),
      ...(s.projection ? { projection: [...s.projection] } : {}),
      ...(pageSize ? { limit: pageSize } : {}),
      ...(s.descending ? { descending: true } : {}),
    }
  }

  /** The wire Query request the first page sends. */
  toRequest(): Record<string, unknown> {
    const s = this.#state
    const compiled = compileRequest({ keyCondition: this.#keyCondition(), filter: this.#filter(), projection: s.projection })
    return {
      TableName: this.#ctx.table,
      ...(s.index ? { IndexName: s.index } : {}),
      ...compiled,
      ...(s.descending ? { ScanIndexForward: false } : {}),
      ...(s.limit ? { Limit: s.limit } : {}),
    }
  }

  /** How the query is served, readable, without sending anything. */
  explain(): EntityExplanation {
    const s = this.#state
    return {
      operation: 'Query',
      table: this.#ctx.table,
      ...(s.index ? { index: s.index } : {}),
      keyCondition: readableExpression(this.#keyCondition()),
      filter: readableExpression(this.#filter()),
      ...(s.projection ? { projection: s.projection.join(', ') } : {}),
      ...(s.limit ? { limit: s.limit } : {}),
      descending: s.descending,
    }
  }

  // ---- terminals --------------------------------------------------------------------------------

  /** `fromItem`, narrowed to the projection (fromItem fills absent nullable attributes with null). */
  #read(item: Item): Item {
    const out = fromItem(this.#ctx.entity, item)
    const projected = this.#state.projection
    if (!projected) return out
    const names = new Set(projected.map((p) => p.split(/[.[]/)[0]))
    return Object.fromEntries(Object.entries(out).filter(([name]) => names.has(name)))
  }

  /** Every matching item (up to `.limit()`). */
  async get(): Promise<Item[]> {
    const { limit } = this.#state
    const out = await this.#ctx.doc.queryAll(this.#input(limit), limit ? { maxItems: limit } : {})
    return out.map((i) => this.#read(i))
  }

  async first(): Promise<Item | undefined> {
    return (await this.limit(1).get())[0]
  }

  /** How many items of this entity match (Select COUNT over every page). */
  async count(): Promise<number> {
    const { projection: _, ...input } = this.#input()
    return this.#ctx.doc.queryCount(input)
  }

  /** Page by page (`.limit()` is the page size); each page's items went through `fromItem`. */
  async *pages(cursor?: string): AsyncGenerator<EntityPage> {
    for await (const page of this.#ctx.doc.queryPages(this.#input(this.#state.limit), cursor ? { cursor } : {})) {
      yield { items: page.items.map((i) => this.#read(i)), ...(page.cursor ? { cursor: page.cursor } : {}) }
    }
  }
}
