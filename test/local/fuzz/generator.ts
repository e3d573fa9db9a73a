/**
 * One seed -> one table definition and one sequence of requests. Every request names the
 * table as `$T` (the runner substitutes a fresh name per run). `kind` names the class of a
 * step (`Query:index`, `invalid:oversized`, ...) so known gaps can exclude a class and a
 * mismatch report can say which class failed.
 */
import type { AttributeMap } from '../../../src/dynamodb/attribute-value.ts'
import { ExpressionGen, Placeholders } from './expressions.ts'
import { Random } from './random.ts'
import { randomTable, type IndexDef, type TableDef } from './schema.ts'
import { item, key, keyValue } from './values.ts'
import { legacyForm } from './legacy-forms.ts'

export const TABLE = '$T'

/** How a step's answers are compared: `exact` one answer; `pages` follows LastEvaluatedKey
 * comparing every page; `unordered` drives all pages (and segments) on each side and compares
 * the union, for reads whose order DynamoDB leaves unspecified. */
export type ReadMode = 'exact' | 'pages' | 'unordered'

export interface Step {
  op: string
  kind: string
  input: Record<string, unknown>
  read: ReadMode
}

export interface Scenario {
  seed: number
  table: TableDef
  steps: Step[]
}

const step = (op: string, kind: string, input: Record<string, unknown>, read: ReadMode = 'exact'): Step => ({ op, kind, input, read })

class Generator {
  readonly ex: ExpressionGen
  constructor(
    readonly rnd: Random,
    readonly def: TableDef,
  ) {
    this.ex = new ExpressionGen(rnd, def)
  }

  private keyId(k: AttributeMap): string {
    return JSON.stringify([k[this.def.hash.name], this.def.range ? k[this.def.range.name] : null])
  }

  /** `count` keys with distinct primary keys (fewer if the domain runs out of luck). */
  distinctKeys(count: number): AttributeMap[] {
    const seen = new Map<string, AttributeMap>()
    for (let i = 0; i < count * 3 && seen.size < count; i++) {
      const k = key(this.rnd, this.def)
      seen.set(this.keyId(k), k)
    }
    return [...seen.values()]
  }

  private withCondition(input: Record<string, unknown>, p: Placeholders, probability = 0.5): void {
    if (!this.rnd.chance(probability)) return
    input.ConditionExpression = this.ex.condition(p)
    if (this.rnd.chance(0.4)) input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD'
  }

  put(): Step {
    const p = new Placeholders()
    const input: Record<string, unknown> = { TableName: TABLE, Item: item(this.rnd, this.def) }
    if (this.rnd.chance(0.4)) input.ReturnValues = this.rnd.pick(['NONE', 'ALL_OLD'])
    this.withCondition(input, p, 0.4)
    return step('PutItem', input.ConditionExpression ? 'PutItem:conditional' : 'PutItem', p.applyTo(input))
  }

  update(): Step {
    const p = new Placeholders()
    const input: Record<string, unknown> = { TableName: TABLE, Key: key(this.rnd, this.def), UpdateExpression: this.ex.update(p) }
    if (this.rnd.chance(0.7)) input.ReturnValues = this.rnd.pick(['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'])
    this.withCondition(input, p, 0.4)
    return step('UpdateItem', input.ConditionExpression ? 'UpdateItem:conditional' : 'UpdateItem', p.applyTo(input))
  }

  delete(): Step {
    const p = new Placeholders()
    const input: Record<string, unknown> = { TableName: TABLE, Key: key(this.rnd, this.def) }
    if (this.rnd.chance(0.5)) input.ReturnValues = this.rnd.pick(['NONE', 'ALL_OLD'])
    this.withCondition(input, p, 0.6)
    return step('DeleteItem', input.ConditionExpression ? 'DeleteItem:conditional' : 'DeleteItem', p.applyTo(input))
  }

  get(): Step {
    const p = new Placeholders()
    const input: Record<string, unknown> = { TableName: TABLE, Key: key(this.rnd, this.def) }
    if (this.rnd.chance(0.4)) input.ProjectionExpression = this.ex.projection(p)
    if (this.rnd.chance(0.3)) input.ConsistentRead = true
    return step('GetItem', input.ProjectionExpression ? 'GetItem:projection' : 'GetItem', p.applyTo(input))
  }

  private rangeCondition(p: Placeholders, attr: { name: string; type: 'S' | 'N' | 'B' }): string {
    const rnd = this.rnd
    const path = rnd.chance(0.2) ? p.name(attr.name) : attr.name
    const v = () => p.value(keyValue(rnd, attr.type))
    switch (rnd.int(4)) {
      case 0:
        return `${path} ${rnd.pick(['=', '<', '<=', '>', '>='])} ${v()}`
      case 1: {
        // Mostly ordered bounds; sometimes reversed, which DynamoDB refuses.
        const a = keyValue(rnd, attr.type)
        const b = keyValue(rnd, attr.type)
        return `${path} BETWEEN ${p.value(a)} AND ${p.value(b)}`
      }
      case 2:
        return attr.type === 'N' && rnd.chance(0.7) ? `${path} >= ${v()}` : `begins_with(${path}, ${p.value(attr.type === 'B' ? keyValue(rnd, 'B') : { S: rnd.pick(['a', 'b', 'é', '']) })})`
      default:
        return `${path} < ${v()}`
    }
  }

  query(): Step {
    const rnd = this.rnd
    const p = new Placeholders()
    const index: IndexDef | undefined = this.def.indexes.length && rnd.chance(0.45) ? rnd.pick(this.def.indexes) : undefined
    const hash = index?.hash ?? this.def.hash
    const range = index ? index.range : this.def.range
    let kce = `${rnd.chance(0.2) ? p.name(hash.name) : hash.name} = ${p.value(keyValue(rnd, hash.type))}`
    if (range && rnd.chance(0.6)) kce += ` AND ${this.rangeCondition(p, range)}`
    const input: Record<string, unknown> = { TableName: TABLE, KeyConditionExpression: kce }
    if (index) input.IndexName = index.name
    if (rnd.chance(0.5)) input.ScanIndexForward = rnd.chance(0.5)
    if (rnd.chance(0.5)) input.Limit = rnd.between(1, 4)
    if (rnd.chance(0.35)) input.FilterExpression = this.ex.condition(p)
    const shape = rnd.int(10)
    if (shape === 0) input.Select = 'COUNT'
    else if (shape <= 2) input.ProjectionExpression = this.ex.projection(p)
    else if (shape === 3 && index) input.Select = 'ALL_PROJECTED_ATTRIBUTES'
    if (rnd.chance(0.15)) input.ConsistentRead = true
    const kind = index ? `Query:${index.kind}` : 'Query'
    return step('Query', kind, p.applyTo(input), index ? 'unordered' : 'pages')
  }

  scan(): Step {
    const rnd = this.rnd
    const p = new Placeholders()
    const input: Record<string, unknown> = { TableName: TABLE }
    const index = this.def.indexes.length && rnd.chance(0.25) ? rnd.pick(this.def.indexes) : undefined
    if (index) input.IndexName = index.name
    if (rnd.chance(0.5)) input.Limit = rnd.between(1, 6)
    if (rnd.chance(0.4)) input.TotalSegments = rnd.between(1, 4)
    if (rnd.chance(0.4)) input.FilterExpression = this.ex.condition(p)
    if (rnd.chance(0.2)) input.ProjectionExpression = this.ex.projection(p)
    else if (rnd.chance(0.1)) input.Select = 'COUNT'
    return step('Scan', input.TotalSegments ? 'Scan:segments' : index ? 'Scan:index' : 'Scan', p.applyTo(input), 'unordered')
  }

  batchWrite(): Step {
    const writes = this.distinctKeys(this.rnd.between(1, 6)).map((k) => (this.rnd.chance(0.7) ? { PutRequest: { Item: item(this.rnd, this.def, k) } } : { DeleteRequest: { Key: k } }))
    return step('BatchWriteItem', 'BatchWriteItem', { RequestItems: { [TABLE]: writes } })
  }

  batchGet(): Step {
    const p = new Placeholders()
    const request: Record<string, unknown> = { Keys: this.distinctKeys(this.rnd.between(1, 5)) }
    if (this.rnd.chance(0.3)) request.ProjectionExpression = this.ex.projection(p)
    if (this.rnd.chance(0.3)) request.ConsistentRead = true
    if (Object.keys(p.names).length) request.ExpressionAttributeNames = p.names
    return step('BatchGetItem', 'BatchGetItem', { RequestItems: { [TABLE]: request } })
  }

  transactWrite(): Step {
    const actions = this.distinctKeys(this.rnd.between(1, 4)).map((k) => {
      const p = new Placeholders()
      const kind = this.rnd.pick(['Put', 'Update', 'Delete', 'ConditionCheck'] as const)
      const body: Record<string, unknown> = { TableName: TABLE }
      if (kind === 'Put') body.Item = item(this.rnd, this.def, k)
      else body.Key = k
      if (kind === 'Update') body.UpdateExpression = this.ex.update(p)
      this.withCondition(body, p, kind === 'ConditionCheck' ? 1 : 0.5)
      return { [kind]: p.applyTo(body) }
    })
    const input: Record<string, unknown> = { TransactItems: actions }
    return step('TransactWriteItems', 'TransactWriteItems', input)
  }

  transactGet(): Step {
    const gets = this.distinctKeys(this.rnd.between(1, 4)).map((k) => {
      const p = new Placeholders()
      const get: Record<string, unknown> = { TableName: TABLE, Key: k }
      if (this.rnd.chance(0.4)) get.ProjectionExpression = this.ex.projection(p)
      if (Object.keys(p.names).length) get.ExpressionAttributeNames = p.names
      return { Get: get }
    })
    return step('TransactGetItems', 'TransactGetItems', { TransactItems: gets })
  }

  invalid(): Step {
    const rnd = this.rnd
    const def = this.def
    const k = key(rnd, def)
    const wrongType = (t: string) => (t === 'S' ? { N: '1' } : { S: 'x' })
    switch (rnd.int(13)) {
      case 0:
        return step('GetItem', 'invalid:key-type', { TableName: TABLE, Key: { ...k, [def.hash.name]: wrongType(def.hash.type) } })
      case 1:
        return step('GetItem', 'invalid:key-shape', { TableName: TABLE, Key: { ...k, extra: { S: 'x' } } })
      case 2: {
        const p = new Placeholders()
        const input = p.applyTo({ TableName: TABLE, Item: item(rnd, def, k), ConditionExpression: this.ex.condition(p) })
        input.ExpressionAttributeValues = { ...(input.ExpressionAttributeValues as object), ':unused': { S: 'u' } }
        return step('PutItem', 'invalid:unused-value', input)
      }
      case 3: {
        const p = new Placeholders()
        const input = p.applyTo({ TableName: TABLE, Key: k, UpdateExpression: `SET n = ${p.value({ N: '1' })}` })
        input.ExpressionAttributeNames = { '#unused': 'x' }
        return step('UpdateItem', 'invalid:unused-name', input)
      }
      case 4:
        return step('UpdateItem', 'invalid:reserved-word', { TableName: TABLE, Key: k, UpdateExpression: 'SET status = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } })
      case 5:
        return step('PutItem', 'invalid:oversized', { TableName: TABLE, Item: { ...k, big: { S: 'x'.repeat(rnd.pick([409_000, 420_000])) } } })
      case 6:
        return step('UpdateItem', 'invalid:key-update', { TableName: TABLE, Key: k, UpdateExpression: `SET ${def.hash.name} = :v`, ExpressionAttributeValues: { ':v': keyValue(rnd, def.hash.type) } })
      case 7:
        return step('DeleteItem', 'invalid:undefined-value', { TableName: TABLE, Key: k, ConditionExpression: 'n = :nope', ExpressionAttributeValues: { ':v': { N: '1' } } })
      case 8:
        return step('Query', 'invalid:key-condition', { TableName: TABLE, KeyConditionExpression: 'n = :v', ExpressionAttributeValues: { ':v': { N: '1' } } })
      case 9: {
        const ia = def.indexAttrs[0]?.attr
        if (!ia) return step('PutItem', 'invalid:empty-key', { TableName: TABLE, Item: { ...k, [def.hash.name]: def.hash.type === 'N' ? { N: '' } : def.hash.type === 'S' ? { S: '' } : { B: '' } } })
        return step('PutItem', 'invalid:index-key-type', { TableName: TABLE, Item: { ...k, [ia.name]: wrongType(ia.type) } })
      }
      case 10:
        return step('UpdateItem', 'invalid:syntax', { TableName: TABLE, Key: k, UpdateExpression: rnd.pick(['SET n = ', 'SET n = :v REMOVE', 'ADD n', 'SET n = :v SET s = :v', 'SET m.x = :v, m = :v']), ExpressionAttributeValues: { ':v': { N: '1' } } })
      case 11: {
        const dup = [{ PutRequest: { Item: item(rnd, def, k) } }, { DeleteRequest: { Key: k } }]
        return step('BatchWriteItem', 'invalid:batch-duplicates', { RequestItems: { [TABLE]: dup } })
      }
      default:
        return step('TransactWriteItems', 'invalid:transaction-same-item', {
          TransactItems: [{ Put: { TableName: TABLE, Item: item(rnd, def, k) } }, { Delete: { TableName: TABLE, Key: k } }],
        })
    }
  }

  next(): Step {
    const pick = this.rnd.weighted([
      [18, 'put'], [20, 'update'], [6, 'delete'], [8, 'get'], [13, 'query'], [5, 'scan'],
      [6, 'batchWrite'], [4, 'batchGet'], [8, 'transactWrite'], [4, 'transactGet'], [8, 'invalid'],
    ] as const)
    return this[pick]()
  }
}

/** Builds the scenario of one seed; `exclude` drops steps of known-gap classes. */
export function generate(seed: number, options: { exclude?: (step: Step, table: TableDef) => boolean; minSteps?: number; maxSteps?: number } = {}): Scenario {
  const rnd = new Random(seed)
  const table = randomTable(rnd)
  const gen = new Generator(rnd, table)
  const count = rnd.between(options.minSteps ?? 40, options.maxSteps ?? 80)
  const steps: Step[] = []
  // A few puts first so the early reads and conditions meet items.
  for (let i = 0; i < 6; i++) steps.push(gen.put())
  while (steps.length < count) steps.push(gen.next())
  const kept = options.exclude ? steps.filter((s) => !options.exclude!(s, table)) : steps
  // About a third of the requests that fit go out in the legacy form; a separate stream of
  // choices keeps every seed's expression-form steps what they were.
  const legacy = new Random(seed * 7919 + 17)
  return { seed, table, steps: kept.map((s) => (legacy.chance(0.35) ? (legacyForm(s, legacy) ?? s) : s)) }
}
