/**
 * PartiQL through the document layer: parameters marshalled, results unmarshalled, paging by
 * NextToken, and a transaction's cancellation reasons lined up with its statements.
 */
import type { AttributeMap } from './attribute-value.ts'
import { TransactionFailedError, type TransactionReason } from './document-errors.ts'
import { marshallValue, unmarshall, type MarshallOptions, type UnmarshallOptions } from './marshall.ts'
import type { Sender } from './sender.ts'
import type { BatchStatementRequest } from './types/index.ts'

type Item = Record<string, unknown>

export interface Statement {
  statement: string
  parameters?: readonly unknown[]
  consistentRead?: boolean
}

export interface StatementOptions {
  limit?: number
  nextToken?: string
  clientRequestToken?: string
  signal?: AbortSignal
  marshallOptions?: MarshallOptions
  unmarshallOptions?: UnmarshallOptions
}

export interface StatementPage {
  items: Item[]
  nextToken?: string
  lastEvaluatedKey?: AttributeMap
}

function wireStatement(s: Statement, options: StatementOptions): BatchStatementRequest {
  return {
    Statement: s.statement,
    ...(s.parameters?.length ? { Parameters: s.parameters.map((p, i) => marshallValue(p, options.marshallOptions, `parameters[${i}]`)) } : {}),
    ...(s.consistentRead ? { ConsistentRead: true } : {}),
  }
}

export async function executeStatement(send: Sender, statement: Statement, options: StatementOptions = {}): Promise<StatementPage> {
  const out = (await send('ExecuteStatement', {
    ...wireStatement(statement, options),
    ...(options.limit !== undefined ? { Limit: options.limit } : {}),
    ...(options.nextToken ? { NextToken: options.nextToken } : {}),
  }, { signal: options.signal })) as { Items?: AttributeMap[]; NextToken?: string; LastEvaluatedKey?: AttributeMap }
  return {
    items: (out.Items ?? []).map(i => unmarshall(i, options.unmarshallOptions)),
    ...(out.NextToken ? { nextToken: out.NextToken } : {}),
    ...(out.LastEvaluatedKey ? { lastEvaluatedKey: out.LastEvaluatedKey } : {}),
  }
}

export async function* executeStatementPages(send: Sender, statement: Statement, options: StatementOptions = {}): AsyncGenerator<StatementPage> {
  let nextToken = options.nextToken
  do {
    const page = await executeStatement(send, statement, { ...options, nextToken })
    yield page
    nextToken = page.nextToken
  } while (nextToken)
}

export interface StatementResult {
  item?: Item
  error?: { code: string; message?: string; item?: Item }
}

/** Up to 25 statements; each result says whether its statement succeeded. */
export async function batchExecuteStatement(send: Sender, statements: readonly Statement[], options: StatementOptions = {}): Promise<StatementResult[]> {
  const out = (await send('BatchExecuteStatement', { Statements: statements.map(s => wireStatement(s, options)) }, { signal: options.signal })) as {
    Responses?: { Item?: AttributeMap; Error?: { Code?: string; Message?: string; Item?: AttributeMap } }[]
  }
  return (out.Responses ?? []).map(r => ({
    ...(r.Item ? { item: unmarshall(r.Item, options.unmarshallOptions) } : {}),
    ...(r.Error ? { error: { code: r.Error.Code ?? 'Unknown', ...(r.Error.Message ? { message: r.Error.Message } : {}), ...(r.Error.Item ? { item: unmarshall(r.Error.Item, options.unmarshallOptions) } : {}) } } : {}),
  }))
}

/** All statements or none; idempotent on retry through a ClientRequestToken. */
export async function executeTransaction(send: Sender, statements: readonly Statement[], options: StatementOptions = {}): Promise<(Item | undefined)[]> {
  try {
    const out = (await send('ExecuteTransaction', {
      TransactStatements: statements.map(s => wireStatement(s, options)),
      ClientRequestToken: options.clientRequestToken ?? crypto.randomUUID(),
    }, { signal: options.signal })) as { Responses?: { Item?: AttributeMap }[] }
    return (out.Responses ?? []).map(r => (r.Item ? unmarshall(r.Item, options.unmarshallOptions) : undefined))
  } catch (error) {
    const e = error as { code?: string; cancellationReasons?: { Code?: string; Message?: string; Item?: AttributeMap }[]; requestId?: string; message?: string }
    if (e?.code !== 'TransactionCanceledException' || !Array.isArray(e.cancellationReasons)) throw error
    const reasons: TransactionReason[] = statements.map((s, index) => {
      const r = e.cancellationReasons![index] ?? {}
      return { index, action: 'update', table: s.statement, code: r.Code ?? 'None', ...(r.Message ? { message: r.Message } : {}), ...(r.Item ? { item: unmarshall(r.Item, options.unmarshallOptions) } : {}) }
    })
    const failed = reasons.filter(r => r.code !== 'None').map(r => `statement ${r.index}: ${r.code}`).join('; ')
    throw new TransactionFailedError(`PartiQL transaction cancelled, nothing was written: ${failed || e.message}`, reasons, { cause: error, requestId: e.requestId })
  }
}
