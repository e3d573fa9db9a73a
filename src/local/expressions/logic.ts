/**
 * The boolean layer both condition grammars share, the expression language's and PartiQL's WHERE:
 * OR binds loosest, then AND, then NOT, then the grammar's own predicate (comparisons, functions,
 * parentheses). Each parser passes its own token checks and predicate.
 */
import type { ConditionTerm } from './ast.ts'

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
