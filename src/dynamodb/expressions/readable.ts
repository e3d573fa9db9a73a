/**
 * Conditions as text for people: the access-pattern docs and explanations. Names and values are
 * written inline (`GSI2PK = USER#{userId} AND begins_with(GSI2SK, "POST#")`), params as `{name}`,
 * so the text is never valid to send: requests are compiled by compile.ts, the one emitter.
 */
import { formatPath } from './paths.ts'
import type { Condition, KeyCondition, Operand } from './tree.ts'

export function readableExpression(tree: Condition | KeyCondition): string {
  if (tree.kind === 'key_condition') {
    return tree.sort === undefined ? readableExpression(tree.partition) : `${readableExpression(tree.partition)} AND ${readableExpression(tree.sort)}`
  }
  switch (tree.kind) {
    case 'compare':
      return `${operand(tree.left)} ${tree.op} ${operand(tree.right)}`
    case 'between':
      return `${operand(tree.subject)} BETWEEN ${operand(tree.low)} AND ${operand(tree.high)}`
    case 'in':
      return `${operand(tree.subject)} IN (${tree.options.map(operand).join(', ')})`
    case 'attribute_exists':
    case 'attribute_not_exists':
      return `${tree.kind}(${formatPath(tree.path)})`
    case 'attribute_type':
      return `attribute_type(${formatPath(tree.path)}, ${tree.type})`
    case 'begins_with':
    case 'contains':
      return `${tree.kind}(${formatPath(tree.path)}, ${operand(tree.operand)})`
    case 'and':
    case 'or':
      return tree.conditions
        .map((child) => ((child.kind === 'and' || child.kind === 'or') && child.kind !== tree.kind && child.conditions.length > 1 ? `(${readableExpression(child)})` : readableExpression(child)))
        .join(tree.kind === 'and' ? ' AND ' : ' OR ')
    case 'not':
      return `NOT (${readableExpression(tree.condition)})`
  }
}

function operand(o: Operand): string {
  switch (o.kind) {
    case 'path':
      return formatPath(o.path)
    case 'size':
      return `size(${formatPath(o.path)})`
    case 'param':
      return `{${o.name}}`
    case 'template':
      return o.parts.map((part) => (typeof part === 'string' ? part : `{${part.name}}`)).join('')
    case 'value':
      return typeof o.value === 'bigint' ? String(o.value) : (JSON.stringify(o.value) ?? String(o.value))
  }
}
