import { describe, expect, test } from 'bun:test'
import { numberSize } from '../../src/dynamodb/value-rules.ts'
import { parseDecimal } from '../../src/dynamodb/value-rules.ts'

// The general rule, written straight from parseDecimal: numberSize's single-scan fast path must agree.
function reference(text: string): number {
  const d = parseDecimal(text)
  if (d === undefined || d.digits === '') return 1
  return Math.ceil((d.digits.length + (((d.exponent % 2) + 2) % 2)) / 2) + (d.negative ? 2 : 1)
}

describe('numberSize', () => {
  test('known sizes', () => {
    expect(numberSize('0')).toBe(1)
    expect(numberSize('1')).toBe(2)
    expect(numberSize('10')).toBe(2)
    expect(numberSize('100')).toBe(2)
    expect(numberSize('123')).toBe(3)
    expect(numberSize('-1')).toBe(3)
    expect(numberSize('9'.repeat(38))).toBe(20)
  })

  test('agrees with the general parse on edge spellings and random decimals', () => {
    const cases = ['', '-', '.', '-.', '0', '-0', '0.0', '00.00100', '5.', '.5', '-.05', '1e5', '1E-5', '+3', '123.456',
      '0.000001', '-120.0340', '1..2', '--1', '1-', 'abc', '1' + '0'.repeat(125), '0.' + '0'.repeat(129) + '1']
    let seed = 42
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const alphabet = '0012359.-e+'
    for (let k = 0; k < 20_000; k++) {
      let s = ''
      for (let j = 1 + Math.floor(random() * 10); j > 0; j--) s += alphabet[Math.floor(random() * alphabet.length)]
      cases.push(s, String((random() - 0.5) * 10 ** Math.floor(random() * 40 - 20)), String(Math.floor(random() * 1e9)))
    }
    const wrong = cases.filter(c => numberSize(c) !== reference(c))
    expect(wrong).toEqual([])
  })
})
