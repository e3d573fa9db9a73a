/**
 * Runs write plans: one action as one request, several as one TransactWriteItems (with the
 * DocumentClient's automatic ClientRequestToken, so a retried commit is applied once), or queued
 * into the surrounding `db.transaction()`. DynamoDB's condition failures become the model
 * layer's errors: a taken unique value, a stale version, an item that is gone.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { ConditionFailedError, type DocumentClient } from '../dynamodb/document.ts'
import { TransactionFailedError, type TransactionReason } from '../dynamodb/document-errors.ts'
import { TRANSACTION_ACTION_LIMIT, type TransactWriteAction } from '../dynamodb/transact.ts'
import { ModelNotFoundError, OrmError, TransactionTooLargeError, UniqueConstraintError, VersionConflictError } from './errors.ts'
import type { PlannedAction, WritePlan } from './write-plan.ts'

/** What a failed condition on the plan's first action means for this write. */
export interface FailureContext {
  model: string
  key: unknown
  /** The version the write expected, when it checked one. */
  version?: number
}

interface Queued {
  actions: PlannedAction[]
  contexts: FailureContext[]
  /** Run after the commit: model state sync and `*ed` events. */
  after: (() => Promise<void> | void)[]
}

const active = new AsyncLocalStorage<Queued>()

/** True inside `db.transaction(fn)`: writes are queued, not sent. */
export function inTransaction(): boolean {
  return active.getStore() !== undefined
}

/**
 * Sends a plan now, or queues it when a transaction is open. `after` runs once the write is
 * durable (immediately, or after the surrounding transaction commits).
 */
export async function runPlan(doc: DocumentClient, plan: WritePlan, failure: FailureContext, after: () => Promise<void> | void): Promise<void> {
  const queue = active.getStore()
  if (queue) {
    for (const action of plan.actions) {
      queue.actions.push(action)
      queue.contexts.push(failure)
    }
    queue.after.push(after)
    return
  }
  await send(doc, plan.actions, plan.actions.map(() => failure))
  await after()
}

/** `db.transaction(fn)`: every model write inside `fn` commits in one TransactWriteItems, or none does. */
export async function transaction<T>(doc: DocumentClient, fn: () => Promise<T>): Promise<T> {
  if (active.getStore()) throw new OrmError('InvalidQuery', 'db.transaction() does not nest: DynamoDB has no savepoints; do the inner writes in the outer transaction')
  const queue: Queued = { actions: [], contexts: [], after: [] }
  const result = await active.run(queue, fn)
  if (queue.actions.length > TRANSACTION_ACTION_LIMIT) throw new TransactionTooLargeError(queue.actions.length, TRANSACTION_ACTION_LIMIT)
  if (queue.actions.length > 0) await send(doc, queue.actions, queue.contexts)
  for (const after of queue.after) await after()
  return result
}

async function send(doc: DocumentClient, actions: readonly PlannedAction[], contexts: readonly FailureContext[]): Promise<void> {
  if (actions.length === 1) return sendOne(doc, actions[0]!.action, contexts[0]!)
  if (actions.length > TRANSACTION_ACTION_LIMIT) throw new TransactionTooLargeError(actions.length, TRANSACTION_ACTION_LIMIT)
  const wire = actions.map((a) => withOldImage(a.action))
  for (let attempt = 1; ; attempt++) {
    try {
      await doc.transactWrite(wire)
      return
    } catch (error) {
      if (!(error instanceof TransactionFailedError)) throw error
      // another transaction held one of the items: nothing was written, so trying again is safe
      const conflictOnly = error.failed.length > 0 && error.failed.every((r) => r.code === 'TransactionConflict')
      if (conflictOnly && attempt < CONFLICT_ATTEMPTS) {
        await Bun.sleep(Math.random() * 20 * 2 ** attempt)
        continue
      }
      throw translate(error, actions, contexts)
    }
  }
}

/** Tries of a transaction cancelled only by TransactionConflict (concurrent writers of one item). */
const CONFLICT_ATTEMPTS = 6

async function sendOne(doc: DocumentClient, action: TransactWriteAction, failure: FailureContext): Promise<void> {
  try {
    if ('put' in action) await doc.put({ ...action.put, returnValuesOnConditionCheckFailure: 'ALL_OLD' })
    else if ('update' in action) await doc.update({ ...action.update, returnValuesOnConditionCheckFailure: 'ALL_OLD' })
    else if ('delete' in action) await doc.delete({ ...action.delete, returnValuesOnConditionCheckFailure: 'ALL_OLD' })
    else throw new OrmError('InvalidQuery', 'a condition check alone writes nothing')
  } catch (error) {
    if (error instanceof ConditionFailedError) throw conditionFailure(failure, 'put' in action, error.item, error)
    throw error
  }
}

function withOldImage(action: TransactWriteAction): TransactWriteAction {
  if ('put' in action) return { put: { ...action.put, returnValuesOnConditionCheckFailure: 'ALL_OLD' } }
  if ('update' in action) return { update: { ...action.update, returnValuesOnConditionCheckFailure: 'ALL_OLD' } }
  if ('delete' in action) return { delete: { ...action.delete, returnValuesOnConditionCheckFailure: 'ALL_OLD' } }
  return action
}

/** A create whose item exists, an update of an item that is gone, or a stale version. */
function conditionFailure(failure: FailureContext, isPut: boolean, stored: Record<string, unknown> | undefined, cause: unknown): Error {
  if (isPut) return new OrmError('DuplicateKey', `a ${failure.model} with key ${JSON.stringify(failure.key)} exists already; use update() or choose another id`, { model: failure.model, cause })
  if (stored === undefined) return new ModelNotFoundError(failure.model, failure.key, cause)
  if (failure.version !== undefined && stored.version !== failure.version) return new VersionConflictError(failure.model, failure.version, cause)
  return new OrmError('InvalidQuery', `the write to ${failure.model} ${JSON.stringify(failure.key)} was refused by its condition`, { model: failure.model, cause })
}

/** The first action that failed decides the error; the others were cancelled with it. */
function translate(error: TransactionFailedError, actions: readonly PlannedAction[], contexts: readonly FailureContext[]): Error {
  const failed: TransactionReason | undefined = error.failed[0]
  if (!failed) return error
  const planned = actions[failed.index]
  const context = contexts[failed.index]
  if (!planned || !context || failed.code !== 'ConditionalCheckFailed') {
    if (planned) error.message = `${error.message} (action ${failed.index}: ${planned.label})`
    return error
  }
  if (planned.unique) return new UniqueConstraintError(context.model, planned.unique.attributes.join('+'), planned.unique.value, error)
  if (planned.label.endsWith('release unique')) {
    return new OrmError('InvalidQuery', `${context.model}: a unique sentinel is held by another item; run \`dbtooling ci:validate\` and check the data`, { model: context.model, cause: error })
  }
  return conditionFailure(context, 'put' in planned.action, failed.item, error)
}
