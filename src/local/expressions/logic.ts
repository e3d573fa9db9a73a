/**
 * The boolean layer both condition grammars share, the expression language's and PartiQL's WHERE:
 * OR binds loosest, then AND, then NOT, then the grammar's own predicate (comparisons, functions,
 * parentheses). Each parser passes its own token checks and predicate.
 */
import type { ConditionTerm, Operand } from './ast.ts'

export function parseLogical(isKeyword: (word: string) => boolean, advance: () => void, predicate: () => ConditionTerm): ConditionTerm {
  const negation = (): ConditionTerm => {
    if (!isKeyword('NOT')) return predicate()
    advance()
    return { kind: 'not', operand: negation() }
  }
  const conjunction = (): ConditionTerm => {
    let left = negation()
    while (isKeyword('AND')) {
      advance()
      left = { kind: 'and', left, right: negation() }
    }
    return left
  }
  let left = conjunction()
  while (isKeyword('OR')) {
    advance()
    left = { kind: 'or', left, right: conjunction() }
  }
  return left
}

/** DynamoDB's limit on operators and functions in one condition (comparisons, BETWEEN, IN, AND, OR, NOT, functions, size()). */
export const MAX_OPERATORS = 300

/**
 * Whether a condition has more than MAX_OPERATORS operators. Counts without recursion (a chain of
 * ORs is a deep tree) and stops at the first one over the limit, as DynamoDB reports "301".
 */
export function exceedsOperatorLimit(root: ConditionTerm): boolean {
  let count = 0
  const stack: (ConditionTerm | Operand)[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    switch (node.kind) {
      case 'path':
      case 'value':
        continue
      case 'size':
        stack.push(node.operand)
        break
      case 'compare':
        stack.push(node.left, node.right)
        break
      case 'between':
        stack.push(node.operand, node.low, node.high)
        break
      case 'in':
        stack.push(node.operand, ...node.list)
        break
      case 'function':
        stack.push(...node.args)
        break
      case 'and':
      case 'or':
        stack.push(node.left, node.right)
        break
      case 'not':
        stack.push(node.operand)
        break
    }
    if (++count > MAX_OPERATORS) return true
  }
  return false
}

/** DynamoDB's message for a condition over MAX_OPERATORS (it stops counting at the first one over). */
export const TOO_MANY_OPERATORS = `The expression contains too many operators; operator count: ${MAX_OPERATORS + 1}`

/**
 * How deep parentheses may nest. DynamoDB documents no limit, but every level of a valid condition
 * adds an operator (doubled parentheses are an error), so a deeper nesting cannot be valid; the cap
 * keeps the recursive-descent parsers' stack and backtracking bounded (DynamoDB Local overflows its
 * stack on PartiQL at 1,000 levels).
 */
export const MAX_PARENTHESES_DEPTH = MAX_OPERATORS + 1

/** DynamoDB's limit on the operands of one IN, in expressions and PartiQL. */
export const MAX_IN_OPERANDS = 100

export function tooManyInOperands(count: number): string {
  return `The IN operator is provided with too many operands; number of operands: ${count}`
}

/**
 * Runs `parse` at token `position` unless it already failed there, remembering a failure. Both
 * parsers try "( operand ) = x" before "( condition )" at every parenthesis; without this, each
 * level of nesting re-parsed all the levels inside it (quadratic). A failure at a position is the
 * same whichever way it is reached.
 */
export function rememberingFailures<T>(failures: Map<number, unknown>, position: number, parse: () => T): T {
  const failed = failures.get(position)
  if (failed !== undefined) throw failed
  try {
    return parse()
  } catch (error) {
    failures.set(position, error)
    throw error
  }
}
