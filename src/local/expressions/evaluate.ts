/**
 * Binding (placeholder resolution plus the checks DynamoDB makes before reading any item) and
 * evaluation of condition, filter and key-condition expressions.
 */
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import type { ConditionNode, ConditionTerm, Operand } from './ast.ts'
import { expressionError, resolveValue, type RequestPlaceholders, type ExpressionKind } from './placeholders.ts'
import { formatPath, getAt, resolvePath, resolvePathCached } from './paths.ts'
import { isAttributeType } from '../../dynamodb/value-rules.ts'
import { attributeValuesEqual, bytesOf, compareBytes, compareOrdered, sizeOf, typeOf } from './value-semantics.ts'

const ORDERED_TYPES = new Set(['S', 'N', 'B'])

/**
 * Resolves every placeholder of the expression (marking it used, failing on undefined ones) and
 * runs DynamoDB's static checks. Call it once per request even when no item will be evaluated,
 * so `assertAllUsed` sees the expression's placeholders. Idempotent.
 */
export function bindCondition(node: ConditionNode, ctx: RequestPlaceholders): void {
  // A Scan evaluates one filter against every item: bind each (expression, context) pair once.
  let contexts = bound.get(node)
  if (contexts?.has(ctx)) return
  bindTerm(node.root, ctx, node.source)
  if (!contexts) bound.set(node, (contexts = new WeakSet()))
  contexts.add(ctx)
}

const bound = new WeakMap<ConditionNode, WeakSet<RequestPlaceholders>>()

export function evaluateCondition(node: ConditionNode, item: AttributeMap | undefined, ctx: RequestPlaceholders): boolean {
  bindCondition(node, ctx)
  return evaluateTerm(node.root, item, ctx, node.source)
}

function bindTerm(term: ConditionTerm, ctx: RequestPlaceholders, kind: ExpressionKind): void {
  const fail = (message: string) => expressionError(kind, message)
  const checkOperandType = (operand: Operand, name: string, allowed: (type: string) => boolean) => {
    const value = staticValue(operand, ctx, kind)
    if (value && !allowed(typeOf(value))) {
      throw fail(`Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${typeOf(value)}`)
    }
  }
  const requirePath = (operand: Operand | undefined, name: string) => {
    if (operand?.kind !== 'path') throw fail(`Operator or function requires a document path; operator or function: ${name}`)
  }
  switch (term.kind) {
    case 'and':
    case 'or':
      bindTerm(term.left, ctx, kind)
      bindTerm(term.right, ctx, kind)
      return
    case 'not':
      bindTerm(term.operand, ctx, kind)
      return
    case 'compare':
      bindOperand(term.left, ctx, kind)
      bindOperand(term.right, ctx, kind)
      assertDistinct(term.left, [term.right], term.op, ctx, kind)
      if (term.op !== '=' && term.op !== '<>') {
        for (const side of [term.left, term.right]) checkOperandType(side, term.op, (t) => ORDERED_TYPES.has(t))
      }
      return
    case 'between': {
      for (const side of [term.operand, term.low, term.high]) {
        bindOperand(side, ctx, kind)
        checkOperandType(side, 'BETWEEN', (t) => ORDERED_TYPES.has(t))
      }
      assertDistinct(term.operand, [term.low, term.high], 'BETWEEN', ctx, kind)
      const low = staticValue(term.low, ctx, kind)
      const high = staticValue(term.high, ctx, kind)
      if (low && high) {
        const order = compareOrdered(low, high)
        if (order === undefined) {
          throw fail(`The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: ${describe(low)}, upper bound operand: ${describe(high)}`)
        }
        if (order > 0) {
          throw fail(`The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: ${describe(low)}, upper bound operand: ${describe(high)}`)
        }
      }
      return
    }
    case 'in':
      bindOperand(term.operand, ctx, kind)
      for (const item of term.list) bindOperand(item, ctx, kind)
      assertDistinct(term.operand, term.list, 'IN', ctx, kind)
      return
    case 'function': {
      for (const arg of term.args) bindOperand(arg, ctx, kind)
      const [first, second] = term.args
      if (term.name === 'begins_with' || term.name === 'contains') assertDistinct(first!, [second!], term.name, ctx, kind)
      if (term.name === 'attribute_exists' || term.name === 'attribute_not_exists') requirePath(first, term.name)
      if (term.name === 'attribute_type') {
        requirePath(first, term.name)
        const type = second && staticValue(second, ctx, kind)
        if (!type) {
          throw fail('Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {N,SS,NULL,HD,FS,B,FLOAT,DOUBLESET,S,DECIMALSET,M,NS,DICT,DECIMAL,BS,DOUBLE,BOOL,L,INT,HDS,INTSET}')
        }
        if (!('S' in type)) {
          throw fail(`Incorrect operand type for operator or function; operator or function: attribute_type, operand type: ${typeOf(type)}`)
        }
        if (!isAttributeType(type.S)) {
          throw fail(`Invalid attribute type name found; type: ${type.S}, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}`)
        }
      }
      if (term.name === 'begins_with') {
        for (const arg of term.args) checkOperandType(arg, 'begins_with', (t) => t === 'S' || t === 'B')
      }
      return
    }
  }
}

/** DynamoDB refuses `a = a`, `a BETWEEN a AND :v`, `contains(a, a)`: same path on both sides. */
function assertDistinct(first: Operand, others: Operand[], op: string, ctx: RequestPlaceholders, kind: ExpressionKind): void {
  if (first.kind !== 'path') return
  const path = resolvePath(first.path, ctx, kind)
  const key = JSON.stringify(path)
  for (const other of others) {
    if (other.kind === 'path' && JSON.stringify(resolvePath(other.path, ctx, kind)) === key) {
      throw expressionError(kind, `The first operand must be distinct from the remaining operands for this operator or function; operator: ${op}, first operand: ${formatPath(path)}`)
    }
  }
}

function bindOperand(operand: Operand, ctx: RequestPlaceholders, kind: ExpressionKind): void {
  if (operand.kind === 'path') resolvePath(operand.path, ctx, kind)
  else if (operand.kind === 'value') resolveValue(ctx, operand.placeholder, kind)
  else {
    bindOperand(operand.operand, ctx, kind)
    const value = staticValue(operand.operand, ctx, kind)
    if (value && sizeOf(value) === undefined) {
      throw expressionError(kind, `Incorrect operand type for operator or function; operator or function: size, operand type: ${typeOf(value)}`)
    }
  }
}

/** The value of an operand that does not depend on the item (a :placeholder), if it is one. */
function staticValue(operand: Operand, ctx: RequestPlaceholders, kind: ExpressionKind): AttributeValue | undefined {
  return operand.kind === 'value' ? resolveValue(ctx, operand.placeholder, kind) : undefined
}

/** Java's rendering of an AttributeValue in DynamoDB Local's messages, e.g. `AttributeValue: {N:9}`. */
function describe(value: AttributeValue): string {
  const type = typeOf(value)
  const raw = (value as Record<string, unknown>)[type]
  return `AttributeValue: {${type}:${Array.isArray(raw) ? `[${raw.join(', ')}]` : String(raw)}}`
}

function operandValue(operand: Operand, item: AttributeMap | undefined, ctx: RequestPlaceholders, kind: ExpressionKind): AttributeValue | undefined {
  if (operand.kind === 'value') return ctx.values![operand.placeholder]! // checked by bindCondition
  if (operand.kind === 'path') return getAt(item, resolvePathCached(operand.path, ctx, kind))
  const inner = operandValue(operand.operand, item, ctx, kind)
  const size = inner && sizeOf(inner)
  return size === undefined ? undefined : { N: String(size) }
}

function evaluateTerm(term: ConditionTerm, item: AttributeMap | undefined, ctx: RequestPlaceholders, kind: ExpressionKind): boolean {
  const value = (operand: Operand) => operandValue(operand, item, ctx, kind)
  switch (term.kind) {
    case 'and':
      return evaluateTerm(term.left, item, ctx, kind) && evaluateTerm(term.right, item, ctx, kind)
    case 'or':
      return evaluateTerm(term.left, item, ctx, kind) || evaluateTerm(term.right, item, ctx, kind)
    case 'not':
      return !evaluateTerm(term.operand, item, ctx, kind)
    case 'compare': {
      const left = value(term.left)
      const right = value(term.right)
      if (!left || !right) return term.op === '<>'
      if (term.op === '=') return attributeValuesEqual(left, right)
      if (term.op === '<>') return !attributeValuesEqual(left, right)
      const order = compareOrdered(left, right)
      if (order === undefined) return false
      if (term.op === '<') return order < 0
      if (term.op === '<=') return order <= 0
      if (term.op === '>') return order > 0
      return order >= 0
    }
    case 'between': {
      const subject = value(term.operand)
      const low = value(term.low)
      const high = value(term.high)
      if (!subject || !low || !high) return false
      const fromLow = compareOrdered(subject, low)
      const toHigh = compareOrdered(subject, high)
      return fromLow !== undefined && toHigh !== undefined && fromLow >= 0 && toHigh <= 0
    }
    case 'in': {
      const subject = value(term.operand)
      if (!subject) return false
      return term.list.some((candidate) => {
        const option = value(candidate)
        return option !== undefined && attributeValuesEqual(subject, option)
      })
    }
    case 'function':
      return evaluateFunction(term.name, term.args.map(value))
  }
}

function evaluateFunction(name: string, args: (AttributeValue | undefined)[]): boolean {
  const [first, second] = args
  switch (name) {
    case 'attribute_exists':
      return first !== undefined
    case 'attribute_not_exists':
      return first === undefined
    case 'attribute_type':
      return first !== undefined && second !== undefined && 'S' in second && typeOf(first) === second.S
    case 'begins_with':
      if (!first || !second) return false
      if ('S' in first && 'S' in second) return first.S.startsWith(second.S)
      if ('B' in first && 'B' in second) {
        const whole = bytesOf(first.B)
        const prefix = bytesOf(second.B)
        return prefix.length <= whole.length && compareBytes(whole.subarray(0, prefix.length), prefix) === 0
      }
      return false
    case 'contains':
      return first !== undefined && second !== undefined && contains(first, second)
  }
  return false
}

function contains(haystack: AttributeValue, needle: AttributeValue): boolean {
  if ('S' in haystack) return 'S' in needle && haystack.S.includes(needle.S)
  if ('B' in haystack) return 'B' in needle && Buffer.from(bytesOf(haystack.B)).includes(bytesOf(needle.B))
  if ('SS' in haystack) return 'S' in needle && haystack.SS.includes(needle.S)
  if ('NS' in haystack) return 'N' in needle && haystack.NS.some((n) => attributeValuesEqual({ N: n }, needle))
  if ('BS' in haystack) return 'B' in needle && haystack.BS.some((b) => attributeValuesEqual({ B: b }, needle))
  if ('L' in haystack) return haystack.L.some((element) => attributeValuesEqual(element, needle))
  return false
}
