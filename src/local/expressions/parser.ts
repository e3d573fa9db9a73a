/**
 * Recursive-descent parser for DynamoDB's condition, update and projection expressions. Syntax
 * errors carry DynamoDB's wording: the offending token and the text from the token before it to
 * the token after it.
 */
import type {
  BooleanFunction,
  Comparator,
  ConditionNode,
  ConditionTerm,
  Operand,
  PathElement,
  PathNode,
  UpdateAction,
  UpdateNode,
  UpdateOperand,
} from './ast.ts'
import { expressionError, type ExpressionKind } from './placeholders.ts'
import { tokenize, type Token } from './lexer.ts'
import { exceedsOperatorLimit, MAX_IN_OPERANDS, MAX_PARENTHESES_DEPTH, parseLogical, rememberingFailures, TOO_MANY_OPERATORS, tooManyInOperands } from './logic.ts'
import { isReservedWord } from './reserved-words.ts'

const BOOLEAN_FUNCTIONS = new Set<string>(['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains'])
const UPDATE_FUNCTIONS = new Set<string>(['if_not_exists', 'list_append'])
const COMPARATORS = new Set<string>(['=', '<>', '<', '<=', '>', '>='])
const ARITY: Record<string, number> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
  if_not_exists: 2,
  list_append: 2,
}
const MAX_LIST_INDEX = 2 ** 31 - 1
const CLAUSES = ['SET', 'REMOVE', 'ADD', 'DELETE'] as const
const MAX_EXPRESSION_LENGTH = 4096
const MAX_PATH_DEPTH = 32
/** Words of the expression grammar itself: as attribute names they are syntax errors. */
const GRAMMAR_KEYWORDS = new Set(['ADD', 'AND', 'BETWEEN', 'DELETE', 'IN', 'NOT', 'OR', 'SET'])
/** Documented reserved words that DynamoDB Local nevertheless accepts as attribute names. */
const NOT_RESERVED_IN_LOCAL = new Set(['CONVERT', 'SIZE'])
const REDUNDANT_PARENTHESES = 'The expression has redundant parentheses;'

class Parser {
  private readonly tokens: Token[]
  private pos = 0
  /** Token spans "open:close" of parenthesized groups parsed so far, to spot redundant ones. */
  private readonly groups = new Set<string>()
  /** The same spans in the order parsed, so backtracking can forget the latest ones. */
  private readonly groupOrder: string[] = []
  private depth = 0

  constructor(
    private readonly text: string,
    readonly kind: ExpressionKind,
  ) {
    if (text.trim() === '') throw this.error('The expression can not be empty;')
    if (text.length > MAX_EXPRESSION_LENGTH) {
      throw this.error(`Expression size has exceeded the maximum allowed size; expression size: ${text.length}`)
    }
    this.tokens = tokenize(text)
  }

  error(message: string) {
    return expressionError(this.kind, message)
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!
  }

  next(): Token {
    const token = this.peek()
    if (this.pos < this.tokens.length - 1) this.pos++
    return token
  }

  isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset)
    return token.type === 'name' && token.text.toUpperCase() === word
  }

  isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset)
    return token.type === 'punct' && token.text === text
  }

  syntaxError(token: Token = this.peek()) {
    // The token is the current one or close before it: search back from here, not the whole list.
    let index = Math.min(this.pos, this.tokens.length - 1)
    while (index > 0 && this.tokens[index] !== token) index--
    const before = index > 0 ? this.tokens[index - 1]! : token
    const after = token.type === 'eof' ? token : this.tokens[index + 1]!
    const near = this.text.slice(before.start, after.end)
    return this.error(`Syntax error; token: "${token.text}", near: "${near}"`)
  }

  expectPunct(text: string): Token {
    if (!this.isPunct(text)) throw this.syntaxError()
    return this.next()
  }

  expectEnd(): void {
    if (this.peek().type !== 'eof') throw this.syntaxError()
  }

  // ---- paths ----

  path(): PathNode {
    const elements: PathElement[] = [this.pathName()]
    for (;;) {
      if (this.isPunct('.')) {
        this.next()
        elements.push(this.pathName())
      } else if (this.isPunct('[')) {
        this.next()
        const token = this.next()
        if (token.type !== 'number') throw this.syntaxError(token)
        const index = Number(token.text)
        if (!Number.isSafeInteger(index) || index > MAX_LIST_INDEX) {
          throw this.error(`List index is not within the allowable range; index: [${token.text}]`)
        }
        this.expectPunct(']')
        elements.push({ type: 'index', index })
      } else {
        if (elements.length > MAX_PATH_DEPTH) {
          throw this.error(`The document path has too many nesting levels; nesting levels: ${elements.length}`)
        }
        return { elements }
      }
    }
  }

  private pathName(): PathElement {
    const token = this.next()
    if (token.type === 'placeholder') return { type: 'name', name: token.text, placeholder: true }
    if (token.type !== 'name' || GRAMMAR_KEYWORDS.has(token.text.toUpperCase())) throw this.syntaxError(token)
    if (isReservedWord(token.text) && !NOT_RESERVED_IN_LOCAL.has(token.text.toUpperCase())) {
      throw this.error(`Attribute name is a reserved keyword; reserved keyword: ${token.text}`)
    }
    return { type: 'name', name: token.text, placeholder: false }
  }

  /** `( inner )`; "((x))" is an error in DynamoDB, so groups directly inside groups are refused. */
  private group<T>(inner: () => T): T {
    const open = this.pos
    this.expectPunct('(')
    // Deeper than any valid condition can nest: it has doubled parentheses somewhere (see logic.ts).
    if (++this.depth > MAX_PARENTHESES_DEPTH) throw this.error(REDUNDANT_PARENTHESES)
    const node = inner()
    this.depth--
    this.expectPunct(')')
    const close = this.pos - 1
    if (this.groups.has(`${open + 1}:${close - 1}`)) throw this.error(REDUNDANT_PARENTHESES)
    this.groups.add(`${open}:${close}`)
    this.groupOrder.push(`${open}:${close}`)
    return node
  }

  isFunctionCall(): boolean {
    return this.peek().type === 'name' && this.isPunct('(', 1)
  }

  /** Parses `name(arg, ...)` with args from `argument`; checks the arity. */
  call<T>(argument: () => T): { name: string; args: T[] } {
    const name = this.next().text
    this.expectPunct('(')
    const args = [argument()]
    while (this.isPunct(',')) {
      this.next()
      args.push(argument())
    }
    this.expectPunct(')')
    if (ARITY[name] !== undefined && ARITY[name] !== args.length) {
      throw this.error(`Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`)
    }
    return { name, args }
  }

  // ---- conditions: OR < AND < NOT < comparisons, functions, parentheses ----

  condition(): ConditionTerm {
    return parseLogical((word) => this.isKeyword(word), () => this.next(), () => this.predicate())
  }

  private predicate(): ConditionTerm {
    if (this.isPunct('(')) {
      // "(a) = :v" is legal too: try a parenthesized operand first, else a grouped condition.
      const pos = this.pos
      const depth = this.depth
      const groups = this.groupOrder.length
      try {
        const left = this.operand()
        if (this.startsComparison()) return this.comparison(left)
      } catch (error) {
        if ((error as Error).message.endsWith(REDUNDANT_PARENTHESES)) throw error
      }
      this.pos = pos
      this.depth = depth
      while (this.groupOrder.length > groups) this.groups.delete(this.groupOrder.pop()!)
      return this.group(() => this.condition())
    }
    if (this.isFunctionCall() && BOOLEAN_FUNCTIONS.has(this.peek().text)) {
      const { name, args } = this.call(() => this.operand())
      return { kind: 'function', name: name as BooleanFunction, args }
    }
    return this.comparison(this.operand())
  }

  private startsComparison(): boolean {
    const token = this.peek()
    return (token.type === 'punct' && COMPARATORS.has(token.text)) || this.isKeyword('BETWEEN') || this.isKeyword('IN')
  }

  private comparison(left: Operand): ConditionTerm {
    const token = this.peek()
    if (token.type === 'punct' && COMPARATORS.has(token.text)) {
      this.next()
      return { kind: 'compare', op: token.text as Comparator, left, right: this.operand() }
    }
    if (this.isKeyword('BETWEEN')) {
      this.next()
      const low = this.operand()
      if (!this.isKeyword('AND')) throw this.syntaxError()
      this.next()
      return { kind: 'between', operand: left, low, high: this.operand() }
    }
    if (this.isKeyword('IN')) {
      this.next()
      this.expectPunct('(')
      const list = [this.operand()]
      while (this.isPunct(',')) {
        this.next()
        list.push(this.operand())
      }
      this.expectPunct(')')
      if (list.length > MAX_IN_OPERANDS) {
        throw this.error(tooManyInOperands(list.length))
      }
      return { kind: 'in', operand: left, list }
    }
    if (left.kind === 'size' && token.type === 'eof') {
      throw this.error('The function is not allowed to be used this way in an expression; function: size')
    }
    throw this.syntaxError()
  }

  /** Operand parses that failed, by token position (see rememberingFailures). */
  private readonly operandFailures = new Map<number, unknown>()

  /** path | :value | size(operand) */
  operand(): Operand {
    return rememberingFailures(this.operandFailures, this.pos, () => this.operandAt())
  }

  private operandAt(): Operand {
    const token = this.peek()
    if (this.isPunct('(')) return this.group(() => this.operand())
    if (token.type === 'value') {
      this.next()
      return { kind: 'value', placeholder: token.text }
    }
    if (this.isFunctionCall()) {
      const name = token.text
      if (name === 'size') return { kind: 'size', operand: this.call(() => this.operand()).args[0]! }
      if (BOOLEAN_FUNCTIONS.has(name)) {
        throw this.error(`The function is not allowed to be used this way in an expression; function: ${name}`)
      }
      if (UPDATE_FUNCTIONS.has(name)) throw this.error(`The function is not allowed in a condition expression; function: ${name}`)
      throw this.error(`Invalid function name; function: ${name}`)
    }
    return { kind: 'path', path: this.path() }
  }

  // ---- update expressions ----

  update(): UpdateNode {
    const actions: UpdateAction[] = []
    const seen = new Set<string>()
    do {
      const token = this.peek()
      const clause = CLAUSES.find((c) => this.isKeyword(c))
      if (!clause) throw this.syntaxError(token)
      if (seen.has(clause)) throw this.error(`The "${clause}" section can only be used once in an update expression;`)
      seen.add(clause)
      this.next()
      actions.push(this.action(clause))
      while (this.isPunct(',')) {
        this.next()
        actions.push(this.action(clause))
      }
    } while (this.peek().type !== 'eof')
    return { kind: 'update', actions }
  }

  private action(clause: (typeof CLAUSES)[number]): UpdateAction {
    const path = this.path()
    if (clause === 'REMOVE') return { kind: 'REMOVE', path }
    if (clause === 'SET') {
      this.expectPunct('=')
      return { kind: 'SET', path, value: this.setValue() }
    }
    const token = this.next()
    if (token.type !== 'value') throw this.syntaxError(token)
    return { kind: clause, path, placeholder: token.text }
  }

  private setValue(): UpdateOperand {
    const left = this.updateOperand()
    if (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next().text as '+' | '-'
      return { kind: 'arithmetic', op, left, right: this.updateOperand() }
    }
    return left
  }

  private updateOperand(): UpdateOperand {
    const token = this.peek()
    // "SET b.c = ((c[1]) + (b.a))": a parenthesized operand may hold arithmetic.
    if (this.isPunct('(')) return this.group(() => this.setValue())
    if (token.type === 'value') {
      this.next()
      return { kind: 'value', placeholder: token.text }
    }
    if (this.isFunctionCall()) {
      const name = token.text
      if (name === 'if_not_exists') {
        const { args } = this.call(() => this.updateOperand())
        const [path, fallback] = args as [UpdateOperand, UpdateOperand]
        if (path.kind !== 'path') {
          throw this.error('Operator or function requires a document path; operator or function: if_not_exists')
        }
        return { kind: 'if_not_exists', path: path.path, fallback }
      }
      if (name === 'list_append') {
        const { args } = this.call(() => this.updateOperand())
        return { kind: 'list_append', left: args[0]!, right: args[1]! }
      }
      if (BOOLEAN_FUNCTIONS.has(name) || name === 'size') {
        throw this.error(`The function is not allowed in an update expression; function: ${name}`)
      }
      throw this.error(`Invalid function name; function: ${name}`)
    }
    return { kind: 'path', path: this.path() }
  }
}

export function parseCondition(text: string, kind: ExpressionKind = 'ConditionExpression'): ConditionNode {
  const parser = new Parser(text, kind)
  const root = parser.condition()
  parser.expectEnd()
  if (exceedsOperatorLimit(root)) throw parser.error(TOO_MANY_OPERATORS)
  return { kind: 'condition', source: kind, root }
}

export function parseUpdate(text: string): UpdateNode {
  const parser = new Parser(text, 'UpdateExpression')
  const node = parser.update()
  parser.expectEnd()
  return node
}

export function parseProjection(text: string): PathNode[] {
  const parser = new Parser(text, 'ProjectionExpression')
  const paths = [parser.path()]
  while (parser.isPunct(',')) {
    parser.next()
    paths.push(parser.path())
  }
  parser.expectEnd()
  return paths
}
