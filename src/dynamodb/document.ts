/**
 * DocumentClient: DynamoDB with plain JavaScript in and out. Expressions come from the builders
 * (never hand-written strings), values are marshalled, pages carry opaque cursors, batches and
 * transactions never lose a write silently.
 */
import type { AttributeMap } from './attribute-value.ts'
import { batchGet, batchWrite, type BatchGetOptions, type BatchGetRequest, type BatchWriteOptions, type BatchWriteRequest } from './batch.ts'
import { DynamoDBClient, type DynamoDBClientOptions } from './client.ts'
import { decodeCursor } from './cursor.ts'
import { DocumentError } from './document-errors.ts'
import type { Condition } from './expressions/tree.ts'
import { assertItemSize, itemSize, MAX_ITEM_SIZE } from './value-rules.ts'
import { marshall, unmarshall, type MarshallOptions, type UnmarshallOptions } from './marshall.ts'
import { all, count, pages, parallelScan, readPage, type Page, type PageOptions, type ParallelScanOptions, type WireReadRequest } from './paginate.ts'
import { executeStatement, executeStatementPages, batchExecuteStatement, executeTransaction, type Statement, type StatementOptions, type StatementPage } from './partiql.ts'
import { compileProjection, compileRead, compileWrite, type KeyInput, type ProjectionInput, type UpdateInput } from './request.ts'
import type { Sender } from './sender.ts'
import type { OperationInput } from './types/index.ts'
import { transactGet, transactWrite, type TransactGetAction, type TransactOptions, type TransactWriteAction } from './transact.ts'
import { waitForIndexActive, waitForTableActive, waitForTableDeleted, waitForTtlEnabled, type WaitOptions } from './waiters.ts'

export type Item = Record<string, unknown>
type OnFailure = 'ALL_OLD' | 'NONE'

export interface DocumentClientOptions {
  marshall?: MarshallOptions
  unmarshall?: UnmarshallOptions
}

export interface GetInput {
  table: string
  key: Item
  projection?: ProjectionInput
  consistentRead?: boolean
}

export interface PutInput {
  table: string
  item: Item
  condition?: Condition
  returnValues?: 'NONE' | 'ALL_OLD'
  returnValuesOnConditionCheckFailure?: OnFailure
}

export interface UpdateItemInput {
  table: string
  key: Item
  update: UpdateInput
  condition?: Condition
  returnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW'
  returnValuesOnConditionCheckFailure?: OnFailure
}

export interface DeleteInput {
  table: string
  key: Item
  condition?: Condition
  returnValues?: 'NONE' | 'ALL_OLD'
  returnValuesOnConditionCheckFailure?: OnFailure
}

export interface QueryInput {
  table: string
  index?: string
  /** Partition key equality and an optional sort-key condition. */
  key: KeyInput
  filter?: Condition
  projection?: ProjectionInput
  /** Items per page (DynamoDB's Limit: counted before the filter). */
  limit?: number
  /** Newest/largest sort key first. */
  descending?: boolean
  consistentRead?: boolean
}

export interface ScanInput {
  table: string
  index?: string
  filter?: Condition
  projection?: ProjectionInput
  limit?: number
  consistentRead?: boolean
}

/** A conditional write failed; `item` is the stored item when it was asked for. */
export class ConditionFailedError extends DocumentError {
  readonly requestId?: string
  constructor(message: string, readonly item: Item | undefined, options: { cause?: unknown; requestId?: string }) {
    super('ConditionalCheckFailedException', message, undefined, { cause: options.cause })
    this.requestId = options.requestId
  }
}

export class DocumentClient {
  readonly client: DynamoDBClient
  private readonly send: Sender
  private readonly options: DocumentClientOptions
  private readonly keySchemas = new Map<string, Promise<string[]>>()

  constructor(client: DynamoDBClient | DynamoDBClientOptions = {}, options: DocumentClientOptions = {}) {
    this.client = client instanceof DynamoDBClient ? client : new DynamoDBClient(client)
    this.options = options
    // Everything the document layer sends comes from marshall() or from DynamoDB: binaries are base64 already.
    this.send = (operation, input, opts) => this.client.send(operation, input, { signal: opts?.signal, binariesEncoded: true })
  }

  async get(input: GetInput, opts: { signal?: AbortSignal } = {}): Promise<Item | undefined> {
    const out = (await this.send('GetItem', {
      TableName: input.table,
      Key: this.marshallKey(input.key),
      ...compileProjection(input.projection),
      ...(input.consistentRead ? { ConsistentRead: true } : {}),
    }, opts)) as { Item?: AttributeMap }
    return out.Item ? unmarshall(out.Item, this.options.unmarshall) : undefined
  }

  async put(input: PutInput, opts: { signal?: AbortSignal } = {}): Promise<{ attributes?: Item }> {
    const item = marshall(input.item, this.options.marshall)
    if (itemSize(item) > MAX_ITEM_SIZE) assertItemSize(item, await this.keyAttributes(input.table).catch(() => undefined))
    return this.write('PutItem', { TableName: input.table, Item: item, ...compileWrite({ condition: input.condition }, this.options.marshall), ...returnOptions(input) }, opts)
  }

  async update(input: UpdateItemInput, opts: { signal?: AbortSignal } = {}): Promise<{ attributes?: Item }> {
    const compiled = compileWrite({ update: input.update, condition: input.condition }, this.options.marshall)
    return this.write('UpdateItem', { TableName: input.table, Key: this.marshallKey(input.key), ...compiled, ...returnOptions(input) }, opts)
  }

  async delete(input: DeleteInput, opts: { signal?: AbortSignal } = {}): Promise<{ attributes?: Item }> {
    return this.write('DeleteItem', { TableName: input.table, Key: this.marshallKey(input.key), ...compileWrite({ condition: input.condition }, this.options.marshall), ...returnOptions(input) }, opts)
  }

  /** One page; pass `cursor` from the previous page to continue. */
  async query(input: QueryInput, options: PageOptions = {}): Promise<Page> {
    const start = options.cursor ? decodeCursor(options.cursor) : undefined
    return readPage(this.send, 'Query', this.queryRequest(input), start, this.pageOptions(options))
  }

  queryPages(input: QueryInput, options: PageOptions = {}): AsyncGenerator<Page> {
    return pages(this.send, 'Query', this.queryRequest(input), this.pageOptions(options))
  }

  /** Every matching item, across all pages (bounded by `maxItems` if given). */
  queryAll(input: QueryInput, options: PageOptions = {}): Promise<Item[]> {
    return all(this.send, 'Query', this.queryRequest(input), this.pageOptions(options))
  }

  /** Select COUNT across all pages. */
  async queryCount(input: Omit<QueryInput, 'projection'>, options: PageOptions = {}): Promise<number> {
    return (await count(this.send, 'Query', this.queryRequest(input), this.pageOptions(options))).count
  }

  async scan(input: ScanInput, options: PageOptions = {}): Promise<Page> {
    const start = options.cursor ? decodeCursor(options.cursor) : undefined
    return readPage(this.send, 'Scan', this.scanRequest(input), start, this.pageOptions(options))
  }

  scanPages(input: ScanInput, options: PageOptions = {}): AsyncGenerator<Page> {
    return pages(this.send, 'Scan', this.scanRequest(input), this.pageOptions(options))
  }

  scanAll(input: ScanInput, options: PageOptions = {}): Promise<Item[]> {
    return all(this.send, 'Scan', this.scanRequest(input), this.pageOptions(options))
  }

  async scanCount(input: Omit<ScanInput, 'projection'>, options: PageOptions = {}): Promise<number> {
    return (await count(this.send, 'Scan', this.scanRequest(input), this.pageOptions(options))).count
  }

  /** Scan over `segments` segments, `concurrency` at a time. */
  parallelScan(input: ScanInput, options: ParallelScanOptions): Promise<Item[]> {
    return parallelScan(this.send, this.scanRequest(input), { ...this.pageOptions(options), segments: options.segments, concurrency: options.concurrency, onPage: options.onPage })
  }

  batchGet(requests: readonly BatchGetRequest[], options: BatchGetOptions = {}): Promise<(Item | undefined)[]> {
    return batchGet(this.send, requests, { marshallOptions: this.options.marshall, unmarshallOptions: this.options.unmarshall, ...options })
  }

  batchWrite(writes: readonly BatchWriteRequest[], options: BatchWriteOptions = {}): Promise<{ written: number }> {
    return batchWrite(this.send, table => this.keyAttributes(table), writes, { marshallOptions: this.options.marshall, ...options })
  }

  transactWrite(actions: readonly TransactWriteAction[], options: TransactOptions = {}): Promise<void> {
    return transactWrite(this.send, table => this.keyAttributes(table), actions, { marshallOptions: this.options.marshall, unmarshallOptions: this.options.unmarshall, ...options })
  }

  transactGet(actions: readonly TransactGetAction[], options: TransactOptions = {}): Promise<(Item | undefined)[]> {
    return transactGet(this.send, actions, { marshallOptions: this.options.marshall, unmarshallOptions: this.options.unmarshall, ...options })
  }

  /** PartiQL: one page of results; pass `nextToken` to continue. */
  executeStatement(statement: Statement, options: StatementOptions = {}): Promise<StatementPage> {
    return executeStatement(this.send, statement, this.statementOptions(options))
  }

  executeStatementPages(statement: Statement, options: StatementOptions = {}): AsyncGenerator<StatementPage> {
    return executeStatementPages(this.send, statement, this.statementOptions(options))
  }

  batchExecuteStatement(statements: readonly Statement[], options: StatementOptions = {}) {
    return batchExecuteStatement(this.send, statements, this.statementOptions(options))
  }

  executeTransaction(statements: readonly Statement[], options: StatementOptions & { clientRequestToken?: string } = {}) {
    return executeTransaction(this.send, statements, this.statementOptions(options))
  }

  waitForTableActive(table: string, options?: WaitOptions): Promise<string> {
    return waitForTableActive(this.send, table, options)
  }

  waitForTableDeleted(table: string, options?: WaitOptions): Promise<string> {
    return waitForTableDeleted(this.send, table, options)
  }

  waitForIndexActive(table: string, index: string, options?: WaitOptions): Promise<string> {
    return waitForIndexActive(this.send, table, index, options)
  }

  waitForTtlEnabled(table: string, options?: WaitOptions): Promise<string> {
    return waitForTtlEnabled(this.send, table, options)
  }

  /** The table's key attribute names (hash, then range), from DescribeTable, cached. */
  keyAttributes(table: string): Promise<string[]> {
    let cached = this.keySchemas.get(table)
    if (!cached) {
      cached = (this.send('DescribeTable', { TableName: table }) as Promise<{ Table?: { KeySchema?: { AttributeName: string; KeyType: string }[] } }>).then(out =>
        [...(out.Table?.KeySchema ?? [])].sort((a, b) => (a.KeyType === 'HASH' ? -1 : b.KeyType === 'HASH' ? 1 : 0)).map(k => k.AttributeName),
      )
      cached.catch(() => this.keySchemas.delete(table))
      this.keySchemas.set(table, cached)
    }
    return cached
  }

  close(): void {
    this.client.close()
  }

  private marshallKey(key: Item): AttributeMap {
    return marshall(key, this.options.marshall)
  }

  private queryRequest(input: Omit<QueryInput, 'projection'> & { projection?: ProjectionInput }): WireReadRequest {
    return {
      TableName: input.table,
      ...(input.index ? { IndexName: input.index } : {}),
      ...compileRead({ key: input.key, filter: input.filter, projection: input.projection }, this.options.marshall),
      ...(input.limit !== undefined ? { Limit: input.limit } : {}),
      ...(input.descending ? { ScanIndexForward: false } : {}),
      ...(input.consistentRead ? { ConsistentRead: true } : {}),
    }
  }

  private scanRequest(input: Omit<ScanInput, 'projection'> & { projection?: ProjectionInput }): WireReadRequest {
    return {
      TableName: input.table,
      ...(input.index ? { IndexName: input.index } : {}),
      ...compileRead({ filter: input.filter, projection: input.projection }, this.options.marshall),
      ...(input.limit !== undefined ? { Limit: input.limit } : {}),
      ...(input.consistentRead ? { ConsistentRead: true } : {}),
    }
  }

  private pageOptions<T extends PageOptions>(options: T): T {
    return options.unmarshallOptions || !this.options.unmarshall ? options : { ...options, unmarshallOptions: this.options.unmarshall }
  }

  private statementOptions<T extends StatementOptions>(options: T): T {
    return { marshallOptions: this.options.marshall, unmarshallOptions: this.options.unmarshall, ...options }
  }

  private async write<Op extends 'PutItem' | 'UpdateItem' | 'DeleteItem'>(operation: Op, request: OperationInput<Op>, opts: { signal?: AbortSignal }): Promise<{ attributes?: Item }> {
    let out: { Attributes?: AttributeMap }
    try {
      out = await this.send(operation, request, opts)
    } catch (error) {
      const e = error as { code?: string; item?: AttributeMap; requestId?: string; message?: string }
      if (e?.code === 'ConditionalCheckFailedException') {
        const item = e.item ? unmarshall(e.item, this.options.unmarshall) : undefined
        throw new ConditionFailedError(`${operation} on ${request.TableName}: the condition did not hold${item ? ' (error.item is the stored item)' : ''}`, item, { cause: error, requestId: e.requestId })
      }
      throw error
    }
    return out.Attributes ? { attributes: unmarshall(out.Attributes, this.options.unmarshall) } : {}
  }
}

/** The caller's ReturnValues choices, as wire parameters. */
function returnOptions<R extends string>(input: { returnValues?: R; returnValuesOnConditionCheckFailure?: OnFailure }): { ReturnValues?: R; ReturnValuesOnConditionCheckFailure?: OnFailure } {
  return {
    ...(input.returnValues ? { ReturnValues: input.returnValues } : {}),
    ...(input.returnValuesOnConditionCheckFailure ? { ReturnValuesOnConditionCheckFailure: input.returnValuesOnConditionCheckFailure } : {}),
  }
}
