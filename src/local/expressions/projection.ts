/** ProjectionExpression: copies only the listed document paths out of an item. */
import { emptyAttributeMap } from '../../dynamodb/value-rules.ts'
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import type { PathNode, ResolvedPath } from './ast.ts'
import type { RequestPlaceholders } from './placeholders.ts'
import { assertNoOverlap, getAt, resolvePath } from './paths.ts'
import { cloneValue } from './value-semantics.ts'

type Projected =
  | { kind: 'leaf'; value: AttributeValue }
  | { kind: 'map'; children: Map<string, Projected> }
  | { kind: 'list'; children: Map<number, Projected> }

/** Resolves the paths' placeholders (marking them used) and rejects overlapping paths. */
export function bindProjection(paths: PathNode[], ctx: RequestPlaceholders): ResolvedPath[] {
  const hit = bound.get(paths)
  if (hit && hit.ctx === ctx) return hit.resolved
  const resolved = paths.map((path) => resolvePath(path, ctx, 'ProjectionExpression'))
  assertNoOverlap(resolved, 'ProjectionExpression')
  bound.set(paths, { ctx, resolved })
  return resolved
}

const bound = new WeakMap<PathNode[], { ctx: RequestPlaceholders; resolved: ResolvedPath[] }>()

/**
 * The item reduced to the projected paths. Nested values keep their shape; projected list
 * elements are packed together in index order (a[3], a[1] gives a two-element list).
 */
export function projectItem(item: AttributeMap, paths: PathNode[], ctx: RequestPlaceholders): AttributeMap {
  const root: Projected = { kind: 'map', children: new Map() }
  for (const path of bindProjection(paths, ctx)) {
    const value = getAt(item, path)
    if (value !== undefined) insert(root, path, value)
  }
  return (materialize(root) as { M: AttributeMap }).M
}

function insert(root: Projected, path: ResolvedPath, value: AttributeValue): void {
  let node = root
  path.forEach((step, i) => {
    const children = (node as { children: Map<string | number, Projected> }).children
    if (i === path.length - 1) {
      children.set(step, { kind: 'leaf', value: cloneValue(value) })
      return
    }
    let child = children.get(step)
    if (!child) {
      child = typeof path[i + 1] === 'number' ? { kind: 'list', children: new Map() } : { kind: 'map', children: new Map() }
      children.set(step, child)
    }
    node = child
  })
}

function materialize(node: Projected): AttributeValue {
  if (node.kind === 'leaf') return node.value
  if (node.kind === 'list') {
    const indexes = [...node.children.keys()].sort((a, b) => a - b)
    return { L: indexes.map((index) => materialize(node.children.get(index)!)) }
  }
  const map: Record<string, AttributeValue> = emptyAttributeMap()
  for (const [name, child] of node.children) map[name] = materialize(child)
  return { M: map }
}
