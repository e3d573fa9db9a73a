/**
 * What a model query asks for, as frozen plain data: the builder only ever makes a new state, the
 * planner turns a state into a request plan. `where` clauses keep Eloquent's reading: each clause
 * joins the ones before it with AND or OR, and AND binds tighter (`a AND b OR c` is `(a AND b) OR c`).
 */
export type WhereOperator =
  | '=' | '<>' | '<' | '<=' | '>' | '>='
  | 'in' | 'notIn' | 'between' | 'beginsWith' | 'contains'
  | 'null' | 'notNull' | 'exists' | 'notExists'

export interface WhereClause {
  readonly kind: 'clause'
  readonly attribute: string
  readonly op: WhereOperator
  /** The operand: a value, a list (in/notIn) or a pair (between). */
  readonly value?: unknown
}

export interface WhereGroup {
  readonly kind: 'group'
  readonly clauses: readonly JoinedWhere[]
}

export type WhereNode = WhereClause | WhereGroup

export interface JoinedWhere {
  readonly bool: 'and' | 'or'
  readonly node: WhereNode
}

export type Trashed = 'without' | 'with' | 'only'

export interface QueryState {
  readonly model: string
  readonly where: readonly JoinedWhere[]
  readonly select?: readonly string[]
  readonly order?: { readonly attribute: string; readonly direction: 'asc' | 'desc' }
  readonly limit?: number
  readonly index?: string
  readonly trashed: Trashed
  readonly allowScan: boolean
  readonly consistentRead: boolean
  /** Global scopes left out (`withoutGlobalScope`); `true` for all of them. */
  readonly withoutScopes: readonly string[] | true
}

export function initialState(model: string): QueryState {
  return Object.freeze({ model, where: Object.freeze([]), trashed: 'without', allowScan: false, consistentRead: false, withoutScopes: Object.freeze([]) })
}

export function withState(state: QueryState, patch: Partial<QueryState>): QueryState {
  return Object.freeze({ ...state, ...patch })
}

export function clause(attribute: string, op: WhereOperator, value?: unknown): WhereClause {
  return Object.freeze({ kind: 'clause', attribute, op, ...(value === undefined ? {} : { value: Array.isArray(value) ? Object.freeze([...value]) : value }) })
}

export function joined(bool: 'and' | 'or', node: WhereNode): JoinedWhere {
  return Object.freeze({ bool, node })
}

/** The clauses joined by AND at the top level, when the top level has no OR (key conditions come only from these). */
export function topLevelAnd(where: readonly JoinedWhere[]): WhereClause[] | undefined {
  if (where.some((w, i) => i > 0 && w.bool === 'or')) return undefined
  const out: WhereClause[] = []
  for (const w of where) {
    if (w.node.kind === 'clause') out.push(w.node)
    else {
      const inner = topLevelAnd(w.node.clauses)
      if (inner) out.push(...inner)
    }
  }
  return out
}
