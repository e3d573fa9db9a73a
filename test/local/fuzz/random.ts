/**
 * The seeded source of every random choice the fuzzer makes: one seed, one sequence of choices,
 * so a seed is a complete reproduction on any machine.
 */

import { mulberry32 } from '../../support/random.ts'

export { mulberry32 }

export class Random {
  private readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }

  float(): number {
    return this.next()
  }

  /** 0 <= n < max */
  int(max: number): number {
    return Math.floor(this.next() * max)
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('pick from an empty list')
    return list[this.int(list.length)]!
  }

  /** `count` distinct elements (fewer if the list is shorter), in random order. */
  sample<T>(list: readonly T[], count: number): T[] {
    const pool = [...list]
    const out: T[] = []
    while (out.length < count && pool.length) out.push(pool.splice(this.int(pool.length), 1)[0]!)
    return out
  }

  /** Picks by weight: [[weight, value], ...]. */
  weighted<T>(entries: readonly (readonly [number, T])[]): T {
    const total = entries.reduce((s, [w]) => s + w, 0)
    let roll = this.next() * total
    for (const [w, v] of entries) {
      roll -= w
      if (roll < 0) return v
    }
    return entries[entries.length - 1]![1]
  }
}
