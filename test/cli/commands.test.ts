import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { runDbtooling } from '../support/cli.ts'
import { dynamodbLocal, dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { uniqueTableName } from '../support/targets.ts'

describe.skipIf(!dynamodbLocalAvailable)('CLI table and item commands (DynamoDB Local)', () => {
  let endpoint: string
  const table = uniqueTableName('cli')
  const cli = (args: string[], stdin?: string) => runDbtooling(['--endpoint-url', endpoint, '--table', table, ...args], { stdin })

  beforeAll(async () => {
    endpoint = (await dynamodbLocal()).endpoint
  })
  afterAll(async () => {
    await cli(['table:delete', table, '--yes'])
  })

  test('table:create waits until ACTIVE; table:list and table:describe show it', async () => {
    const created = await cli(['table:create', '--gsi', 'byStatus=status,n:N', '--json'])
    expect(created.code).toBe(0)
    expect(JSON.parse(created.stdout)).toEqual({ table, status: 'ACTIVE' })
    const list = await cli(['table:list', '--json'])
    expect(JSON.parse(list.stdout).tables).toContain(table)
    const described = await cli(['table:describe', '--json'])
    const t = JSON.parse(described.stdout)
    expect(t.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }])
    expect(t.GlobalSecondaryIndexes[0].IndexName).toBe('byStatus')
    const human = await cli(['table:describe'])
    expect(human.stdout).toContain('GSI byStatus')
  })

  test('put (argument and stdin), conditional put failure exits 1 with the error code', async () => {
    expect((await cli(['put', '{"pk":"U#1","sk":"A","name":"Ada","status":"x","n":1}'])).code).toBe(0)
    expect((await cli(['put'], '{"pk":"U#1","sk":"B","name":"Bob","status":"x","n":2}')).code).toBe(0)
    const failed = await cli(['put', '{"pk":"U#1","sk":"B"}', '--condition', 'attribute_not_exists(pk)'])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('ConditionalCheckFailedException')
    expect(failed.stderr).not.toContain('    at ')
  })

  test('get prints the item; a missing item exits 1', async () => {
    const got = await cli(['get', '{"pk":"U#1","sk":"A"}', '--json'])
    expect(JSON.parse(got.stdout).item).toEqual({ pk: 'U#1', sk: 'A', name: 'Ada', status: 'x', n: 1 })
    const missing = await cli(['get', '{"pk":"U#1","sk":"Z"}', '--json'])
    expect(missing.code).toBe(1)
    expect(JSON.parse(missing.stdout).item).toBeNull()
  })

  test('update with --set/--add/--remove and --return ALL_NEW', async () => {
    const out = await cli(['update', '{"pk":"U#1","sk":"A"}', '--set', 'name=Adda', '--set', 'tags=["a","b"]', '--add', 'visits=3', '--remove', 'status', '--return', 'ALL_NEW', '--json'])
    expect(out.code).toBe(0)
    expect(JSON.parse(out.stdout).attributes).toEqual({ pk: 'U#1', sk: 'A', name: 'Adda', tags: ['a', 'b'], visits: 3, n: 1 })
  })

  test('query with sort-key flags, --desc, --limit and cursor paging', async () => {
    for (let i = 0; i < 5; i++) await cli(['put', JSON.stringify({ pk: 'Q', sk: `I#${i}`, n: i, status: i % 2 ? 'odd' : 'even' })])
    const desc = await cli(['query', '--pk', 'Q', '--sk-begins-with', 'I#', '--desc', '--all', '--json'])
    expect(JSON.parse(desc.stdout).items.map((i: { n: number }) => i.n)).toEqual([4, 3, 2, 1, 0])
    const between = await cli(['query', '--pk', 'Q', '--sk-between', 'I#1,I#3', '--format', 'jsonl'])
    expect(between.stdout.trim().split('\n').map(l => JSON.parse(l).n)).toEqual([1, 2, 3])
    const first = JSON.parse((await cli(['query', '--pk', 'Q', '--limit', '2', '--json'])).stdout)
    expect(first.items.map((i: { n: number }) => i.n)).toEqual([0, 1])
    const second = JSON.parse((await cli(['query', '--pk', 'Q', '--limit', '2', '--cursor', first.cursor, '--json'])).stdout)
    expect(second.items.map((i: { n: number }) => i.n)).toEqual([2, 3])
    const index = await cli(['query', '--pk', 'even', '--index', 'byStatus', '--sk-ge', '2', '--all', '--json'])
    expect(JSON.parse(index.stdout).items.map((i: { n: number }) => i.n)).toEqual([2, 4])
    const twoConditions = await cli(['query', '--pk', 'Q', '--sk', 'a', '--sk-gt', 'b'])
    expect(twoConditions.code).toBe(2)
  })

  test('scan with a filter and parallel segments', async () => {
    const out = await cli(['scan', '--filter', '#s = :s', '--names', '{"#s":"status"}', '--values', '{":s":"odd"}', '--all', '--json'])
    expect(JSON.parse(out.stdout).items.map((i: { n: number }) => i.n).sort()).toEqual([1, 3])
    const segmented = await cli(['scan', '--segments', '3', '--all', '--json'])
    expect(JSON.parse(segmented.stdout).count).toBe(7)
    const unused = await cli(['scan', '--filter', '#s = :s', '--names', '{"#s":"status","#x":"x"}', '--values', '{":s":"odd"}'])
    expect(unused.code).toBe(2)
    expect(unused.stderr).toContain('#x')
  })

  test('table:ttl enables and describes TTL', async () => {
    const out = await cli(['table:ttl', '--enable', 'expiresAt', '--json'])
    expect(JSON.parse(out.stdout)).toMatchObject({ status: 'ENABLED', attribute: 'expiresAt' })
  })

  test('delete with --return ALL_OLD; table:delete needs --yes without a terminal', async () => {
    const out = await cli(['delete', '{"pk":"U#1","sk":"B"}', '--return', 'ALL_OLD', '--json'])
    expect(JSON.parse(out.stdout).attributes.name).toBe('Bob')
    const refused = await cli(['table:delete', table])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('--yes')
    expect(JSON.parse((await cli(['table:list', '--json'])).stdout).tables).toContain(table)
  })
})
