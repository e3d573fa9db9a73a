/**
 * A key attribute is a scalar: a condition that reaches into one (`pk.x`, `sk[0]`) can never hold,
 * and DynamoDB refuses it up front instead of answering ConditionalCheckFailed.
 */
import { validationError } from '../errors.ts'
import type { ConditionTerm, Operand, PathNode } from '../expressions/ast.ts'
import type { ConditionNode, RequestPlaceholders } from '../expressions/index.ts'
import type { TableMeta } from '../storage/types.ts'

function paths(term: ConditionTerm, out: PathNode[]): PathNode[] {
  const operand = (o: Operand): void => {
    if (o.kind === 'path') out.push(o.path)
    else if (o.kind === 'size') operand(o.operand)
  }
  switch (term.kind) {
    case 'and':
    case 'or':
      paths(term.left, out)
      paths(term.right, out)
      break
    case 'not':
      paths(term.operand, out)
      break
    case 'compare':
      operand(term.left)
      operand(term.right)
      break
    case 'between':
      ;[term.operand, term.low, term.high].forEach(operand)
      break
    case 'in':
      ;[term.operand, ...term.list].forEach(operand)
      break
    case 'function':
      term.args.forEach(operand)
      break
  }
  return out
}

export function assertKeysScalar(meta: TableMeta, node: ConditionNode | undefined, ctx: RequestPlaceholders): void {
  if (!node) return
  for (const path of paths(node.root, [])) {
    const first = path.elements[0]
    if (path.elements.length < 2 || first?.type !== 'name') continue
    const name = first.placeholder ? (ctx.names?.[first.name] ?? first.name) : first.name
    if (name === meta.key.hash || name === meta.key.range) {
      throw validationError(`Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: ${name}`)
    }
  }
}
