/** Resolving document paths against placeholders and items, and DynamoDB's overlap rules. */
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import type { PathNode, ResolvedPath } from './ast.ts'
import { expressionError, resolveName, type RequestPlaceholders, type ExpressionKind } from './placeholders.ts'

export function resolvePath(path: PathNode, ctx: RequestPlaceholders, kind: ExpressionKind): ResolvedPath {
  return path.elements.map((element) => {
    if (element.type === 'index') return element.index
    return element.placeholder ? resolveName(ctx, element.name, kind) : element.name
  })
}

const resolved = new WeakMap<PathNode, { ctx: RequestPlaceholders; path: ResolvedPath }>()

/** resolvePath, remembered per path node and context (evaluation runs once per item). */
export function resolvePathCached(path: PathNode, ctx: RequestPlaceholders, kind: ExpressionKind): ResolvedPath {
  const hit = resolved.get(path)
  if (hit && hit.ctx === ctx) return hit.path
  const result = resolvePath(path, ctx, kind)
  resolved.set(path, { ctx, path: result })
  return result
}

/** The value at a path, or undefined when any step is missing or of the wrong container type. */
export function getAt(item: AttributeMap | undefined, path: ResolvedPath): AttributeValue | undefined {
  if (!item) return undefined
  const [first, ...rest] = path
  if (typeof first !== 'string') return undefined
  // Stored items come back from JSON.parse with a prototype: only own attributes count.
  let current: AttributeValue | undefined = Object.hasOwn(item, first) ? item[first] : undefined
  for (const step of rest) {
    if (current === undefined) return undefined
    if (typeof step === 'number') current = 'L' in current ? current.L[step] : undefined
    else current = 'M' in current && Object.hasOwn(current.M, step) ? current.M[step] : undefined
  }
  return current
}

/** DynamoDB prints paths as `[a, [0], b]` in its error messages. */
export function formatPath(path: ResolvedPath): string {
  return `[${path.map((step) => (typeof step === 'number' ? `[${step}]` : step)).join(', ')}]`
}

/**
 * Throws when two paths touch the same data: one is a prefix of the other ("overlap"), or they
 * step into the same attribute once as a map and once as a list ("conflict").
 */
export function assertNoOverlap(paths: ResolvedPath[], kind: ExpressionKind): void {
  // Only paths that start at the same attribute can overlap or conflict: compare within those
  // groups (in the original order, so the pair named is DynamoDB's), not every pair of a long list.
  const earlier = new Map<string | number, number[]>()
  for (let j = 0; j < paths.length; j++) {
    const head = paths[j]![0]!
    const group = earlier.get(head)
    if (!group) {
      earlier.set(head, [j])
      continue
    }
    for (const i of group) {
      const verdict = relation(paths[i]!, paths[j]!)
      if (verdict) {
        throw expressionError(
          kind,
          `Two document paths ${verdict} with each other; must remove or rewrite one of these paths; path one: ${formatPath(paths[i]!)}, path two: ${formatPath(paths[j]!)}`,
        )
      }
    }
    group.push(j)
  }
}

function relation(a: ResolvedPath, b: ResolvedPath): 'overlap' | 'conflict' | undefined {
  const n = Math.min(a.length, b.length)
  for (let k = 0; k < n; k++) {
    if (a[k] === b[k]) continue
    return typeof a[k] === typeof b[k] ? undefined : 'conflict'
  }
  return 'overlap'
}
