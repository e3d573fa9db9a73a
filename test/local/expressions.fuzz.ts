/**
 * Seeded random items, update expressions and conditions for the differential test. Everything
 * generated is valid input for DynamoDB (unique non-empty sets, in-range numbers), so any
 * difference from DynamoDB Local is a difference in expression semantics or error reporting.
 */
import type { AttributeMap, AttributeValue } from '../../src/dynamodb/attribute-value.ts'
import type { Case } from './expressions.cases.ts'
import { mulberry32 } from '../support/random.ts'

/** The seeded PRNG the differential expression tests draw from. */
export const random = mulberry32

const TOP = ['a', 'b', 'c', 'd', 'm', 'l', 'n', 'q', 'w', 'ss', 'ns']
const NESTED = ['x', 'y', 'z']
const NUMBERS = ['0', '1', '-1', '2.5', '1.50', '100', '1e2', '-0.001', '12345678901234567890123456789012345678', '9.9E+125', '1E-129', '0.1', '3']
const STRINGS = ['', 'a', 'ab', 'b', 'é', '😀', 'abc', 'x y']

export class Fuzzer {
  constructor(private readonly rnd: () => number) {}

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)]!
  }

  chance(p: number): boolean {
    return this.rnd() < p
  }

  scalar(): AttributeValue {
    const kind = this.pick(['S', 'N', 'N', 'B', 'BOOL', 'NULL'])
    if (kind === 'S') return { S: this.pick(STRINGS) }
    if (kind === 'N') return { N: this.pick(NUMBERS) }
    if (kind === 'B') return { B: Buffer.from(this.pick([[1], [1, 2], [0, 255], [2]])).toString('base64') }
    if (kind === 'BOOL') return { BOOL: this.chance(0.5) }
    return { NULL: true }
  }

  set(kind = this.pick(['SS', 'NS', 'BS'] as const)): AttributeValue {
    const size = 1 + Math.floor(this.rnd() * 3)
    if (kind === 'SS') return { SS: [...new Set(Array.from({ length: size }, () => this.pick(['a', 'b', 'c', 'é'])))] }
    if (kind === 'NS') return { NS: [...new Set(Array.from({ length: size }, () => this.pick(['1', '2', '3.5', '-4', '10'])))] }
    return { BS: [...new Set(Array.from({ length: size }, () => this.pick(['AQ==', 'Ag==', 'AQI='])))] }
  }

  value(depth = 0): AttributeValue {
    const roll = this.rnd()
    if (depth < 2 && roll < 0.15) return { M: Object.fromEntries(NESTED.filter(() => this.chance(0.5)).map((k) => [k, this.value(depth + 1)])) }
    if (depth < 2 && roll < 0.3) return { L: Array.from({ length: Math.floor(this.rnd() * 4) }, () => this.value(depth + 1)) }
    if (roll < 0.4) return this.set()
    return this.scalar()
  }

  item(): AttributeMap {
    const item: AttributeMap = {}
    for (const name of TOP) if (this.chance(0.45)) item[name] = this.value()
    return item
  }

  /** A path that often exists in the item, sometimes not, with #placeholders now and then. */
  path(item: AttributeMap, names: Record<string, string>): string {
    const steps: string[] = []
    let current: AttributeValue | undefined = undefined
    const top = this.chance(0.8) && Object.keys(item).length ? this.pick(Object.keys(item)) : this.pick(TOP)
    steps.push(this.name(top, names))
    current = item[top]
    while (current && this.chance(0.5)) {
      if ('M' in current) {
        const keys = Object.keys(current.M)
        const key = this.chance(0.8) && keys.length ? this.pick(keys) : this.pick(NESTED)
        steps.push('.' + this.name(key, names))
        current = current.M[key]
      } else if ('L' in current) {
        const index = Math.floor(this.rnd() * (current.L.length + 1))
        steps.push(`[${index}]`)
        current = current.L[index]
      } else {
        break
      }
    }
    if (this.chance(0.05)) steps.push(this.chance(0.5) ? '.x' : '[0]')
    return steps.join('')
  }

  private name(name: string, names: Record<string, string>): string {
    if (!this.chance(0.2)) return name
    const placeholder = `#${name}`
    names[placeholder] = name
    return placeholder
  }

  placeholder(values: Record<string, AttributeValue>, value: AttributeValue): string {
    const key = `:v${Object.keys(values).length}`
    values[key] = value
    return key
  }

  /** A value of a type likely to fit the operation: numbers for arithmetic, lists for list_append. */
  operand(item: AttributeMap, names: Record<string, string>, values: Record<string, AttributeValue>): string {
    const roll = this.rnd()
    if (roll < 0.4) return this.path(item, names)
    if (roll < 0.5) return `if_not_exists(${this.path(item, names)}, ${this.placeholder(values, this.value())})`
    return this.placeholder(values, this.chance(0.5) ? { N: this.pick(NUMBERS) } : this.value())
  }

  update(item: AttributeMap): Case {
    const names: Record<string, string> = {}
    const values: Record<string, AttributeValue> = {}
    const clauses: string[] = []
    for (const clause of ['SET', 'REMOVE', 'ADD', 'DELETE'].filter(() => this.chance(0.45))) {
      const actions = Array.from({ length: 1 + Math.floor(this.rnd() * 2) }, () => {
        const path = this.path(item, names)
        if (clause === 'REMOVE') return path
        if (clause === 'ADD') return `${path} ${this.placeholder(values, this.chance(0.6) ? { N: this.pick(NUMBERS) } : this.set())}`
        if (clause === 'DELETE') return `${path} ${this.placeholder(values, this.chance(0.9) ? this.set() : this.scalar())}`
        const roll = this.rnd()
        if (roll < 0.3) return `${path} = ${this.operand(item, names, values)} ${this.pick(['+', '-'])} ${this.operand(item, names, values)}`
        if (roll < 0.45) {
          const list = () => (this.chance(0.5) ? this.path(item, names) : this.placeholder(values, { L: [this.scalar()] }))
          return `${path} = list_append(${list()}, ${list()})`
        }
        return `${path} = ${this.operand(item, names, values)}`
      })
      clauses.push(`${clause} ${actions.join(', ')}`)
    }
    if (clauses.length === 0) clauses.push(`SET ${this.path(item, names)} = ${this.placeholder(values, this.value())}`)
    return { item, expression: clauses.join(' '), values: orUndefined(values), names: orUndefined(names) }
  }

  condition(item: AttributeMap, depth = 0): { text: string; names: Record<string, string>; values: Record<string, AttributeValue> } {
    const names: Record<string, string> = {}
    const values: Record<string, AttributeValue> = {}
    const term = (d: number): string => {
      const roll = this.rnd()
      if (d < 2 && roll < 0.2) return `${term(d + 1)} ${this.pick(['AND', 'OR'])} ${term(d + 1)}`
      if (d < 2 && roll < 0.27) return `NOT ${term(d + 1)}`
      if (d < 2 && roll < 0.32) return `(${term(d + 1)})`
      const path = () => this.path(item, names)
      const value = () => this.placeholder(values, this.chance(0.3) ? this.scalar() : this.existingValue(item))
      const fn = this.rnd()
      if (fn < 0.1) return `attribute_exists(${path()})`
      if (fn < 0.2) return `attribute_not_exists(${path()})`
      if (fn < 0.28) return `attribute_type(${path()}, ${this.placeholder(values, { S: this.pick(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS']) })})`
      if (fn < 0.36) return `begins_with(${path()}, ${this.placeholder(values, this.chance(0.5) ? { S: this.pick(['a', 'é', 'x']) } : { B: 'AQ==' })})`
      if (fn < 0.46) return `contains(${path()}, ${value()})`
      if (fn < 0.56) return `size(${path()}) ${this.pick(['=', '<', '>='])} ${this.placeholder(values, { N: this.pick(['0', '1', '2', '3']) })}`
      if (fn < 0.64) {
        const [low, high] = [{ N: this.pick(NUMBERS) }, { N: this.pick(NUMBERS) }].sort((x, y) => Number(x.N) - Number(y.N))
        return `${path()} BETWEEN ${this.placeholder(values, low!)} AND ${this.placeholder(values, high!)}`
      }
      if (fn < 0.7) return `${path()} IN (${value()}, ${value()})`
      return `${path()} ${this.pick(['=', '<>', '<', '<=', '>', '>='])} ${this.chance(0.2) ? path() : value()}`
    }
    return { text: term(depth), names, values }
  }

  /** Mostly a value taken from the item (so equality can succeed), else a fresh scalar. */
  private existingValue(item: AttributeMap): AttributeValue {
    const all: AttributeValue[] = []
    const walk = (v: AttributeValue) => {
      all.push(v)
      if ('M' in v) Object.values(v.M).forEach(walk)
      if ('L' in v) v.L.forEach(walk)
    }
    Object.values(item).forEach(walk)
    return all.length && this.chance(0.8) ? this.pick(all) : this.scalar()
  }
}

function orUndefined<T>(record: Record<string, T>): Record<string, T> | undefined {
  return Object.keys(record).length ? record : undefined
}

/** `count` seeded update cases, a third of them with a ConditionExpression. */
export function fuzzUpdates(seed: number, count: number): Case[] {
  const f = new Fuzzer(random(seed))
  return Array.from({ length: count }, () => {
    const item = f.item()
    const c = f.update(item)
    if (f.chance(0.33)) {
      const condition = f.condition(item)
      // Placeholders of both expressions share one namespace: rename the condition's values.
      const renamed = condition.text.replace(/:v(\d+)/g, ':c$1')
      const values = Object.fromEntries(Object.entries(condition.values).map(([k, v]) => [k.replace(':v', ':c'), v]))
      c.condition = renamed
      c.values = { ...c.values, ...values }
      c.names = { ...c.names, ...condition.names }
      if (Object.keys(c.values).length === 0) c.values = undefined
      if (Object.keys(c.names).length === 0) c.names = undefined
    }
    return c
  })
}

export function fuzzConditions(seed: number, count: number): Case[] {
  const f = new Fuzzer(random(seed))
  return Array.from({ length: count }, () => {
    const item = f.item()
    const { text, names, values } = f.condition(item)
    return { item, expression: text, names: orUndefined(names), values: orUndefined(values) }
  })
}
