/**
 * Every expression builder form sent to DynamoDB Local, asserted by its effect: the items a
 * query or scan returns, the stored item after an update, a condition passing or failing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { ConditionalCheckFailedError, ValidationError } from '../../src/dynamodb/errors.ts'
import { marshall, unmarshall } from '../../src/dynamodb/marshall.ts'
import {
  attr,
  compileExpression,
  compileRequest,
  ExpressionError,
  ifNotExists,
  keyCondition,
  listAppend,
  minus,
  plus,
  projection,
  toKeyCondition,
  update,
  type Condition,
  type KeyCondition,
  type RequestExpressions,
  type UpdateBuilder,
  cond,
} from '../../src/dynamodb/expressions/index.ts'
import { dynamodbLocal, dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { testCredentials, testRegion, uniqueTableName } from '../support/targets.ts'

type Item = Record<string, unknown>

describe.skipIf(!dynamodbLocalAvailable)('expressions against DynamoDB Local', () => {
  let client: DynamoDBClient
  const table = uniqueTableName('expr')

  beforeAll(async () => {
    const { endpoint } = await dynamodbLocal()
    client = new DynamoDBClient({ endpoint, region: testRegion, credentials: testCredentials })
    await client.createTable({
      TableName: table,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    })
  }, 120_000) // a cold JVM on a shared machine can take longer than the default hook timeout

  afterAll(async () => {
    await client?.deleteTable({ TableName: table }).catch(() => undefined)
    client?.close()
  })

  const put = (item: Item) => client.putItem({ TableName: table, Item: marshall(item) })
  const get = async (pk: string, sk: string, expressions: RequestExpressions = {}) => {
    const out = await client.getItem({ TableName: table, Key: marshall({ pk, sk }), ConsistentRead: true, ...compileRequest(expressions) })
    return out.Item === undefined ? undefined : unmarshall(out.Item)
  }
  const query = async (expressions: RequestExpressions): Promise<Item[]> => {
    const out = await client.query({ TableName: table, ConsistentRead: true, ...compileRequest(expressions) })
    return (out.Items ?? []).map((i) => unmarshall(i))
  }
  const sks = async (key: KeyCondition, filter?: Condition) => (await query({ keyCondition: key, filter })).map((i) => i.sk)

  describe('filters (every condition form)', () => {
    const key = keyCondition({ pk: 'F' })
    beforeAll(async () => {
      await put({
        pk: 'F',
        sk: '01',
        status: 'active',
        n: 1,
        other: 1,
        name: 'alpha',
        tags: new Set(['a', 'b']),
        list: [1, 2, 3],
        'weird.name': 'w',
        meta: { title: 'Hello', 'x y': { '#z:': 5 } },
      })
      await put({ pk: 'F', sk: '02', status: 'inactive', n: 5, other: 3, name: 'beta', tags: new Set(['a']), list: [], nul: null })
      await put({ pk: 'F', sk: '03', status: 'active', n: 10, other: 10, name: 'alphabet', flag: true })
      await put({ pk: 'F', sk: '04', status: 'archived', n: 7, other: 2, name: 'gamma', tags: new Set(['c', 'd', 'e', 'f']) })
    })

    const cases: [string, Condition, string[]][] = [
      ['eq', cond.eq('status', 'active'), ['01', '03']],
      ['ne', cond.ne('status', 'active'), ['02', '04']],
      ['lt', cond.lt('n', 5), ['01']],
      ['le', cond.le('n', 5), ['01', '02']],
      ['gt', cond.gt('n', 5), ['03', '04']],
      ['ge', cond.ge('n', 7), ['03', '04']],
      ['between', cond.between('n', 2, 7), ['02', '04']],
      ['in_', cond.in_('status', ['inactive', 'archived', 'gone']), ['02', '04']],
      ['beginsWith', cond.beginsWith('name', 'alpha'), ['01', '03']],
      ['contains (substring)', cond.contains('name', 'et'), ['02', '03']],
      ['contains (set element)', cond.contains('tags', 'a'), ['01', '02']],
      ['contains (list element)', cond.contains('list', 2), ['01']],
      ['attributeExists', cond.attributeExists('flag'), ['03']],
      ['attributeNotExists', cond.attributeNotExists('tags'), ['03']],
      ['attributeType NULL', cond.attributeType('nul', 'NULL'), ['02']],
      ['attributeType SS', cond.attributeType('tags', 'SS'), ['01', '02', '04']],
      ['attributeType L', cond.attributeType('list', 'L'), ['01', '02']],
      ['size of a set', cond.gt(cond.size('tags'), 1), ['01', '04']],
      ['size of a list', cond.eq(cond.size('list'), 0), ['02']],
      ['size of a string', cond.ge(cond.size('name'), 8), ['03']],
      ['attribute = attribute', cond.eq('n', attr('other')), ['01', '03']],
      ['attribute > attribute', cond.gt('n', attr('other')), ['02', '04']],
      ['value on the left', cond.lt(cond.value(6), attr('n')), ['03', '04']],
      ['size compared with an attribute', cond.lt(cond.size('tags'), attr('n')), ['02', '04']],
      ['and', cond.and(cond.eq('status', 'active'), cond.gt('n', 5)), ['03']],
      ['or', cond.or(cond.eq('name', 'beta'), cond.eq('name', 'gamma')), ['02', '04']],
      ['not', cond.not(cond.eq('status', 'active')), ['02', '04']],
      ['or of and (grouping)', cond.or(cond.and(cond.eq('status', 'active'), cond.gt('n', 5)), cond.eq('name', 'beta')), ['02', '03']],
      ['and of or (grouping)', cond.and(cond.or(cond.eq('status', 'active'), cond.eq('status', 'archived')), cond.gt('n', 5)), ['03', '04']],
      ['not of and', cond.not(cond.and(cond.eq('status', 'active'), cond.lt('n', 5))), ['02', '03', '04']],
      ['nested map path', cond.eq('meta.title', 'Hello'), ['01']],
      ['odd names in a nested path', cond.eq(['meta', 'x y', '#z:'], 5), ['01']],
      ['quoted odd name in a path string', cond.eq('meta["x y"]["#z:"]', 5), ['01']],
      ['name with a dot is one attribute', cond.eq(['weird.name'], 'w'), ['01']],
      ['list element', cond.eq('list[1]', 2), ['01']],
    ]
    for (const [name, condition, expected] of cases) {
      test(name, async () => {
        expect(await sks(key, condition)).toEqual(expected)
      })
    }

    test('a filter whose value equals the key value shares its placeholder, and DynamoDB accepts it', async () => {
      await put({ pk: 'S', sk: '1', copy: 'S' })
      await put({ pk: 'S', sk: '2', copy: 'T' })
      const params = compileRequest({ keyCondition: keyCondition({ pk: 'S' }), filter: cond.eq('copy', 'S') })
      expect(Object.keys(params.ExpressionAttributeValues ?? {})).toEqual([':v0'])
      expect(await sks(keyCondition({ pk: 'S' }), cond.eq('copy', 'S'))).toEqual(['1'])
    })
  })

  describe('conditions on writes', () => {
    test('a passing condition lets the write through; a failing one is ConditionalCheckFailed and changes nothing', async () => {
      await put({ pk: 'C', sk: '1', status: 'open', version: 1 })
      const write = (cond: Condition, u: UpdateBuilder) =>
        client.updateItem({ TableName: table, Key: marshall({ pk: 'C', sk: '1' }), ...compileRequest({ update: u, condition: cond }) })

      await write(cond.and(cond.eq('status', 'open'), cond.eq('version', 1)), update().set('status', 'closed').add('version', 1))
      expect(await get('C', '1')).toEqual({ pk: 'C', sk: '1', status: 'closed', version: 2 })

      const failure = await write(cond.eq('status', 'open'), update().set('status', 'reopened')).catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(ConditionalCheckFailedError)
      expect(await get('C', '1')).toEqual({ pk: 'C', sk: '1', status: 'closed', version: 2 })
    })

    test('attributeNotExists guards a put (create-only)', async () => {
      const create = (v: number) =>
        client.putItem({ TableName: table, Item: marshall({ pk: 'C', sk: '2', v }), ...compileRequest({ condition: cond.attributeNotExists('pk') }) })
      await create(1)
      expect(await create(2).catch((e: unknown) => e)).toBeInstanceOf(ConditionalCheckFailedError)
      expect(await get('C', '2')).toEqual({ pk: 'C', sk: '2', v: 1 })
    })

    test('a delete conditioned on size() and contains()', async () => {
      await put({ pk: 'C', sk: '3', tags: new Set(['keep']) })
      const del = (cond: Condition) => client.deleteItem({ TableName: table, Key: marshall({ pk: 'C', sk: '3' }), ...compileRequest({ condition: cond }) })
      expect(await del(cond.and(cond.eq(cond.size('tags'), 1), cond.contains('tags', 'drop'))).catch((e: unknown) => e)).toBeInstanceOf(ConditionalCheckFailedError)
      expect(await get('C', '3')).toBeDefined()
      await del(cond.and(cond.eq(cond.size('tags'), 1), cond.contains('tags', 'keep')))
      expect(await get('C', '3')).toBeUndefined()
    })
  })

  describe('key conditions on a table with a sort key', () => {
    beforeAll(async () => {
      for (const sk of ['A#1', 'A#2', 'B#1', 'B#2', 'C']) await put({ pk: 'K', sk, n: sk.length })
      await put({ pk: 'K2', sk: 'A#1' })
    })

    const cases: [string, KeyCondition, string[]][] = [
      ['partition only', keyCondition({ pk: 'K' }), ['A#1', 'A#2', 'B#1', 'B#2', 'C']],
      ['sort =', keyCondition({ pk: 'K', sk: 'B#1' }), ['B#1']],
      ['sort { eq }', keyCondition({ pk: 'K', sk: { eq: 'B#1' } }), ['B#1']],
      ['sort <', keyCondition({ pk: 'K', sk: { lt: 'B#1' } }), ['A#1', 'A#2']],
      ['sort <=', keyCondition({ pk: 'K', sk: { le: 'B#1' } }), ['A#1', 'A#2', 'B#1']],
      ['sort >', keyCondition({ pk: 'K', sk: { gt: 'B#1' } }), ['B#2', 'C']],
      ['sort >=', keyCondition({ pk: 'K', sk: { ge: 'B#1' } }), ['B#1', 'B#2', 'C']],
      ['sort between', keyCondition({ pk: 'K', sk: { between: ['A#2', 'B#2'] } }), ['A#2', 'B#1', 'B#2']],
      ['sort begins_with', keyCondition({ pk: 'K', sk: { beginsWith: 'B#' } }), ['B#1', 'B#2']],
      ['sort key named first', keyCondition({ sk: { beginsWith: 'A#' }, pk: 'K' }), ['A#1', 'A#2']],
      ['builder form', keyCondition(cond.eq('pk', 'K'), cond.le('sk', 'A#2')), ['A#1', 'A#2']],
      ['builder form begins_with', keyCondition(cond.eq('pk', 'K'), cond.beginsWith('sk', 'C')), ['C']],
      ['toKeyCondition of and()', toKeyCondition(cond.and(cond.between('sk', 'B', 'Z'), cond.eq('pk', 'K'))), ['B#1', 'B#2', 'C']],
    ]
    for (const [name, key, expected] of cases) {
      test(name, async () => {
        expect(await sks(key)).toEqual(expected)
      })
    }

    test('key condition + filter + projection in one request', async () => {
      const items = await query({
        keyCondition: keyCondition({ pk: 'K', sk: { beginsWith: 'A#' } }),
        filter: cond.eq('n', 3),
        projection: projection('sk', 'n'),
      })
      expect(items).toEqual([
        { sk: 'A#1', n: 3 },
        { sk: 'A#2', n: 3 },
      ])
    })
  })

  describe('key conditions on a numeric sort key and a binary partition key', () => {
    const numeric = uniqueTableName('expr-n')
    beforeAll(async () => {
      await client.createTable({
        TableName: numeric,
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'B' },
          { AttributeName: 'n', AttributeType: 'N' },
        ],
        KeySchema: [
          { AttributeName: 'id', KeyType: 'HASH' },
          { AttributeName: 'n', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      })
      for (const n of [2, 10, 100, 1000]) await client.putItem({ TableName: numeric, Item: marshall({ id: new Uint8Array([1, 2]), n }) })
    })
    afterAll(async () => {
      await client.deleteTable({ TableName: numeric }).catch(() => undefined)
    })
    const ns = async (key: KeyCondition) => {
      const out = await client.query({ TableName: numeric, ...compileRequest({ keyCondition: key }) })
      return (out.Items ?? []).map((i) => unmarshall(i).n)
    }

    test('numbers compare as numbers, not strings', async () => {
      const id = new Uint8Array([1, 2])
      expect(await ns(keyCondition({ id, n: { lt: 50 } }))).toEqual([2, 10])
      expect(await ns(keyCondition({ id, n: { between: [5, 500] } }))).toEqual([10, 100])
      expect(await ns(keyCondition({ id, n: { ge: 100n } }))).toEqual([100, 1000])
      expect(await ns(keyCondition({ id: new Uint8Array([1, 3]) }))).toEqual([])
    })
  })

  describe('projections', () => {
    test('nested paths, list elements and odd names return exactly those parts', async () => {
      await put({
        pk: 'P',
        sk: '1',
        meta: { title: 'T', body: 'B', 'x.y': { z: 1, w: 2 } },
        list: ['a', 'b', 'c'],
        'weird.name': 'w',
        other: 'not returned',
      })
      const item = await get('P', '1', { projection: projection('meta.title', 'list[1]', ['weird.name'], ['meta', 'x.y', 'z']) })
      expect(item).toEqual({ meta: { title: 'T', 'x.y': { z: 1 } }, list: ['b'], 'weird.name': 'w' })
    })

    test('a projection given as an array of paths', async () => {
      expect(await get('P', '1', { projection: ['pk', 'meta.body'] })).toEqual({ pk: 'P', meta: { body: 'B' } })
    })
  })

  describe('updates (every action)', () => {
    let n = 0
    /** Put `before`, apply the update, return the stored item without its key. */
    async function apply(before: Item, u: UpdateBuilder, condition?: Condition): Promise<Item | undefined> {
      const sk = `u${++n}`
      await put({ pk: 'U', sk, ...before })
      await client.updateItem({ TableName: table, Key: marshall({ pk: 'U', sk }), ...compileRequest({ update: u, condition }) })
      const item = await get('U', sk)
      if (item === undefined) return undefined
      const { pk: _pk, sk: _sk, ...rest } = item
      return rest
    }

    test('set a value, a nested map path, a list element', async () => {
      expect(await apply({ m: { a: { b: 1 } }, l: [1, 2] }, update().set('s', 'x').set('m.a.b', 2).set('m.c', true).set('l[0]', 9))).toEqual({
        s: 'x',
        m: { a: { b: 2 }, c: true },
        l: [9, 2],
      })
    })

    test('set from another attribute', async () => {
      expect(await apply({ a: 'v', m: { q: 1 } }, update().set('b', attr('a')).set('c', attr('m.q')))).toEqual({ a: 'v', m: { q: 1 }, b: 'v', c: 1 })
    })

    test('plus and minus', async () => {
      expect(await apply({ a: 10, b: 10, c: 3 }, update().set('a', plus(attr('a'), 5)).set('b', minus(attr('b'), attr('c'))).set('d', minus(100, attr('c'))))).toEqual({
        a: 15,
        b: 7,
        c: 3,
        d: 97,
      })
    })

    test('ifNotExists on an absent and a present attribute, and as an arithmetic operand', async () => {
      expect(
        await apply({ present: 'old', count: 4 }, update().set('present', ifNotExists('present', 'new')).set('absent', ifNotExists('absent', 'new')).set('count', plus(ifNotExists('count', 0), 1)).set('fresh', plus(ifNotExists('fresh', 0), 1))),
      ).toEqual({ present: 'old', absent: 'new', count: 5, fresh: 1 })
    })

    test('listAppend with the attribute on either side, and on an absent list', async () => {
      expect(
        await apply(
          { tail: [1], head: [1] },
          update()
            .set('tail', listAppend(attr('tail'), [2, 3]))
            .set('head', listAppend([-1, 0], attr('head')))
            .set('fresh', listAppend(ifNotExists('fresh', []), ['x'])),
        ),
      ).toEqual({ tail: [1, 2, 3], head: [-1, 0, 1], fresh: ['x'] })
    })

    test('remove attributes, nested attributes and list elements', async () => {
      expect(await apply({ a: 1, b: 2, m: { x: 1, y: 2 }, l: ['a', 'b', 'c', 'd'] }, update().remove('a', 'm.x', 'l[1]', 'l[3]'))).toEqual({ b: 2, m: { y: 2 }, l: ['a', 'c'] })
    })

    test('add to a number (existing and absent) and to sets', async () => {
      expect(
        await apply(
          { n: 5, ss: new Set(['a']), ns: new Set([1]) },
          update().add('n', 3).add('absent', 2).add('ss', new Set(['b', 'c'])).add('ns', new Set([2n])).add('newSet', new Set(['z'])),
        ),
      ).toEqual({ n: 8, absent: 2, ss: new Set(['a', 'b', 'c']), ns: new Set([1, 2]), newSet: new Set(['z']) })
    })

    test('delete elements from sets (removing the last one removes the attribute)', async () => {
      expect(await apply({ ss: new Set(['a', 'b', 'c']), ns: new Set([1, 2]), one: new Set(['x']) }, update().delete('ss', new Set(['a', 'c', 'missing'])).delete('ns', new Set([2])).delete('one', new Set(['x'])))).toEqual({
        ss: new Set(['b']),
        ns: new Set([1]),
      })
    })

    test('add and delete on nested paths', async () => {
      expect(await apply({ m: { n: 1, s: new Set(['a', 'b']) } }, update().add('m.n', 4).add('m.fresh', new Set([7])).delete('m.s', new Set(['a'])))).toEqual({
        m: { n: 5, s: new Set(['b']), fresh: new Set([7]) },
      })
    })

    test('ifNotExists nested in ifNotExists, with another attribute as the fallback', async () => {
      expect(await apply({ src: 'from src' }, update().set('a', ifNotExists('a', ifNotExists('b', attr('src')))))).toEqual({ src: 'from src', a: 'from src' })
    })

    test('set, remove, add and delete in one update', async () => {
      expect(await apply({ a: 1, gone: true, n: 1, s: new Set(['x', 'y']) }, update().set('a', 2).remove('gone').add('n', 1).delete('s', new Set(['x'])))).toEqual({ a: 2, n: 2, s: new Set(['y']) })
    })

    test('odd names: a dotted name is one top-level attribute, spaces/#/: survive', async () => {
      expect(await apply({ a: { b: 'nested' } }, update().set(['a.b'], 'flat').set('m', {}).setAll({ 'sp ace': 1, '#h:': 2 }))).toEqual({
        a: { b: 'nested' },
        'a.b': 'flat',
        m: {},
        'sp ace': 1,
        '#h:': 2,
      })
    })

    test('update + condition sharing placeholders', async () => {
      // "open" appears in both; compiled once, and DynamoDB accepts the shared placeholder.
      const params = compileRequest({ update: update().set('prev', 'open').set('status', 'done'), condition: cond.eq('status', 'open') })
      expect(Object.values(params.ExpressionAttributeValues ?? {})).toHaveLength(2)
      expect(await apply({ status: 'open' }, update().set('prev', 'open').set('status', 'done'), cond.eq('status', 'open'))).toEqual({ status: 'done', prev: 'open' })
    })
  })

  describe('limits: what we refuse, DynamoDB Local refuses too; what we accept, it accepts', () => {
    /** Send wire parameters as a Scan filter; resolves to the ValidationError message, or 'ok'. */
    async function scanWith(params: { FilterExpression?: string; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }): Promise<string> {
      try {
        await client.scan({ TableName: table, Limit: 1, ...(params as object) })
        return 'ok'
      } catch (error) {
        if (error instanceof ValidationError) return error.message
        throw error
      }
    }
    const refused = (fn: () => unknown) => {
      try {
        fn()
      } catch (error) {
        if (error instanceof ExpressionError) return error.code
        throw error
      }
      return 'accepted'
    }
    const filter = (c: Condition) => {
      const { expression, names, values } = compileExpression(c)
      return { FilterExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: values }
    }

    test('in_ operand count: 100 ok, 101 refused by both', async () => {
      const hundred = Array.from({ length: 100 }, (_, i) => `v${i}`)
      expect(await scanWith(filter(cond.in_('pk', hundred)))).toBe('ok')
      expect(refused(() => cond.in_('pk', [...hundred, 'v100']))).toBe('TooManyOperands')
      const wire = filter(cond.in_('pk', hundred))
      wire.FilterExpression = wire.FilterExpression.replace(')', ', :extra)')
      ;(wire.ExpressionAttributeValues as Record<string, unknown>)[':extra'] = { S: 'v100' }
      expect(await scanWith(wire)).toContain('too many operands')
    })

    test('operators per expression: 150 comparisons in an or() ok (299 operators), 151 refused by both (301)', async () => {
      const eqs = (n: number) => cond.or(...Array.from({ length: n }, (_, i) => cond.eq('pk', `v${i % 7}`)))
      expect(await scanWith(filter(eqs(150)))).toBe('ok')
      expect(refused(() => filter(eqs(151)))).toBe('TooManyOperators')
      const wire = filter(eqs(150))
      wire.FilterExpression += ' OR #n0 = :v0'
      expect(await scanWith(wire)).toContain('too many operators')
    })

    test('expression length: 4096 bytes ok, one path more refused by both', async () => {
      const names = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`)
      // Our projection of n names is "#n0, #n1, ..."; find the largest n that fits.
      const wireLength = (k: number) => Array.from({ length: k }, (_, i) => `#n${i}`).join(', ').length
      let n = 1
      while (wireLength(n + 1) <= 4096) n++
      const fits = compileExpression(projection(...names(n)))
      expect(fits.expression.length).toBeLessThanOrEqual(4096)
      expect(await scanWith({ ProjectionExpression: fits.expression, ExpressionAttributeNames: fits.names })).toBe('ok')
      expect(refused(() => compileExpression(projection(...names(n + 1))))).toBe('ExpressionTooLong')
      const wire = { ProjectionExpression: `${fits.expression}, #x`, ExpressionAttributeNames: { ...fits.names, '#x': 'x' } }
      expect(wire.ProjectionExpression.length).toBeGreaterThan(4096)
      expect(await scanWith(wire)).toContain('Expression size has exceeded')
    })

    test('overlapping paths in a projection or an update are refused by both', async () => {
      expect(refused(() => compileRequest({ projection: ['meta', 'meta.title'] }))).toBe('PathOverlap')
      expect(await scanWith({ ProjectionExpression: '#n0, #n0.#n1', ExpressionAttributeNames: { '#n0': 'meta', '#n1': 'title' } })).toContain('overlap')
      expect(refused(() => update().set('a', 1).remove('a.b').toParams())).toBe('PathOverlap')
      const failure = await client
        .updateItem({ TableName: table, Key: marshall({ pk: 'L', sk: '1' }), UpdateExpression: 'SET #n0 = :v0 REMOVE #n0.#n1', ExpressionAttributeNames: { '#n0': 'a', '#n1': 'b' }, ExpressionAttributeValues: { ':v0': { N: '1' } } })
        .catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(ValidationError)
      expect((failure as Error).message).toContain('overlap')
      // Sibling list elements do not overlap, for us or for DynamoDB
      await put({ pk: 'L', sk: '2', l: [0, 1, 2, 3] })
      await client.updateItem({ TableName: table, Key: marshall({ pk: 'L', sk: '2' }), ...update().set('l[0]', 9).remove('l[2]').toParams() })
      expect((await get('L', '2'))?.l).toEqual([9, 1, 3])
    })

    test('an expression with its values: under 1 MB ok, over refused by both', async () => {
      expect(await scanWith(filter(cond.eq('a', 'x'.repeat(1_048_560))))).toBe('ok')
      const over = cond.eq('a', 'x'.repeat(1_048_570))
      expect(refused(() => filter(over))).toBe('ExpressionTooLarge')
      const wire = { FilterExpression: '#n0 = :v0', ExpressionAttributeNames: { '#n0': 'a' }, ExpressionAttributeValues: { ':v0': { S: 'x'.repeat(1_048_570) } } }
      expect(await scanWith(wire)).toContain('Expression size has exceeded')
    })
  })
})
