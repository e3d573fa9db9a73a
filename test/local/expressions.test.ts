import { describe, expect, test } from 'bun:test'
import type { AttributeMap, AttributeValue } from '../../src/dynamodb/attribute-value.ts'
import { LocalError } from '../../src/local/errors.ts'
import {
  addDecimals, applyUpdate, assertAllUsed, attributeValuesEqual, bindCondition, compareValues, createPlaceholders, encodeSortKey,
  evaluateCondition, formatDecimal, isReservedWord, normalizeNumber, parseCondition, parseDecimal, parseKeyCondition,
  parseProjection, parseUpdate, projectItem, RESERVED_WORDS, updatedPaths, type RequestPlaceholders,
} from '../../src/local/expressions/index.ts'

const N = (n: string): AttributeValue => ({ N: n })
const S = (s: string): AttributeValue => ({ S: s })

function errorOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(LocalError)
    expect((error as LocalError).type).toBe('ValidationException')
    return (error as Error).message
  }
  throw new Error('expected a ValidationException')
}

function check(expression: string, item: AttributeMap | undefined, values: Record<string, AttributeValue> = {}, names?: Record<string, string>): boolean {
  return evaluateCondition(parseCondition(expression), item, createPlaceholders(names, values))
}

function update(expression: string, item: AttributeMap, values?: Record<string, AttributeValue>, names?: Record<string, string>): AttributeMap {
  return applyUpdate(parseUpdate(expression), item, createPlaceholders(names, values))
}

describe('decimal arithmetic', () => {
  const add = (a: string, b: string) => formatDecimal(addDecimals(parseDecimal(a)!, parseDecimal(b)!))

  test('adds 38-digit numbers exactly, without floating point', () => {
    expect(add('12345678901234567890123456789012345678', '1')).toBe('12345678901234567890123456789012345679')
    expect(add('0.1', '0.2')).toBe('0.3')
    expect(add('99999999999999999999999999999999999999', '1')).toBe('100000000000000000000000000000000000000')
    expect(add('-0.15', '0.05')).toBe('-0.10')
    expect(add('1.5', '-1.5')).toBe('0.0')
    expect(add('1E+2', '1')).toBe('101')
    expect(add('1E-100', '0')).toBe(`0.${'0'.repeat(99)}1`)
  })

  test('refuses results beyond 38 digits or DynamoDB range', () => {
    expect(errorOf(() => add('1E+30', '1E-10'))).toBe('DynamoDB only supports precision up to 38 digits')
    expect(errorOf(() => add('9E+125', '1E+126'))).toContain('Number overflow')
  })

  test('normalizes number text like DynamoDB', () => {
    expect(normalizeNumber('0001.500')).toBe('1.5')
    expect(normalizeNumber('1e2')).toBe('100')
    expect(normalizeNumber('-0')).toBe('0')
    expect(normalizeNumber('.5')).toBe('0.5')
    expect(parseDecimal('abc')).toBeUndefined()
    expect(parseDecimal('1.2.3')).toBeUndefined()
  })
})

describe('value ordering and equality', () => {
  test('numbers order by exact value, 38 digits deep', () => {
    const a = N('12345678901234567890123456789012345678')
    const b = N('12345678901234567890123456789012345679')
    expect(compareValues(a, b)).toBeLessThan(0)
    expect(compareValues(N('1.0'), N('1'))).toBe(0)
    expect(compareValues(N('-1E+125'), N('-9E+124'))).toBeLessThan(0)
    expect(compareValues(N('1E-130'), N('0'))).toBeGreaterThan(0)
  })

  test('strings order by UTF-8 bytes, not UTF-16 units', () => {
    expect(compareValues(S('\uffff'), S('😀'))).toBeLessThan(0)
    expect('\uffff' < '😀').toBe(false) // JS order differs: this is the case the comparison must fix
    expect(compareValues(S('B'), S('a'))).toBeLessThan(0)
  })

  test('binary orders by unsigned bytes', () => {
    expect(compareValues({ B: new Uint8Array([0x7f]) }, { B: new Uint8Array([0x80]) })).toBeLessThan(0)
    expect(compareValues({ B: 'AA==' }, { B: 'AAA=' })).toBeLessThan(0)
  })

  test('encodeSortKey order equals compareValues order for 2,000 random numbers', () => {
    let seed = 42
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const numbers: AttributeValue[] = []
    for (let i = 0; i < 2000; i++) {
      const digits = Array.from({ length: 1 + Math.floor(random() * 38) }, () => Math.floor(random() * 10)).join('')
      const exponent = Math.floor(random() * 240) - 120
      numbers.push(N(`${random() < 0.4 ? '-' : ''}${digits}E${exponent}`))
    }
    numbers.push(N('0'), N('-0'), N('0.000'))
    const byCompare = [...numbers].sort(compareValues)
    const byKey = [...numbers].sort((a, b) => (encodeSortKey(a) < encodeSortKey(b) ? -1 : encodeSortKey(a) > encodeSortKey(b) ? 1 : 0))
    for (let i = 0; i < numbers.length; i++) expect(compareValues(byCompare[i]!, byKey[i]!)).toBe(0)
    expect(encodeSortKey(N('1.50'))).toBe(encodeSortKey(N('1.5')))
    expect(encodeSortKey(N('-1.5')) < encodeSortKey(N('-1.25'))).toBe(true)
    expect(encodeSortKey(N('-1.25')) < encodeSortKey(N('0')) && encodeSortKey(N('0')) < encodeSortKey(N('0.001'))).toBe(true)
  })

  test('encodeSortKey of strings and binaries sorts by bytes and uses only hex characters', () => {
    const strings = ['a', 'B', '😀', '\uffff', 'é', 'ab', ''].map(S)
    const sorted = [...strings].sort((a, b) => (encodeSortKey(a) < encodeSortKey(b) ? -1 : 1))
    expect(sorted.map((v) => (v as { S: string }).S)).toEqual(['', 'B', 'a', 'ab', 'é', '\uffff', '😀'])
    expect(encodeSortKey({ B: new Uint8Array([0, 255]) })).toBe('00ff')
    expect(encodeSortKey(N('-12.5'))).toMatch(/^[0-9a-f]+$/)
  })

  test('attributeValuesEqual: sets unordered, numbers by value, deep lists and maps', () => {
    expect(attributeValuesEqual({ SS: ['a', 'b'] }, { SS: ['b', 'a'] })).toBe(true)
    expect(attributeValuesEqual({ NS: ['1.0', '2'] }, { NS: ['2', '1'] })).toBe(true)
    expect(attributeValuesEqual({ L: [N('1.0')] }, { L: [N('1')] })).toBe(true)
    expect(attributeValuesEqual({ L: [N('1'), N('2')] }, { L: [N('2'), N('1')] })).toBe(false)
    expect(attributeValuesEqual({ M: { a: N('1') } }, { M: { a: N('1'), b: N('2') } })).toBe(false)
    expect(attributeValuesEqual({ B: 'AQI=' }, { B: new Uint8Array([1, 2]) })).toBe(true)
    expect(attributeValuesEqual(N('1'), S('1'))).toBe(false)
  })
})

describe('condition parser and evaluator', () => {
  const item: AttributeMap = { a: N('1'), b: N('2'), s: S('hello'), l: { L: [N('0'), { M: { x: S('y') } }] }, ss: { SS: ['p', 'q'] } }
  const values = { ':one': N('1'), ':two': N('2'), ':three': N('3'), ':he': S('he'), ':y': S('y'), ':p': S('p') }

  test('precedence is NOT, then AND, then OR', () => {
    // true OR (false AND false)
    expect(check('a = :one OR a = :two AND b = :three', item, values)).toBe(true)
    // (true OR false) AND false
    expect(check('(a = :one OR a = :two) AND b = :three', item, values)).toBe(false)
    // (NOT true) AND true = false; NOT (true AND true) would also be false, so use OR
    expect(check('NOT a = :one OR b = :two', item, values)).toBe(true)
    expect(check('NOT a = :two AND b = :two', item, values)).toBe(true)
    const root = parseCondition('NOT a = :one AND b = :two OR s = :he').root
    expect(root.kind).toBe('or')
    expect(root.kind === 'or' && root.left.kind).toBe('and')
    expect(root.kind === 'or' && root.left.kind === 'and' && root.left.left.kind).toBe('not')
  })

  test('comparators, BETWEEN, IN and functions', () => {
    expect(check('a < :two AND b >= :two AND b <= :two AND a <> :two', item, values)).toBe(true)
    expect(check('b BETWEEN :one AND :three', item, values)).toBe(true)
    expect(check('b IN (:one, :three)', item, values)).toBe(false)
    expect(check('begins_with(s, :he) AND contains(s, :he) AND contains(ss, :p)', item, values)).toBe(true)
    expect(check('l[1].x = :y AND attribute_exists(l[1].x) AND attribute_not_exists(l[2])', item, values)).toBe(true)
    expect(check('size(s) = :three', item, { ':three': N('5') })).toBe(true)
    expect(check('attribute_type(ss, :t)', item, { ':t': S('SS') })).toBe(true)
  })

  test('different types compare false, and <> with a missing attribute is true', () => {
    expect(check('s < :one', item, values)).toBe(false)
    expect(check('s = :one', item, values)).toBe(false)
    expect(check('absent <> :one', item, values)).toBe(true)
    expect(check('attribute_not_exists(a)', undefined)).toBe(true)
  })

  test('DynamoDB syntax error wording', () => {
    expect(errorOf(() => parseCondition('a = = b'))).toBe('Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"')
    expect(errorOf(() => parseCondition('a = '))).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "= "')
    expect(errorOf(() => parseCondition('a-b = c'))).toBe('Invalid ConditionExpression: Syntax error; token: "-", near: "a-b"')
    expect(errorOf(() => parseCondition('a = b', 'FilterExpression').root && parseCondition('a = ', 'FilterExpression'))).toStartWith('Invalid FilterExpression: Syntax error')
    expect(errorOf(() => parseCondition(''))).toBe('Invalid ConditionExpression: The expression can not be empty;')
    expect(errorOf(() => parseCondition('((a = :v))'))).toBe('Invalid ConditionExpression: The expression has redundant parentheses;')
    expect(errorOf(() => parseCondition('ATTRIBUTE_EXISTS(a)'))).toBe('Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS')
  })

  test('reserved words as bare names are refused; placeholders are fine', () => {
    expect(RESERVED_WORDS.size).toBe(573)
    expect(isReservedWord('Status')).toBe(true)
    expect(errorOf(() => parseCondition('status = :v'))).toBe('Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status')
    expect(errorOf(() => parseProjection('a.Name'))).toBe('Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: Name')
    expect(check('#s = :v', { status: S('on') }, { ':v': S('on') }, { '#s': 'status' })).toBe(true)
  })

  test('static checks on literal operands', () => {
    const bind = (text: string, vals: Record<string, AttributeValue>) => bindCondition(parseCondition(text), createPlaceholders(undefined, vals))
    expect(errorOf(() => bind('a < :b', { ':b': { BOOL: true } }))).toBe('Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL')
    expect(errorOf(() => bind('a BETWEEN :h AND :l', { ':h': N('9'), ':l': N('1') }))).toBe(
      'Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:9}, upper bound operand: AttributeValue: {N:1}',
    )
    expect(errorOf(() => bind('a = a', {}))).toBe('Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]')
    expect(errorOf(() => bind('a IN (:x)', {}))).toBe('Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x')
    expect(errorOf(() => bind('#x = :x', { ':x': N('1') }))).toBe('Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x')
  })
})

describe('placeholder bookkeeping', () => {
  test('unused values and names are reported with their keys', () => {
    const ctx = createPlaceholders({ '#a': 'a', '#b': 'b' }, { ':x': N('1'), ':z': N('2'), ':w': N('3') })
    bindCondition(parseCondition('#a = :x'), ctx)
    expect(errorOf(() => assertAllUsed(ctx))).toBe('Value provided in ExpressionAttributeValues unused in expressions: keys: {:z, :w}')
    ctx.usedValues.add(':z').add(':w')
    expect(errorOf(() => assertAllUsed(ctx))).toBe('Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}')
  })

  test('binding marks placeholders in branches evaluation would short-circuit', () => {
    const ctx = createPlaceholders(undefined, { ':x': N('1'), ':y': N('2') })
    expect(evaluateCondition(parseCondition('a = :x OR a = :y'), { a: N('1') }, ctx)).toBe(true)
    expect(() => assertAllUsed(ctx)).not.toThrow()
  })
})

describe('update expressions', () => {
  const item: AttributeMap = { n: N('5'), l: { L: [N('0'), N('1'), N('2'), N('3')] }, m: { M: { a: S('x') } }, ss: { SS: ['a', 'b'] } }

  test('SET with arithmetic, functions and nested paths reads the old item', () => {
    const out = update('SET n = n + :d, dup = n, m.b = :v, l = list_append(l, :more), c = if_not_exists(c, :zero) - :d', item, {
      ':d': N('1.5'), ':v': S('y'), ':more': { L: [S('end')] }, ':zero': N('0'),
    })
    expect(out.n).toEqual(N('6.5'))
    expect(out.dup).toEqual(N('5'))
    expect(out.m).toEqual({ M: { a: S('x'), b: S('y') } })
    expect(out.l).toEqual({ L: [N('0'), N('1'), N('2'), N('3'), S('end')] })
    expect(out.c).toEqual(N('-1.5'))
    expect(item.n).toEqual(N('5')) // the input is not mutated
  })

  test('REMOVE list elements by original index, shifting the rest', () => {
    expect(update('REMOVE l[1], l[3], l[9], absent', item).l).toEqual({ L: [N('0'), N('2')] })
  })

  test('ADD creates, increments and unions; DELETE subtracts and removes empty sets', () => {
    const out = update('ADD n :one, tally :one, ss :more', item, { ':one': N('1'), ':more': { SS: ['c', 'a'] } })
    expect(out.n).toEqual(N('6'))
    expect(out.tally).toEqual(N('1'))
    expect(out.ss).toEqual({ SS: ['a', 'b', 'c'] })
    expect(update('DELETE ss :all', item, { ':all': { SS: ['a', 'b'] } }).ss).toBeUndefined()
    expect(update('DELETE ss :one', item, { ':one': { SS: ['a'] } }).ss).toEqual({ SS: ['b'] })
  })

  test('type errors, invalid paths and overlapping paths are ValidationExceptions', () => {
    expect(errorOf(() => update('SET n = m + :one', item, { ':one': N('1') }))).toBe('An operand in the update expression has an incorrect data type')
    expect(errorOf(() => update('SET x.y = :one', item, { ':one': N('1') }))).toBe('The document path provided in the update expression is invalid for update')
    expect(errorOf(() => update('SET n = absent', item))).toBe('The provided expression refers to an attribute that does not exist in the item')
    expect(errorOf(() => update('SET m.a = :one REMOVE m', item, { ':one': N('1') }))).toBe(
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m, a], path two: [m]',
    )
    expect(errorOf(() => update('SET l[0] = :one, l.x = :one', item, { ':one': N('1') }))).toBe(
      'Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l, x]',
    )
    expect(errorOf(() => parseUpdate('SET a = :v SET b = :v'))).toBe('Invalid UpdateExpression: The "SET" section can only be used once in an update expression;')
    expect(errorOf(() => update('ADD n :s', item, { ':s': S('x') }))).toBe(
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND',
    )
    expect(errorOf(() => update('SET n = n + :n', { n: N('99999999999999999999999999999999999999') }, { ':n': N('0.1') }))).toBe(
      'DynamoDB only supports precision up to 38 digits',
    )
  })

  test('updatedPaths lists every written or removed path, resolving names when given a context', () => {
    const node = parseUpdate('SET #k = :v, a.b[1] = :v REMOVE c ADD d :n DELETE e :s')
    expect(updatedPaths(node)).toEqual([['#k'], ['a', 'b', 1], ['c'], ['d'], ['e']])
    const ctx: RequestPlaceholders = createPlaceholders({ '#k': 'pk' })
    expect(updatedPaths(node, ctx)[0]).toEqual(['pk'])
  })
})

describe('projection and key conditions', () => {
  const item: AttributeMap = { a: N('1'), l: { L: [N('0'), N('1'), N('2')] }, m: { M: { x: N('1'), y: { M: { z: N('2') } } } } }

  test('projects nested paths and packs list elements in index order', () => {
    const ctx = createPlaceholders({ '#y': 'y' })
    expect(projectItem(item, parseProjection('l[2], l[0], m.#y.z, absent'), ctx)).toEqual({
      l: { L: [N('0'), N('2')] },
      m: { M: { y: { M: { z: N('2') } } } },
    })
    expect(errorOf(() => projectItem(item, parseProjection('m, m.x'), createPlaceholders()))).toContain('Two document paths overlap')
  })

  test('parseKeyCondition returns the hash value and range condition', () => {
    const ctx = createPlaceholders({ '#s': 'sk' }, { ':p': S('a'), ':lo': N('1'), ':hi': N('9') })
    expect(parseKeyCondition('pk = :p AND #s BETWEEN :lo AND :hi', ctx, { hash: 'pk', range: 'sk' })).toEqual({
      hash: { name: 'pk', value: S('a') },
      range: { name: 'sk', op: 'BETWEEN', values: [N('1'), N('9')] },
    })
    const prefix = createPlaceholders(undefined, { ':p': S('a'), ':x': S('b') })
    expect(parseKeyCondition(':x <= sk AND pk = :p', prefix, { hash: 'pk', range: 'sk' }).range).toEqual({ name: 'sk', op: '>=', values: [S('b')] })
    expect(errorOf(() => parseKeyCondition('sk = :x', prefix, { hash: 'pk', range: 'sk' }))).toBe('Query condition missed key schema element')
    expect(errorOf(() => parseKeyCondition('pk = :p OR pk = :x', prefix, { hash: 'pk' }))).toBe('Invalid operator used in KeyConditionExpression: OR')
  })
})
