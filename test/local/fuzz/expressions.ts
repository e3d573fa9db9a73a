/**
 * Random condition, update, filter and projection expressions. A `Placeholders` collects the
 * `:values` and `#names` one request uses, so the request carries exactly those (an unused or
 * missing one is generated on purpose elsewhere, as an invalid request).
 */
import type { AttributeMap, AttributeValue } from '../../../src/dynamodb/attribute-value.ts'
import type { Random } from './random.ts'
import type { TableDef } from './schema.ts'
import { NUMBERS, STRINGS, attrValue, list, scalar, set, value } from './values.ts'

export class Placeholders {
  readonly values: AttributeMap = {}
  readonly names: Record<string, string> = {}
  private nv = 0

  value(v: AttributeValue): string {
    const id = `:v${this.nv++}`
    this.values[id] = v
    return id
  }

  name(n: string): string {
    const id = `#${n.replace(/[^a-zA-Z0-9_]/g, '_')}`
    this.names[id] = n
    return id
  }

  /** Adds ExpressionAttributeValues/Names to a request when any were used. */
  applyTo(input: Record<string, unknown>): Record<string, unknown> {
    if (Object.keys(this.values).length) input.ExpressionAttributeValues = this.values
    if (Object.keys(this.names).length) input.ExpressionAttributeNames = this.names
    return input
  }
}

/** Document paths the expressions touch: top-level attributes, nested map keys, list elements. */
const PATHS = ['n', 's', 'a', 'b', 'f', 'm', 'l', 'ss', 'ns', 'bs', 'status', 'm.x', 'm.y', 'm.x.y', 'l[0]', 'l[1]', 'l[5]', 'm.x[0]', 'nothere']
const RESERVED = new Set(['status'])

export class ExpressionGen {
  constructor(
    private readonly rnd: Random,
    private readonly def: TableDef,
  ) {}

  /** The raw path text, with reserved words (and sometimes any name) behind #placeholders. */
  path(p: Placeholders, raw = this.rnd.pick(PATHS)): string {
    const [head, ...rest] = raw.split('.')
    const top = head!.replace(/\[.*$/, '')
    const index = head!.slice(top.length)
    const alias = RESERVED.has(top) || this.rnd.chance(0.2) ? p.name(top) : top
    return [alias + index, ...rest].join('.')
  }

  indexPath(p: Placeholders): string {
    const attrs = this.def.indexAttrs.map((a) => a.attr.name)
    return attrs.length ? this.path(p, this.rnd.pick(attrs)) : this.path(p)
  }

  /** A value likely comparable with the path's attribute (sometimes deliberately not). */
  operand(p: Placeholders, raw: string): string {
    const top = raw.replace(/[.[].*$/, '')
    return p.value(this.rnd.chance(0.75) ? attrValue(this.rnd, top) : scalar(this.rnd))
  }

  condition(p: Placeholders, depth = 0): string {
    const rnd = this.rnd
    const roll = rnd.float()
    if (depth < 2 && roll < 0.2) return `(${this.condition(p, depth + 1)}) ${rnd.pick(['AND', 'OR'])} ${this.condition(p, depth + 1)}`
    if (depth < 2 && roll < 0.26) return `NOT ${this.condition(p, depth + 1)}`
    const raw = rnd.chance(0.15) && this.def.indexAttrs.length ? rnd.pick(this.def.indexAttrs).attr.name : rnd.pick(PATHS)
    const path = this.path(p, raw)
    switch (rnd.int(9)) {
      case 0:
        return `attribute_exists(${path})`
      case 1:
        return `attribute_not_exists(${path})`
      case 2: {
        const a = rnd.pick(NUMBERS)
        const b = rnd.pick(NUMBERS)
        const [lo, hi] = Number(a) <= Number(b) ? [a, b] : [b, a]
        return `${path} BETWEEN ${p.value({ N: lo })} AND ${p.value({ N: hi })}`
      }
      case 3:
        return `${path} IN (${Array.from({ length: rnd.between(1, 3) }, () => this.operand(p, raw)).join(', ')})`
      case 4:
        return `begins_with(${path}, ${p.value(rnd.chance(0.8) ? { S: rnd.pick(STRINGS) } : scalar(rnd))})`
      case 5:
        return `contains(${path}, ${p.value(rnd.chance(0.5) ? { S: rnd.pick(['a', 'b', 'é']) } : scalar(rnd))})`
      case 6:
        return `size(${path}) ${rnd.pick(['=', '<', '<=', '>', '>=', '<>'])} ${p.value({ N: String(rnd.int(4)) })}`
      case 7:
        return `attribute_type(${path}, ${p.value({ S: rnd.pick(['S', 'N', 'B', 'M', 'L', 'SS', 'NS', 'BOOL', 'NULL']) })})`
      default:
        return `${path} ${rnd.pick(['=', '<>', '<', '<=', '>', '>='])} ${rnd.chance(0.1) ? this.path(p) : this.operand(p, raw)}`
    }
  }

  /** SET/REMOVE/ADD/DELETE clauses on mostly distinct paths. */
  update(p: Placeholders): string {
    const rnd = this.rnd
    const targets = rnd.sample(PATHS.filter((x) => x !== 'nothere' || rnd.chance(0.3)), rnd.between(1, 4))
    if (this.def.indexAttrs.length && rnd.chance(0.2)) targets.push(rnd.pick(this.def.indexAttrs).attr.name)
    const sets: string[] = []
    const removes: string[] = []
    const adds: string[] = []
    const deletes: string[] = []
    for (const raw of targets) {
      const path = this.path(p, raw)
      const top = raw.replace(/[.[].*$/, '')
      const kind = rnd.weighted([[6, 'SET'], [2, 'REMOVE'], [2, 'ADD'], [1, 'DELETE']] as const)
      if (kind === 'REMOVE') removes.push(path)
      else if (kind === 'ADD') adds.push(`${path} ${p.value(top.endsWith('s') && top.length === 2 ? set(rnd, top.toUpperCase() as 'SS') : rnd.chance(0.8) ? { N: rnd.pick(NUMBERS) } : set(rnd))}`)
      else if (kind === 'DELETE') deletes.push(`${path} ${p.value(set(rnd, top === 'ns' ? 'NS' : top === 'bs' ? 'BS' : 'SS'))}`)
      else sets.push(`${path} = ${this.setOperand(p, raw, path)}`)
    }
    const clauses: string[] = []
    if (sets.length) clauses.push(`SET ${sets.join(', ')}`)
    if (removes.length) clauses.push(`REMOVE ${removes.join(', ')}`)
    if (adds.length) clauses.push(`ADD ${adds.join(', ')}`)
    if (deletes.length) clauses.push(`DELETE ${deletes.join(', ')}`)
    return rnd.sample(clauses, clauses.length).join(' ')
  }

  private setOperand(p: Placeholders, raw: string, path: string): string {
    const rnd = this.rnd
    const num = () => p.value({ N: rnd.pick(NUMBERS) })
    switch (rnd.int(8)) {
      case 0:
        return `${path} ${rnd.pick(['+', '-'])} ${num()}`
      case 1:
        return `${num()} ${rnd.pick(['+', '-'])} ${this.path(p, rnd.pick(['n', 'a', 'm.x']))}`
      case 2:
        return `if_not_exists(${path}, ${this.operand(p, raw)})`
      case 3:
        return `if_not_exists(${path}, ${num()}) + ${num()}`
      case 4:
        return `list_append(${path}, ${p.value(list(rnd, 1))})`
      case 5:
        return `list_append(${p.value(list(rnd, 1))}, if_not_exists(${path}, ${p.value({ L: [] })}))`
      case 6:
        return this.path(p)
      default:
        return p.value(rnd.chance(0.8) ? attrValue(rnd, raw.replace(/[.[].*$/, '')) : value(rnd))
    }
  }

  projection(p: Placeholders): string {
    const paths = this.rnd.sample([...PATHS, this.def.hash.name, ...(this.def.range ? [this.def.range.name] : [])], this.rnd.between(1, 4))
    return paths.map((raw) => this.path(p, raw)).join(', ')
  }
}
