/** Access-pattern names, shared by the derivation (to name unserved patterns) and the pattern list. */
import { pascal, plural } from '../names.ts'
import type { IndexDefinition } from '../models/types.ts'

export const patternNames = {
  getById: (entity: string): string => `get${entity}`,
  getByUnique: (entity: string, attributes: readonly string[]): string => `get${entity}By${attributes.map(pascal).join('And')}`,
  /** child → its parent: `getTeamOfUser`. */
  parentOf: (child: string, parent: string): string => `get${parent}Of${child}`,
  /** parent → its children: `listPostsOfUser`, or `getProfileOfUser` for hasOne. */
  childrenOf: (parent: string, child: string, one: boolean): string =>
    one ? `get${child}Of${parent}` : `list${plural(child)}Of${parent}`,
  /** one side of a belongsToMany → the other: `listTagsOfPost`. */
  manyOf: (entity: string, other: string): string => `list${plural(other)}Of${entity}`,
  /** declared index: partition columns name it, the last column orders it. */
  byIndex: (entity: string, index: IndexDefinition, all: readonly IndexDefinition[]): string => {
    const lead = (cols: readonly string[]): string[] => cols.slice(0, Math.max(1, cols.length - 1))
    const name = `list${plural(entity)}By${lead(index.columns).map(pascal).join('And')}`
    const clashes = all.filter((other) => lead(other.columns).join() === lead(index.columns).join()).length > 1
    return clashes ? `${name}Via${pascal(index.name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase()))}` : name
  },
  listAll: (entity: string): string => `listAll${plural(entity)}`,
}
