/**
 * The model query builder, Eloquent's names over the single-table design. Immutable: every call
 * returns a new builder around a new frozen state; the planner decides GetItem / BatchGetItem /
 * Query (never a silent Scan) and run.ts reads the pages.
 */
import { compileRequest } from '../../dynamodb/expressions/index.ts'
import type { Item } from '../../single-table/items/types.ts'
import { InvalidQueryError, ModelNotFoundError } from '../errors.ts'
import type { AnyModel, ModelMeta } from '../model.ts'
import { plan, type QueryPlan } from './planner.ts'
import { queryPage, queryRequest, readByKey, type RunContext } from './run.ts'
import { clause, initialState, joined, withState, type JoinedWhere, type QueryState, type WhereOperator } from './state.ts'

/** The model class as the builder sees it. */
export interface ModelHost<M extends AnyModel> {
  readonly meta: ModelMeta
  hydrate(item: Item): M
  readonly globalScopes: ReadonlyMap<string, (query: QueryBuilder<M>) => QueryBuilder<M>>
  readonly localScopes: ReadonlyMap<string, (query: QueryBuilder<M>, ...args: unknown[]) => QueryBuilder<M>>
}

export type Operator = '=' | '!=' | '<>' | '<' | '<=' | '>' | '>='

export interface Explanation {
  operation: 'GetItem' | 'BatchGetItem' | 'UniqueLookup' | 'Query'
  index?: string
  pattern?: string
  /** The key condition as sent (names and values are placeholders: see `request`). */
  keyCondition?: string
  filter?: string
  /** Number of partitions read and merged (write shards of a "list all" index). */
  partitions?: number
  /** True when the query reads every item of the model (allowScan). */
  scan: boolean
}

export interface Paginated<M> {
  data: M[]
  /** Pass back as `cursor` for the next page; undefined on the last one. */
  cursor?: string
  hasMore: boolean
}

const OPERATORS: Record<Operator, WhereOperator> = { '=': '=', '!=': '<>', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' }
const PAGE = 100

type Attr<A> = keyof A & string

/**
 * `M` is the model instance type, `A` its attributes (inferred for literal model definitions; a
 * plain record for models loaded at run time, so any attribute name and value is accepted).
 */
export class QueryBuilder<M extends AnyModel, A extends object = Record<string, unknown>> {
  readonly #host: ModelHost<M>
  readonly #state: QueryState

  constructor(host: ModelHost<M>, state?: QueryState) {
    this.#host = host
    this.#state = state ?? initialState(host.meta.entity.name)
  }

  /** The plain state (for tests and tools). */
  get state(): QueryState {
    return this.#state
  }

  #with(patch: Partial<QueryState>): QueryBuilder<M, A> {
    return new QueryBuilder<M, A>(this.#host, withState(this.#state, patch))
  }

  #add(bool: 'and' | 'or', attribute: string, op: WhereOperator, value?: unknown): QueryBuilder<M, A> {
    this.#checkAttribute(attribute)
    return this.#with({ where: Object.freeze([...this.#state.where, joined(bool, clause(attribute, op, value))]) })
  }

  #group(bool: 'and' | 'or', fn: (q: QueryBuilder<M, A>) => QueryBuilder<M, A>): QueryBuilder<M, A> {
    const inner = fn(new QueryBuilder<M, A>(this.#host)).state.where
    if (inner.length === 0) return this
    return this.#with({ where: Object.freeze([...this.#state.where, joined(bool, Object.freeze({ kind: 'group' as const, clauses: inner }))]) })
  }

  #checkAttribute(attribute: string): void {
    const entity = this.#host.meta.entity
    if (!entity.attributes.some((a) => a.name === attribute)) {
      throw new InvalidQueryError(entity.name, `${entity.name} has no attribute ${attribute}; attributes: ${entity.attributes.map((a) => a.name).join(', ')}`, attribute)
    }
  }

  // ---- conditions ----------------------------------------------------------------------------------

  /** `where('email', x)`, `where('age', '>', 18)`, `where({ role: 'admin', teamId })`, `where(q => q.where(...).orWhere(...))`. */
  where<K extends Attr<A>>(attribute: K, value: A[K] | null): QueryBuilder<M, A>
  where<K extends Attr<A>>(attribute: K, op: Operator, value: A[K]): QueryBuilder<M, A>
  where(attributes: Partial<A> | ((q: QueryBuilder<M, A>) => QueryBuilder<M, A>)): QueryBuilder<M, A>
  where(attribute: string | object | ((q: QueryBuilder<M, A>) => QueryBuilder<M, A>), op?: unknown, value?: unknown): QueryBuilder<M, A> {
    return this.#where('and', attribute, op, value, arguments.length)
  }

  /** A real OR: `where(a).orWhere(b)` is `a OR b`; `where(a).where(b).orWhere(c)` is `(a AND b) OR c`. */
  orWhere<K extends Attr<A>>(attribute: K, value: A[K] | null): QueryBuilder<M, A>
  orWhere<K extends Attr<A>>(attribute: K, op: Operator, value: A[K]): QueryBuilder<M, A>
  orWhere(attributes: Partial<A> | ((q: QueryBuilder<M, A>) => QueryBuilder<M, A>)): QueryBuilder<M, A>
  orWhere(attribute: string | object | ((q: QueryBuilder<M, A>) => QueryBuilder<M, A>), op?: unknown, value?: unknown): QueryBuilder<M, A> {
    return this.#where('or', attribute, op, value, arguments.length)
  }

  #where(bool: 'and' | 'or', attribute: string | object | ((q: QueryBuilder<M, A>) => QueryBuilder<M, A>), op: unknown, value: unknown, count: number): QueryBuilder<M, A> {
    if (typeof attribute === 'function') return this.#group(bool, attribute as (q: QueryBuilder<M, A>) => QueryBuilder<M, A>)
    if (typeof attribute === 'object') return this.#group(bool, (q) => Object.entries(attribute).reduce((acc, [k, v]) => acc.#add('and', k, '=', v), q))
    if (count <= 2) return this.#add(bool, attribute, '=', op)
    const operator = OPERATORS[op as Operator]
    if (!operator) throw new InvalidQueryError(this.#host.meta.entity.name, `where(${attribute}, ${JSON.stringify(op)}, ...): operators are ${Object.keys(OPERATORS).join(' ')}; use whereIn, whereBetween, whereBeginsWith, whereContains for the others`, attribute)
    return this.#add(bool, attribute, operator, value)
  }

  whereIn<K extends Attr<A>>(attribute: K, values: readonly A[K][]): QueryBuilder<M, A> {
    if (values.length === 0) throw new InvalidQueryError(this.#host.meta.entity.name, `whereIn(${attribute}, []): an empty list matches nothing; skip the query instead`, attribute)
    return this.#add('and', attribute, 'in', [...values])
  }

  whereNotIn<K extends Attr<A>>(attribute: K, values: readonly A[K][]): QueryBuilder<M, A> {
    return values.length === 0 ? this : this.#add('and', attribute, 'notIn', [...values])
  }

  whereBetween<K extends Attr<A>>(attribute: K, range: readonly [A[K], A[K]]): QueryBuilder<M, A> {
    return this.#add('and', attribute, 'between', [range[0], range[1]])
  }

  whereBeginsWith(attribute: Attr<A>, prefix: string): QueryBuilder<M, A> {
    return this.#add('and', attribute, 'beginsWith', prefix)
  }

  whereContains(attribute: Attr<A>, value: unknown): QueryBuilder<M, A> {
    return this.#add('and', attribute, 'contains', value)
  }

  whereNull(attribute: Attr<A>): QueryBuilder<M, A> {
    return this.#add('and', attribute, 'null')
  }

  whereNotNull(attribute: Attr<A>): QueryBuilder<M, A> {
    return this.#add('and', attribute, 'notNull')
  }

  whereExists(attribute: Attr<A>): QueryBuilder<M, A> {
    return this.#add('and', attribute, 'exists')
  }

  whereNotExists(attribute: Attr<A>): QueryBuilder<M, A> {
    return this.#add('and', attribute, 'notExists')
  }

  when<T>(condition: T, fn: (q: QueryBuilder<M, A>, value: T) => QueryBuilder<M, A>, otherwise?: (q: QueryBuilder<M, A>) => QueryBuilder<M, A>): QueryBuilder<M, A> {
    return condition ? fn(this, condition) : otherwise ? otherwise(this) : this
  }

  unless<T>(condition: T, fn: (q: QueryBuilder<M, A>) => QueryBuilder<M, A>): QueryBuilder<M, A> {
    return condition ? this : fn(this)
  }

  /** A local scope registered with `Model.scope(name, fn)`. */
  scope(name: string, ...args: unknown[]): QueryBuilder<M, A> {
    const fn = this.#host.localScopes.get(name)
    if (!fn) throw new InvalidQueryError(this.#host.meta.entity.name, `${this.#host.meta.entity.name} has no scope ${name}; scopes: ${[...this.#host.localScopes.keys()].join(', ') || '(none)'}`)
    return fn(this as unknown as QueryBuilder<M>, ...args) as unknown as QueryBuilder<M, A>
  }

  withoutGlobalScope(...names: string[]): QueryBuilder<M, A> {
    const current = this.#state.withoutScopes
    return this.#with({ withoutScopes: current === true ? true : Object.freeze([...current, ...names]) })
  }

  withoutGlobalScopes(): QueryBuilder<M, A> {
    return this.#with({ withoutScopes: true })
  }

  withTrashed(): QueryBuilder<M, A> {
    return this.#with({ trashed: 'with' })
  }

  onlyTrashed(): QueryBuilder<M, A> {
    return this.#with({ trashed: 'only' })
  }

  // ---- shape ---------------------------------------------------------------------------------------

  select(...attributes: Attr<A>[]): QueryBuilder<M, A> {
    for (const a of attributes) this.#checkAttribute(a)
    return this.#with({ select: Object.freeze(attributes) })
  }

  orderBy(attribute: Attr<A>, direction: 'asc' | 'desc' = 'asc'): QueryBuilder<M, A> {
    this.#checkAttribute(attribute)
    return this.#with({ order: Object.freeze({ attribute, direction }) })
  }

  latest(attribute: Attr<A> = 'createdAt' as Attr<A>): QueryBuilder<M, A> {
    return this.orderBy(attribute, 'desc')
  }

  oldest(attribute: Attr<A> = 'createdAt' as Attr<A>): QueryBuilder<M, A> {
    return this.orderBy(attribute, 'asc')
  }

  limit(count: number): QueryBuilder<M, A> {
    if (!Number.isInteger(count) || count < 1) throw new InvalidQueryError(this.#host.meta.entity.name, `limit(${count}): a positive integer`)
    return this.#with({ limit: count })
  }

  take(count: number): QueryBuilder<M, A> {
    return this.limit(count)
  }

  /** Serve the query from this index (`'table'` for the base table). */
  useIndex(name: string): QueryBuilder<M, A> {
    return this.#with({ index: name })
  }

  /** Opt in to reading every item of the model when no access pattern serves the query. */
  allowScan(): QueryBuilder<M, A> {
    return this.#with({ allowScan: true })
  }

  consistentRead(on = true): QueryBuilder<M, A> {
    return this.#with({ consistentRead: on })
  }

  // ---- planning ------------------------------------------------------------------------------------

  #plan(): QueryPlan {
    const host = this.#host
    const excluded = this.#state.withoutScopes
    const scopes: JoinedWhere[] = []
    for (const [name, fn] of host.globalScopes) {
      if (excluded === true || excluded.includes(name)) continue
      scopes.push(...fn(new QueryBuilder<M>(host)).state.where.map((w) => joined('and', w.node)))
    }
    return plan({ entity: host.meta.entity, patterns: host.meta.runtime.patterns, state: this.#state, scopes })
  }

  #context(): RunContext {
    const { runtime, entity } = this.#host.meta
    const select = this.#state.select
    // the keys and the type attribute are always read: the model needs them to save and to check the type
    const projection = select ? [...new Set([...select, entity.idAttribute, entity.typeAttribute, entity.keys.pk.attribute, entity.keys.sk.attribute, ...entity.keys.pk.inputs, ...entity.keys.sk.inputs, ...(entity.traits.useSoftDeletes ? ['deletedAt'] : []), ...(entity.traits.useVersioning ? ['version'] : [])])] : undefined
    const state = this.#state
    return {
      doc: runtime.doc,
      entity,
      table: runtime.table,
      projection,
      consistentRead: state.consistentRead,
      // only cursors need it: computed when one is made or read
      get fingerprint() {
        return JSON.stringify(state)
      },
    }
  }

  /** How the query is served, without sending anything. */
  explain(): Explanation {
    const p = this.#plan()
    if (p.operation !== 'Query') return { operation: p.operation, pattern: p.pattern, scan: false }
    const compiled = compileRequest({ keyCondition: p.keyCondition(p.partitions[0]!), filter: p.filter })
    return { operation: 'Query', index: p.index, pattern: p.pattern, keyCondition: compiled.KeyConditionExpression, filter: compiled.FilterExpression, partitions: p.partitions.length, scan: p.scan }
  }

  /** The wire request(s) the query sends first (one per partition). */
  toRequest(): Record<string, unknown> | Record<string, unknown>[] {
    const p = this.#plan()
    const ctx = this.#context()
    if (p.operation === 'GetItem') return { TableName: ctx.table, Key: p.key }
    if (p.operation === 'BatchGetItem') return { RequestItems: { [ctx.table]: { Keys: p.keys } } }
    if (p.operation === 'UniqueLookup') return { TableName: ctx.table, Key: p.sentinel }
    const requests = p.partitions.map((partition) => queryRequest(ctx, p, partition, this.#state.limit))
    return requests.length === 1 ? requests[0]! : requests
  }

  // ---- terminals -----------------------------------------------------------------------------------

  #keyNames(p: QueryPlan): string[] {
    const entity = this.#host.meta.entity
    const names = [entity.keys.pk.attribute, entity.keys.sk.attribute]
    if (p.operation === 'Query' && p.index) {
      const k = entity.indexKeys.find((x) => x.index === p.index)
      if (k?.pk) names.push(k.pk.attribute)
      if (k) names.push(k.sk.attribute)
    }
    return names
  }

  async #items(limit?: number, cursor?: string): Promise<{ items: Item[]; cursor?: string }> {
    const p = this.#plan()
    const ctx = this.#context()
    if (p.operation !== 'Query') {
      const items = await readByKey(ctx, p)
      return { items: limit === undefined ? items : items.slice(0, limit) }
    }
    return queryPage(ctx, p, limit ?? Number.MAX_SAFE_INTEGER, cursor, this.#keyNames(p))
  }

  async get(): Promise<M[]> {
    const { items } = await this.#items(this.#state.limit)
    return items.map((i) => this.#host.hydrate(i))
  }

  async first(): Promise<M | null> {
    const { items } = await this.#items(1)
    return items[0] ? this.#host.hydrate(items[0]) : null
  }

  async firstOrFail(): Promise<M> {
    const found = await this.first()
    if (!found) throw new ModelNotFoundError(this.#host.meta.entity.name, this.#state.where.map((w) => w.node))
    return found
  }

  /** Counts the matches (Select COUNT over every page; reads each match's key). */
  async count(): Promise<number> {
    const p = this.#plan()
    const ctx = this.#context()
    if (p.operation !== 'Query') return (await readByKey(ctx, p)).length
    let total = 0
    for (const partition of p.partitions) {
      total += await ctx.doc.queryCount({ table: ctx.table, index: p.index, key: p.keyCondition(partition), filter: p.filter, consistentRead: ctx.consistentRead })
    }
    return this.#state.limit === undefined ? total : Math.min(total, this.#state.limit)
  }

  async exists(): Promise<boolean> {
    return (await this.first()) !== null
  }

  async doesntExist(): Promise<boolean> {
    return !(await this.exists())
  }

  async pluck<K extends Attr<A>>(attribute: K): Promise<A[K][]> {
    return (await this.select(attribute).get()).map((m) => m._get(attribute) as A[K])
  }

  async value<K extends Attr<A>>(attribute: K): Promise<A[K] | null> {
    const m = await this.select(attribute).first()
    return m ? (m._get(attribute) as A[K]) : null
  }

  /** Client-side aggregates: they read every match. */
  async sum(attribute: Attr<A>): Promise<number> {
    return (await this.pluck(attribute)).reduce<number>((s, v) => s + (v === null || v === undefined ? 0 : Number(v)), 0)
  }

  async avg(attribute: Attr<A>): Promise<number | null> {
    const values = (await this.pluck(attribute)).filter((v) => v !== null && v !== undefined).map(Number)
    return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null
  }

  async min(attribute: Attr<A>): Promise<unknown> {
    return extreme(await this.pluck(attribute), -1)
  }

  async max(attribute: Attr<A>): Promise<unknown> {
    return extreme(await this.pluck(attribute), 1)
  }

  /** One page of `perPage` matches and an opaque cursor bound to this query. */
  async paginate(options: { perPage?: number; cursor?: string } = {}): Promise<Paginated<M>> {
    const perPage = options.perPage ?? 15
    const { items, cursor } = await this.#items(perPage, options.cursor)
    return { data: items.map((i) => this.#host.hydrate(i)), cursor, hasMore: cursor !== undefined }
  }

  /** Pages of models, in order. */
  async *cursor(perPage = PAGE): AsyncGenerator<M[]> {
    let cursor: string | undefined
    let seen = 0
    const limit = this.#state.limit
    do {
      const size = limit === undefined ? perPage : Math.min(perPage, limit - seen)
      if (size <= 0) return
      const page = await this.#items(size, cursor)
      seen += page.items.length
      if (page.items.length > 0) yield page.items.map((i) => this.#host.hydrate(i))
      cursor = page.cursor
    } while (cursor)
  }

  /** Calls `fn` with chunks of `size` models; stops when `fn` returns false. */
  async chunk(size: number, fn: (models: M[]) => unknown): Promise<boolean> {
    for await (const models of this.cursor(size)) if ((await fn(models)) === false) return false
    return true
  }

  async each(fn: (model: M) => unknown, size = PAGE): Promise<boolean> {
    return this.chunk(size, async (models) => {
      for (const m of models) if ((await fn(m)) === false) return false
      return true
    })
  }

  /** Updates every match through its model (keys rebuilt, events fired); returns how many. */
  async update(attributes: Record<string, unknown>): Promise<number> {
    let n = 0
    await this.each(async (m) => {
      if (await m.update(attributes)) n++
    })
    return n
  }

  /** Deletes every match through its model (soft delete when the model uses it); returns how many. */
  async delete(): Promise<number> {
    let n = 0
    await this.each(async (m) => {
      if (await m.delete()) n++
    })
    return n
  }
}

function extreme(values: unknown[], sign: 1 | -1): unknown {
  let best: unknown = null
  for (const v of values) {
    if (v === null || v === undefined) continue
    if (best === null || (typeof v === 'number' ? (v - Number(best)) * sign > 0 : (String(v) > String(best) ? 1 : -1) * sign > 0)) best = v
  }
  return best
}
