/**
 * The one compiler: expression trees -> wire strings, with names and values going through a
 * shared PlaceholderSpace. It also re-checks what builders check, so hand-written trees get the
 * same errors, and enforces DynamoDB's expression limits before anything is sent.
 */
import type { AttributeValue } from '../attribute-value.ts'
import { utf8Length } from '../value-rules.ts'
import { checkAttributeType, checkInOperandCount } from './condition.ts'
import { PlaceholderSpace, type CompileOptions, type ExpressionUsage } from './placeholder-space.ts'
import { ExpressionError } from './errors.ts'
import { operandValue } from './operands.ts'
import { formatPath, parsePath, pathsOverlap, type Path, type PathInput } from './paths.ts'
import { checkKeyValueType, toKeyCondition } from './key-condition.ts'
import type {
  Condition,
  KeyCondition,
  Operand,
  Projection,
  UpdateAction,
  UpdateExpression,
  UpdateOperand,
  UpdateValue,
} from './tree.ts'

export { PlaceholderSpace, type CompileOptions, type ExpressionUsage } from './placeholder-space.ts'

/** DynamoDB: any expression string is at most 4 KB. */
export const MAX_EXPRESSION_BYTES = 4096
/**
 * DynamoDB: at most 300 operators and functions per expression. Documented for updates; DynamoDB
 * Local applies it to every expression, counting each comparator, BETWEEN, IN, AND/OR (n-1 for
 * n operands), NOT, function and size() once, and `+`/`-`, if_not_exists, list_append in updates.
 */
export const MAX_OPERATORS = 300
/**
 * DynamoDB Local refuses an expression whose string plus the values it uses pass 1 MB
 * ("Expression size has exceeded the maximum allowed size"), separately from the 2 MB cap on all
 * ExpressionAttributeValues. We count the string, its distinct names and its distinct values.
 */
export const MAX_EXPRESSION_WITH_VALUES_BYTES = 1024 * 1024

export type ExpressionTree = Condition | KeyCondition | UpdateExpression | Projection

/** Compile one tree into `ctx`; returns the expression string. */
export function compile(tree: ExpressionTree, ctx: PlaceholderSpace, label = 'expression'): string {
  ctx.beginExpression()
  let expression: string
  switch (tree.kind) {
    case 'key_condition':
      expression = compileKeyCondition(tree, ctx)
      break
    case 'update':
      expression = compileUpdate(tree, ctx)
      break
    case 'projection':
      expression = compileProjection(tree, ctx)
      break
    default:
      expression = compileCondition(tree, ctx)
  }
  checkLimits(expression, ctx.endExpression(), label)
  return expression
}

function checkLimits(expression: string, usage: ExpressionUsage, label: string): void {
  if (usage.operators > MAX_OPERATORS) {
    throw new ExpressionError(
      'TooManyOperators',
      `The ${label} uses ${usage.operators} operators/functions; DynamoDB allows ${MAX_OPERATORS} per expression. Use in_() instead of chains of or(eq(...)), or split the work into several requests.`,
    )
  }
  const bytes = utf8Length(expression)
  if (bytes > MAX_EXPRESSION_BYTES) {
    throw new ExpressionError(
      'ExpressionTooLong',
      `The ${label} is ${bytes} bytes; DynamoDB allows ${MAX_EXPRESSION_BYTES}. Use fewer conditions, actions or paths, or split the request.`,
    )
  }
  if (bytes + usage.substitutionBytes > MAX_EXPRESSION_WITH_VALUES_BYTES) {
    throw new ExpressionError(
      'ExpressionTooLarge',
      `The ${label} with the names and values it uses is ${bytes + usage.substitutionBytes} bytes; DynamoDB allows 1 MB per expression. Write large values with PutItem, or split the update into several requests.`,
    )
  }
}

/** One tree on its own: `{ expression, names, values }` for debugging and simple requests. */
export function compileExpression(
  tree: ExpressionTree,
  options?: CompileOptions,
): { expression: string; names: Record<string, string>; values: Record<string, AttributeValue> } {
  const ctx = new PlaceholderSpace(options)
  const expression = compile(tree, ctx)
  return { expression, names: { ...ctx.names }, values: { ...ctx.values } }
}

export interface RequestExpressions {
  keyCondition?: KeyCondition | Condition
  filter?: Condition
  projection?: Projection | readonly PathInput[]
  update?: UpdateExpression | { toTree(): UpdateExpression }
  condition?: Condition
}

export interface CompiledRequest {
  KeyConditionExpression?: string
  FilterExpression?: string
  ProjectionExpression?: string
  UpdateExpression?: string
  ConditionExpression?: string
  ExpressionAttributeNames?: Record<string, string>
  ExpressionAttributeValues?: Record<string, AttributeValue>
}

/**
 * Every expression of one request in one placeholder space, as wire parameters to spread into
 * the request. Absent parts and empty maps are left out.
 */
export function compileRequest(parts: RequestExpressions, options?: CompileOptions): CompiledRequest {
  const ctx = new PlaceholderSpace(options)
  const out: CompiledRequest = {}
  if (parts.keyCondition !== undefined) {
    out.KeyConditionExpression = compile(toKeyCondition(parts.keyCondition), ctx, 'KeyConditionExpression')
  }
  if (parts.filter !== undefined) out.FilterExpression = compile(parts.filter, ctx, 'FilterExpression')
  if (parts.projection !== undefined) {
    const projection: Projection = Array.isArray(parts.projection)
      ? { kind: 'projection', paths: (parts.projection as readonly PathInput[]).map(parsePath) }
      : (parts.projection as Projection)
    out.ProjectionExpression = compile(projection, ctx, 'ProjectionExpression')
  }
  if (parts.update !== undefined) {
    const tree = 'toTree' in parts.update ? parts.update.toTree() : parts.update
    out.UpdateExpression = compile(tree, ctx, 'UpdateExpression')
  }
  if (parts.condition !== undefined) out.ConditionExpression = compile(parts.condition, ctx, 'ConditionExpression')
  return Object.assign(out, ctx.toParams())
}

/**
 * The `Key` of GetItem, UpdateItem or DeleteItem from a key condition of equalities (on the
 * partition key, and on the sort key when the table has one): `{ pk: { S: 'USER#1' } }`.
 */
export function compileKey(tree: KeyCondition, options?: CompileOptions): Record<string, AttributeValue> {
  const k = toKeyCondition(tree)
  const space = new PlaceholderSpace(options)
  const key: Record<string, AttributeValue> = {}
  for (const c of k.sort === undefined ? [k.partition] : [k.partition, k.sort]) {
    if (c.kind !== 'compare' || c.op !== '=' || c.left.kind !== 'path' || c.right.kind === 'path' || c.right.kind === 'size') {
      throw new ExpressionError('InvalidKeyCondition', `Invalid key condition: a Key needs equality with a value on each key attribute, got ${c.kind === 'compare' ? c.op : c.kind}; use it as a Query key condition instead.`)
    }
    const name = String(c.left.path[0])
    const attributeValue = space.value(operandValue(c.right, space.options.params), c.left.path).attributeValue
    checkKeyValueType(Object.keys(attributeValue)[0] ?? '?', name, false)
    key[name] = attributeValue
  }
  return key
}

// ---- conditions ------------------------------------------------------------------------------

function compileCondition(c: Condition, ctx: PlaceholderSpace): string {
  switch (c.kind) {
    case 'compare':
      ctx.operator()
      return `${operand(c.left, ctx)} ${c.op} ${operand(c.right, ctx, near(c.left))}`
    case 'between':
      ctx.operator()
      return `${operand(c.subject, ctx)} BETWEEN ${operand(c.low, ctx, near(c.subject))} AND ${operand(c.high, ctx, near(c.subject))}`
    case 'in':
      checkInOperandCount(c.options.length)
      ctx.operator()
      return `${operand(c.subject, ctx)} IN (${c.options.map((o) => operand(o, ctx, near(c.subject))).join(', ')})`
    case 'attribute_exists':
    case 'attribute_not_exists':
      ctx.operator()
      return `${c.kind}(${ctx.path(c.path)})`
    case 'attribute_type':
      checkAttributeType(c.type)
      ctx.operator()
      return `attribute_type(${ctx.path(c.path)}, ${ctx.value(c.type).placeholder})`
    case 'begins_with':
    case 'contains':
      ctx.operator()
      return `${c.kind}(${ctx.path(c.path)}, ${operand(c.operand, ctx, c.path)})`
    case 'and':
    case 'or': {
      if (c.conditions.length === 0) throw new ExpressionError('InvalidCondition', `An empty ${c.kind} condition has no meaning; give it at least one condition.`)
      if (c.conditions.length === 1) return compileCondition(c.conditions[0] as Condition, ctx)
      ctx.operator(c.conditions.length - 1)
      const parts = c.conditions.map((child) => {
        const text = compileCondition(child, ctx)
        // AND binds tighter than OR; parenthesize any mixed nesting so the grouping reads as built.
        return (child.kind === 'and' || child.kind === 'or') && child.kind !== c.kind && child.conditions.length > 1 ? `(${text})` : text
      })
      return parts.join(c.kind === 'and' ? ' AND ' : ' OR ')
    }
    case 'not':
      ctx.operator()
      return `NOT (${compileCondition(c.condition, ctx)})`
    default:
      throw new ExpressionError('InvalidCondition', `Unknown condition kind ${JSON.stringify((c as { kind: unknown }).kind)}.`)
  }
}

function near(o: Operand): Path | undefined {
  return o.kind === 'path' || o.kind === 'size' ? o.path : undefined
}

function operand(o: Operand, ctx: PlaceholderSpace, nearPath?: Path): string {
  switch (o.kind) {
    case 'path':
      return ctx.path(o.path)
    case 'value':
    case 'param':
    case 'template':
      return ctx.value(operandValue(o, ctx.options.params), nearPath).placeholder
    case 'size':
      ctx.operator()
      return `size(${ctx.path(o.path)})`
    default:
      throw new ExpressionError('InvalidOperand', `Unknown operand kind ${JSON.stringify((o as { kind: unknown }).kind)} in a condition.`)
  }
}

function compileKeyCondition(tree: KeyCondition, ctx: PlaceholderSpace): string {
  const k = toKeyCondition(tree) // re-checks hand-written nodes
  const partition = compileCondition(k.partition, ctx)
  checkKeyValues(k.partition, ctx)
  if (k.sort === undefined) return partition
  ctx.operator()
  const sort = compileCondition(k.sort, ctx)
  checkKeyValues(k.sort, ctx)
  return `${partition} AND ${sort}`
}

/** Look the key condition's values up again (already marshalled and cached) to check their types. */
function checkKeyValues(c: Condition, ctx: PlaceholderSpace): void {
  const name = (path: Path) => String(path[0])
  const check = (o: Operand, path: Path, beginsWith: boolean) => {
    if (o.kind !== 'value' && o.kind !== 'param' && o.kind !== 'template') return
    const type = Object.keys(ctx.value(operandValue(o, ctx.options.params), path).attributeValue)[0] ?? '?'
    checkKeyValueType(type, name(path), beginsWith)
  }
  if (c.kind === 'compare' && c.left.kind === 'path') check(c.right, c.left.path, false)
  else if (c.kind === 'between' && c.subject.kind === 'path') {
    check(c.low, c.subject.path, false)
    check(c.high, c.subject.path, false)
  } else if (c.kind === 'begins_with') check(c.operand, c.path, true)
}

// ---- updates ---------------------------------------------------------------------------------

const CLAUSES = ['set', 'remove', 'add', 'delete'] as const

function compileUpdate(u: UpdateExpression, ctx: PlaceholderSpace): string {
  if (u.actions.length === 0) {
    throw new ExpressionError('InvalidUpdate', 'The update has no actions; add set(), remove(), add() or delete() before sending it.')
  }
  checkNoOverlap(u.actions.map((a) => a.path), 'update actions', 'Combine them into one action, or send two updates.')
  const clauses: string[] = []
  for (const clause of CLAUSES) {
    const actions = u.actions.filter((a) => a.kind === clause)
    if (actions.length === 0) continue
    const items = actions.map((a) => {
      const target = ctx.path(a.path)
      switch (a.kind) {
        case 'set':
          return `${target} = ${updateValue(a.value, ctx, a.path)}`
        case 'remove':
          return target
        case 'add':
        case 'delete':
          return `${target} ${setOrNumberValue(a, ctx)}`
      }
    })
    clauses.push(`${clause.toUpperCase()} ${items.join(', ')}`)
  }
  return clauses.join(' ')
}

function setOrNumberValue(a: Extract<UpdateAction, { kind: 'add' | 'delete' }>, ctx: PlaceholderSpace): string {
  if (a.value.kind !== 'value') throw new ExpressionError('InvalidOperand', `${a.kind.toUpperCase()} ${formatPath(a.path)} takes a value, not another attribute.`)
  const { placeholder, attributeValue } = ctx.value(a.value.value, a.path)
  const type = Object.keys(attributeValue)[0]
  const allowed = a.kind === 'add' ? ['N', 'SS', 'NS', 'BS'] : ['SS', 'NS', 'BS']
  if (type === undefined || !allowed.includes(type)) {
    throw new ExpressionError(
      'InvalidUpdate',
      a.kind === 'add'
        ? `add(${JSON.stringify(formatPath(a.path))}) takes a number or a non-empty Set, got a ${type} value. Use set() for other types.`
        : `delete(${JSON.stringify(formatPath(a.path))}) takes a non-empty Set of the elements to remove, got a ${type} value. Use remove() to delete an attribute.`,
    )
  }
  return placeholder
}

function updateValue(v: UpdateValue, ctx: PlaceholderSpace, target: Path): string {
  switch (v.kind) {
    case 'arithmetic':
      ctx.operator()
      return `${updateOperand(v.left, ctx, target)} ${v.op} ${updateOperand(v.right, ctx, target)}`
    case 'list_append':
      ctx.operator()
      return `list_append(${updateOperand(v.left, ctx, target)}, ${updateOperand(v.right, ctx, target)})`
    default:
      return updateOperand(v, ctx, target)
  }
}

function updateOperand(o: UpdateOperand, ctx: PlaceholderSpace, target: Path): string {
  switch (o.kind) {
    case 'path':
      return ctx.path(o.path)
    case 'value':
      return ctx.value(o.value, target).placeholder
    case 'if_not_exists':
      ctx.operator()
      return `if_not_exists(${ctx.path(o.path)}, ${updateOperand(o.value, ctx, target)})`
    default:
      throw new ExpressionError(
        'InvalidOperand',
        `${JSON.stringify((o as { kind: unknown }).kind)} cannot be nested in an update value; only a path, a value or if_not_exists can.`,
      )
  }
}

// ---- projections -----------------------------------------------------------------------------

function compileProjection(p: Projection, ctx: PlaceholderSpace): string {
  if (p.paths.length === 0) throw new ExpressionError('InvalidOperand', 'A projection needs at least one path.')
  checkNoOverlap(p.paths, 'projection paths', 'Keep only the shorter path: it already includes the longer one.')
  return p.paths.map((path) => ctx.path(path)).join(', ')
}

function checkNoOverlap(paths: readonly Path[], what: string, fix: string): void {
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      if (pathsOverlap(paths[i] as Path, paths[j] as Path)) {
        throw new ExpressionError(
          'PathOverlap',
          `The ${what} ${formatPath(paths[i] as Path)} and ${formatPath(paths[j] as Path)} overlap, which DynamoDB rejects. ${fix}`,
        )
      }
    }
  }
}
