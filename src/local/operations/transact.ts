/**
 * TransactGetItems and TransactWriteItems. A write transaction validates every action, checks
 * every condition against the current items, and then writes all of them in one SQLite
 * transaction, or cancels with one CancellationReason per action in request order.
 */
import type { AttributeMap } from '../../dynamodb/attribute-value.ts'
import type { Engine, Operation } from '../engine.ts'
import { LocalError, validationError } from '../errors.ts'
import { evaluateCondition, parseProjection, parseUpdate, type ConditionNode, type RequestPlaceholders, type UpdateNode } from '../expressions/index.ts'
import type { EntryKey } from '../storage/keys.ts'
import type { TableMeta } from '../storage/types.ts'
import { itemSize } from '../../dynamodb/value-rules.ts'
import { tablesOrChecked } from './request-checks.ts'
import { charge, doubled, itemRead, itemWrite, reports, type Capacity } from './capacity.ts'
import { assertKeyUntouched, bindExpressions, checkName, conditionCheck, expressionContext, INDEX_KEY_TYPE_MISMATCH, projector, readItem, readKey, updatedItem } from './common.ts'

const TOKEN_WINDOW_SECONDS = 600
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024

interface Action {
  kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck'
  meta: TableMeta
  at: EntryKey
  key: AttributeMap
  item?: AttributeMap
  update?: UpdateNode
  condition?: ConditionNode
  ctx: RequestPlaceholders
  returnOld: boolean
  invalid?: string
  /** Identity for the one-action-per-item rule (see writeIdentity). */
  identity: string
}

/**
 * DynamoDB Local compares a Put's stored (normalized) key with the other actions' keys as sent,
 * number by value and scale, so `1E+2` in a Put and in a Delete do not collide. We follow it.
 */
function writeIdentity(meta: TableMeta, key: Record<string, unknown>, normalized: AttributeMap, isPut: boolean): string {
  const parts = [String(meta.id)]
  for (const name of [meta.key.hash, meta.key.range]) {
    if (!name) continue
    const value = (isPut ? normalized[name] : key[name]) as Record<string, unknown> | undefined
    parts.push(JSON.stringify(value ?? null))
  }
  return parts.join('|')
}

function keyId(meta: TableMeta, at: EntryKey): string {
  return `${meta.id}:${Buffer.from(at.hk).toString('base64')}/${Buffer.from(at.rk).toString('base64')}`
}

function itemsOf(input: Record<string, unknown>): Record<string, Record<string, unknown>>[] {
  const list = input.TransactItems
  if (list === undefined || list === null) throw validationError("1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null")
  if (!Array.isArray(list) || list.length === 0) throw validationError("Value [] at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
  if (list.length > 100) throw validationError('Member must have length less than or equal to 100')
  return list as Record<string, Record<string, unknown>>[]
}

/** The table names a transaction's actions name (strings only; others fail in their action). */
function tableNames(list: Record<string, Record<string, unknown>>[]): string[] {
  return list.flatMap((entry) => Object.values(entry).map((body) => body?.TableName).filter((name): name is string => typeof name === 'string'))
}

function parseAction(engine: Engine, entry: Record<string, Record<string, unknown>>): Action {
  const kinds = (['ConditionCheck', 'Put', 'Delete', 'Update'] as const).filter((k) => entry[k] !== undefined)
  if (kinds.length !== 1) throw validationError('TransactItems can only contain one of Check, Put, Update or Delete')
  const kind = kinds[0]!
  const body = entry[kind]!
  checkName(body.TableName)
  const meta = engine.table(body.TableName)
  const conditionText = body.ConditionExpression as string | undefined
  const returnOld = body.ReturnValuesOnConditionCheckFailure === 'ALL_OLD'
  if (kind === 'Put') {
    const { item, at } = readItem(meta, body.Item, 'Item to put in PutItem cannot be null')
    const condition = conditionCheck(conditionText)
    const ctx = expressionContext(body, { ConditionExpression: conditionText })
    bindExpressions(ctx, { condition })
    return { kind, meta, at, key: item, item, ctx, returnOld, identity: writeIdentity(meta, item, item, true), ...(condition ? { condition } : {}) }
  }
  const { key, at } = readKey(meta, body.Key)
  if (kind === 'ConditionCheck' && conditionText === undefined) throw validationError("Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null")
  const updateText = kind === 'Update' ? (body.UpdateExpression as string | undefined) : undefined
  if (kind === 'Update' && updateText === undefined) throw validationError("1 validation error detected: Value null at 'transactItems.1.member.update.updateExpression' failed to satisfy constraint: Member must not be null")
  const update = updateText !== undefined ? parseUpdate(updateText) : undefined
  const condition = conditionCheck(conditionText)
  const ctx = expressionContext(body, { ConditionExpression: conditionText, UpdateExpression: updateText })
  bindExpressions(ctx, { update, condition })
  // A key-attribute update cancels the transaction (reason ValidationError) instead of failing it.
  let invalid: string | undefined
  try {
    assertKeyUntouched(meta, update, ctx)
  } catch (e) {
    if (!(e instanceof LocalError)) throw e
    invalid = e.message
  }
  const identity = writeIdentity(meta, body.Key as Record<string, unknown>, key, false)
  return { kind, meta, at, key, ctx, returnOld, identity, ...(update ? { update } : {}), ...(condition ? { condition } : {}), ...(invalid ? { invalid } : {}) }
}

function requestDigest(input: Record<string, unknown>): string {
  const { ClientRequestToken: _token, ReturnConsumedCapacity: _rc, ReturnItemCollectionMetrics: _rm, ...rest } = input
  return new Bun.CryptoHasher('sha256').update(JSON.stringify(rest)).digest('hex')
}

const transactWriteItems: Operation = (engine, input) => {
  const list = itemsOf(input)
  const token = input.ClientRequestToken as string | undefined
  const now = Date.now() / 1000
  if (token !== undefined) {
    const previous = engine.requestTokens.lookup(token, now - TOKEN_WINDOW_SECONDS)
    if (previous) {
      if (previous.digest !== requestDigest(input)) throw new LocalError('IdempotentParameterMismatchException', '')
      return JSON.parse(previous.result) as unknown
    }
  }
  tablesOrChecked(engine, tableNames(list), 'TransactWriteItems', input)
  const actions = list.map((entry) => parseAction(engine, entry))
  let bytes = 0
  for (const a of actions) if (a.item) bytes += itemSize(a.item)
  if (bytes > MAX_TRANSACTION_BYTES) throw validationError('Transaction request size exceeds the maximum allowed size of 4 MB')
  return engine.store.transaction(() => {
    const olds = actions.map((a) => engine.store.get(a.meta, a.at))
    // Action by action, as DynamoDB Local does: a failed condition cancels (after all actions
    // were looked at), an update that cannot apply fails the whole request at once.
    const nexts: (AttributeMap | undefined)[] = []
    const reasons = actions.map((a, i): Record<string, unknown> => {
      if (a.invalid) return { Code: 'ValidationError', Message: a.invalid }
      const ok = !a.condition || evaluateCondition(a.condition, olds[i], a.ctx)
      if (ok) {
        try {
          nexts[i] = a.kind === 'Put' ? a.item : a.kind === 'Update' ? updatedItem(a.meta, a.key, olds[i], a.update, a.ctx) : undefined
        } catch (e) {
          // As DynamoDB Local: an index key of the wrong type cancels; other update errors fail the request.
          if (e instanceof LocalError && e.message === INDEX_KEY_TYPE_MISMATCH) return { Code: 'ValidationError', Message: e.message }
          throw e
        }
        return { Code: 'None' }
      }
      const reason: Record<string, unknown> = { Code: 'ConditionalCheckFailed', Message: a.kind === 'ConditionCheck' ? 'The conditional request failed.' : 'The conditional request failed' }
      if (a.returnOld && olds[i]) return { Item: olds[i], ...reason }
      return reason
    })
    if (reasons.some((r) => r.Code !== 'None')) {
      const codes = reasons.map((r) => r.Code).join(', ')
      throw new LocalError('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`, 400, { CancellationReasons: reasons })
    }
    // Only now, as in DynamoDB Local: a failed condition or an update error wins over this.
    const seen = new Set<string>()
    for (const a of actions) {
      if (seen.has(a.identity)) throw validationError('Transaction request cannot include multiple operations on one item')
      seen.add(a.identity)
    }
    actions.forEach((a, i) => {
      if (a.kind === 'ConditionCheck') return
      // Re-read: two actions may still reach one item (see writeIdentity); they apply in order.
      const old = engine.store.get(a.meta, a.at)
      if (old || nexts[i]) engine.store.write(a.meta, a.at, old, nexts[i])
    })
    const out: Record<string, unknown> = {}
    const units = new Map<TableMeta, Capacity>()
    actions.forEach((a, i) => {
      // A condition check reads its item (strongly consistent); the others write. All doubled.
      const c = a.kind === 'ConditionCheck' ? itemRead(olds[i], true) : itemWrite(a.meta, olds[i], nexts[i])
      charge(units, a.meta, doubled(c))
    })
    const capacity = reports(units, input.ReturnConsumedCapacity)
    if (capacity.length) out.ConsumedCapacity = capacity
    if (token !== undefined) {
      engine.requestTokens.remember(token, requestDigest(input), now, JSON.stringify(out))
    }
    return out
  })
}

const transactGetItems: Operation = (engine, input) => {
  const list = itemsOf(input)
  tablesOrChecked(engine, tableNames(list), 'TransactGetItems', input)
  const gets = list.map((entry) => {
    if (!entry.Get || Object.keys(entry).length !== 1) throw validationError('TransactItems can only contain one of Get')
    const body = entry.Get
    checkName(body.TableName)
    const meta = engine.table(body.TableName)
    const { at } = readKey(meta, body.Key)
    const projection = body.ProjectionExpression as string | undefined
    const paths = projection !== undefined ? parseProjection(projection) : undefined
    const ctx = expressionContext(body, { ProjectionExpression: projection })
    bindExpressions(ctx, { paths })
    return { meta, at, project: projector(paths, ctx) }
  })
  const seen = new Set<string>()
  for (const g of gets) {
    const id = keyId(g.meta, g.at)
    if (seen.has(id)) throw validationError('Transaction request cannot include multiple operations on one item')
    seen.add(id)
  }
  const units = new Map<TableMeta, Capacity>()
  const responses = gets.map((g) => {
    const item = engine.store.get(g.meta, g.at)
    charge(units, g.meta, doubled(itemRead(item, true)))
    return item ? { Item: g.project ? g.project(item) : item } : {}
  })
  const out: Record<string, unknown> = { Responses: responses }
  const capacity = reports(units, input.ReturnConsumedCapacity)
  if (capacity.length) out.ConsumedCapacity = capacity
  return out
}

export const transactOperations: Record<string, Operation> = {
  TransactWriteItems: transactWriteItems,
  TransactGetItems: transactGetItems,
}
