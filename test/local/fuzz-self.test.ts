/**
 * The fuzzer's own machinery, without DynamoDB Local: a planted difference (a "reference" that
 * hides attribute `n` from GetItem answers) must be found, and shrunk to the few steps that
 * matter; numbers must canonicalize the way DynamoDB prints them.
 */
import { describe, expect, test } from 'bun:test'
import { generate } from './fuzz/generator.ts'
import { canonicalNumber } from './fuzz/paths.ts'
import { engineSender, formatRepro, run, shrink, type Send } from './fuzz/runner.ts'

/** An engine whose GetItem answers lose attribute `n`: a bug the fuzzer must catch. */
function plantedReference(): Send {
  const { send } = engineSender()
  return async (op, input) => {
    const answer = await send(op, input)
    const item = answer.body.Item as Record<string, unknown> | undefined
    if (op === 'GetItem' && item) delete item.n
    return answer
  }
}

let tables = 0
const tableName = () => `self-${++tables}`

describe('fuzzer machinery', () => {
  test('identical servers agree on every step of several seeds', async () => {
    for (const seed of [1, 2, 3]) {
      const scenario = generate(seed)
      const result = await run(scenario, scenario.steps, engineSender().send, tableName())
      expect(result.mismatch).toBeUndefined()
      expect(result.requests).toBeGreaterThan(scenario.steps.length * 2)
    }
  })

  test('a planted difference is found and shrunk to a short reproduction', async () => {
    const theirs = plantedReference()
    let found = false
    for (let seed = 1; seed <= 20 && !found; seed++) {
      const scenario = generate(seed)
      const result = await run(scenario, scenario.steps, theirs, tableName())
      if (!result.mismatch) continue
      found = true
      expect(result.mismatch.step.op).toBe('GetItem')
      const small = await shrink(scenario, result.mismatch, { theirs, tableName, deadline: Date.now() + 20_000 })
      // The GetItem and whatever wrote the item it reads; nothing else is needed.
      expect(small.steps.length).toBeLessThanOrEqual(3)
      expect(small.steps.at(-1)!.op).toBe('GetItem')
      expect(small.steps.length).toBeLessThan(result.mismatch.index + 1)
      const report = formatRepro(scenario, small.steps, small.mismatch)
      expect(report).toContain('"CreateTable"')
      expect(report).toContain('GetItem differs')
    }
    expect(found).toBe(true)
  })

  test('numbers canonicalize as DynamoDB prints them', () => {
    expect(canonicalNumber('1.50')).toBe('1.5')
    expect(canonicalNumber('1E+2')).toBe('100')
    expect(canonicalNumber('-0.001')).toBe('-0.001')
    expect(canonicalNumber('1E-3')).toBe('0.001')
    expect(canonicalNumber('000')).toBe('0')
    expect(canonicalNumber('12.3400e1')).toBe('123.4')
  })
})
