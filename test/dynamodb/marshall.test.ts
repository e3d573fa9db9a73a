import { describe, expect, test } from 'bun:test'
import { MarshallError, NumberValue, marshall, marshallValue, unmarshall, unmarshallValue } from '../../src/dynamodb/marshall.ts'
import { MAX_ITEM_SIZE, assertItemSize, attributeValueSize, itemSize, numberSize } from '../../src/dynamodb/value-rules.ts'
import type { AttributeMap } from '../../src/dynamodb/attribute-value.ts'

/** Run `fn`, expect a MarshallError, return it for assertions on code/path/message. */
function marshallError(fn: () => unknown): MarshallError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(MarshallError)
    return error as MarshallError
  }
  throw new Error('expected a MarshallError, nothing was thrown')
}

describe('marshall: every type', () => {
  test('scalars', () => {
    expect(marshall({ s: 'hi', e: '', n: 42, f: -1.5, z: -0, t: true, x: false, nil: null })).toEqual({
      s: { S: 'hi' },
      e: { S: '' },
      n: { N: '42' },
      f: { N: '-1.5' },
      z: { N: '0' },
      t: { BOOL: true },
      x: { BOOL: false },
      nil: { NULL: true },
    })
  })

  test('bigint and NumberValue', () => {
    expect(marshall({ a: 12345678901234567890123n, b: NumberValue.from('-0.000123456789012345678901234567890123456') })).toEqual({
      a: { N: '12345678901234567890123' },
      b: { N: '-0.000123456789012345678901234567890123456' },
    })
  })

  test('maps, lists and JS Maps', () => {
    const av = marshall({ m: { a: [1, 'x', { b: null }] }, js: new Map<string, unknown>([['k', 1]]), empty: {}, none: [] })
    expect(av).toEqual({
      m: { M: { a: { L: [{ N: '1' }, { S: 'x' }, { M: { b: { NULL: true } } }] } } },
      js: { M: { k: { N: '1' } } },
      empty: { M: {} },
      none: { L: [] },
    })
  })

  test('binary inputs all become base64 B', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255])
    const backing = new Uint8Array([9, 9, 0, 1, 2, 250, 255, 9])
    const av = marshall({
      u8: bytes,
      buf: Buffer.from(bytes),
      ab: bytes.slice().buffer,
      view: new Uint8Array(backing.buffer, 2, 5),
      dv: new DataView(backing.buffer, 2, 5),
      i16: new Int16Array([1, -1]),
    })
    for (const k of ['u8', 'buf', 'ab', 'view', 'dv']) expect(av[k]).toEqual({ B: 'AAEC+v8=' })
    expect(av.i16).toEqual({ B: Buffer.from([1, 0, 255, 255]).toString('base64') })
  })

  test('sets', () => {
    const av = marshall({
      ss: new Set(['a', 'b']),
      ns: new Set([1, 2.5, 3n, NumberValue.from('12345678901234567890123456789012345678')]),
      bs: new Set([new Uint8Array([1]), new Uint8Array([2])]),
    })
    expect(av).toEqual({
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '2.5', '3', '12345678901234567890123456789012345678'] },
      bs: { BS: ['AQ==', 'Ag=='] },
    })
  })

  test('Date becomes an ISO-8601 string', () => {
    expect(marshall({ at: new Date(Date.UTC(2026, 10, 22, 5, 4, 3, 21)) })).toEqual({ at: { S: '2026-11-22T05:04:03.021Z' } })
  })

  test('marshall output is the JSON wire format', () => {
    const av = marshall({ b: new Uint8Array([104, 105]), n: 1 })
    expect(JSON.stringify(av)).toBe('{"b":{"B":"aGk="},"n":{"N":"1"}}')
  })

  test('__proto__ as an attribute name is data, not a prototype', () => {
    const item = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as Record<string, unknown>
    const av = marshall(item)
    expect(Object.keys(av)).toEqual(['__proto__', 'a'])
    const back = unmarshall(JSON.parse(JSON.stringify(av)) as AttributeMap)
    expect(Object.keys(back)).toEqual(['__proto__', 'a'])
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype)
    expect((Object.getOwnPropertyDescriptor(back, '__proto__')?.value as { x: number }).x).toBe(1)
  })

  test('marshallValue', () => {
    expect(marshallValue('x')).toEqual({ S: 'x' })
    expect(marshallValue(new Set([1]))).toEqual({ NS: ['1'] })
    expect(marshallValue({ a: 1 })).toEqual({ M: { a: { N: '1' } } })
    const e = marshallError(() => marshallValue({ a: [NaN] }, undefined, ':v0'))
    expect(e.path).toBe(':v0.a[0]')
  })
})

describe('marshall: errors name the path and the rule', () => {
  test('undefined deep in a list', () => {
    const e = marshallError(() => marshall({ settings: { tags: ['a', 'b', 'c', undefined] } }))
    expect(e.code).toBe('MarshallError')
    expect(e.path).toBe('settings.tags[3]')
    expect(e.message).toBe('settings.tags[3]: undefined is not a DynamoDB value (pass removeUndefinedValues: true to leave it out)')
  })

  test('NaN and Infinity', () => {
    expect(marshallError(() => marshall({ a: { b: NaN } })).path).toBe('a.b')
    const e = marshallError(() => marshall({ x: [1, Infinity] }))
    expect(e.code).toBe('InvalidNumber')
    expect(e.path).toBe('x[1]')
    expect(e.message).toContain('finite')
    expect(marshallError(() => marshall({ x: -Infinity })).code).toBe('InvalidNumber')
  })

  test('numbers out of range', () => {
    expect(marshallError(() => marshall({ big: 1e126 })).message).toContain("out of DynamoDB's range")
    expect(marshallError(() => marshall({ tiny: 1e-131 })).code).toBe('InvalidNumber')
    expect(marshallError(() => marshall({ denormal: 5e-324 })).code).toBe('InvalidNumber')
    expect(marshall({ ok: 9.99e125, small: 1e-130 })).toEqual({ ok: { N: '9.99e+125' }, small: { N: '1e-130' } })
  })

  test('bigint digit limit', () => {
    const e = marshallError(() => marshall({ n: 10n ** 38n + 1n }))
    expect(e.code).toBe('InvalidNumber')
    expect(e.message).toContain('39 significant digits')
    // trailing zeros are not significant
    expect(marshall({ n: 10n ** 100n })).toEqual({ n: { N: `1${'0'.repeat(100)}` } })
    expect(marshallError(() => marshall({ n: 10n ** 126n })).message).toContain('range')
  })

  test('empty and mixed sets', () => {
    const empty = marshallError(() => marshall({ a: { s: new Set() } }))
    expect(empty.path).toBe('a.s')
    expect(empty.message).toContain('empty set')
    const mixed = marshallError(() => marshall({ s: new Set(['a', 'b', 3]) }))
    expect(mixed.path).toBe('s[2]')
    expect(mixed.message).toContain('must not mix types')
    expect(marshallError(() => marshall({ s: new Set([true]) })).message).toContain('strings, numbers or binaries')
    expect(marshallError(() => marshall({ s: new Set([1, NaN]) })).path).toBe('s[1]')
  })

  test('duplicate set elements after conversion', () => {
    expect(marshallError(() => marshall({ s: new Set<unknown>([1, 1n]) })).message).toContain('duplicate')
    expect(marshallError(() => marshall({ s: new Set<unknown>([NumberValue.from('1.50'), 1.5]) })).message).toContain('duplicate')
    expect(marshallError(() => marshall({ s: new Set([new Uint8Array([1]), new Uint8Array([1])]) })).path).toBe('s[1]')
  })

  test('class instances', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
    }
    const e = marshallError(() => marshall({ shape: { at: new Point(1, 2) } }))
    expect(e.path).toBe('shape.at')
    expect(e.message).toContain('instance of Point')
    expect(marshall({ at: new Point(1, 2) }, { convertClassInstanceToMap: true })).toEqual({ at: { M: { x: { N: '1' }, y: { N: '2' } } } })
    expect(marshallError(() => marshall(new Point(1, 2) as unknown as Record<string, unknown>)).message).toContain('Point')
  })

  test('functions, symbols, invalid dates, non-string map keys', () => {
    expect(marshallError(() => marshall({ f: () => 1 })).message).toContain('function')
    expect(marshallError(() => marshall({ s: Symbol('x') })).path).toBe('s')
    expect(marshallError(() => marshall({ d: new Date(NaN) })).message).toContain('invalid Date')
    expect(marshallError(() => marshall({ m: new Map([[1, 'x']]) })).message).toContain('keys must be strings')
  })

  test('non-object items', () => {
    expect(marshallError(() => marshall(null as unknown as Record<string, unknown>)).message).toContain('must be an object')
    expect(marshallError(() => marshall([] as unknown as Record<string, unknown>)).message).toContain('an array')
  })

  test('names that are not identifiers are quoted in the path', () => {
    expect(marshallError(() => marshall({ 'a b': { 'c.d': [undefined] } })).path).toBe('["a b"]["c.d"][0]')
  })

  test('nesting: 32 levels counting the item (31 containers) are fine, 33 are not', () => {
    const nest = (levels: number): unknown => {
      let v: unknown = 'leaf'
      for (let i = 0; i < levels; i++) v = i % 2 === 0 ? { m: v } : [v]
      return v
    }
    expect(() => marshall({ a: nest(31) })).not.toThrow()
    expect(() => marshallValue(nest(31))).not.toThrow()
    expect(marshallError(() => marshallValue(nest(32))).message).toContain('32 levels')
    const e = marshallError(() => marshall({ a: nest(32) }))
    expect(e.message).toContain('32 levels')
    expect(e.path.startsWith('a')).toBe(true)
  })
})

describe('marshall: options', () => {
  test('removeUndefinedValues drops map values and list elements', () => {
    expect(marshall({ a: undefined, b: [1, undefined, 2], c: { d: undefined } }, { removeUndefinedValues: true })).toEqual({
      b: { L: [{ N: '1' }, { N: '2' }] },
      c: { M: {} },
    })
  })

  test('dropEmptySets drops empty sets in maps and lists', () => {
    expect(marshall({ a: new Set(), b: [new Set(), new Set(['x'])], c: new Set([1]) }, { dropEmptySets: true })).toEqual({
      b: { L: [{ SS: ['x'] }] },
      c: { NS: ['1'] },
    })
  })

  test('a top-level value that would be dropped is an error', () => {
    expect(marshallError(() => marshallValue(undefined, { removeUndefinedValues: true })).message).toContain('only be left out')
  })
})

describe('unmarshall', () => {
  test('every type', () => {
    const out = unmarshall({
      s: { S: 'x' },
      n: { N: '1.50' },
      b: { B: 'aGk=' },
      b2: { B: new Uint8Array([1, 2]) },
      t: { BOOL: true },
      nil: { NULL: true },
      m: { M: { a: { L: [{ N: '1' }, { S: 'y' }] } } },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '2.5'] },
      bs: { BS: ['AQ==', new Uint8Array([2])] },
    })
    expect(out).toEqual({
      s: 'x',
      n: 1.5,
      b: new Uint8Array([104, 105]),
      b2: new Uint8Array([1, 2]),
      t: true,
      nil: null,
      m: { a: [1, 'y'] },
      ss: new Set(['a', 'b']),
      ns: new Set([1, 2.5]),
      bs: new Set([new Uint8Array([1]), new Uint8Array([2])]),
    })
    expect(Object.getPrototypeOf(out.b)).toBe(Uint8Array.prototype)
  })

  test('numbers are exact JS numbers or NumberValue, never rounded', () => {
    expect(unmarshallValue({ N: '0.1' })).toBe(0.1)
    expect(unmarshallValue({ N: '1e22' })).toBe(1e22)
    expect(unmarshallValue({ N: '9007199254740992' })).toBe(9007199254740992)
    const inexact = unmarshallValue({ N: '9007199254740993' })
    expect(inexact).toBeInstanceOf(NumberValue)
    expect((inexact as NumberValue).value).toBe('9007199254740993')
    expect(unmarshallValue({ N: '0.1000000000000000055511151231257827' })).toBeInstanceOf(NumberValue)
    expect(unmarshallValue({ N: '9007199254740993' }, { wrapNumbers: 'bigint' })).toBe(9007199254740993n)
    expect(unmarshallValue({ N: '1.00000000000000000001' }, { wrapNumbers: 'bigint' })).toBeInstanceOf(NumberValue)
    expect(unmarshallValue({ N: '5' }, { wrapNumbers: true })).toEqual(NumberValue.from('5'))
  })

  test('big numbers keep every digit through marshall -> JSON -> unmarshall', () => {
    const digits38 = ['12345678901234567890123456789012345678', '-0.12345678901234567890123456789012345678', '9.9999999999999999999999999999999999999E+125', '1E-130']
    for (const d of digits38) {
      const wire = JSON.parse(JSON.stringify(marshall({ n: NumberValue.from(d), s: new Set([NumberValue.from(d)]) }))) as AttributeMap
      expect(wire.n).toEqual({ N: d })
      const back = unmarshall(wire)
      const n = back.n
      expect(n instanceof NumberValue ? n.value : String(n)).toBe(n instanceof NumberValue ? d : String(Number(d)))
      if (n instanceof NumberValue) expect(n.value).toBe(d)
    }
  })

  test('malformed AttributeValues are errors with paths', () => {
    expect(marshallError(() => unmarshall({ a: { M: { b: { L: [{ S: 'x' }, { X: 1 } as never] } } } })).path).toBe('a.b[1]')
    expect(marshallError(() => unmarshall({ a: { N: 'abc' } })).code).toBe('InvalidNumber')
    expect(marshallError(() => unmarshall({ a: { N: '0x1f' } })).path).toBe('a')
    expect(marshallError(() => unmarshall({ a: { N: '' } })).code).toBe('InvalidNumber')
    expect(marshallError(() => unmarshall({ a: { N: '1e400' } })).message).toContain('range')
    expect(marshallError(() => unmarshall({ a: { N: '1e-400' } })).message).toContain('range')
    expect(marshallError(() => unmarshall({ a: { N: '1.2.3' } })).code).toBe('InvalidNumber')
    expect(unmarshall({ a: { N: '1e2' } }).a).toBe(100)
    expect(marshallError(() => unmarshall({ a: { S: 1 } as never })).code).toBe('UnmarshallError')
    expect(marshallError(() => unmarshall({ a: { NS: ['1', 'x'] } })).path).toBe('a[1]')
    expect(marshallError(() => unmarshall({ a: { B: '***' } })).message).toContain('base64')
    expect(marshallError(() => unmarshall(null as never)).code).toBe('UnmarshallError')
  })
})

describe('NumberValue', () => {
  test('accepts DynamoDB numbers', () => {
    for (const ok of ['0', '-0.0', '1', '-1', '1.5', '.5', '5.', '+7', '1e5', '1E-130', '-1E-130', '9.9999999999999999999999999999999999999E+125', '12345678901234567890123456789012345678', '100000000000000000000000000000000000000000']) {
      expect(NumberValue.from(ok).value).toBe(ok)
    }
    expect(NumberValue.from(12.5).value).toBe('12.5')
    expect(NumberValue.from(-5n).value).toBe('-5')
    expect(NumberValue.from('-0').value).toBe('0')
  })

  test('rejects what DynamoDB rejects', () => {
    const cases: [string, string][] = [
      ['123456789012345678901234567890123456789', '39 significant digits'],
      ['1.23456789012345678901234567890123456789', '39 significant digits'],
      ['1E+126', 'range'],
      ['10E+125', 'range'],
      ['0.99E-130', 'range'],
      ['1E-131', 'range'],
      ['abc', 'not a decimal'],
      ['', 'not a decimal'],
      ['1,5', 'not a decimal'],
      [' 1', 'not a decimal'],
      ['Infinity', 'not a decimal'],
      ['0x10', 'not a decimal'],
    ]
    for (const [text, rule] of cases) {
      const e = marshallError(() => NumberValue.from(text))
      expect(e.code).toBe('InvalidNumber')
      expect(e.message).toContain(rule)
    }
    expect(marshallError(() => NumberValue.from(NaN)).code).toBe('InvalidNumber')
    expect(marshallError(() => new NumberValue(Infinity)).code).toBe('InvalidNumber')
  })

  test('conversions are exact or refuse', () => {
    expect(NumberValue.from('1.50').toNumber()).toBe(1.5)
    expect(NumberValue.from('1.50').isExactNumber()).toBe(true)
    expect(marshallError(() => NumberValue.from('9007199254740993').toNumber()).code).toBe('InexactNumber')
    expect(NumberValue.from('9007199254740993').toBigInt()).toBe(9007199254740993n)
    expect(NumberValue.from('1.5E+3').toBigInt()).toBe(1500n)
    expect(marshallError(() => NumberValue.from('1.5').toBigInt()).code).toBe('InexactNumber')
    expect(String(NumberValue.from('42.0'))).toBe('42.0')
    expect(JSON.stringify({ n: NumberValue.from('42.0') })).toBe('{"n":"42.0"}')
    expect(Bun.inspect(NumberValue.from('7'))).toBe('NumberValue(7)')
  })
})

describe('itemSize', () => {
  test("the DynamoDB guide's example: shirt-color R, shirt-size M is 23 bytes", () => {
    expect(itemSize(marshall({ 'shirt-color': 'R', 'shirt-size': 'M' }))).toBe(23)
  })

  test('strings count UTF-8 bytes, names included', () => {
    expect(itemSize({ a: { S: 'abc' } })).toBe(4)
    expect(itemSize({ 'é': { S: '€' } })).toBe(2 + 3)
    expect(itemSize({ a: { S: '😀' } })).toBe(1 + 4)
  })

  test('numbers: base-100 digit pairs + 1, + 1 for negatives (as measured on DynamoDB Local)', () => {
    expect(numberSize('0')).toBe(1)
    expect(numberSize('1')).toBe(2)
    expect(numberSize('12')).toBe(2)
    expect(numberSize('123')).toBe(3)
    expect(numberSize('1000')).toBe(2)
    expect(numberSize('1.5')).toBe(3)
    expect(numberSize('-12')).toBe(3)
    expect(numberSize('-98765.4321')).toBe(7)
    expect(numberSize('98765.4321')).toBe(6)
    expect(numberSize('-1E-130')).toBe(3)
    expect(numberSize('1E+125')).toBe(2)
    expect(numberSize('-12345678901234567890123456789012345678')).toBe(21)
    expect(numberSize('0.01')).toBe(2)
    expect(numberSize('12345678901234567890123456789012345678')).toBe(20)
    expect(numberSize('1.2345678901234567890123456789012345678')).toBe(21)
  })

  test('binary, boolean, null, sets', () => {
    expect(attributeValueSize({ B: 'aGk=' })).toBe(2)
    expect(attributeValueSize({ B: 'aGVsbG8=' })).toBe(5)
    expect(attributeValueSize({ B: 'aGVsbG8h' })).toBe(6)
    expect(attributeValueSize({ B: new Uint8Array(10) })).toBe(10)
    expect(attributeValueSize({ BOOL: false })).toBe(1)
    expect(attributeValueSize({ NULL: true })).toBe(1)
    expect(attributeValueSize({ SS: ['ab', 'c'] })).toBe(3)
    expect(attributeValueSize({ NS: ['1', '12'] })).toBe(4)
    expect(attributeValueSize({ BS: ['aGk=', 'aGVsbG8='] })).toBe(7)
  })

  test('maps and lists: 3 bytes + 1 per element + contents', () => {
    expect(attributeValueSize({ M: {} })).toBe(3)
    expect(attributeValueSize({ L: [] })).toBe(3)
    expect(attributeValueSize({ L: [{ S: 'ab' }, { BOOL: true }] })).toBe(3 + 2 + 2 + 1)
    expect(attributeValueSize({ M: { ab: { S: 'c' } } })).toBe(3 + 1 + 2 + 1)
    expect(itemSize({ m: { M: { x: { L: [{ NULL: true }] } } } })).toBe(1 + 3 + 1 + 1 + (3 + 1 + 1))
  })

  test('assertItemSize refuses items over 400 KB, naming the key', () => {
    const fits = marshall({ pk: 'USER#1', sk: 'BLOB', data: 'x'.repeat(MAX_ITEM_SIZE - 18) })
    expect(itemSize(fits)).toBe(MAX_ITEM_SIZE)
    expect(() => assertItemSize(fits, ['pk', 'sk'])).not.toThrow()
    const tooBig = marshall({ pk: 'USER#1', sk: 42, data: 'x'.repeat(MAX_ITEM_SIZE) })
    const e = marshallError(() => assertItemSize(tooBig, ['pk', 'sk']))
    expect(e.code).toBe('ItemTooLarge')
    expect(e.message).toContain('pk="USER#1", sk=42')
    expect(e.message).toContain(`${itemSize(tooBig)} bytes`)
    expect(marshallError(() => assertItemSize(tooBig)).message).toContain('attributes pk, sk, data')
  })
})
