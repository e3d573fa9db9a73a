/**
 * Parses DynamoDB's PartiQL statements into plans. WHERE clauses and SET/REMOVE actions are
 * translated into the trees of src/local/expressions (every name and literal becomes a
 * #placeholder / :placeholder of the plan's own context), so PartiQL shares the evaluator, the
 * update engine and their DynamoDB Local error messages.
 */
import { emptyAttributeMap } from '../../dynamodb/value-rules.ts'
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import { LocalError, validationError } from '../errors.ts'
import type { BooleanFunction, Comparator, ConditionTerm, Operand, PathElement, PathNode, UpdateAction, UpdateOperand } from '../expressions/ast.ts'
import { bindCondition, bindProjection, bindUpdate, createPlaceholders } from '../expressions/index.ts'
import { exceedsOperatorLimit, MAX_IN_OPERANDS, MAX_PARENTHESES_DEPTH, parseLogical, rememberingFailures, TOO_MANY_OPERATORS, tooManyInOperands } from '../expressions/logic.ts'
import { malformed } from './lexer.ts'
import { TokenStream } from './stream.ts'
import type { ReturnValues, StatementPlan } from './plan.ts'

const KEYWORDS = new Set([
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'IS', 'MISSING', 'NULL', 'TRUE', 'FALSE', 'INSERT', 'INTO',
  'VALUE', 'VALUES', 'EXISTS', 'UPDATE', 'SET', 'REMOVE', 'DELETE', 'RETURNING', 'ORDER', 'BY', 'ASC', 'DESC',
])
const COMPARATORS: Record<string, Comparator> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' }
const BOOLEAN_FUNCTIONS = new Set(['begins_with', 'contains', 'attribute_type', 'attribute_exists', 'attribute_not_exists'])

export class StatementParser extends TokenStream {
  private parametersUsed = 0
  private valueCount = 0
  private depth = 0
  /** Operand parses that failed, by token position (see rememberingFailures). */
  private readonly operandFailures = new Map<number, unknown>()
  private readonly names: Record<string, string> = emptyAttributeMap()
  private readonly nameSlots = new Map<string, string>()
  private readonly values: Record<string, AttributeValue> = emptyAttributeMap()

  constructor(
    statement: string,
    private readonly parameters: AttributeValue[],
  ) {
    super(statement)
  }

  parse(): StatementPlan {
    const plan = this.statementPlan()
    if (this.peek().type !== 'eof') throw this.malformed()
    if (this.parametersUsed > this.parameters.length) {
      throw validationError("Number of parameters in request and statement don't match.")
    }
    withoutPrefix(() => {
      if (plan.kind === 'exists' && plan.select.where) bindCondition(plan.select.where, plan.select.context)
      if ('where' in plan && plan.where) bindCondition(plan.where, plan.context)
      if (plan.kind === 'update') bindUpdate(plan.update, plan.context)
      // DynamoDB Local names the later of two overlapping projected paths first.
      if (plan.kind === 'select' && plan.projection !== '*') bindProjection([...plan.projection].reverse(), plan.context)
    })
    return plan
  }

  // ---- statements ----

  private statementPlan(): StatementPlan {
    const context = createPlaceholders(this.names, this.values)
    if (this.isKeyword('EXISTS') && this.isPunct('(', 1)) {
      this.next()
      this.next()
      const select = this.statementPlan()
      this.punct(')')
      if (select.kind !== 'select') throw this.malformed()
      return { kind: 'exists', select }
    }
    if (this.isKeyword('SELECT')) {
      this.next()
      let projection: PathNode[] | '*' = '*'
      if (this.isPunct('*')) this.next()
      else projection = this.commaList(() => this.path())
      this.keyword('FROM')
      const { table, index } = this.tableRef()
      const where = this.isKeyword('WHERE') ? (this.next(), this.whereCondition()) : undefined
      let orderBy: { path: PathNode; descending: boolean } | undefined
      if (this.isKeyword('ORDER')) {
        this.next()
        this.keyword('BY')
        const path = this.path()
        const descending = this.isKeyword('DESC')
        if (descending || this.isKeyword('ASC')) this.next()
        if (!where) throw validationError('Must have WHERE clause in the statement when using ORDER BY clause.')
        orderBy = { path, descending }
      }
      return { kind: 'select', table, ...(index !== undefined ? { index } : {}), projection, ...(where ? { where: conditionNode(where) } : {}), ...(orderBy ? { orderBy } : {}), context }
    }
    if (this.isKeyword('INSERT')) {
      this.next()
      this.keyword('INTO')
      const { table, index } = this.tableRef()
      if (index !== undefined) throw this.malformed()
      this.keyword('VALUE')
      const item = this.literal()
      if (!('M' in item)) throw this.malformed()
      return { kind: 'insert', table, item: item.M as AttributeMap, context }
    }
    if (this.isKeyword('UPDATE')) {
      this.next()
      const { table } = this.tableRef()
      const actions: UpdateAction[] = []
      while (this.isKeyword('SET') || this.isKeyword('REMOVE')) {
        const clause = this.next().text.toUpperCase()
        // SET takes a comma list; REMOVE one path (DynamoDB Local refuses "REMOVE a, b").
        if (clause === 'SET') actions.push(...this.commaList(() => this.assignment()))
        else actions.push({ kind: 'REMOVE', path: this.path() })
      }
      if (actions.length === 0) throw this.malformed()
      this.keyword('WHERE')
      const where = conditionNode(this.whereCondition())
      const returning = this.returning()
      return { kind: 'update', table, update: { kind: 'update', actions }, where, ...(returning ? { returning } : {}), context }
    }
    if (this.isKeyword('DELETE')) {
      this.next()
      this.keyword('FROM')
      const { table } = this.tableRef()
      this.keyword('WHERE')
      const where = conditionNode(this.whereCondition())
      const returning = this.returning()
      if (returning && returning !== 'ALL_OLD') throw this.malformed()
      return { kind: 'delete', table, where, ...(returning ? { returning } : {}), context }
    }
    throw this.malformed()
  }

  private tableRef(): { table: string; index?: string } {
    const table = this.identifier()
    if (!this.isPunct('.')) return { table }
    this.next()
    return { table, index: this.identifier() }
  }

  private identifier(): string {
    const token = this.peek()
    if (token.type === 'quoted' || (token.type === 'ident' && !KEYWORDS.has(token.text.toUpperCase()))) {
      this.next()
      return token.text
    }
    throw this.malformed()
  }

  private returning(): ReturnValues | undefined {
    if (!this.isKeyword('RETURNING')) return undefined
    this.next()
    const which = this.next().text.toUpperCase()
    const image = this.next().text.toUpperCase()
    this.punct('*')
    if ((which !== 'ALL' && which !== 'MODIFIED') || (image !== 'OLD' && image !== 'NEW')) throw this.malformed()
    return `${which}_${image}` as ReturnValues
  }

  // ---- paths, literals, parameters ----

  private nameElement(name: string): PathElement {
    let slot = this.nameSlots.get(name)
    if (!slot) {
      slot = `#p${this.nameSlots.size}`
      this.nameSlots.set(name, slot)
      this.names[slot] = name
    }
    return { type: 'name', name: slot, placeholder: true }
  }

  private valueOperand(value: AttributeValue): { kind: 'value'; placeholder: string } {
    // A counter, not Object.keys(values).length: that made a long IN list quadratic.
    const placeholder = `:p${this.valueCount++}`
    this.values[placeholder] = value
    return { kind: 'value', placeholder }
  }

  private path(): PathNode {
    const elements: PathElement[] = [this.nameElement(this.identifier())]
    for (;;) {
      if (this.isPunct('.')) {
        this.next()
        elements.push(this.nameElement(this.identifier()))
      } else if (this.isPunct('[')) {
        this.next()
        const token = this.next()
        if (token.type === 'number' && /^\d+$/.test(token.text)) elements.push({ type: 'index', index: Number(token.text) })
        else if (token.type === 'string') elements.push(this.nameElement(token.text))
        else throw this.malformed()
        this.punct(']')
      } else {
        return { elements }
      }
    }
  }

  private parameter(): AttributeValue {
    this.next()
    const value = this.parameters[this.parametersUsed]
    this.parametersUsed++
    return value ?? { NULL: true } // a missing parameter is reported once the statement is parsed
  }

  /** A PartiQL literal (or `?`) as an AttributeValue. */
  private literal(): AttributeValue {
    const token = this.peek()
    if (token.type === 'param') return this.parameter()
    if (token.type === 'string') {
      this.next()
      return { S: token.text }
    }
    if (token.type === 'number') {
      this.next()
      return { N: token.text }
    }
    if (this.isPunct('-') && this.peek(1).type === 'number') {
      this.next()
      return { N: `-${this.next().text}` }
    }
    if (this.isKeyword('TRUE') || this.isKeyword('FALSE')) return { BOOL: this.next().text.toUpperCase() === 'TRUE' }
    if (this.isKeyword('NULL')) {
      this.next()
      return { NULL: true }
    }
    if (this.isPunct('[')) {
      this.next()
      const list = this.isPunct(']') ? [] : this.commaList(() => this.literal())
      this.punct(']')
      return { L: list }
    }
    if (this.isPunct('{')) {
      this.next()
      const map: Record<string, AttributeValue> = emptyAttributeMap()
      if (!this.isPunct('}')) {
        this.commaList(() => {
          const key = this.next()
          if (key.type !== 'string') throw this.malformed()
          this.punct(':')
          if (Object.hasOwn(map, key.text)) throw validationError(`Duplicate keys in tuple. Key: ${key.text}`)
          map[key.text] = this.literal()
        })
      }
      this.punct('}')
      return { M: map }
    }
    if (this.isPunct('<<')) {
      this.next()
      if (this.isPunct('>>')) throw validationError('Empty bags are not supported')
      const members = this.commaList(() => this.literal())
      this.punct('>>')
      return setOf(members, this.statement)
    }
    throw this.malformed()
  }

  private startsLiteral(): boolean {
    const token = this.peek()
    return (
      ['param', 'string', 'number'].includes(token.type) ||
      (this.isPunct('-') && this.peek(1).type === 'number') ||
      ['TRUE', 'FALSE', 'NULL'].some((k) => this.isKeyword(k)) ||
      this.isPunct('[') || this.isPunct('{') || this.isPunct('<<')
    )
  }

  // ---- WHERE ----

  private condition(): ConditionTerm {
    return parseLogical((word) => this.isKeyword(word), () => this.next(), () => this.predicate())
  }

  /** A WHERE clause, within DynamoDB's operator limit. */
  private whereCondition(): ConditionTerm {
    const root = this.condition()
    if (exceedsOperatorLimit(root)) throw validationError(TOO_MANY_OPERATORS)
    return root
  }

  /** `( inner )`, no deeper than MAX_PARENTHESES_DEPTH (see logic.ts). */
  private parenthesized<T>(inner: () => T): T {
    this.punct('(')
    if (++this.depth > MAX_PARENTHESES_DEPTH) throw validationError(`Statement nests parentheses deeper than ${MAX_PARENTHESES_DEPTH} levels`)
    const node = inner()
    this.depth--
    this.punct(')')
    return node
  }

  private predicate(): ConditionTerm {
    if (this.isPunct('(')) {
      const pos = this.pos
      const depth = this.depth
      try {
        const left = this.operand()
        if (this.startsComparison()) return this.comparison(left)
      } catch (error) {
        if (!(error instanceof LocalError)) throw error
      }
      this.pos = pos
      this.depth = depth
      return this.parenthesized(() => this.condition())
    }
    const token = this.peek()
    if (token.type === 'ident' && this.isPunct('(', 1) && BOOLEAN_FUNCTIONS.has(token.text.toLowerCase())) {
      const name = this.next().text.toLowerCase()
      this.punct('(')
      const args = this.commaList(() => this.operand())
      this.punct(')')
      return { kind: 'function', name: name as BooleanFunction, args }
    }
    return this.comparison(this.operand())
  }

  private startsComparison(): boolean {
    const token = this.peek()
    return (token.type === 'punct' && token.text in COMPARATORS) || ['BETWEEN', 'IN', 'IS'].some((k) => this.isKeyword(k))
  }

  private comparison(left: Operand): ConditionTerm {
    const token = this.peek()
    if (token.type === 'punct' && token.text in COMPARATORS) {
      this.next()
      return { kind: 'compare', op: COMPARATORS[token.text]!, left, right: this.operand() }
    }
    if (this.isKeyword('BETWEEN')) {
      this.next()
      const low = this.operand()
      this.keyword('AND')
      return { kind: 'between', operand: left, low, high: this.operand() }
    }
    if (this.isKeyword('IN')) {
      this.next()
      const close = this.isPunct('[') ? ']' : ')'
      if (!this.isPunct('[') && !this.isPunct('(')) throw this.malformed()
      this.next()
      const list = this.commaList(() => this.operand())
      this.punct(close)
      if (list.length > MAX_IN_OPERANDS) throw validationError(tooManyInOperands(list.length))
      return { kind: 'in', operand: left, list }
    }
    if (this.isKeyword('IS')) {
      this.next()
      const negated = this.isKeyword('NOT')
      if (negated) this.next()
      let term: ConditionTerm
      if (this.isKeyword('MISSING')) term = { kind: 'function', name: 'attribute_not_exists', args: [left] }
      else if (this.isKeyword('NULL')) term = { kind: 'function', name: 'attribute_type', args: [left, this.valueOperand({ S: 'NULL' })] }
      else throw this.malformed()
      this.next()
      return negated ? { kind: 'not', operand: term } : term
    }
    throw this.malformed()
  }

  private operand(): Operand {
    return rememberingFailures(this.operandFailures, this.pos, () => this.operandAt())
  }

  private operandAt(): Operand {
    if (this.isPunct('(')) return this.parenthesized(() => this.operand())
    const token = this.peek()
    if (token.type === 'ident' && this.isPunct('(', 1)) {
      const name = token.text.toLowerCase()
      if (name !== 'size') throw validationError(`Unrecognized function: ${name}`)
      this.next()
      this.punct('(')
      const inner = this.operand()
      this.punct(')')
      return { kind: 'size', operand: inner }
    }
    if (this.startsLiteral()) return this.valueOperand(this.literal())
    return { kind: 'path', path: this.path() }
  }

  // ---- UPDATE ... SET ----

  private assignment(): UpdateAction {
    const path = this.path()
    this.punct('=')
    const token = this.peek()
    if (token.type === 'ident' && this.isPunct('(', 1)) {
      const name = token.text.toLowerCase()
      if (name === 'set_add' || name === 'set_delete') {
        this.next()
        this.punct('(')
        this.path()
        this.punct(',')
        const value = this.valueOperand(this.literal())
        this.punct(')')
        return { kind: name === 'set_add' ? 'ADD' : 'DELETE', path, placeholder: value.placeholder }
      }
    }
    const left = this.updateOperand()
    if (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next().text as '+' | '-'
      return { kind: 'SET', path, value: { kind: 'arithmetic', op, left, right: this.updateOperand() } }
    }
    if (this.isPunct('||')) throw validationError('Unsupported operator in Update Expression. Operator: ||')
    return { kind: 'SET', path, value: left }
  }

  private updateOperand(): UpdateOperand {
    const token = this.peek()
    if (token.type === 'ident' && this.isPunct('(', 1)) {
      const name = token.text.toLowerCase()
      this.next()
      this.punct('(')
      const args = this.commaList(() => this.updateOperand())
      this.punct(')')
      if (name === 'list_append' && args.length === 2) return { kind: 'list_append', left: args[0]!, right: args[1]! }
      const [first, second] = args
      if (name === 'if_not_exists' && first?.kind === 'path' && second && args.length === 2) {
        return { kind: 'if_not_exists', path: first.path, fallback: second }
      }
      throw validationError(`Unrecognized function: ${name}`)
    }
    if (this.startsLiteral()) return this.valueOperand(this.literal())
    return { kind: 'path', path: this.path() }
  }
}

function conditionNode(root: ConditionTerm) {
  return { kind: 'condition' as const, source: 'ConditionExpression' as const, root }
}

/** `<<'a', 'b'>>` is a string set, `<<1, 2>>` a number set; members must share one type. */
function setOf(members: AttributeValue[], statement: string): AttributeValue {
  if (members.every((m) => 'S' in m)) return { SS: members.map((m) => (m as { S: string }).S) }
  if (members.every((m) => 'N' in m)) return { NS: members.map((m) => (m as { N: string }).N) }
  if (members.every((m) => 'B' in m)) return { BS: members.map((m) => (m as { B: string | Uint8Array }).B) }
  throw malformed(statement)
}

/** PartiQL reports expression errors without the "Invalid XExpression: " prefix. */
function withoutPrefix(run: () => void): void {
  try {
    run()
  } catch (error) {
    if (error instanceof LocalError) {
      const match = /^Invalid \w+Expression: (.*)$/s.exec(error.message)
      if (match) throw validationError(match[1]!)
    }
    throw error
  }
}
