/**
 * The same expressions against DynamoDB Local and against src/local/expressions: the updated
 * item, the condition outcome, the projection and the error message must be identical.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import type { AttributeMap, AttributeValue } from '../../src/dynamodb/attribute-value.ts'
import {
  applyUpdate, assertAllUsed, bindCondition, bindProjection, bindUpdate, compareValues, createPlaceholders, encodeSortKey,
  evaluateCondition, parseCondition, parseKeyCondition, parseProjection, parseUpdate, projectItem, RESERVED_WORDS,
} from '../../src/local/expressions/index.ts'
import { dynamodbLocal, dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { uniqueTableName } from '../support/targets.ts'
import { conditionCases, keyConditionCases, projectionCases, updateCases, type Case } from './expressions.cases.ts'
import { fuzzConditions, fuzzUpdates } from './expressions.fuzz.ts'

const FUZZ_SEED = Number(process.env.DBTOOLING_FUZZ_SEED ?? 20261122)
const FUZZ_COUNT = Number(process.env.DBTOOLING_FUZZ_COUNT ?? 300)

const AUTH = 'AWS4-HMAC-SHA256 Credential=x/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0'
let endpoint = ''

async function ddb(op: string, body: unknown): Promise<Record<string, any>> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${op}`, authorization: AUTH },
    body: JSON.stringify(body),
  })
  return (await res.json()) as Record<string, any>
}

const failure = (body: Record<string, any>) => (body.message ?? body.Message) as string | undefined

/**
 * DynamoDB Local names the two overlapping paths of an UpdateExpression inconsistently (often a
 * path that does not overlap at all), so only the kind of overlap is compared.
 */
function comparableError(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/(Two document paths (?:overlap|conflict) with each other; must remove or rewrite one of these paths);.*$/, '$1') : value
}

const RUNTIME_ERRORS = new Set([
  'The document path provided in the update expression is invalid for update',
  'An operand in the update expression has an incorrect data type',
  'The provided expression refers to an attribute that does not exist in the item',
  'DynamoDB only supports precision up to 38 digits',
])

/**
 * For random updates: when an expression breaks several rules at once, DynamoDB Local's choice
 * of which to report follows no order we could pin down, so any of its runtime errors will do,
 * and overlapping versus conflicting paths count as one kind of error.
 */
function sameOutcome(ours: unknown, theirs: unknown, lenient: boolean): boolean {
  if (Bun.deepEquals(comparableError(ours), comparableError(theirs))) return true
  if (!lenient || typeof ours !== 'string' || typeof theirs !== 'string') return false
  const family = (message: string) => (RUNTIME_ERRORS.has(message) ? 'runtime' : /Two document paths (overlap|conflict)/.test(message) ? 'paths' : message)
  return family(ours) === family(theirs)
}

function mine(run: () => unknown): unknown {
  try {
    return run()
  } catch (error) {
    return (error as Error).message
  }
}

const TABLE = uniqueTableName('expr')
const RANGE_TABLES = { N: uniqueTableName('ordn'), S: uniqueTableName('ords'), B: uniqueTableName('ordb') }
let counter = 0

async function createTable(name: string, range?: 'S' | 'N' | 'B') {
  await ddb('CreateTable', {
    TableName: name,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(range ? [{ AttributeName: 'sk', KeyType: 'RANGE' }] : [])],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, ...(range ? [{ AttributeName: 'sk', AttributeType: range }] : [])],
    BillingMode: 'PAY_PER_REQUEST',
  })
}

/** Runs cases a few at a time: each case uses its own item so they cannot interfere. */
async function eachCase<T>(cases: T[], run: (c: T) => Promise<void>) {
  for (let i = 0; i < cases.length; i += 8) await Promise.all(cases.slice(i, i + 8).map(run))
}

function withoutKey(item: AttributeMap | undefined): AttributeMap | undefined {
  if (!item) return undefined
  const { pk: _pk, ...rest } = item
  return rest
}

describe.skipIf(!dynamodbLocalAvailable)('expressions vs DynamoDB Local', () => {
  beforeAll(async () => {
    endpoint = (await dynamodbLocal()).endpoint
    await createTable(TABLE)
    await createTable(RANGE_TABLES.N, 'N')
    await createTable(RANGE_TABLES.S, 'S')
    await createTable(RANGE_TABLES.B, 'B')
  })

  /** Stores the case's item and returns it as Local stored it (PutItem canonicalizes numbers). */
  async function putCaseItem(c: Case): Promise<{ pk: AttributeValue; stored: AttributeMap | undefined }> {
    const pk = { S: `k${++counter}` }
    if (!c.item) return { pk, stored: undefined }
    await ddb('PutItem', { TableName: TABLE, Item: { ...c.item, pk } })
    const answer = await ddb('GetItem', { TableName: TABLE, Key: { pk }, ConsistentRead: true })
    return { pk, stored: withoutKey(answer.Item as AttributeMap) }
  }

  async function updateMismatches(cases: Case[], lenient = false): Promise<unknown[]> {
    const mismatches: unknown[] = []
    await eachCase(cases, async (c) => {
      const { pk, stored } = await putCaseItem(c)
      const answer = await ddb('UpdateItem', {
        TableName: TABLE, Key: { pk }, UpdateExpression: c.expression, ConditionExpression: c.condition,
        ExpressionAttributeValues: c.values, ExpressionAttributeNames: c.names, ReturnValues: 'ALL_NEW',
      })
      const theirs = failure(answer) ?? withoutKey(answer.Attributes)
      const ours = mine(() => {
        const ctx = createPlaceholders(c.names, c.values)
        const update = parseUpdate(c.expression)
        const condition = c.condition !== undefined ? parseCondition(c.condition) : undefined
        bindUpdate(update, ctx)
        if (condition) bindCondition(condition, ctx)
        assertAllUsed(ctx)
        if (condition && !evaluateCondition(condition, stored, ctx)) return 'The conditional request failed'
        return applyUpdate(update, stored ?? {}, ctx)
      })
      if (!sameOutcome(ours, theirs, lenient)) mismatches.push(JSON.stringify({ item: stored, expression: c.expression, condition: c.condition, values: c.values, names: c.names, local: theirs, ours }))
    })
    return mismatches
  }

  async function conditionMismatches(cases: Case[]): Promise<unknown[]> {
    const mismatches: unknown[] = []
    await eachCase(cases, async (c) => {
      const { pk, stored } = await putCaseItem(c)
      const answer = await ddb('DeleteItem', {
        TableName: TABLE, Key: { pk }, ConditionExpression: c.expression,
        ExpressionAttributeValues: c.values, ExpressionAttributeNames: c.names,
      })
      const theirs = failure(answer) ?? true
      const ours = mine(() => {
        const ctx = createPlaceholders(c.names, c.values)
        const condition = parseCondition(c.expression)
        bindCondition(condition, ctx)
        assertAllUsed(ctx)
        return evaluateCondition(condition, stored, ctx) || 'The conditional request failed'
      })
      if (!Bun.deepEquals(ours, theirs)) mismatches.push(JSON.stringify({ item: stored, expression: c.expression, values: c.values, names: c.names, local: theirs, ours }))
    })
    return mismatches
  }

  test(`UpdateExpression: ${updateCases.length} cases give the same item or error`, async () => {
    expect(await updateMismatches(updateCases)).toEqual([])
  }, 60_000)

  test(`ConditionExpression: ${conditionCases.length} cases give the same outcome or error`, async () => {
    expect(await conditionMismatches(conditionCases)).toEqual([])
  }, 60_000)

  test(`fuzz: ${FUZZ_COUNT} random updates (seed ${FUZZ_SEED}) give the same item or error`, async () => {
    expect(await updateMismatches(fuzzUpdates(FUZZ_SEED, FUZZ_COUNT), true)).toEqual([])
  }, 120_000)

  test(`fuzz: ${FUZZ_COUNT} random conditions (seed ${FUZZ_SEED}) give the same outcome or error`, async () => {
    expect(await conditionMismatches(fuzzConditions(FUZZ_SEED + 1, FUZZ_COUNT))).toEqual([])
  }, 120_000)

  test(`ProjectionExpression: ${projectionCases.length} cases give the same item or error`, async () => {
    const mismatches: unknown[] = []
    await eachCase(projectionCases, async (c) => {
      const { pk, stored } = await putCaseItem(c)
      const answer = await ddb('GetItem', { TableName: TABLE, Key: { pk }, ProjectionExpression: c.expression, ExpressionAttributeNames: c.names })
      const theirs = failure(answer) ?? answer.Item ?? {}
      const ours = mine(() => {
        const ctx = createPlaceholders(c.names)
        const paths = parseProjection(c.expression)
        bindProjection(paths, ctx)
        assertAllUsed(ctx)
        return projectItem(stored ?? {}, paths, ctx)
      })
      if (!Bun.deepEquals(ours, theirs)) mismatches.push(JSON.stringify({ expression: c.expression, condition: c.condition, local: theirs, ours }))
    })
    expect(mismatches).toEqual([])
  })

  test(`KeyConditionExpression: ${keyConditionCases.length} cases are accepted or refused alike`, async () => {
    const mismatches: unknown[] = []
    await eachCase(keyConditionCases, async (c) => {
      const answer = await ddb('Query', {
        TableName: RANGE_TABLES.N, KeyConditionExpression: c.expression,
        ExpressionAttributeValues: c.values, ExpressionAttributeNames: c.names,
      })
      const theirs = failure(answer) ?? 'ok'
      const ours = mine(() => {
        const ctx = createPlaceholders(c.names, c.values)
        parseKeyCondition(c.expression, ctx, { hash: 'pk', range: 'sk', types: { pk: 'S', sk: 'N' } })
        assertAllUsed(ctx)
        return 'ok'
      })
      if (!Bun.deepEquals(ours, theirs)) mismatches.push(JSON.stringify({ expression: c.expression, condition: c.condition, local: theirs, ours }))
    })
    expect(mismatches).toEqual([])
  })

  const orderings: [keyof typeof RANGE_TABLES, AttributeValue[]][] = [
    ['N', ['0', '-0.5', '1', '-1', '10', '9.99', '1e5', '-1E+125', '9.9999999999999999999999999999999999999E+125', '1E-130', '-1E-130',
      '12345678901234567890123456789012345678', '12345678901234567890123456789012345677', '0.000001', '-0.0000011', '100', '99.999',
      '-12345678901234567890123456789012345678', '3.14159265358979323846264338327950288']
      .map((n) => ({ N: n }))],
    ['S', ['a', 'B', 'ab', 'a\u0000', 'é', 'z', 'Z', '😀', '\uffff', '\ue000', '中文', '~', ' ', '0', 'aa', 'a b'].map((s) => ({ S: s }))],
    ['B', [[0], [1], [0, 0], [255], [127], [128], [1, 2], [254, 255], [0, 255]].map((b) => ({ B: Buffer.from(b).toString('base64') }))],
  ]
  for (const [type, keys] of orderings) {
    test(`Query order of ${type} sort keys equals compareValues and encodeSortKey order`, async () => {
      const table = RANGE_TABLES[type]
      const pk = { S: `order-${type}` }
      await Promise.all(keys.map((sk) => ddb('PutItem', { TableName: table, Item: { pk, sk } })))
      const answer = await ddb('Query', {
        TableName: table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': pk },
      })
      const localOrder = (answer.Items as AttributeMap[]).map((item) => JSON.stringify(item.sk))
      expect(localOrder.length).toBe(keys.length)
      const byCompare = [...keys].sort(compareValues).map((v) => JSON.stringify(v))
      const byEncoding = [...keys].sort((a, b) => (encodeSortKey(a) < encodeSortKey(b) ? -1 : encodeSortKey(a) > encodeSortKey(b) ? 1 : 0))
      // Local may answer numbers in canonical form, so compare by value through the key encoding.
      const canon = (list: string[]) => list.map((v) => encodeSortKey(JSON.parse(v) as AttributeValue))
      expect(canon(byCompare)).toEqual(canon(localOrder))
      expect(canon(byEncoding.map((v) => JSON.stringify(v)))).toEqual(canon(localOrder))
    })
  }

  test(`the ${RESERVED_WORDS.size} documented reserved words (and some ordinary names) are refused or accepted as DynamoDB Local does`, async () => {
    const words = [...RESERVED_WORDS, 'pk', 'createdAt', 'title', 'price', 'email', 'owner_id', 'x1']
    const refused = new Map<string, boolean>()
    for (let i = 0; i < words.length; i += 16) {
      await Promise.all(words.slice(i, i + 16).map(async (word) => {
        const answer = await ddb('GetItem', { TableName: TABLE, Key: { pk: { S: 'none' } }, ProjectionExpression: word.toLowerCase() })
        refused.set(word, (failure(answer) ?? '').includes('reserved keyword'))
      }))
    }
    const ours = (word: string) => {
      try {
        parseProjection(word.toLowerCase())
        return false
      } catch (error) {
        return (error as Error).message.includes('reserved keyword')
      }
    }
    const disagreements = words.filter((word) => refused.get(word) !== ours(word))
    expect(disagreements).toEqual([])
  }, 60_000)
})
