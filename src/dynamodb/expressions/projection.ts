/**
 * Projections: which attributes (or nested parts of them) a read returns.
 * `projection('id', 'profile.name', 'tags[0]', ['odd.name'])`.
 */
import { ExpressionError } from './errors.ts'
import { parsePath, type PathInput } from './paths.ts'
import { node, type Projection } from './tree.ts'

export function projection(...paths: PathInput[]): Projection {
  if (paths.length === 0) throw new ExpressionError('InvalidOperand', 'projection() needs at least one path.')
  return node({ kind: 'projection', paths: Object.freeze(paths.map(parsePath)) })
}
