/**
 * transactWrite and transactGet: validated before sending (100 actions, 4 MB, one action per
 * item), idempotent on retry through an automatic ClientRequestToken, and a cancellation turned
 * into reasons that line up with the caller's actions.
 */
import type { AttributeMap } from './attribute-value.ts'
import { DocumentError, TransactionFailedError, type TransactionReason } from './document-errors.ts'
import { assertItemSize, itemSize, MAX_ITEM_SIZE } from './value-rules.ts'
import { marshall, unmarshall, type MarshallOptions, type UnmarshallOptions } from './marshall.ts'
import { compileProjection, compileWrite, type ProjectionInput } from './request.ts'
import type { Sender } from './sender.ts'
import type { TransactGetItemsOutput, TransactWriteItem } from './types/index.ts'
import { readWriteAction, type ConditionCheckAction, type DeleteAction, type PutAction, type ReadAction, type UpdateAction } from './write-actions.ts'

type Item = Record<string, unknown>

/** The action shape batchWrite takes too (write-actions.ts), plus update and conditionCheck. */
export type TransactWriteAction = { put: PutAction } | { update: UpdateAction } | { delete: DeleteAction } | { conditionCheck: ConditionCheckAction }

export interface TransactGetAction {
  table: string
  key: Item
  projection?: ProjectionInput
}

export interface TransactOptions {
  /** Idempotency token; generated when absent so a retried request is applied once. */
  clientRequestToken?: string
  signal?: AbortSignal
  marshallOptions?: MarshallOptions
  unmarshallOptions?: UnmarshallOptions
}

export const TRANSACTION_ACTION_LIMIT = 100
export const TRANSACTION_SIZE_LIMIT = 4 * 1024 * 1024

/** The parts of every wire action: what `checkDistinctItems` reads. */
type WireAction = { [Kind in 'Put' | 'Update' | 'Delete' | 'ConditionCheck' | 'Get']?: { TableName: string; Key?: AttributeMap; Item?: AttributeMap } }

export async function transactWrite(send: Sender, keyAttributes: (table: string) => Promise<string[]>, actions: readonly TransactWriteAction[], options: TransactOptions = {}): Promise<void> {
  checkCount(actions.length, 'transactWrite')
  let total = 0
  const wire: TransactWriteItem[] = []
  const read: ReadAction[] = actions.map((action, index) => readWriteAction(action, `transactWrite action ${index}`, ['put', 'update', 'delete', 'conditionCheck'], true))
  for (const [index, spec] of read.entries()) {
    const kind = spec.kind
    const label = `transactWrite action ${index} (${kind} on ${spec.table})`
    const { UpdateExpression, ...compiled } = compileWrite({ update: spec.update, condition: spec.condition }, options.marshallOptions)
    const common = { TableName: spec.table, ...compiled, ...(spec.returnValuesOnConditionCheckFailure ? { ReturnValuesOnConditionCheckFailure: spec.returnValuesOnConditionCheckFailure } : {}) }
    if (kind === 'put') {
      const item = marshall(spec.item!, options.marshallOptions)
      const size = itemSize(item)
      if (size > MAX_ITEM_SIZE) assertItemSize(item, await keyAttributes(spec.table).catch(() => undefined))
      total += size
      wire.push({ Put: { ...common, Item: item } })
      continue
    }
    const key = marshall(spec.key!, options.marshallOptions)
    total += itemSize(key)
    if (kind === 'delete') wire.push({ Delete: { ...common, Key: key } })
    else if (kind === 'update') {
      // compileWrite refuses an update without actions, so this only guards the types.
      if (UpdateExpression === undefined) throw new DocumentError('InvalidTransaction', `${label}: an update needs at least one action`)
      wire.push({ Update: { ...common, Key: key, UpdateExpression } })
    } else if (!compiled.ConditionExpression) throw new DocumentError('InvalidTransaction', `${label}: a conditionCheck needs a condition`)
    else wire.push({ ConditionCheck: { ...common, Key: key, ConditionExpression: compiled.ConditionExpression } })
  }
  if (total > TRANSACTION_SIZE_LIMIT) {
    throw new DocumentError('TransactionTooLarge', `transactWrite: the actions add up to ${total} bytes; a transaction carries at most 4 MB: split it`)
  }
  checkDistinctItems(wire, 'transactWrite')
  const token = options.clientRequestToken ?? crypto.randomUUID()
  try {
    await send('TransactWriteItems', { TransactItems: wire, ClientRequestToken: token }, { signal: options.signal })
  } catch (error) {
    throw toTransactionError(error, read.map((a, index) => ({ index, action: a.kind, table: a.table, key: a.key ?? a.item })), options.unmarshallOptions)
  }
}

export async function transactGet(send: Sender, actions: readonly TransactGetAction[], options: TransactOptions = {}): Promise<(Item | undefined)[]> {
  checkCount(actions.length, 'transactGet')
  const wire = actions.map(a => ({ Get: { TableName: a.table, Key: marshall(a.key, options.marshallOptions), ...compileProjection(a.projection) } }))
  checkDistinctItems(wire, 'transactGet')
  let out: TransactGetItemsOutput
  try {
    out = await send('TransactGetItems', { TransactItems: wire }, { signal: options.signal })
  } catch (error) {
    throw toTransactionError(error, actions.map((a, index) => ({ index, action: 'get' as const, table: a.table, key: a.key })), options.unmarshallOptions)
  }
  return (out.Responses ?? []).map(r => (r.Item ? unmarshall(r.Item, options.unmarshallOptions) : undefined))
}

function checkCount(count: number, what: string): void {
  if (count === 0) throw new DocumentError('InvalidTransaction', `${what}: no actions given`)
  if (count > TRANSACTION_ACTION_LIMIT) throw new DocumentError('TransactionTooLarge', `${what}: ${count} actions; a transaction holds at most ${TRANSACTION_ACTION_LIMIT}: split it`)
}

/** DynamoDB refuses two actions on one item in a transaction; say which two before sending. */
function checkDistinctItems(wire: readonly WireAction[], what: string): void {
  const seen = new Map<string, number>()
  wire.forEach((action, index) => {
    const body = Object.values(action)[0]!
    const key = (body.Key ?? body.Item) as AttributeMap
    // Without the key schema the whole Item stands in for a put's key: a conservative check.
    const id = `${body.TableName}\u0000${JSON.stringify(Object.keys(key).sort().map(k => [k, key[k]]))}`
    const earlier = seen.get(id)
    if (earlier !== undefined && body.Key) throw new DocumentError('InvalidTransaction', `${what}: actions ${earlier} and ${index} target the same item in ${body.TableName}; a transaction may touch an item once`)
    seen.set(id, index)
  })
}

function toTransactionError(error: unknown, actions: Omit<TransactionReason, 'code'>[], unmarshallOptions?: UnmarshallOptions): unknown {
  const e = error as { code?: string; cancellationReasons?: { Code?: string; Message?: string; Item?: AttributeMap }[]; requestId?: string; message?: string }
  if (e?.code !== 'TransactionCanceledException' || !Array.isArray(e.cancellationReasons)) return error
  const reasons: TransactionReason[] = actions.map((a, i) => {
    const r = e.cancellationReasons![i] ?? {}
    return { ...a, code: r.Code ?? 'None', ...(r.Message ? { message: r.Message } : {}), ...(r.Item ? { item: unmarshall(r.Item, unmarshallOptions) } : {}) }
  })
  const failed = reasons.filter(r => r.code !== 'None')
  const summary = failed.map(r => `action ${r.index} (${r.action} on ${r.table}): ${r.code}${r.message ? ` - ${r.message}` : ''}`).join('; ')
  return new TransactionFailedError(`transaction cancelled, nothing was written: ${summary || e.message}`, reasons, { cause: error, requestId: e.requestId })
}
