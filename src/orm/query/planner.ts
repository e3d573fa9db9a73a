/**
 * Query state → request plan. Picks what serves the query from the design, in this order: the
 * item's key (GetItem; BatchGetItem for `whereIn` on the id), a unique sentinel, a key space whose
 * partition inputs all have `=` clauses (the table, a GSI or an LSI: Query, sort-key clauses as key
 * conditions, the rest as the filter), and — only with `allowScan()` — every item of the entity.
 * Never a silent Scan: anything else is a NoAccessPatternError that names what would serve it.
 */
import { cond, type Condition } from '../../dynamodb/expressions/index.ts'
import { literalPrefix, parseTemplate, renderTemplate, SHARD_INPUT } from '../../single-table/design/keys.ts'
import type { AccessPattern, EntityDefinition, KeyPattern } from '../../single-table/design/types.ts'
import { InvalidQueryError, NoAccessPatternError } from '../errors.ts'
import { storedForm } from '../attributes.ts'
import { integerInputs } from '../../single-table/items/item-keys.ts'
import type { Residual } from './residual.ts'
import { joined, topLevelAnd, type JoinedWhere, type QueryState, type WhereClause, type WhereNode } from './state.ts'

/** One place items of the entity can be read by key: the table or one index. */
export interface KeySpace {
  readonly index?: string
  readonly type: 'table' | 'GSI' | 'LSI'
  readonly pk: KeyPattern
  readonly sk: KeyPattern
  readonly purpose: string
}

export type QueryPlan =
  | { readonly operation: 'GetItem'; readonly key: Record<string, string>; readonly residual: Residual; readonly pattern?: string }
  | { readonly operation: 'BatchGetItem'; readonly keys: readonly Record<string, string>[]; readonly residual: Residual; readonly pattern?: string }
  | { readonly operation: 'UniqueLookup'; readonly sentinel: Record<string, string>; readonly residual: Residual; readonly pattern?: string; readonly attribute: string }
  | {
      readonly operation: 'Query'
      readonly index?: string
      /** One partition value, or one per write shard (merged by sort key). */
      readonly partitions: readonly string[]
      readonly keyCondition: (partition: string) => Condition
      readonly filter?: Condition
      readonly descending: boolean
      readonly sortAttribute: string
      readonly pattern?: string
      readonly scan: boolean
    }

export interface PlannerInput {
  entity: EntityDefinition
  patterns: readonly AccessPattern[]
  state: QueryState
  /** Extra conditions from global scopes, joined with AND. */
  scopes: readonly JoinedWhere[]
}

const RANGE_OPS = new Set(['<', '<=', '>', '>=', 'between', 'beginsWith'])
/** Renders that sort like the values themselves: ISO timestamps and zero-padded integers. */
const ORDERED_CASTS = new Set(['datetime', 'date', 'timestamp', 'integer'])

export function keySpaces(entity: EntityDefinition): KeySpace[] {
  const spaces: KeySpace[] = [{ type: 'table', pk: entity.keys.pk, sk: entity.keys.sk, purpose: 'item' }]
  for (const k of entity.indexKeys) spaces.push({ index: k.index, type: k.type, pk: k.pk ?? entity.keys.pk, sk: k.sk, purpose: k.purpose })
  return spaces
}

export function plan(input: PlannerInput): QueryPlan {
  const { entity, state } = input
  const where = [...input.scopes, ...state.where]
  const ands = topLevelAnd(where) ?? []
  const eq = new Map<string, WhereClause>()
  for (const c of ands) if (c.op === '=' && !eq.has(c.attribute)) eq.set(c.attribute, c)
  const values = (names: readonly string[]): Record<string, unknown> => Object.fromEntries(names.map((n) => [n, storedForm(entity, n, eq.get(n)?.value)]))
  const integers = integerInputs(entity)
  const render = (p: KeyPattern): string | undefined => renderTemplate(p.template, values(p.inputs), integers).key
  const residualOf = (used: ReadonlySet<WhereClause>): Residual => ({ where: prune(where, used), trashed: state.trashed })
  const filterOf = (used: ReadonlySet<WhereClause>): Condition | undefined => conditionOf(entity, where, used, state)
  const spaces = keySpaces(entity)
  const table = spaces[0]!
  const patternFor = (index: string | undefined, operation: string): string | undefined =>
    input.patterns.find((p) => p.returns === entity.name && p.index === index && p.operation === operation && p.kind !== 'getByUnique')?.name

  if (state.index === undefined) {
    // the item's own key
    const inputs = [...new Set([...table.pk.inputs, ...table.sk.inputs])]
    if (inputs.every((i) => eq.has(i))) {
      const key = { [table.pk.attribute]: render(table.pk)!, [table.sk.attribute]: render(table.sk)! }
      return { operation: 'GetItem', key, residual: residualOf(new Set(inputs.map((i) => eq.get(i)!))), pattern: patternFor(undefined, 'GetItem') }
    }
    // whereIn on the id, every other key input by equality
    const idIn = ands.find((c) => c.op === 'in' && c.attribute === entity.idAttribute)
    if (idIn && inputs.every((i) => i === entity.idAttribute || eq.has(i))) {
      const ids = idIn.value as unknown[]
      const keys = ids.map((id) => {
        const v = { ...values(inputs), [entity.idAttribute]: storedForm(entity, entity.idAttribute, id) }
        return { [table.pk.attribute]: renderTemplate(table.pk.template, v, integers).key!, [table.sk.attribute]: renderTemplate(table.sk.template, v, integers).key! }
      })
      const used = new Set([idIn, ...inputs.filter((i) => i !== entity.idAttribute).map((i) => eq.get(i)!)])
      return { operation: 'BatchGetItem', keys, residual: residualOf(used), pattern: patternFor(undefined, 'GetItem') }
    }
    // a unique attribute by equality: its sentinel names the item
    for (const u of entity.uniques) {
      if (!u.attributes.every((a) => eq.has(a))) continue
      const sentinel = renderTemplate(u.template, values(u.attributes), integers).key
      if (sentinel === undefined) continue
      const used = new Set(u.attributes.map((a) => eq.get(a)!))
      const pattern = input.patterns.find((p) => p.kind === 'getByUnique' && p.entity === entity.name && p.via === u.attributes.join('+'))?.name
      return { operation: 'UniqueLookup', sentinel: { [table.pk.attribute]: sentinel, [table.sk.attribute]: sentinel }, residual: residualOf(used), pattern, attribute: u.attributes.join('+') }
    }
  }

  const order = state.order
  const candidates = spaces.filter((s) => (state.index === undefined ? true : s.index === state.index || (state.index === 'table' && s.type === 'table')))
  if (state.index !== undefined && candidates.length === 0) {
    throw new InvalidQueryError(entity.name, `useIndex(${JSON.stringify(state.index)}): ${entity.name} items are not in that index; its indexes: ${spaces.filter((s) => s.index).map((s) => s.index).join(', ') || '(none)'}`)
  }
  const served = candidates.filter((s) => s.pk.inputs.length > 0 && s.pk.inputs.every((i) => i !== SHARD_INPUT && eq.has(i)))
  const sortInput = (s: KeySpace): string | undefined => s.sk.inputs[0]
  const ranked = served
    .map((s) => ({ s, score: (order && sortInput(s) === order.attribute ? 4 : 0) + (ands.some((c) => c.attribute === sortInput(s) && c.op !== '=') ? 2 : 0) + (s.type === 'table' ? 1 : 0) }))
    .sort((a, b) => b.score - a.score)
  let chosen = ranked.find((r) => !order || sortInput(r.s) === order.attribute)?.s
  if (!chosen && order && ranked.length > 0) {
    const sorting = input.patterns.filter((p) => p.returns === entity.name && spaces.some((s) => s.index === p.index && sortInput(s) === order.attribute)).map((p) => p.name)
    throw new InvalidQueryError(
      entity.name,
      `orderBy(${order.attribute}): the ${ranked[0]!.s.index ?? 'table'} key space that serves this query sorts ${entity.name} by ${sortInput(ranked[0]!.s) ?? 'nothing'}; ` +
        (sorting.length ? `patterns sorted by ${order.attribute}: ${sorting.join(', ')}` : `no pattern sorts by ${order.attribute}: declare an index [<partition attribute>, ${order.attribute}] in the model`),
      order.attribute,
    )
  }
  let scan = false
  if (!chosen) {
    const listAll = candidates.find((s) => s.purpose === 'listAll')
    const unfiltered = where.length === 0 || (input.scopes.length === where.length)
    if (listAll && (unfiltered || state.allowScan) && (!order || sortInput(listAll) === order.attribute || order.attribute === 'createdAt')) {
      chosen = listAll
      scan = !unfiltered
    } else {
      throw noPattern(input, ands)
    }
  }
  if (scan && !state.allowScan) throw noPattern(input, ands)
  if (chosen.type !== 'table' && state.trashed !== 'without' && entity.traits.useSoftDeletes) {
    throw new InvalidQueryError(entity.name, `${state.trashed === 'only' ? 'onlyTrashed' : 'withTrashed'}(): soft-deleted ${entity.name} items leave ${chosen.index} (that is what keeps them out of index-served lists); read them by key, through a table pattern, or with allowScan()`)
  }

  const used = new Set<WhereClause>(chosen.pk.inputs.filter((i) => i !== SHARD_INPUT).map((i) => eq.get(i)!))
  const partitions = chosen.pk.inputs.includes(SHARD_INPUT)
    ? Array.from({ length: entity.shards }, (_, shard) => renderTemplate(chosen!.pk.template, { ...values(chosen!.pk.inputs.filter((i) => i !== SHARD_INPUT)), [SHARD_INPUT]: shard }).key!)
    : [render(chosen.pk)!]
  const sort = sortCondition(entity, chosen, ands, eq, values, integers, used)
  const pkAttr = chosen.pk.attribute
  const keyCondition = (partition: string): Condition => (sort ? cond.and(cond.eq(pkAttr, partition), sort) : cond.eq(pkAttr, partition))
  return {
    operation: 'Query',
    index: chosen.index,
    partitions,
    keyCondition,
    filter: filterOf(used),
    descending: order?.direction === 'desc',
    sortAttribute: chosen.sk.attribute,
    pattern: chosen.purpose === 'listAll' ? patternFor(chosen.index, 'Query') : input.patterns.find((p) => p.returns === entity.name && p.index === chosen!.index && p.operation === 'Query')?.name,
    scan,
  }
}

/**
 * The sort-key condition: the whole sort key when every input has `=`, else the literal prefix
 * plus a range on the first input (only for inputs whose key text sorts like the value; the
 * clause stays in the filter too, so the key condition may be wider, never narrower).
 */
function sortCondition(
  entity: EntityDefinition,
  space: KeySpace,
  ands: readonly WhereClause[],
  eq: ReadonlyMap<string, WhereClause>,
  values: (names: readonly string[]) => Record<string, unknown>,
  integers: ReadonlySet<string>,
  used: Set<WhereClause>,
): Condition | undefined {
  const sk = space.sk
  const skAttr = sk.attribute
  if (sk.inputs.length > 0 && sk.inputs.every((i) => eq.has(i))) {
    for (const i of sk.inputs) used.add(eq.get(i)!)
    return cond.eq(skAttr, renderTemplate(sk.template, values(sk.inputs), integers).key!)
  }
  const segments = parseTemplate(sk.template)
  const prefix = literalPrefix(sk.template)
  const first = sk.inputs[0]
  const firstAttr = entity.attributes.find((a) => a.name === first)
  const range = first !== undefined && segments[prefix ? 1 : 0] !== undefined ? ands.find((c) => c.attribute === first && RANGE_OPS.has(c.op)) : undefined
  const text = (v: unknown): string => renderTemplate(`{${first}}`, { [first as string]: storedForm(entity, first as string, v) }, integers).key ?? ''
  if (range && (range.op === 'beginsWith' ? typeof range.value === 'string' : firstAttr?.cast !== undefined && ORDERED_CASTS.has(firstAttr.cast))) {
    switch (range.op) {
      case 'beginsWith':
        return cond.beginsWith(skAttr, prefix + String(range.value))
      case '>':
      case '>=':
        return cond.ge(skAttr, prefix + text(range.value))
      case '<':
      case '<=':
        return cond.between(skAttr, prefix, `${prefix}${text(range.value)}\uffff`)
      case 'between': {
        const [low, high] = range.value as [unknown, unknown]
        return cond.between(skAttr, prefix + text(low), `${prefix}${text(high)}\uffff`)
      }
    }
  }
  return prefix ? cond.beginsWith(skAttr, prefix) : undefined
}

/** The where clauses without the `=` clauses the key used. */
function prune(where: readonly JoinedWhere[], used: ReadonlySet<WhereClause>): JoinedWhere[] {
  const out: JoinedWhere[] = []
  for (const w of where) {
    if (w.node.kind === 'clause') {
      if (!(used.has(w.node) && w.node.op === '=')) out.push(w)
    } else out.push(joined(w.bool, { kind: 'group', clauses: prune(w.node.clauses, used) }))
  }
  return out
}

/** Everything the key did not use, plus the entity type and the soft-delete scope. */
function conditionOf(entity: EntityDefinition, where: readonly JoinedWhere[], used: ReadonlySet<WhereClause>, state: QueryState): Condition | undefined {
  const parts: Condition[] = [cond.eq(entity.typeAttribute, entity.name)]
  const rest = treeOf(entity, where, used)
  if (rest) parts.push(rest)
  if (entity.traits.useSoftDeletes && state.trashed === 'without') parts.push(cond.attributeNotExists('deletedAt'))
  if (entity.traits.useSoftDeletes && state.trashed === 'only') parts.push(cond.attributeExists('deletedAt'))
  return parts.length === 1 ? parts[0] : cond.and(...parts)
}

function treeOf(entity: EntityDefinition, where: readonly JoinedWhere[], used: ReadonlySet<WhereClause>): Condition | undefined {
  // runs of AND separated by OR: (a AND b) OR (c)
  const runs: Condition[][] = [[]]
  for (const [i, w] of where.entries()) {
    if (i > 0 && w.bool === 'or') runs.push([])
    const node = nodeTree(entity, w.node, used)
    if (node) runs[runs.length - 1]!.push(node)
  }
  const ors = runs.filter((r) => r.length > 0).map((r) => (r.length === 1 ? r[0]! : cond.and(...r)))
  if (ors.length === 0) return undefined
  return ors.length === 1 ? ors[0] : cond.or(...ors)
}

function nodeTree(entity: EntityDefinition, node: WhereNode, used: ReadonlySet<WhereClause>): Condition | undefined {
  if (node.kind === 'group') return treeOf(entity, node.clauses, used)
  if (used.has(node) && node.op === '=') return undefined
  return clauseTree(entity, node)
}

export function clauseTree(entity: EntityDefinition, c: WhereClause): Condition {
  const v = (value: unknown): unknown => storedForm(entity, c.attribute, value)
  switch (c.op) {
    case '=': return c.value === null ? cond.or(cond.attributeNotExists(c.attribute), cond.attributeType(c.attribute, 'NULL')) : cond.eq(c.attribute, v(c.value))
    case '<>': return cond.ne(c.attribute, v(c.value))
    case '<': return cond.lt(c.attribute, v(c.value))
    case '<=': return cond.le(c.attribute, v(c.value))
    case '>': return cond.gt(c.attribute, v(c.value))
    case '>=': return cond.ge(c.attribute, v(c.value))
    case 'between': {
      const [low, high] = c.value as [unknown, unknown]
      return cond.between(c.attribute, v(low), v(high))
    }
    case 'in': return cond.in_(c.attribute, (c.value as unknown[]).map(v))
    case 'notIn': return cond.not(cond.in_(c.attribute, (c.value as unknown[]).map(v)))
    case 'beginsWith': return cond.beginsWith(c.attribute, String(c.value))
    case 'contains': return cond.contains(c.attribute, c.value)
    case 'null': return cond.or(cond.attributeNotExists(c.attribute), cond.attributeType(c.attribute, 'NULL'))
    case 'notNull': return cond.and(cond.attributeExists(c.attribute), cond.not(cond.attributeType(c.attribute, 'NULL')))
    case 'exists': return cond.attributeExists(c.attribute)
    case 'notExists': return cond.attributeNotExists(c.attribute)
  }
}

function noPattern(input: PlannerInput, ands: readonly WhereClause[]): NoAccessPatternError {
  const { entity } = input
  const asked = [...new Set(ands.map((c) => c.attribute))]
  const own = input.patterns.filter((p) => p.returns === entity.name && p.kind !== 'getByUnique')
  const closest = own
    .map((p) => ({ p, overlap: p.params.filter((param) => asked.includes(param.from ?? param.name)).length }))
    .sort((a, b) => b.overlap - a.overlap)
    .slice(0, 4)
    .map(({ p }) => `${p.name} (needs ${p.params.map((x) => x.name).join(', ') || 'nothing'})`)
  const first = asked.find((a) => a !== entity.idAttribute) ?? asked[0]
  const suggestion = first ? `declare an index on ${entity.name} (indexes: [{ name: '${entity.name.toLowerCase()}_${first}_index', columns: ['${first}', 'createdAt'] }])` : 'add a where() on a key input'
  return new NoAccessPatternError(
    entity.name,
    `no access pattern serves ${entity.name} where ${asked.join(', ') || '(nothing)'} without a Scan; closest: ${closest.join('; ') || '(none)'}; ${suggestion}, or call allowScan() to read every ${entity.name}`,
    closest,
  )
}
