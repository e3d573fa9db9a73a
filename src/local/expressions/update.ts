/**
 * UpdateExpression semantics: every operand is read from the item as it was before the update,
 * then SET, REMOVE, ADD and DELETE are applied to a copy. Errors match DynamoDB Local's.
 */
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import { emptyAttributeMap } from '../../dynamodb/value-rules.ts'
import { validationError } from '../errors.ts'
import type { ResolvedPath, UpdateNode, UpdateOperand } from './ast.ts'
import { expressionError, resolveName, resolveValue, type RequestPlaceholders } from './placeholders.ts'
import { addDecimals, compareDecimals, decimalOf, formatDecimal, negateDecimal, normalizeNumber } from './decimal.ts'
import { assertNoOverlap, getAt, resolvePath } from './paths.ts'
import { bytesOf, cloneItem, cloneValue, compareBytes, compareStrings, typeOf } from './value-semantics.ts'

const KIND = 'UpdateExpression'

type BoundOperand =
  | { kind: 'path'; path: ResolvedPath }
  | { kind: 'value'; value: AttributeValue }
  | { kind: 'if_not_exists'; path: ResolvedPath; fallback: BoundOperand }
  | { kind: 'list_append'; left: BoundOperand; right: BoundOperand }
  | { kind: 'arithmetic'; op: '+' | '-'; left: BoundOperand; right: BoundOperand }

type BoundAction =
  | { kind: 'SET'; path: ResolvedPath; value: BoundOperand }
  | { kind: 'REMOVE'; path: ResolvedPath }
  | { kind: 'ADD' | 'DELETE'; path: ResolvedPath; value: AttributeValue }

const WIDE_TYPE_NAMES: Record<string, string> = {
  S: 'STRING', N: 'NUMBER', B: 'BINARY', BOOL: 'BOOLEAN', NULL: 'NULL', L: 'LIST', M: 'MAP',
  SS: 'STRING_SET', NS: 'NUMBER_SET', BS: 'BINARY_SET',
}
const SET_TYPES = new Set(['SS', 'NS', 'BS'])

/** Resolves placeholders, runs DynamoDB's static checks (operand types, overlapping paths). */
export function bindUpdate(node: UpdateNode, ctx: RequestPlaceholders): void {
  bind(node, ctx)
}

const boundUpdates = new WeakMap<UpdateNode, { ctx: RequestPlaceholders; actions: BoundAction[] }>()

/** The document paths an update writes or removes, in order (for key-attribute checks). */
export function updatedPaths(node: UpdateNode, ctx?: RequestPlaceholders): ResolvedPath[] {
  return node.actions.map((action) =>
    action.path.elements.map((element) => {
      if (element.type === 'index') return element.index
      return element.placeholder && ctx ? resolveName(ctx, element.name, KIND) : element.name
    }),
  )
}

function bind(node: UpdateNode, ctx: RequestPlaceholders): BoundAction[] {
  const hit = boundUpdates.get(node)
  if (hit && hit.ctx === ctx) return hit.actions
  const actions = bindActions(node, ctx)
  boundUpdates.set(node, { ctx, actions })
  return actions
}

function bindActions(node: UpdateNode, ctx: RequestPlaceholders): BoundAction[] {
  // DynamoDB Local reports overlapping paths before undefined values or operand types.
  const paths = node.actions.map((action) => resolvePath(action.path, ctx, KIND))
  assertNoOverlap(paths, KIND)
  // ADD and DELETE operands are checked before SET operands, as DynamoDB Local does.
  const changes = new Map<number, AttributeValue>()
  node.actions.forEach((action, i) => {
    if (action.kind !== 'ADD' && action.kind !== 'DELETE') return
    const value = resolveValue(ctx, action.placeholder, KIND)
    const type = typeOf(value)
    if (!(SET_TYPES.has(type) || (action.kind === 'ADD' && type === 'N'))) {
      throw expressionError(
        KIND,
        `Incorrect operand type for operator or function; operator: ${action.kind}, operand type: ${WIDE_TYPE_NAMES[type]}, typeSet: ALLOWED_FOR_${action.kind}_OPERAND`,
      )
    }
    changes.set(i, value)
  })
  const sets = new Map<number, BoundOperand>()
  for (const i of setOrder(node.actions.map((action, i) => (action.kind === 'SET' ? paths[i]! : undefined)))) {
    sets.set(i, bindOperand((node.actions[i] as { value: UpdateOperand }).value, ctx))
  }
  return node.actions.map((action, i): BoundAction => {
    const path = paths[i]!
    if (action.kind === 'SET') return { kind: 'SET', path, value: sets.get(i)! }
    if (action.kind === 'REMOVE') return { kind: 'REMOVE', path }
    return { kind: action.kind, path, value: changes.get(i)! }
  })
}

/**
 * Indexes of the SET actions in the order DynamoDB Local checks them: by target path, last
 * first. (Observed, not documented: it decides which error a request with several reports.)
 */
function setOrder(paths: (ResolvedPath | undefined)[]): number[] {
  const key = (path: ResolvedPath) => path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')
  return paths
    .map((path, i) => ({ path, i }))
    .filter((entry): entry is { path: ResolvedPath; i: number } => entry.path !== undefined)
    .sort((a, b) => compareStrings(key(b.path), key(a.path)))
    .map((entry) => entry.i)
}

function bindOperand(operand: UpdateOperand, ctx: RequestPlaceholders): BoundOperand {
  switch (operand.kind) {
    case 'path':
      return { kind: 'path', path: resolvePath(operand.path, ctx, KIND) }
    case 'value':
      return { kind: 'value', value: resolveValue(ctx, operand.placeholder, KIND) }
    case 'if_not_exists':
      return { kind: 'if_not_exists', path: resolvePath(operand.path, ctx, KIND), fallback: bindOperand(operand.fallback, ctx) }
    case 'list_append':
    case 'arithmetic': {
      const left = bindOperand(operand.left, ctx)
      const right = bindOperand(operand.right, ctx)
      const name = operand.kind === 'list_append' ? 'list_append' : operand.op
      const required = operand.kind === 'list_append' ? 'L' : 'N'
      for (const side of [left, right]) {
        if (side.kind === 'value' && typeOf(side.value) !== required) {
          throw expressionError(KIND, `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${typeOf(side.value)}`)
        }
      }
      return operand.kind === 'list_append' ? { kind: 'list_append', left, right } : { kind: 'arithmetic', op: operand.op, left, right }
    }
  }
}

function incorrectType() {
  return validationError('An operand in the update expression has an incorrect data type')
}

function invalidPath() {
  return validationError('The document path provided in the update expression is invalid for update')
}

const SMALL_INTEGER = /^-?\d{1,15}$/

/** a + b (or a - b) as DynamoDB Local writes it; integers below 10^15 skip the BigInt path. */
function addNumberText(a: string, b: string, subtract: boolean): string {
  if (SMALL_INTEGER.test(a) && SMALL_INTEGER.test(b)) return String(subtract ? Number(a) - Number(b) : Number(a) + Number(b))
  const right = decimalOf(b)
  return formatDecimal(addDecimals(decimalOf(a), subtract ? negateDecimal(right) : right))
}

function missingAttribute() {
  return validationError('The provided expression refers to an attribute that does not exist in the item')
}

/** Paths a SET value reads directly (not through + - or list_append): all must exist. */
function directPaths(operand: BoundOperand): ResolvedPath[] {
  if (operand.kind === 'path') return [operand.path]
  if (operand.kind === 'if_not_exists') return directPaths(operand.fallback)
  return []
}

/**
 * A SET value read from the old item; undefined when an operand is missing (the caller reports
 * that once every action had its chance to fail on a type error, as DynamoDB Local does).
 * if_not_exists evaluates its fallback even when the attribute exists, like DynamoDB Local.
 */
function evaluate(operand: BoundOperand, item: AttributeMap): AttributeValue | undefined {
  switch (operand.kind) {
    case 'value':
      return operand.value
    case 'path':
      return getAt(item, operand.path)
    case 'if_not_exists': {
      const fallback = evaluate(operand.fallback, item)
      return fallback === undefined ? undefined : (getAt(item, operand.path) ?? fallback)
    }
    case 'list_append': {
      const left = evaluate(operand.left, item)
      const right = evaluate(operand.right, item)
      if (!left || !right) return undefined
      if (!('L' in left) || !('L' in right)) throw incorrectType()
      return { L: [...left.L, ...right.L] }
    }
    case 'arithmetic': {
      const left = evaluate(operand.left, item)
      const right = evaluate(operand.right, item)
      if (!left || !right) return undefined
      if (!('N' in left) || !('N' in right)) throw incorrectType()
      return { N: addNumberText(left.N, right.N, operand.op === '-') }
    }
  }
}

/**
 * Checks in DynamoDB Local's order, all against the old item: REMOVE paths, ADD/DELETE operand
 * types, ADD/DELETE paths, SET paths, attributes SET reads directly, then SET arithmetic.
 */
function validate(actions: BoundAction[], item: AttributeMap): (AttributeValue | undefined)[] {
  for (const action of actions) if (action.kind === 'REMOVE' && !parentOf(item, action.path)) throw invalidPath()
  const changes = actions.filter((a): a is Extract<BoundAction, { kind: 'ADD' | 'DELETE' }> => a.kind === 'ADD' || a.kind === 'DELETE')
  for (const action of changes) {
    const existing = getAt(item, action.path)
    if (!existing) continue
    const sameSet = typeOf(existing) === typeOf(action.value) && SET_TYPES.has(typeOf(existing))
    const numbers = action.kind === 'ADD' && 'N' in existing && 'N' in action.value
    if (!sameSet && !numbers) throw incorrectType()
    if (numbers) addNumberText((existing as { N: string }).N, (action.value as { N: string }).N, false) // range and precision
  }
  for (const action of changes) if (!getAt(item, action.path) && !parentOf(item, action.path)) throw invalidPath()
  for (const action of actions) if (action.kind === 'SET' && !parentOf(item, action.path)) throw invalidPath()
  const order = setOrder(actions.map((action) => (action.kind === 'SET' ? action.path : undefined)))
  for (const i of order) {
    const action = actions[i] as Extract<BoundAction, { kind: 'SET' }>
    if (directPaths(action.value).some((path) => !getAt(item, path))) throw missingAttribute()
  }
  const values: (AttributeValue | undefined)[] = actions.map(() => undefined)
  for (const i of order) values[i] = evaluate((actions[i] as Extract<BoundAction, { kind: 'SET' }>).value, item)
  if (order.some((i) => values[i] === undefined)) throw missingAttribute()
  return values
}

/** Returns the updated copy of `item`; throws ValidationException as DynamoDB would. */
export function applyUpdate(node: UpdateNode, item: AttributeMap, ctx: RequestPlaceholders): AttributeMap {
  const actions = bind(node, ctx)
  // Every right-hand side sees the item as it was before this update.
  const values = validate(actions, item)
  const result = cloneItem(item)
  const removals: ResolvedPath[] = []
  // DynamoDB Local appends SETs past the end of one list in index order, not in written order.
  const order = actions.map((_, i) => i).sort((i, j) => listIndexOf(actions[i]!) - listIndexOf(actions[j]!))
  for (const i of order) {
    const action = actions[i]!
    if (action.kind === 'SET') writeAt(result, action.path, withSortedSets(values[i]!))
    else if (action.kind === 'REMOVE') removals.push(action.path)
    else if (action.kind === 'ADD') add(result, action.path, action.value)
    else remove(result, action.path, action.value)
  }
  // List indexes in REMOVE refer to the list before any element is removed: go from the back.
  removals.sort((a, b) => compareForRemoval(a, b))
  for (const path of removals) removeAt(result, path)
  return result
}

function listIndexOf(action: BoundAction): number {
  const last = action.path[action.path.length - 1]
  return action.kind === 'SET' && typeof last === 'number' ? last : -1
}

function compareForRemoval(a: ResolvedPath, b: ResolvedPath): number {
  const last = (p: ResolvedPath) => p[p.length - 1]
  const x = last(a)
  const y = last(b)
  return typeof x === 'number' && typeof y === 'number' ? y - x : 0
}

type Container = { kind: 'map'; map: Record<string, AttributeValue> } | { kind: 'list'; list: AttributeValue[] }

/** The container that holds the last step of `path`; undefined if it is missing or of the wrong kind. */
function parentOf(item: AttributeMap, path: ResolvedPath): Container | undefined {
  if (path.length === 1) return { kind: 'map', map: item }
  const parent = getAt(item, path.slice(0, -1))
  const step = path[path.length - 1]
  if (!parent) return undefined
  if (typeof step === 'number') return 'L' in parent ? { kind: 'list', list: parent.L } : undefined
  return 'M' in parent ? { kind: 'map', map: parent.M } : undefined
}

function writeAt(item: AttributeMap, path: ResolvedPath, value: AttributeValue): void {
  const parent = parentOf(item, path)
  const step = path[path.length - 1]!
  if (!parent) throw invalidPath()
  if (parent.kind === 'map') parent.map[step as string] = value
  else if ((step as number) >= parent.list.length) parent.list.push(value)
  else parent.list[step as number] = value
}

function removeAt(item: AttributeMap, path: ResolvedPath): void {
  const parent = parentOf(item, path)
  const step = path[path.length - 1]!
  if (!parent) throw invalidPath()
  if (parent.kind === 'map') delete parent.map[step as string]
  else if ((step as number) < parent.list.length) parent.list.splice(step as number, 1)
}

/**
 * ADD. A new attribute keeps the operand's text (number set members as Java prints them); a set
 * that gains no member is left as it was, and one that changes comes back with canonical numbers,
 * as in DynamoDB Local.
 */
function add(item: AttributeMap, path: ResolvedPath, value: AttributeValue): void {
  const existing = getAt(item, path)
  if (!existing) return writeAt(item, path, withSortedSets(value))
  if ('N' in existing && 'N' in value) {
    return writeAt(item, path, { N: addNumberText(existing.N, value.N, false) })
  }
  if (typeOf(existing) !== typeOf(value) || !SET_TYPES.has(typeOf(value))) throw incorrectType()
  const merged = sortedSet(existing, [...setMembers(existing), ...setMembers(value)])
  if (setMembers(merged).length !== new Set(setMembers(existing).map((m) => memberKey(existing, m))).size) writeAt(item, path, merged)
}

/**
 * A set built from members, deduplicated and in the order DynamoDB Local returns sets after ADD
 * and DELETE: numbers by value (and without trailing zeros), strings and binaries by bytes.
 */
function sortedSet(like: AttributeValue, members: (string | Uint8Array)[]): AttributeValue {
  const unique = new Map<string, string | Uint8Array>()
  for (const member of members) {
    const key = memberKey(like, member)
    if (!unique.has(key)) unique.set(key, 'NS' in like ? normalizeNumber(member as string) : member)
  }
  const list = [...unique.values()]
  if ('NS' in like) return { NS: (list as string[]).sort((a, b) => compareDecimals(decimalOf(a), decimalOf(b))) }
  if ('SS' in like) return { SS: (list as string[]).sort(compareStrings) }
  return { BS: list.sort((a, b) => compareBytes(bytesOf(a), bytesOf(b))) }
}

function remove(item: AttributeMap, path: ResolvedPath, value: AttributeValue): void {
  const existing = getAt(item, path)
  if (!existing) {
    if (!parentOf(item, path)) throw invalidPath()
    return
  }
  if (typeOf(existing) !== typeOf(value)) throw incorrectType()
  const drop = new Set(setMembers(value).map((m) => memberKey(value, m)))
  const kept = setMembers(existing).filter((m) => !drop.has(memberKey(existing, m)))
  if (kept.length === 0) removeAt(item, path)
  // A set that loses nothing keeps its text; one that does comes back with canonical numbers.
  else if (kept.length !== setMembers(existing).length) writeAt(item, path, sortedSet(existing, kept))
}

/** DynamoDB Local stores every set sorted (numbers keep their text): a copy with sorted sets. */
function withSortedSets(value: AttributeValue): AttributeValue {
  if ('SS' in value) return { SS: [...value.SS].sort(compareStrings) }
  if ('NS' in value) return { NS: [...value.NS].sort((a, b) => compareDecimals(decimalOf(a), decimalOf(b))) }
  if ('BS' in value) return { BS: [...value.BS].sort((a, b) => compareBytes(bytesOf(a), bytesOf(b))) }
  if ('L' in value) return { L: value.L.map(withSortedSets) }
  if ('M' in value) {
    const map = emptyAttributeMap()
    for (const name in value.M) map[name] = withSortedSets(value.M[name]!)
    return { M: map }
  }
  return cloneValue(value)
}

function setMembers(value: AttributeValue): (string | Uint8Array)[] {
  if ('SS' in value) return value.SS
  if ('NS' in value) return value.NS
  if ('BS' in value) return value.BS
  return []
}

function memberKey(set: AttributeValue, member: string | Uint8Array): string {
  if ('NS' in set) return normalizeNumber(member as string)
  if ('BS' in set) return Buffer.from(bytesOf(member)).toString('hex')
  return member as string
}

