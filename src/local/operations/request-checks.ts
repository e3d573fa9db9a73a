/**
 * DynamoDB validates a whole request (attribute values, expressions, placeholders, legacy
 * parameters, enums) before it looks a table up, so a malformed request against a missing table
 * is a ValidationException, not ResourceNotFoundException. Operations keep their own order of
 * checks (DynamoDB Local's) for tables that exist; `tableOrChecked` runs the schema-free checks of
 * the whole request first when a table is missing, then reports it missing.
 */
import type { Engine } from '../engine.ts'
import { parseCondition, parseProjection, parseUpdate } from '../expressions/index.ts'
import { readLegacy } from '../legacy/index.ts'
import type { TableMeta } from '../storage/types.ts'
import { canonicalItem } from '../canonical-values.ts'
import { bindExpressions, checkReturnValues, expressionContext } from './common.ts'

type Input = Record<string, unknown>

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)

/** Values and expressions of one item request (GetItem, PutItem, UpdateItem, DeleteItem, a transaction action). */
function checkItemRequest(kind: 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheck', input: Input): void {
  if (kind !== 'ConditionCheck') readLegacy(kind, input)
  if (input.Key !== undefined && input.Key !== null) canonicalItem(input.Key)
  if (input.Item !== undefined && input.Item !== null) canonicalItem(input.Item)
  if (kind === 'PutItem' || kind === 'DeleteItem') checkReturnValues(input.ReturnValues, ['NONE', 'ALL_OLD'])
  if (kind === 'UpdateItem') checkReturnValues(input.ReturnValues, ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'])
  const texts = { ConditionExpression: str(input.ConditionExpression), UpdateExpression: str(input.UpdateExpression), ProjectionExpression: str(input.ProjectionExpression) }
  const condition = texts.ConditionExpression !== undefined ? parseCondition(texts.ConditionExpression) : undefined
  const update = texts.UpdateExpression !== undefined ? parseUpdate(texts.UpdateExpression) : undefined
  const paths = texts.ProjectionExpression !== undefined ? parseProjection(texts.ProjectionExpression) : undefined
  const fields = kind === 'GetItem' ? { ProjectionExpression: texts.ProjectionExpression } : kind === 'UpdateItem' ? { UpdateExpression: texts.UpdateExpression, ConditionExpression: texts.ConditionExpression } : { ConditionExpression: texts.ConditionExpression }
  bindExpressions(expressionContext(input, fields), { condition, update, paths })
}

function checkRead(kind: 'Query' | 'Scan', input: Input): void {
  const legacy = readLegacy(kind, input)
  if (input.ExclusiveStartKey !== undefined && input.ExclusiveStartKey !== null) canonicalItem(input.ExclusiveStartKey)
  const texts = { KeyConditionExpression: kind === 'Query' ? str(input.KeyConditionExpression) : undefined, FilterExpression: str(input.FilterExpression), ProjectionExpression: str(input.ProjectionExpression) }
  const filter = texts.FilterExpression !== undefined ? parseCondition(texts.FilterExpression, 'FilterExpression') : undefined
  const key = texts.KeyConditionExpression !== undefined ? parseCondition(texts.KeyConditionExpression, 'KeyConditionExpression') : undefined
  const paths = texts.ProjectionExpression !== undefined ? parseProjection(texts.ProjectionExpression) : undefined
  const fields = kind === 'Query' ? texts : { FilterExpression: texts.FilterExpression, ProjectionExpression: texts.ProjectionExpression }
  bindExpressions(legacy.context(expressionContext(input, fields)), { filter: filter ?? legacy.filter, condition: key, paths: paths ?? legacy.projection })
}

const objects = (v: unknown): Input[] => (Array.isArray(v) ? v.filter((x): x is Input => x !== null && typeof x === 'object') : [])
const entries = (v: unknown): [string, unknown][] => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : [])

/** The schema-free checks of a whole request, by operation. */
export function checkRequest(operation: string, input: Input): void {
  switch (operation) {
    case 'GetItem':
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return checkItemRequest(operation, input)
    case 'Query':
    case 'Scan':
      return checkRead(operation, input)
    case 'BatchGetItem':
      for (const [, request] of entries(input.RequestItems)) {
        const r = (request ?? {}) as Input
        for (const key of objects(r.Keys)) canonicalItem(key)
        readLegacy('BatchGetItem', r)
        const projection = str(r.ProjectionExpression)
        bindExpressions(expressionContext(r, { ProjectionExpression: projection }), { paths: projection !== undefined ? parseProjection(projection) : undefined })
      }
      return
    case 'BatchWriteItem':
      for (const [, list] of entries(input.RequestItems)) {
        for (const request of objects(list)) {
          const put = request.PutRequest as Input | undefined
          const del = request.DeleteRequest as Input | undefined
          if (put?.Item) canonicalItem(put.Item)
          if (del?.Key) canonicalItem(del.Key)
        }
      }
      return
    case 'TransactWriteItems':
    case 'TransactGetItems':
      for (const entry of objects(input.TransactItems)) {
        for (const kind of ['Get', 'Put', 'Update', 'Delete', 'ConditionCheck'] as const) {
          const body = entry[kind] as Input | undefined
          if (!body) continue
          checkItemRequest(kind === 'Get' ? 'GetItem' : kind === 'Put' ? 'PutItem' : kind === 'Update' ? 'UpdateItem' : kind === 'Delete' ? 'DeleteItem' : 'ConditionCheck', { ...body, ReturnValues: undefined })
        }
      }
      return
  }
}

/**
 * The table `name`, or, when it does not exist, DynamoDB's answer: the request's own errors
 * first (checkRequest), then ResourceNotFoundException.
 */
export function tableOrChecked(engine: Engine, name: unknown, operation: string, input: Input): TableMeta {
  const meta = typeof name === 'string' ? engine.findTable(name) : undefined
  if (meta) return meta
  checkRequest(operation, input)
  return engine.table(name)
}

/** For requests naming several tables: all must exist, or the whole request is checked first. */
export function tablesOrChecked(engine: Engine, names: string[], operation: string, input: Input): void {
  if (names.every((name) => engine.findTable(name))) return
  checkRequest(operation, input)
  for (const name of names) engine.table(name)
}
