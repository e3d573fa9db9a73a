/**
 * What of an answer is compared. Dropped: request ids and headers, creation timestamps, ARNs
 * and stream labels (the emulators' accounts and clocks differ). Reordered: object keys, and
 * the items of answers whose order DynamoDB leaves unspecified (BatchGetItem responses; Scan
 * and index-Query results are compared as unions by the runner).
 */
import { asDynamoDB } from '../dynamodb-local-quirks.ts'
import { TABLE } from './generator.ts'

export interface Answer {
  status: number
  body: Record<string, unknown>
}

const VOLATILE = new Set([
  'CreationDateTime', 'LastUpdateToPayPerRequestDateTime', 'LastIncreaseDateTime', 'LastDecreaseDateTime',
  'LatestStreamLabel', 'LatestStreamArn', 'TableArn', 'IndexArn', 'TableId', 'IndexSizeBytes', 'TableSizeBytes',
])

/** Sorted keys, volatile fields dropped; arrays keep their order. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      if (VOLATILE.has(key)) continue
      out[key] = canonical((value as Record<string, unknown>)[key])
    }
    return out
  }
  return value
}

const byJson = (a: unknown, b: unknown) => {
  const x = JSON.stringify(a)
  const y = JSON.stringify(b)
  return x < y ? -1 : x > y ? 1 : 0
}

export function sortItems(items: unknown[]): unknown[] {
  return items.map(canonical).sort(byJson)
}

/** A single answer as compared: status and canonical body, BatchGet responses as multisets. */
export function view(op: string, answer: Answer, tableName: string): unknown {
  const body = canonical(asDynamoDB(answer.body)) as Record<string, unknown>
  if (op === 'BatchGetItem' && body.Responses && typeof body.Responses === 'object') {
    const responses = body.Responses as Record<string, unknown[]>
    for (const name of Object.keys(responses)) responses[name] = sortItems(responses[name] ?? [])
  }
  // Error messages may quote the table name; the run's name differs between replays.
  return JSON.parse(JSON.stringify({ status: answer.status, body }).replaceAll(tableName, TABLE))
}

export function errorType(answer: Answer): string | undefined {
  const type = answer.body.__type
  return typeof type === 'string' ? type.slice(type.indexOf('#') + 1) : undefined
}

/** One line naming how two answers differ, e.g. `status 200 vs 400 ValidationException`. */
export function classify(ours: Answer, theirs: Answer): string {
  const a = errorType(ours)
  const b = errorType(theirs)
  if (ours.status !== theirs.status || a !== b) return `engine ${ours.status}${a ? ` ${a}` : ''} vs DynamoDB Local ${theirs.status}${b ? ` ${b}` : ''}`
  if (a) return `same ${a}, different body (message or extra fields)`
  return 'same status, different result'
}
