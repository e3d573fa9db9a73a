import { describe, expect, test, beforeAll } from 'bun:test'
import type { AttributeMap } from '../../src/dynamodb/attribute-value.ts'
import { evaluateCondition, applyUpdate } from '../../src/local/expressions/index.ts'
import { keyConditionFromWhere, keyFromWhere, parseStatement, projectSelect, type SelectPlan, type UpdatePlan } from '../../src/local/partiql/index.ts'
import { dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { uniqueTableName } from '../support/targets.ts'
import { both, normalize, type Answer } from './support.ts'
import { Fuzzer, random } from './expressions.fuzz.ts'

function errorOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected an error')
}

const item: AttributeMap = {
  pk: { S: 'r' }, sk: { N: '1' },
  m: { M: { a: { L: [{ M: { b: { N: '1' }, c: { N: '2' } } }, { M: { b: { N: '3' } } }] } } },
  l: { L: [{ L: [{ N: '1' }] }, { L: [{ N: '3' }, { M: { q: { N: '4' }, w: { N: '5' } } }] }] },
  status: { S: 'on' },
}

describe('PartiQL plans', () => {
  test('SELECT: projection, WHERE on the shared evaluator, key condition and ORDER BY', () => {
    const plan = parseStatement(`SELECT m.a[0].b, m.a[1], l[1][1].q, status FROM "t"."byX" WHERE pk = ? AND sk > 0 AND m.a[0].b IN [1, 2] ORDER BY sk DESC`, [{ S: 'r' }]) as SelectPlan
    expect(plan).toMatchObject({ kind: 'select', table: 't', index: 'byX', orderBy: { descending: true } })
    expect(evaluateCondition(plan.where!, item, plan.context)).toBe(true)
    expect(keyConditionFromWhere(plan, { hash: 'pk', range: 'sk' })).toEqual({
      hash: { name: 'pk', value: { S: 'r' } },
      range: { name: 'sk', op: '>', values: [{ N: '0' }] },
    })
    expect(keyConditionFromWhere(plan, { hash: 'other' })).toBeUndefined()
    expect(projectSelect(item, plan)).toEqual({
      b: { N: '1' },
      'a[1]': { M: { b: { N: '3' } } },
      'l[1]': { L: [{ M: { q: { N: '4' } } }] },
      status: { S: 'on' },
    })
  })

  test('WHERE supports IS [NOT] MISSING, IS NULL, functions, != and parentheses', () => {
    const where = (text: string) => {
      const plan = parseStatement(`SELECT * FROM t WHERE ${text}`) as SelectPlan
      return evaluateCondition(plan.where!, item, plan.context)
    }
    expect(where('nope IS MISSING AND status IS NOT MISSING')).toBe(true)
    expect(where('status IS NULL')).toBe(false)
    expect(where(`begins_with(status, 'o') AND contains(status, 'n') AND attribute_type(sk, 'N') AND size(l) = 2`)).toBe(true)
    expect(where(`NOT (status = 'on' OR sk != 1)`)).toBe(false)
    expect(where(`"status" = 'on' AND m['a'][1].b = 3`)).toBe(true)
  })

  test('INSERT builds the item from PartiQL literals and parameters', () => {
    const plan = parseStatement(`INSERT INTO "t" VALUE {'pk': 'it''s', 'n': -1.5e2, 'l': [true, null, {'x': <<1, 2>>}], 'ss': <<'a'>>, 'p': ?}`, [{ B: 'AQ==' }])
    expect(plan).toMatchObject({
      kind: 'insert',
      table: 't',
      item: { pk: { S: "it's" }, n: { N: '-1.5e2' }, l: { L: [{ BOOL: true }, { NULL: true }, { M: { x: { NS: ['1', '2'] } } }] }, ss: { SS: ['a'] }, p: { B: 'AQ==' } },
    })
  })

  test('UPDATE becomes an update tree, a key and a condition', () => {
    const plan = parseStatement(`UPDATE "t" SET n = 1 + ?, ss = set_add(ss, <<'a','b'>>) SET m.a[0].b = 9 REMOVE status WHERE pk = 'r' AND sk = 1 AND attribute_exists(m) RETURNING ALL NEW *`, [{ N: '2' }]) as UpdatePlan
    expect(plan.returning).toBe('ALL_NEW')
    expect(keyFromWhere(plan, ['pk', 'sk'])).toEqual({ pk: { S: 'r' }, sk: { N: '1' } })
    expect(errorOf(() => keyFromWhere(plan, ['pk', 'other']))).toBe('Where clause does not contain a mandatory equality on all key attributes')
    expect(evaluateCondition(plan.where, item, plan.context)).toBe(true)
    const next = applyUpdate(plan.update, item, plan.context)
    expect(next.n).toEqual({ N: '3' })
    expect(next.ss).toEqual({ SS: ['a', 'b'] })
    expect(next.status).toBeUndefined()
    expect((next.m as { M: { a: { L: { M: { b: unknown } }[] } } }).M.a.L[0]!.M.b).toEqual({ N: '9' })
  })

  test('errors use DynamoDB Local wording', () => {
    expect(errorOf(() => parseStatement('SELEC * FROM t'))).toBe("Statement wasn't well formed, can't be processed: SELEC * FROM t")
    expect(errorOf(() => parseStatement('SELECT * FROM t WHERE a = ?'))).toBe("Number of parameters in request and statement don't match.")
    expect(errorOf(() => parseStatement('SELECT * FROM t WHERE a = a'))).toBe('The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]')
    expect(errorOf(() => parseStatement(`UPDATE t SET a = 'x' || 'y' WHERE pk = 1`))).toBe('Unsupported operator in Update Expression. Operator: ||')
    expect(errorOf(() => parseStatement(`INSERT INTO t VALUE {'a': 1, 'a': 2}`))).toBe('Duplicate keys in tuple. Key: a')
    expect(errorOf(() => parseStatement('SELECT * FROM t ORDER BY a'))).toBe('Must have WHERE clause in the statement when using ORDER BY clause.')
    expect(errorOf(() => parseStatement('SELECT * FROM t WHERE foo(a) = 1'))).toBe('Unrecognized function: foo')
    expect(errorOf(() => parseStatement(`INSERT INTO t VALUE {'a': <<>>}`))).toBe('Empty bags are not supported')
  })
})

const TABLE = uniqueTableName('pql')

/** Drops what legitimately differs between the servers: NextToken contents and Scan order. */
function comparable(answer: Answer): unknown {
  const body = normalize(answer.body) as Record<string, unknown>
  if (typeof body.NextToken === 'string') body.NextToken = 'present'
  if (Array.isArray(body.Items)) body.Items = (body.Items as unknown[]).map((i) => JSON.stringify(i)).sort()
  if (typeof body.__type === 'string') body.__type = body.__type.replace(/^.*#/, '')
  return { status: answer.status, body }
}

describe.skipIf(!dynamodbLocalAvailable)('PartiQL: embedded engine vs DynamoDB Local', () => {
  beforeAll(async () => {
    await both('CreateTable', {
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
      BillingMode: 'PAY_PER_REQUEST',
    })
  })

  const T = `"${TABLE}"`
  const steps: [string, Record<string, unknown>][] = [
    ['ExecuteStatement', { Statement: `INSERT INTO ${T} VALUE {'pk': 'a', 'sk': 1, 'n': 1.50, 's': 'x', 'l': [1, 'two', {'m': true}], 'ss': <<'b','a'>>, 'nul': null}` }],
    ['ExecuteStatement', { Statement: `INSERT INTO ${T} VALUE {'pk': 'a', 'sk': 2, 'n': ?}`, Parameters: [{ N: '7' }] }],
    ['ExecuteStatement', { Statement: `INSERT INTO ${T} VALUE {'pk': 'a', 'sk': 2, 'n': ?}`, Parameters: [{ N: '7' }] }],
    ['ExecuteStatement', { Statement: `INSERT INTO ${T} VALUE {'pk': 'a', 'sk': 3, 'm': {'a': [{'b': 1}, {'b': 3}]}}` }],
    ['ExecuteStatement', { Statement: `INSERT INTO ${T} VALUE {'pk': 'b', 'sk': 1}` }],
    ['ExecuteStatement', { Statement: `INSERT INTO ${T} VALUE {'pk': 'a'}` }],
    ['ExecuteStatement', { Statement: `INSERT INTO ${T} VALUE {'pk': 'a', 'sk': '6'}` }],
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T} WHERE pk = 'a'` }],
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T} WHERE pk = 'a' ORDER BY sk DESC` }],
    ['ExecuteStatement', { Statement: `SELECT n, l[1], m.a[1], m.a[0].b FROM ${T} WHERE pk = 'a'` }],
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T} WHERE n > 5` }],
    ['ExecuteStatement', { Statement: `SELECT m.a[0], l, s, m.a FROM ${T} WHERE pk = 'a'` }],
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T} WHERE pk = ? AND sk BETWEEN 1 AND 2`, Parameters: [{ S: 'a' }] }],
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T} WHERE pk = 'a' AND n IS MISSING` }],
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T} WHERE pk IN ['a', 'b'] AND sk <> 2` }],
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T} WHERE pk = 'a' AND contains(ss, 'b') AND size(l) = 3` }],
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T} WHERE pk = 1` }],
    ...[`pk < 1`, `pk = 1 OR n = 2`, `pk = 'a' AND sk = 'x'`, `sk = 'x'`, `pk IN [1]`, `pk <> 1`, `begins_with(pk, 1)`, `contains(pk, 1)`,
      `pk BETWEEN 1 AND 2`, `n = 1 AND sk > 'x'`, `NOT pk < 1`, `pk = 'a' AND sk IN [1, 'x']`, `attribute_type(pk, 'N')`]
      .map((where): [string, Record<string, unknown>] => ['ExecuteStatement', { Statement: `SELECT * FROM ${T} WHERE ${where}` }]),
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T}."nope"` }],
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T} WHERE pk = 'a'`, Limit: 1 }],
    ['ExecuteStatement', { Statement: `UPDATE ${T} SET n = n + 1 SET s = 'y' REMOVE l WHERE pk = 'a' AND sk = 1 RETURNING ALL NEW *` }],
    ['ExecuteStatement', { Statement: `UPDATE ${T} SET ss = set_add(ss, <<'c'>>) WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *` }],
    ['ExecuteStatement', { Statement: `UPDATE ${T} SET f = 2.50, g = ?, h = n + 0.50 WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *`, Parameters: [{ N: '007.10' }] }],
    ['ExecuteStatement', { Statement: `UPDATE ${T} SET ss = set_delete(ss, <<'a'>>) WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED OLD *` }],
    ['ExecuteStatement', { Statement: `UPDATE ${T} SET n = 1 WHERE pk = 'a' AND sk = 99` }],
    ['ExecuteStatement', { Statement: `UPDATE ${T} SET n = 1 WHERE pk = 'a'` }],
    ['ExecuteStatement', { Statement: `UPDATE ${T} REMOVE a, b WHERE pk = 'a' AND sk = 1` }],
    ['ExecuteStatement', { Statement: `UPDATE ${T} SET n = 1 WHERE pk = 'a' AND sk = 1 AND n = 5` }],
    ['ExecuteStatement', { Statement: `UPDATE ${T} SET pk = 'z' WHERE pk = 'a' AND sk = 1` }],
    ['ExecuteStatement', { Statement: `UPDATE ${T} SET zz = zz + 1 WHERE pk = 'a' AND sk = 1` }],
    ['ExecuteStatement', { Statement: `DELETE FROM ${T} WHERE pk = 'a' AND sk = 2 RETURNING ALL OLD *` }],
    ['ExecuteStatement', { Statement: `DELETE FROM ${T} WHERE pk = 'a' AND sk = 77` }],
    ['ExecuteStatement', { Statement: `DELETE FROM ${T} WHERE pk = 'a' AND sk = 3 AND zz = 1` }],
    ['ExecuteStatement', { Statement: `DELETE FROM ${T} WHERE pk = 'a'` }],
    ['ExecuteStatement', { Statement: 'SELEC * FROM x' }],
    ['ExecuteStatement', { Statement: `SELECT * FROM "nosuchtable"` }],
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T} WHERE pk = ?` }],
    ['BatchExecuteStatement', { Statements: [
      { Statement: `INSERT INTO ${T} VALUE {'pk': 'b', 'sk': 1}` },
      { Statement: `INSERT INTO ${T} VALUE {'pk': 'c', 'sk': 2}` },
      { Statement: `UPDATE ${T} SET x = 1 WHERE pk = 'b' AND sk = 9` },
      { Statement: `DELETE FROM ${T} WHERE pk = 'b' AND sk = 8` },
      { Statement: `UPDATE "nosuchtable" SET x = 1 WHERE pk = 'b' AND sk = 7` },
      { Statement: `UPDATE ${T} SET x = 1 WHERE pk = 'b'` },
    ] }],
    ['BatchExecuteStatement', { Statements: [
      { Statement: `SELECT * FROM ${T} WHERE pk = 'b' AND sk = 1` },
      { Statement: `SELECT * FROM ${T} WHERE pk = 'b' AND sk = 7` },
      { Statement: `SELECT * FROM ${T} WHERE pk = 'b'` },
      { Statement: `SELECT * FROM ${T} WHERE pk = 'b' AND sk = 1 AND x = 5` },
    ] }],
    ['BatchExecuteStatement', { Statements: [
      { Statement: `SELECT * FROM ${T} WHERE pk = 'b' AND sk = 1` },
      { Statement: `INSERT INTO ${T} VALUE {'pk': 'b', 'sk': 3}` },
    ] }],
    ['ExecuteTransaction', { TransactStatements: [
      { Statement: `INSERT INTO ${T} VALUE {'pk': 'd', 'sk': 1}` },
      { Statement: `UPDATE ${T} SET x = 1 WHERE pk = 'b' AND sk = 1` },
    ] }],
    ['ExecuteTransaction', { TransactStatements: [
      { Statement: `INSERT INTO ${T} VALUE {'pk': 'd', 'sk': 2}` },
      { Statement: `INSERT INTO ${T} VALUE {'pk': 'b', 'sk': 1}` },
      { Statement: `UPDATE ${T} SET x = 1 WHERE pk = 'b' AND sk = 99` },
      { Statement: `EXISTS(SELECT * FROM ${T} WHERE pk = 'd' AND sk = 1 AND x = 99)` },
      { Statement: `DELETE FROM ${T} WHERE pk = 'zz' AND sk = 1 AND x = 99` },
    ] }],
    ['ExecuteTransaction', { TransactStatements: [
      { Statement: `EXISTS(SELECT * FROM ${T} WHERE pk = 'b' AND sk = 1 AND x = 1)` },
      { Statement: `UPDATE ${T} SET x = 2 WHERE pk = 'd' AND sk = 1` },
    ] }],
    ['ExecuteTransaction', { TransactStatements: [
      { Statement: `SELECT * FROM ${T} WHERE pk = 'd' AND sk = 1` },
      { Statement: `SELECT * FROM ${T} WHERE pk = 'd' AND sk = 55` },
    ] }],
    ['ExecuteTransaction', { TransactStatements: [
      { Statement: `SELECT * FROM ${T} WHERE pk = 'b' AND sk = 1` },
      { Statement: `UPDATE ${T} SET x = 2 WHERE pk = 'b' AND sk = 1` },
    ] }],
    ['ExecuteTransaction', { TransactStatements: [
      { Statement: `UPDATE ${T} SET x = 3 WHERE pk = 'b' AND sk = 1` },
      { Statement: `UPDATE ${T} SET x = 4 WHERE pk = 'b' AND sk = 1` },
    ] }],
    ['ExecuteStatement', { Statement: `SELECT * FROM ${T}` }],
  ]

  test('SELECT on a GSI and NextToken paging return the same items in the same order', async () => {
    const table = uniqueTableName('pqlgsi')
    await both('CreateTable', {
      TableName: table,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }, { AttributeName: 'r', AttributeType: 'N' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'r', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
      BillingMode: 'PAY_PER_REQUEST',
    })
    for (let i = 0; i < 12; i++) {
      await both('ExecuteStatement', { Statement: `INSERT INTO "${table}" VALUE {'pk': 'p${i}', 'g': '${i % 2 ? 'odd' : 'even'}', 'r': ${(i * 7) % 12}, 'v': ${i}}` })
    }
    const pages = async (endpoint: 'ours' | 'theirs', statement: string) => {
      const items: unknown[] = []
      let token: string | undefined
      for (let guard = 0; guard < 20; guard++) {
        const answer = (await both('ExecuteStatement', { Statement: statement, Limit: 4, ...(token ? { NextToken: token } : {}) }))[endpoint]
        items.push(...((answer.body.Items as unknown[]) ?? [answer.body]))
        token = answer.body.NextToken as string | undefined
        if (!token) break
      }
      return items.map((i) => JSON.stringify(normalize(i)))
    }
    for (const statement of [
      `SELECT * FROM "${table}"."byG" WHERE g = 'odd'`,
      `SELECT pk, r FROM "${table}"."byG" WHERE g = 'even' AND r >= 3`,
      `SELECT v FROM "${table}"."byG" WHERE g = 'even' AND v > 2`,
    ]) {
      const [ours, theirs] = [await pages('ours', statement), await pages('theirs', statement)]
      expect(ours.length).toBeGreaterThan(0)
      expect(ours).toEqual(theirs)
    }
  }, 60_000)

  // Conditions stay off the key attribute: DynamoDB Local answers InternalFailure for several of
  // those (attribute_not_exists(pk), size(pk), pk compared with another path).
  test('150 random WHERE clauses select the same items', async () => {
    const table = uniqueTableName('pqlfuzz')
    await both('CreateTable', {
      TableName: table, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST',
    })
    const fuzzer = new Fuzzer(random(7))
    const items = Array.from({ length: 15 }, () => fuzzer.item())
    for (const [i, item] of items.entries()) await both('PutItem', { TableName: table, Item: { ...item, pk: { S: `p${i}` } } })
    const mismatches: string[] = []
    for (let i = 0; i < 150; i++) {
      const { text, values } = fuzzer.condition(items[i % items.length]!)
      const parameters: unknown[] = []
      const where = text.replace(/:v\d+/g, (placeholder) => (parameters.push(values[placeholder]), '?')).replace(/#(\w+)/g, '"$1"')
      const input = { Statement: `SELECT * FROM "${table}" WHERE ${where}`, ...(parameters.length ? { Parameters: parameters } : {}) }
      const { ours, theirs } = await both('ExecuteStatement', input)
      const [a, b] = [comparable(ours), comparable(theirs)]
      if (!Bun.deepEquals(a, b)) mismatches.push(`${input.Statement} ${JSON.stringify(parameters)}\n  local: ${JSON.stringify(b).slice(0, 300)}\n  ours:  ${JSON.stringify(a).slice(0, 300)}`)
    }
    expect(mismatches).toEqual([])
  }, 120_000)

  test('random UPDATE ... SET/REMOVE statements change items alike', async () => {
    const table = uniqueTableName('pqlupd')
    await both('CreateTable', {
      TableName: table, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST',
    })
    const fuzzer = new Fuzzer(random(11))
    const mismatches: string[] = []
    let compared = 0
    for (let i = 0; compared < 120 && i < 1000; i++) {
      const item = fuzzer.item()
      const c = fuzzer.update(item)
      // PartiQL spells ADD/DELETE differently and has no if_not_exists: keep SET and REMOVE only.
      if (/\b(ADD|DELETE)\b|if_not_exists/.test(c.expression)) continue
      compared++
      await both('PutItem', { TableName: table, Item: { ...item, pk: { S: `p${i}` } } })
      const parameters: unknown[] = []
      const clauses = c.expression
        .replace(/:v\d+/g, (placeholder) => (parameters.push(c.values![placeholder]), '?'))
        .replace(/#(\w+)/g, '"$1"')
        .replace(/REMOVE (.*)$/, (_, paths: string) => paths.split(', ').map((path) => `REMOVE ${path}`).join(' '))
      const input = { Statement: `UPDATE "${table}" ${clauses} WHERE pk = 'p${i}' RETURNING ALL NEW *`, ...(parameters.length ? { Parameters: parameters } : {}) }
      const { ours, theirs } = await both('ExecuteStatement', input)
      // Which two paths DynamoDB Local names in an overlap error is not stable; compare the kind.
      const paths = (answer: Answer) => JSON.parse(JSON.stringify(comparable(answer)).replace(/(Two document paths \w+ with each other)[^"]*/, '$1'))
      const [a, b] = [paths(ours), paths(theirs)]
      if (!Bun.deepEquals(a, b)) mismatches.push(`${input.Statement} ${JSON.stringify(parameters)}\n  item: ${JSON.stringify(item)}\n  local: ${JSON.stringify(b).slice(0, 400)}\n  ours:  ${JSON.stringify(a).slice(0, 400)}`)
    }
    expect(compared).toBe(120)
    expect(mismatches).toEqual([])
  }, 120_000)

  test(`${steps.length} statements answer identically, in order`, async () => {
    const mismatches: string[] = []
    for (const [operation, input] of steps) {
      const { ours, theirs } = await both(operation, { ...input })
      const [a, b] = [comparable(ours), comparable(theirs)]
      if (!Bun.deepEquals(a, b)) mismatches.push(`${operation} ${JSON.stringify(input).slice(0, 160)}\n  local: ${JSON.stringify(b)}\n  ours:  ${JSON.stringify(a)}`)
    }
    expect(mismatches).toEqual([])
  }, 60_000)
})
