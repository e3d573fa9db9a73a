/**
 * Waiters: poll DescribeTable / DescribeTimeToLive until a state is reached, bounded by a
 * timeout, with a clear error naming what was awaited and the last state seen.
 */
import { sleep } from './backoff.ts'
import { WaiterTimeoutError } from './document-errors.ts'
import type { Sender } from './sender.ts'

export interface WaitOptions {
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number
  /** Poll interval (default 1 s against AWS; emulators answer at once anyway). */
  intervalMs?: number
  signal?: AbortSignal
}

interface TableDescription {
  TableStatus?: string
  GlobalSecondaryIndexes?: { IndexName: string; IndexStatus?: string }[]
}

async function waitUntil<T>(what: string, probe: () => Promise<{ done: boolean; state: T }>, options: WaitOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 300_000
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  for (;;) {
    const { done, state } = await probe()
    last = state
    if (done) return state
    if (Date.now() >= deadline) throw new WaiterTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}; last state: ${JSON.stringify(last)}`)
    await sleep(Math.min(options.intervalMs ?? 1000, Math.max(0, deadline - Date.now())), options.signal)
  }
}

async function describe(send: Sender, table: string, signal?: AbortSignal): Promise<TableDescription | undefined> {
  try {
    const out = (await send('DescribeTable', { TableName: table }, { signal })) as { Table?: TableDescription }
    return out.Table
  } catch (error) {
    if ((error as { code?: string }).code === 'ResourceNotFoundException') return undefined
    throw error
  }
}

export function waitForTableActive(send: Sender, table: string, options: WaitOptions = {}): Promise<string> {
  return waitUntil(`table ${table} to become ACTIVE`, async () => {
    const t = await describe(send, table, options.signal)
    return { done: t?.TableStatus === 'ACTIVE', state: t?.TableStatus ?? 'NOT_FOUND' }
  }, options)
}

export function waitForTableDeleted(send: Sender, table: string, options: WaitOptions = {}): Promise<string> {
  return waitUntil(`table ${table} to be deleted`, async () => {
    const t = await describe(send, table, options.signal)
    return { done: t === undefined, state: t?.TableStatus ?? 'DELETED' }
  }, options)
}

export function waitForIndexActive(send: Sender, table: string, index: string, options: WaitOptions = {}): Promise<string> {
  return waitUntil(`index ${index} of ${table} to become ACTIVE`, async () => {
    const t = await describe(send, table, options.signal)
    const status = t?.GlobalSecondaryIndexes?.find(i => i.IndexName === index)?.IndexStatus ?? 'NOT_FOUND'
    return { done: status === 'ACTIVE', state: status }
  }, options)
}

export function waitForTtlEnabled(send: Sender, table: string, options: WaitOptions = {}): Promise<string> {
  return waitUntil(`TTL on ${table} to be ENABLED`, async () => {
    const out = (await send('DescribeTimeToLive', { TableName: table }, { signal: options.signal })) as { TimeToLiveDescription?: { TimeToLiveStatus?: string } }
    const status = out.TimeToLiveDescription?.TimeToLiveStatus ?? 'UNKNOWN'
    return { done: status === 'ENABLED', state: status }
  }, options)
}
