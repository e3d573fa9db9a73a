import { describe, expect, test } from 'bun:test'
import {
  attr,
  compile,
  compileExpression,
  compileKey,
  compileRequest,
  PlaceholderSpace,
  ExpressionError,
  formatPath,
  ifNotExists,
  keyCondition,
  listAppend,
  minus,
  param,
  parsePath,
  plus,
  projection,
  readableExpression,
  template,
  toKeyCondition,
  update,
  type Condition,
  type ExpressionErrorCode,
  cond,
} from '../../src/dynamodb/expressions/index.ts'
import { NumberValue } from '../../src/dynamodb/marshall.ts'

function code(fn: () => unknown): ExpressionErrorCode | string {
  try {
    fn()
  } catch (error) {
    if (error instanceof ExpressionError) return error.code
    return `not an ExpressionError: ${String(error)}`
  }
  return 'no error'
}

function message(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    return (error as Error).message
  }
  return 'no error'
}

const c = (cond: Condition) => compileExpression(cond)

describe('paths', () => {
  test('parses names, nesting and list indexes', () => {
    expect(parsePath('a')).toEqual(['a'])
    expect(parsePath('a.b[2].c')).toEqual(['a', 'b', 2, 'c'])
    expect(parsePath('m[0][1]')).toEqual(['m', 0, 1])
  })

  test('names with spaces, # and : are plain names', () => {
    expect(parsePath('my attr.#x:y')).toEqual(['my attr', '#x:y'])
  })

  test('quoted segments and arrays keep dots and brackets literal', () => {
    expect(parsePath('a["weird.name"][0]')).toEqual(['a', 'weird.name', 0])
    expect(parsePath('["x.y"].z')).toEqual(['x.y', 'z'])
    expect(parsePath('a["with \\"quote\\" and ]"]')).toEqual(['a', 'with "quote" and ]'])
    expect(parsePath(['weird.name', 0, 'x[1]'])).toEqual(['weird.name', 0, 'x[1]'])
  })

  test('formatPath round-trips through parsePath', () => {
    for (const p of [['a'], ['a', 'b', 2, 'c'], ['x.y', 0, 'z'], ['a', 'b]c'], ['sp ace', '#h', ':c']]) {
      const text = formatPath(p)
      expect(parsePath(text)).toEqual(p)
    }
    expect(formatPath(['a', 'x.y', 3])).toBe('a["x.y"][3]')
  })

  test('rejects malformed paths with InvalidPath', () => {
    for (const bad of ['', 'a..b', '.a', 'a.', '[0]', 'a[', 'a[x]', 'a[-1]', 'a]', 'a["x"', 'a.[0]', 'a[""]']) {
      expect(code(() => parsePath(bad))).toBe('InvalidPath')
    }
    expect(code(() => parsePath([]))).toBe('InvalidPath')
    expect(code(() => parsePath([0, 'a']))).toBe('InvalidPath')
    expect(code(() => parsePath(['a', 1.5]))).toBe('InvalidPath')
    expect(code(() => parsePath(['a', '']))).toBe('InvalidPath')
    expect(message(() => parsePath('a..b'))).toContain('["x.y"]')
  })

  test('paths deeper than 32 levels are refused', () => {
    expect(parsePath(Array.from({ length: 32 }, (_, i) => `n${i}`))).toHaveLength(32)
    expect(code(() => parsePath(Array.from({ length: 33 }, (_, i) => `n${i}`)))).toBe('PathTooDeep')
  })
})

describe('conditions', () => {
  test('each comparator', () => {
    const ops: [(l: string, r: unknown) => Condition, string][] = [
      [cond.eq, '='],
      [cond.ne, '<>'],
      [cond.lt, '<'],
      [cond.le, '<='],
      [cond.gt, '>'],
      [cond.ge, '>='],
    ]
    for (const [fn, op] of ops) {
      expect(c(fn('n', 1))).toEqual({ expression: `#n0 ${op} :v0`, names: { '#n0': 'n' }, values: { ':v0': { N: '1' } } })
    }
  })

  test('comparison with another attribute and with size()', () => {
    expect(c(cond.eq('a', attr('b.c'))).expression).toBe('#n0 = #n1.#n2')
    expect(c(cond.gt(cond.size('tags'), 3))).toEqual({ expression: 'size(#n0) > :v0', names: { '#n0': 'tags' }, values: { ':v0': { N: '3' } } })
    expect(c(cond.lt(cond.value(10), attr('n'))).expression).toBe(':v0 < #n0')
    expect(c(cond.eq(cond.size('a'), cond.size('b'))).expression).toBe('size(#n0) = size(#n1)')
  })

  test('a string in a value position is a value, never a path', () => {
    expect(c(cond.eq('a', 'b.c'))).toEqual({ expression: '#n0 = :v0', names: { '#n0': 'a' }, values: { ':v0': { S: 'b.c' } } })
  })

  test('between, in, functions', () => {
    expect(c(cond.between('n', 1, 5)).expression).toBe('#n0 BETWEEN :v0 AND :v1')
    expect(c(cond.in_('s', ['a', 'b', 'a'])).expression).toBe('#n0 IN (:v0, :v1, :v0)')
    expect(c(cond.beginsWith('s', 'pre')).expression).toBe('begins_with(#n0, :v0)')
    expect(c(cond.contains('tags', 'x')).expression).toBe('contains(#n0, :v0)')
    expect(c(cond.contains('s', attr('t'))).expression).toBe('contains(#n0, #n1)')
    expect(c(cond.attributeExists('a.b')).expression).toBe('attribute_exists(#n0.#n1)')
    expect(c(cond.attributeNotExists('a')).expression).toBe('attribute_not_exists(#n0)')
    expect(c(cond.attributeType('a', 'SS'))).toEqual({ expression: 'attribute_type(#n0, :v0)', names: { '#n0': 'a' }, values: { ':v0': { S: 'SS' } } })
  })

  test('grouping: AND inside OR and OR inside AND are parenthesized, NOT always is', () => {
    const a = cond.eq('a', 1)
    const b = cond.eq('b', 2)
    const d = cond.eq('d', 3)
    expect(c(cond.and(a, cond.or(b, d))).expression).toBe('#n0 = :v0 AND (#n1 = :v1 OR #n2 = :v2)')
    expect(c(cond.or(cond.and(a, b), d)).expression).toBe('(#n0 = :v0 AND #n1 = :v1) OR #n2 = :v2')
    expect(c(cond.not(cond.or(a, b))).expression).toBe('NOT (#n0 = :v0 OR #n1 = :v1)')
    expect(c(cond.and(cond.not(a), b)).expression).toBe('NOT (#n0 = :v0) AND #n1 = :v1')
    expect(c(cond.or(a, cond.not(cond.and(b, d)))).expression).toBe('#n0 = :v0 OR NOT (#n1 = :v1 AND #n2 = :v2)')
  })

  test('and/or flatten and collapse single conditions', () => {
    const a = cond.eq('a', 1)
    expect(cond.and(a)).toBe(a)
    const flat = cond.and(cond.and(a, cond.eq('b', 2)), cond.eq('c', 3))
    expect(flat.kind === 'and' && flat.conditions.length).toBe(3)
    expect(code(() => cond.and())).toBe('InvalidCondition')
    expect(code(() => cond.or())).toBe('InvalidCondition')
    expect(code(() => cond.and('x' as never))).toBe('InvalidCondition')
  })

  test('hand-written plain trees compile the same as built ones', () => {
    const tree: Condition = {
      kind: 'or',
      conditions: [
        { kind: 'compare', op: '=', left: { kind: 'path', path: ['a'] }, right: { kind: 'value', value: 1 } },
        { kind: 'and', conditions: [{ kind: 'attribute_exists', path: ['b'] }, { kind: 'attribute_exists', path: ['c'] }] },
      ],
    }
    expect(c(tree).expression).toBe('#n0 = :v0 OR (attribute_exists(#n1) AND attribute_exists(#n2))')
    expect(code(() => c({ kind: 'and', conditions: [] }))).toBe('InvalidCondition')
    expect(code(() => c({ kind: 'bogus' } as never))).toBe('InvalidCondition')
  })

  test('trees are frozen plain data', () => {
    const tree = cond.and(cond.eq('a', 1), cond.gt(cond.size('b'), 2))
    expect(Object.isFrozen(tree)).toBe(true)
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree)
    expect(tree).toEqual({
      kind: 'and',
      conditions: [
        { kind: 'compare', op: '=', left: { kind: 'path', path: ['a'] }, right: { kind: 'value', value: 1 } },
        { kind: 'compare', op: '>', left: { kind: 'size', path: ['b'] }, right: { kind: 'value', value: 2 } },
      ],
    })
  })

  test('a value that looks like a node is still a value', () => {
    const lookalike = { kind: 'path', path: ['x'] }
    expect(c(cond.eq('a', lookalike)).values[':v0']).toEqual({ M: { kind: { S: 'path' }, path: { L: [{ S: 'x' }] } } })
  })

  test('invalid operands and types are refused', () => {
    expect(code(() => cond.eq(42 as never, 1))).toBe('InvalidOperand')
    expect(code(() => cond.eq('a', cond.eq('b', 1)))).toBe('InvalidOperand')
    expect(code(() => cond.eq('a', plus(1, 2)))).toBe('InvalidOperand')
    expect(code(() => cond.attributeType('a', 'X' as never))).toBe('InvalidCondition')
  })

  test('in_ allows 100 operands and refuses 101 or 0', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i)
    expect(c(cond.in_('n', hundred)).expression.split(':v')).toHaveLength(101)
    expect(code(() => cond.in_('n', [...hundred, 100]))).toBe('TooManyOperands')
    expect(message(() => cond.in_('n', [...hundred, 100]))).toContain('or(in_(')
    expect(code(() => cond.in_('n', []))).toBe('InvalidCondition')
    const handMade: Condition = { kind: 'in', subject: { kind: 'path', path: ['n'] }, options: [...hundred, 1].map((v) => ({ kind: 'value' as const, value: v })) }
    expect(code(() => c(handMade))).toBe('TooManyOperands')
  })

  test('unmarshallable values name the attribute', () => {
    expect(code(() => c(cond.eq('price', Number.NaN)))).toBe('InvalidValue')
    expect(message(() => c(cond.eq('a.b', undefined)))).toContain('a.b')
  })
})

describe('placeholders', () => {
  test('same name gets one alias, same value one placeholder', () => {
    const r = c(cond.and(cond.eq('a', 'x'), cond.ne('b', 'x'), cond.gt(cond.size('a'), 1), cond.eq('c', 1)))
    expect(r.expression).toBe('#n0 = :v0 AND #n1 <> :v0 AND size(#n0) > :v1 AND #n2 = :v1')
    expect(r.names).toEqual({ '#n0': 'a', '#n1': 'b', '#n2': 'c' })
    expect(r.values).toEqual({ ':v0': { S: 'x' }, ':v1': { N: '1' } })
  })

  test('values are shared by marshalled form: 1, 1n and NumberValue("1") are one placeholder; "1" is not', () => {
    const r = c(cond.or(cond.eq('a', 1), cond.eq('b', 1n), cond.eq('c', new NumberValue('1')), cond.eq('d', '1')))
    expect(r.values).toEqual({ ':v0': { N: '1' }, ':v1': { S: '1' } })
  })

  test('odd names are aliased, never inlined', () => {
    const odd = ['a.b', 'with space', '#hash', ':colon', 'ünï', 'size', 'and']
    const r = c(cond.and(...odd.map((n) => cond.attributeExists([n]))))
    expect(Object.values(r.names)).toEqual(odd)
    expect(r.expression).toBe(odd.map((_, i) => `attribute_exists(#n${i})`).join(' AND '))
  })

  test('key condition + filter + projection share one space without collisions', () => {
    const r = compileRequest({
      keyCondition: keyCondition({ pk: 'USER#1', sk: { beginsWith: 'POST#' } }),
      filter: cond.and(cond.eq('status', 'active'), cond.ne('pk', attr('owner'))),
      projection: projection('pk', 'sk', 'meta.title', 'status'),
    })
    expect(r).toEqual({
      KeyConditionExpression: '#n0 = :v0 AND begins_with(#n1, :v1)',
      FilterExpression: '#n2 = :v2 AND #n0 <> #n3',
      ProjectionExpression: '#n0, #n1, #n4.#n5, #n2',
      ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk', '#n2': 'status', '#n3': 'owner', '#n4': 'meta', '#n5': 'title' },
      ExpressionAttributeValues: { ':v0': { S: 'USER#1' }, ':v1': { S: 'POST#' }, ':v2': { S: 'active' } },
    })
  })

  test('update + condition share one space', () => {
    const r = compileRequest({
      update: update().set('status', 'done').add('version', 1),
      condition: cond.and(cond.eq('status', 'open'), cond.eq('version', 1)),
    })
    expect(r).toEqual({
      UpdateExpression: 'SET #n0 = :v0 ADD #n1 :v1',
      ConditionExpression: '#n0 = :v2 AND #n1 = :v1',
      ExpressionAttributeNames: { '#n0': 'status', '#n1': 'version' },
      ExpressionAttributeValues: { ':v0': { S: 'done' }, ':v1': { N: '1' }, ':v2': { S: 'open' } },
    })
  })

  test('empty maps are left out', () => {
    expect(compileRequest({})).toEqual({})
    expect(compileRequest({ projection: ['a'] })).toEqual({ ProjectionExpression: '#n0', ExpressionAttributeNames: { '#n0': 'a' } })
  })

  test('compile() into a caller-held context', () => {
    const ctx = new PlaceholderSpace()
    expect(compile(cond.eq('a', 1), ctx)).toBe('#n0 = :v0')
    expect(compile(cond.eq('b', 1), ctx)).toBe('#n1 = :v0')
    expect(ctx.toParams()).toEqual({ ExpressionAttributeNames: { '#n0': 'a', '#n1': 'b' }, ExpressionAttributeValues: { ':v0': { N: '1' } } })
  })

  test('marshall options pass through', () => {
    expect(code(() => c(cond.eq('m', { a: undefined })))).toBe('InvalidValue')
    const r = compileExpression(cond.eq('m', { a: undefined, b: 1 }), { marshall: { removeUndefinedValues: true } })
    expect(r.values).toEqual({ ':v0': { M: { b: { N: '1' } } } })
  })
})

describe('key conditions', () => {
  const k = (x: Parameters<typeof compileRequest>[0]['keyCondition']) => compileRequest({ keyCondition: x }).KeyConditionExpression

  test('easy form: partition only, and each sort operator', () => {
    expect(k(keyCondition({ pk: 'a' }))).toBe('#n0 = :v0')
    expect(k(keyCondition({ pk: 'a', sk: 'b' }))).toBe('#n0 = :v0 AND #n1 = :v1')
    expect(k(keyCondition({ pk: 'a', sk: { eq: 1 } }))).toBe('#n0 = :v0 AND #n1 = :v1')
    expect(k(keyCondition({ pk: 'a', sk: { lt: 1 } }))).toBe('#n0 = :v0 AND #n1 < :v1')
    expect(k(keyCondition({ pk: 'a', sk: { le: 1 } }))).toBe('#n0 = :v0 AND #n1 <= :v1')
    expect(k(keyCondition({ pk: 'a', sk: { gt: 1 } }))).toBe('#n0 = :v0 AND #n1 > :v1')
    expect(k(keyCondition({ pk: 'a', sk: { ge: 1 } }))).toBe('#n0 = :v0 AND #n1 >= :v1')
    expect(k(keyCondition({ pk: 'a', sk: { between: [1, 9] } }))).toBe('#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2')
    expect(k(keyCondition({ pk: 'a', sk: { beginsWith: 'P#' } }))).toBe('#n0 = :v0 AND begins_with(#n1, :v1)')
  })

  test('easy form: the plain value is the partition key whatever the order; names are literal', () => {
    const r = compileRequest({ keyCondition: keyCondition({ sk: { gt: 5 }, 'p.k': 'x' }) })
    expect(r.KeyConditionExpression).toBe('#n0 = :v0 AND #n1 > :v1')
    expect(r.ExpressionAttributeNames).toEqual({ '#n0': 'p.k', '#n1': 'sk' })
  })

  test('builder form and toKeyCondition', () => {
    expect(k(keyCondition(cond.eq('pk', 'a'), cond.between('sk', 1, 2)))).toBe('#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2')
    expect(k(keyCondition(cond.eq('pk', 'a')))).toBe('#n0 = :v0')
    expect(k(toKeyCondition(cond.and(cond.gt('sk', 1), cond.eq('pk', 'a'))))).toBe('#n0 = :v0 AND #n1 > :v1')
    // compileRequest validates a plain condition given as keyCondition
    expect(k(cond.and(cond.eq('pk', 'a'), cond.beginsWith('sk', 'x')))).toBe('#n0 = :v0 AND begins_with(#n1, :v1)')
  })

  test('everything else is InvalidKeyCondition before sending', () => {
    const bad: (() => unknown)[] = [
      () => keyCondition({}),
      () => keyCondition({ a: 1, b: 2, c: 3 }),
      () => keyCondition({ pk: { gt: 1 } }),
      () => keyCondition({ pk: { gt: 1 }, sk: { lt: 2 } }),
      () => keyCondition({ pk: 'a', sk: { between: [1] as never } }),
      () => keyCondition({ pk: 'a', sk: { near: 1 } }),
      () => keyCondition({ pk: 'a', sk: { gt: 1, lt: 2 } }),
      () => keyCondition(cond.or(cond.eq('pk', 'a'), cond.eq('pk', 'b'))),
      () => keyCondition(cond.not(cond.eq('pk', 'a'))),
      () => keyCondition(cond.eq('pk', 'a'), cond.ne('sk', 1)),
      () => keyCondition(cond.eq('pk', 'a'), cond.in_('sk', [1, 2])),
      () => keyCondition(cond.eq('pk', 'a'), cond.contains('sk', 'x')),
      () => keyCondition(cond.eq('pk', 'a'), cond.attributeExists('sk')),
      () => keyCondition(cond.eq('pk', 'a'), cond.and(cond.gt('sk', 1), cond.lt('sk', 5))),
      () => keyCondition(cond.eq('pk', 'a'), cond.eq('pk', 'b')),
      () => keyCondition(cond.eq('pk', attr('other'))),
      () => keyCondition(cond.eq('a.b', 1)),
      () => keyCondition(cond.eq(cond.size('pk'), 1)),
      () => keyCondition(cond.gt('pk', 1)),
      () => toKeyCondition(cond.and(cond.eq('pk', 'a'), cond.gt('sk', 1), cond.lt('sk', 9))),
      () => compileRequest({ keyCondition: cond.or(cond.eq('pk', 'a'), cond.eq('pk', 'b')) }),
      () => compileRequest({ keyCondition: keyCondition({ pk: true }) }),
      () => compileRequest({ keyCondition: keyCondition({ pk: 'a', sk: { between: [1, { x: 1 }] } }) }),
      () => compileRequest({ keyCondition: keyCondition({ pk: 'a', sk: { beginsWith: 5 } }) }),
      () => compileRequest({ keyCondition: { kind: 'key_condition', partition: cond.eq('pk', 'a') as never, sort: cond.or(cond.eq('sk', 1), cond.eq('sk', 2)) as never } }),
    ]
    for (const fn of bad) expect(code(fn)).toBe('InvalidKeyCondition')
    expect(message(() => keyCondition(cond.eq('pk', 'a'), cond.contains('sk', 'x')))).toContain('filter')
    expect(message(() => compileRequest({ keyCondition: keyCondition({ pk: true }) }))).toContain('strings (S), numbers (N) or binaries (B)')
    // binary and number keys are fine
    expect(compileRequest({ keyCondition: keyCondition({ pk: new Uint8Array([1, 2]), sk: { beginsWith: new Uint8Array([1]) } }) }).KeyConditionExpression).toBe('#n0 = :v0 AND begins_with(#n1, :v1)')
    expect(compileRequest({ keyCondition: keyCondition({ pk: 1n, sk: { between: [1, 2] } }) }).ExpressionAttributeValues).toEqual({ ':v0': { N: '1' }, ':v1': { N: '2' } })
  })
})

describe('updates', () => {
  const u = (b: ReturnType<typeof update>) => b.toParams()

  test('every action and function', () => {
    const r = u(
      update()
        .set('a', 1)
        .set('b', attr('a'))
        .set('c', plus(attr('c'), 1))
        .set('d', minus(attr('d'), 2))
        .set('e', ifNotExists('e', 'dflt'))
        .set('f', listAppend(attr('f'), [1]))
        .set('g', listAppend([0], attr('g')))
        .set('h', plus(ifNotExists('h', 0), 5))
        .set('i', listAppend(ifNotExists('i', []), ['x']))
        .remove('j', 'k[3]')
        .add('l', 1)
        .add('m', new Set(['s']))
        .delete('n', new Set([1, 2])),
    )
    expect(r.UpdateExpression).toBe(
      'SET #n0 = :v0, #n1 = #n0, #n2 = #n2 + :v0, #n3 = #n3 - :v1, #n4 = if_not_exists(#n4, :v2), #n5 = list_append(#n5, :v3), ' +
        '#n6 = list_append(:v4, #n6), #n7 = if_not_exists(#n7, :v5) + :v6, #n8 = list_append(if_not_exists(#n8, :v7), :v8) ' +
        'REMOVE #n9, #n10[3] ADD #n11 :v0, #n12 :v9 DELETE #n13 :v10',
    )
    // [0] and 0 marshal differently, so they get different placeholders; the two 1s share :v0
    expect(r.ExpressionAttributeValues?.[':v4']).toEqual({ L: [{ N: '0' }] })
    expect(r.ExpressionAttributeValues?.[':v5']).toEqual({ N: '0' })
    expect(r.ExpressionAttributeValues?.[':v10']).toEqual({ NS: ['1', '2'] })
  })

  test('builders are immutable', () => {
    const base = update().set('a', 1)
    const one = base.remove('b')
    const two = base.add('c', 1)
    expect(base.actions).toHaveLength(1)
    expect(one.toParams().UpdateExpression).toBe('SET #n0 = :v0 REMOVE #n1')
    expect(two.toParams().UpdateExpression).toBe('SET #n0 = :v0 ADD #n1 :v0')
    expect(Object.isFrozen(base.actions)).toBe(true)
  })

  test('setAll takes attribute names literally', () => {
    const r = update().setAll({ 'a.b': 1, c: 'x' }).toParams()
    expect(r.UpdateExpression).toBe('SET #n0 = :v0, #n1 = :v1')
    expect(r.ExpressionAttributeNames).toEqual({ '#n0': 'a.b', '#n1': 'c' })
  })

  test('nested paths and list elements', () => {
    expect(update().set('a.b[2].c', 1).remove('x.y[0]').toParams().UpdateExpression).toBe('SET #n0.#n1[2].#n2 = :v0 REMOVE #n3.#n4[0]')
  })

  test('wrong or empty updates are refused', () => {
    expect(code(() => update().toParams())).toBe('InvalidUpdate')
    expect(code(() => update().add('n', 'str').toParams())).toBe('InvalidUpdate')
    expect(code(() => update().add('n', [1]).toParams())).toBe('InvalidUpdate')
    expect(code(() => update().delete('s', 1).toParams())).toBe('InvalidUpdate')
    expect(message(() => update().delete('s', 1).toParams())).toContain('remove()')
    expect(code(() => update().add('s', new Set()).toParams())).toBe('InvalidValue')
    expect(code(() => update().set('a', cond.size('b')))).toBe('InvalidOperand')
    expect(code(() => update().set('a', cond.eq('b', 1)))).toBe('InvalidOperand')
    expect(code(() => plus(plus(1, 2), 3))).toBe('InvalidOperand')
  })

  test('nesting follows what DynamoDB accepts', () => {
    // Accepted by DynamoDB: if_not_exists inside anything, a path as the fallback
    expect(update().set('a', ifNotExists('a', ifNotExists('b', attr('c')))).toParams().UpdateExpression).toBe(
      'SET #n0 = if_not_exists(#n0, if_not_exists(#n1, #n2))',
    )
    // Rejected by DynamoDB (syntax error / "function is not allowed to be used this way")
    expect(code(() => listAppend(listAppend([1], [2]), [3]))).toBe('InvalidOperand')
    expect(code(() => ifNotExists('a', listAppend([1], [2])))).toBe('InvalidOperand')
    expect(code(() => plus(listAppend([1], [2]), 1))).toBe('InvalidOperand')
    expect(message(() => minus(plus(1, 2), 3))).toContain('cannot be nested')
    const handMade = { kind: 'update', actions: [{ kind: 'set', path: ['a'], value: { kind: 'arithmetic', op: '+', left: { kind: 'list_append', left: { kind: 'value', value: [] }, right: { kind: 'value', value: [] } }, right: { kind: 'value', value: 1 } } }] }
    expect(code(() => compileRequest({ update: handMade as never }))).toBe('InvalidOperand')
  })

  test('overlapping paths are refused', () => {
    expect(code(() => update().set('a', 1).remove('a').toParams())).toBe('PathOverlap')
    expect(code(() => update().set('a', 1).set('a.b', 2).toParams())).toBe('PathOverlap')
    expect(code(() => update().remove('l[1]').set('l[1]', 2).toParams())).toBe('PathOverlap')
    expect(update().remove('l[1]', 'l[2]').toParams().UpdateExpression).toBe('REMOVE #n0[1], #n0[2]')
    expect(update().set('ab', 1).set('a', 2).toParams().UpdateExpression).toBe('SET #n0 = :v0, #n1 = :v1')
  })

  test('more than 300 operators are refused', () => {
    let b = update()
    for (let i = 0; i < 151; i++) b = b.set(`a${i}`, plus(ifNotExists(`a${i}`, 0), 1))
    // Checked before the 4 KB length (which 300 operators with distinct paths also exceed)
    expect(code(() => b.toParams())).toBe('TooManyOperators')
    let ok = update()
    for (let i = 0; i < 60; i++) ok = ok.set(`a${i}`, plus(ifNotExists(`a${i}`, 0), 1))
    expect(ok.toParams().UpdateExpression).toContain('SET ')
  })
})

describe('projections', () => {
  test('nested paths and odd names', () => {
    const r = compileRequest({ projection: projection('a', 'b.c[0]', ['x.y', 'z'], 'b.d') })
    expect(r.ProjectionExpression).toBe('#n0, #n1.#n2[0], #n3.#n4, #n1.#n5')
    expect(r.ExpressionAttributeNames).toEqual({ '#n0': 'a', '#n1': 'b', '#n2': 'c', '#n3': 'x.y', '#n4': 'z', '#n5': 'd' })
  })

  test('overlap and empty are refused', () => {
    expect(code(() => compileRequest({ projection: ['a', 'a.b'] }))).toBe('PathOverlap')
    expect(code(() => compileRequest({ projection: ['a', 'a'] }))).toBe('PathOverlap')
    expect(code(() => projection())).toBe('InvalidOperand')
  })
})

describe('limits', () => {
  test('expression strings over 4 KB are refused, naming the expression', () => {
    // Each in_() operand adds ", :vN" (5-7 bytes); 8 groups of 100 distinct values is well over 4 KB.
    const groups = Array.from({ length: 8 }, (_, g) => cond.in_(`a${g}`, Array.from({ length: 100 }, (_, i) => g * 100 + i)))
    const err = (() => {
      try {
        compileRequest({ filter: cond.or(...groups) })
      } catch (e) {
        return e as ExpressionError
      }
    })()
    expect(err?.code).toBe('ExpressionTooLong')
    expect(err?.message).toContain('FilterExpression')
    // Just under: fine
    const small = cond.or(...groups.slice(0, 4))
    expect(new TextEncoder().encode(compileExpression(small).expression).length).toBeLessThan(4096)
  })

  test('an expression plus the values it uses over 1 MB is refused', () => {
    const half = 'x'.repeat(500_000)
    expect(Object.keys(compileExpression(cond.or(cond.eq('a', half + 1), cond.eq('b', half + 2))).values)).toHaveLength(2)
    expect(code(() => compileExpression(cond.or(cond.eq('a', half + 1), cond.eq('b', half + 2), cond.eq('c', half + 3))))).toBe('ExpressionTooLarge')
    // A shared value counts once per expression
    expect(Object.keys(compileExpression(cond.or(cond.eq('a', half + half), cond.eq('b', half + half))).values)).toHaveLength(1)
    // The limit is per expression: update and condition may each use up to 1 MB
    const r = compileRequest({ update: update().set('a', half + half), condition: cond.eq('b', `${half}${half}!`) })
    expect(Object.keys(r.ExpressionAttributeValues ?? {})).toHaveLength(2)
  })

  test('names and values of the whole request over 2 MB are refused', () => {
    const ctx = new PlaceholderSpace()
    const big = 'x'.repeat(700_000)
    compile(cond.eq('a', big + 1), ctx)
    compile(cond.eq('b', big + 2), ctx)
    expect(code(() => compile(cond.eq('c', big + 3), ctx))).toBe('SubstitutionsTooLarge')
  })

  test('more than 300 operators in a condition are refused; counting follows DynamoDB', () => {
    const eqs = (n: number) => Array.from({ length: n }, (_, i) => cond.eq('a', i))
    expect(compileExpression(cond.or(...eqs(150))).expression).toContain(' OR ') // 150 = + 149 OR = 299
    expect(code(() => compileExpression(cond.or(...eqs(151))))).toBe('TooManyOperators') // 151 + 150 = 301
    expect(message(() => compileExpression(cond.or(...eqs(151))))).toContain('in_()')
    const sizes = (n: number) => Array.from({ length: n }, (_, i) => cond.eq(cond.size('a'), i)) // size() counts too
    expect(compileExpression(cond.or(...sizes(100))).expression).toContain('size(')
    expect(code(() => compileExpression(cond.or(...sizes(101))))).toBe('TooManyOperators')
    let nots: Condition = cond.eq('a', 1)
    for (let i = 0; i < 299; i++) nots = cond.not(nots)
    expect(compileExpression(nots).expression).toStartWith('NOT (')
    expect(code(() => compileExpression(cond.not(nots)))).toBe('TooManyOperators')
    // IN counts once whatever its operand count
    expect(compileExpression(cond.or(...Array.from({ length: 150 }, () => cond.in_('a', [1, 2, 3])))).expression).toContain('IN (:v0, :v1, :v2)')
  })
})

describe('params and templates', () => {
  test('param() values come from the compile options, in the one placeholder space', () => {
    const key = keyCondition(cond.eq('pk', template('USER#', param('userId'))), cond.beginsWith('sk', 'POST#'))
    const r = compileRequest({ keyCondition: key, filter: cond.and(cond.eq('status', param('status')), cond.eq('owner', param('userId'))) }, { params: { userId: '42', status: 'live' } })
    expect(r.KeyConditionExpression).toBe('#n0 = :v0 AND begins_with(#n1, :v1)')
    expect(r.FilterExpression).toBe('#n2 = :v2 AND #n3 = :v3')
    expect(r.ExpressionAttributeValues).toEqual({ ':v0': { S: 'USER#42' }, ':v1': { S: 'POST#' }, ':v2': { S: 'live' }, ':v3': { S: '42' } })
    // a param is any value; inside a template it must be a string or a number
    expect(compileExpression(cond.eq('n', param('n')), { params: { n: 7 } }).values).toEqual({ ':v0': { N: '7' } })
    expect(compileExpression(cond.eq('k', template('A#', param('n'))), { params: { n: 7 } }).values).toEqual({ ':v0': { S: 'A#7' } })
    expect(code(() => compileExpression(cond.eq('k', template('A#', param('n'))), { params: { n: { x: 1 } } }))).toBe('InvalidValue')
  })

  test('a missing param is a MissingParam error naming it; bad names and parts are refused when built', () => {
    expect(code(() => compileExpression(cond.eq('a', param('userId'))))).toBe('MissingParam')
    expect(message(() => compileExpression(cond.eq('a', param('userId')), { params: { other: 1 } }))).toContain('"userId"')
    expect(code(() => compileRequest({ keyCondition: keyCondition({ pk: template('U#', param('id')) }) }, { params: {} }))).toBe('MissingParam')
    expect(code(() => param('not a name'))).toBe('InvalidOperand')
    expect(code(() => template('A', 1 as never))).toBe('InvalidOperand')
    expect(Object.isFrozen(template('A#', param('id')))).toBe(true)
    expect(JSON.parse(JSON.stringify(template('A#', param('id'))))).toEqual({ kind: 'template', parts: ['A#', { kind: 'param', name: 'id' }] })
  })

  test('compileKey: the Key of an equality key condition', () => {
    const key = keyCondition(cond.eq('pk', template('TEAM#', param('teamId'))), cond.eq('sk', 'META'))
    expect(compileKey(key, { params: { teamId: 't1' } })).toEqual({ pk: { S: 'TEAM#t1' }, sk: { S: 'META' } })
    expect(code(() => compileKey(keyCondition({ pk: 'a', sk: { beginsWith: 'b' } })))).toBe('InvalidKeyCondition')
    expect(code(() => compileKey(keyCondition({ pk: param('p') }), { params: { p: true } }))).toBe('InvalidKeyCondition')
  })

  test('aliases give chosen attributes readable placeholders; the rest stay generated', () => {
    const r = compileRequest({ keyCondition: keyCondition({ GSI1PK: 'A', GSI1SK: { beginsWith: 'B' } }), filter: cond.eq('x', 'A') }, { aliases: { GSI1PK: 'pk', GSI1SK: 'sk' } })
    expect(r.KeyConditionExpression).toBe('#pk = :pk AND begins_with(#sk, :sk)')
    expect(r.FilterExpression).toBe('#n2 = :pk')
    expect(code(() => compileRequest({ filter: cond.eq('a', 1) }, { aliases: { a: 'n0' } }))).toBe('InvalidOperand')
    expect(code(() => compileRequest({ filter: cond.eq('a', 1) }, { aliases: { a: 'x', b: 'x' } }))).toBe('InvalidOperand')
    expect(compileRequest({ filter: cond.eq('constructor', 1) }, { aliases: {} }).FilterExpression).toBe('#n0 = :v0')
  })

  test('readableExpression writes names and values inline, params as {name}', () => {
    expect(readableExpression(keyCondition(cond.eq('GSI2PK', template('USER#', param('userId'))), cond.beginsWith('GSI2SK', 'POST#')))).toBe('GSI2PK = USER#{userId} AND begins_with(GSI2SK, "POST#")')
    expect(readableExpression(cond.or(cond.and(cond.eq('a', 1), cond.not(cond.attributeNotExists('b'))), cond.gt(cond.size('c'), param('n'))))).toBe('(a = 1 AND NOT (attribute_not_exists(b))) OR size(c) > {n}')
    expect(readableExpression(cond.in_('s', ['x', 'y']))).toBe('s IN ("x", "y")')
  })
})

describe('package root', () => {
  test('exports one way to build: cond.*, attr, param, template, update(), keyCondition, projection, compileRequest', async () => {
    const root = await import('../../src/index.ts')
    const r = root.compileRequest({
      keyCondition: root.keyCondition({ pk: root.template('U#', root.param('id')) }),
      filter: root.cond.and(root.cond.eq('x', 1), root.cond.gt(root.cond.size('t'), 2)),
      update: root.update().set('n', root.plus(root.ifNotExists('n', 0), 1)).set('l', root.listAppend(root.attr('l'), [1])),
      projection: root.projection('x'),
    }, { params: { id: 'a' } })
    expect(r.FilterExpression).toBe('#n1 = :v1 AND size(#n2) > :v2')
    expect(r.UpdateExpression).toBe('SET #n3 = if_not_exists(#n3, :v3) + :v1, #n4 = list_append(#n4, :v4)')
    expect(r.ExpressionAttributeValues?.[':v0']).toEqual({ S: 'U#a' })
    expect(new root.ExpressionError('InvalidPath', 'x').code).toBe('InvalidPath')
    expect(root.compileExpression(root.cond.eq('a', 1)).expression).toBe('#n0 = :v0')
    expect(root.readableExpression(root.cond.eq('a', root.param('b')))).toBe('a = {b}')
    expect(root.compileKey(root.keyCondition({ pk: 'k' }))).toEqual({ pk: { S: 'k' } })
    // the other ways are gone: no expr namespace, no bare condition builders
    for (const gone of ['expr', 'eq', 'and', 'attributeNotExists', 'toKeyCondition', 'ExpressionContext', 'PlaceholderSpace']) expect(gone in root).toBe(false)
  })
})
