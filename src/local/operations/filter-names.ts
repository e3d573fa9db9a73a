/** The top-level attribute names a parsed condition reads (for DynamoDB's static filter checks). */
import type { ConditionNode, RequestPlaceholders } from '../expressions/index.ts'

type Term = ConditionNode['root']
type Operand = Extract<Term, { kind: 'compare' }>['left']

export function filterAttributes(node: ConditionNode, ctx: RequestPlaceholders): string[] {
  const out = new Set<string>()
  const operand = (o: Operand): void => {
    if (o.kind === 'size') return operand(o.operand)
    if (o.kind !== 'path') return
    const first = o.path.elements[0]
    if (first?.type === 'name') out.add(first.placeholder ? (ctx.names?.[first.name] ?? first.name) : first.name)
  }
  const term = (t: Term): void => {
    switch (t.kind) {
      case 'compare': operand(t.left); operand(t.right); break
      case 'between': operand(t.operand); operand(t.low); operand(t.high); break
      case 'in': operand(t.operand); t.list.forEach(operand); break
      case 'function': t.args.forEach(operand); break
      case 'and': case 'or': term(t.left); term(t.right); break
      case 'not': term(t.operand); break
    }
  }
  term(node.root)
  return [...out]
}
