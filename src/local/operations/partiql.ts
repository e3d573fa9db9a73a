/**
 * ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: PartiQL statements planned by
 * src/local/partiql and run with the same storage, evaluator and update engine as the item
 * operations. SELECT reuses Query (hash-key equality in WHERE) or Scan, then filters by WHERE.
 */
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import type { Engine, Operation } from '../engine.ts'
import { LocalError, validationError } from '../errors.ts'
import { applyUpdate, evaluateCondition, projectItem } from '../expressions/index.ts'
import type { ConditionTerm } from '../expressions/ast.ts'
import {
  assertKeyTypes, keyConditionFromWhere, keyFromWhere, parseStatement, projectSelect,
  type DeletePlan, type InsertPlan, type SelectPlan, type StatementPlan, type UpdatePlan,
} from '../partiql/index.ts'
import type { EntryKey } from '../storage/keys.ts'
import { entryKey } from '../storage/keys.ts'
import { attributeType, type KeyNames, type TableMeta } from '../storage/types.ts'
import { canonicalItem, canonicalValue, valueType } from '../canonical-values.ts'
import { assertKeyUntouched, checkItem } from './common.ts'

const MAX_BATCH = 25
const MAX_TRANSACTION = 100

/** Parses a statement and brings its literals and parameters to the engine's canonical form. */
function plan(statement: unknown, parameters: unknown): StatementPlan {
  if (typeof statement !== 'string' || statement.trim() === '') {
    throw validationError("1 validation error detected: Value null at 'statement' failed to satisfy constraint: Member must not be null")
  }
  if (parameters !== undefined && (!Array.isArray(parameters) || parameters.length === 0)) {
    throw validationError("1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1")
  }
  // Values are validated but kept as written: DynamoDB Local stores "2.50" from an UPDATE as is
  // (only INSERT, like PutItem, canonicalizes the item).
  const params = ((parameters as unknown[] | undefined) ?? []) as AttributeValue[]
  for (const p of params) canonicalValue(p)
  const planned = parseStatement(statement, params)
  const context = planned.kind === 'exists' ? planned.select.context : planned.context
  for (const value of Object.values(context.values ?? {})) canonicalValue(value)
  if (planned.kind === 'insert') {
    const canonical = canonicalItem(planned.item)
    planned.item = Object.fromEntries(Object.entries(canonical).map(([k, v]) => [k, inWrittenOrder(planned.item[k]!, v)]))
  }
  return planned
}

const SET_ELEMENT = { SS: 'S', NS: 'N', BS: 'B' } as const

/**
 * The canonical value with set members in the order the statement wrote them: DynamoDB Local
 * sorts sets stored through PutItem but keeps a PartiQL literal's order.
 */
function inWrittenOrder(written: AttributeValue, canonical: AttributeValue): AttributeValue {
  for (const type of ['SS', 'NS', 'BS'] as const) {
    if (type in written && type in canonical) {
      const element = SET_ELEMENT[type]
      const members = (written as Record<string, (string | Uint8Array)[]>)[type]!
      return { [type]: members.map((m) => (canonicalValue({ [element]: m }) as Record<string, string>)[element]) } as AttributeValue
    }
  }
  if ('L' in written && 'L' in canonical) return { L: written.L.map((v, i) => inWrittenOrder(v, canonical.L[i]!)) }
  if ('M' in written && 'M' in canonical) {
    return { M: Object.fromEntries(Object.entries(canonical.M).map(([k, v]) => [k, inWrittenOrder(written.M[k]!, v)])) }
  }
  return canonical
}

function keyNames(key: KeyNames): string[] {
  return key.range ? [key.hash, key.range] : [key.hash]
}

function checkKeyTypes(meta: TableMeta, key: AttributeMap): void {
  for (const [name, value] of Object.entries(key)) {
    if (valueType(value) !== attributeType(meta, name)) {
      throw validationError(`Key attribute's data type should match its data type in table's schema: Key ${name}`)
    }
  }
}

/** The item a keyed statement (UPDATE, DELETE, single-item SELECT) addresses. */
function addressed(engine: Engine, p: UpdatePlan | DeletePlan | SelectPlan): { meta: TableMeta; key: AttributeMap; at: EntryKey } {
  const meta = engine.table(p.table)
  const key = keyFromWhere(p, keyNames(meta.key))
  checkKeyTypes(meta, key)
  return { meta, key, at: entryKey(key, meta.key)! }
}

function conditionFailed(message = 'The conditional request failed'): LocalError {
  return new LocalError('ConditionalCheckFailedException', message)
}

function duplicateItem(): LocalError {
  return new LocalError('DuplicateItem', 'Duplicate primary key exists in table')
}

/** A write statement split into a check against the current item and the write it then makes. */
interface PreparedWrite {
  meta: TableMeta
  at: EntryKey
  /** False for EXISTS condition checks, which never write. */
  writes: boolean
  /** undefined when the statement may proceed, else the error it fails with. */
  check(old: AttributeMap | undefined): LocalError | undefined
  next(old: AttributeMap | undefined): AttributeMap | undefined
  returned(old: AttributeMap | undefined, next: AttributeMap | undefined): AttributeMap[]
}

function prepareWrite(engine: Engine, p: InsertPlan | UpdatePlan | DeletePlan): PreparedWrite {
  if (p.kind === 'insert') {
    const meta = engine.table(p.table)
    for (const name of keyNames(meta.key)) {
      if (!p.item[name]) throw validationError(`Key attribute should be present in the item: Key ${name}`)
    }
    checkKeyTypes(meta, { [meta.key.hash]: p.item[meta.key.hash]!, ...(meta.key.range ? { [meta.key.range]: p.item[meta.key.range]! } : {}) })
    checkItem(meta, p.item)
    return {
      meta,
      at: entryKey(p.item, meta.key)!,
      writes: true,
      check: (old) => (old ? duplicateItem() : undefined),
      next: () => p.item,
      returned: () => [],
    }
  }
  const { meta, key, at } = addressed(engine, p)
  if (p.kind === 'delete') {
    return {
      meta,
      at,
      writes: true,
      check: (old) => (old && !evaluateCondition(p.where, old, p.context) ? conditionFailed() : undefined),
      next: () => undefined,
      returned: (old) => (p.returning === 'ALL_OLD' && old ? [old] : []),
    }
  }
  assertKeyUntouched(meta, p.update, p.context)
  return {
    meta,
    at,
    writes: true,
    check: (old) => (!old || !evaluateCondition(p.where, old, p.context) ? conditionFailed() : undefined),
    // Not updatedItem: that re-sorts every set, while DynamoDB Local keeps the order of sets a
    // PartiQL INSERT wrote unless the update touches them (applyUpdate sorts those it writes).
    next: (old) => {
      const next = applyUpdate(p.update, old ?? key, p.context)
      checkItem(meta, next, true)
      return next
    },
    returned: (old, next) => {
      const modified = (item: AttributeMap | undefined) => (item ? projectItem(item, p.update.actions.map((a) => a.path), p.context) : {})
      if (p.returning === 'ALL_NEW') return [next!]
      if (p.returning === 'ALL_OLD') return [old!]
      if (p.returning === 'MODIFIED_NEW') return [modified(next)]
      if (p.returning === 'MODIFIED_OLD') return [modified(old)]
      return []
    },
  }
}

function runWrite(engine: Engine, write: PreparedWrite): AttributeMap[] {
  return engine.store.transaction(() => {
    const old = engine.store.get(write.meta, write.at)
    const failure = write.check(old)
    if (failure) throw failure
    const next = write.next(old)
    if (old || next) engine.store.write(write.meta, write.at, old, next)
    return write.returned(old, next)
  })
}

function keyExpression(condition: NonNullable<ReturnType<typeof keyConditionFromWhere>>): { text: string; names: Record<string, string>; values: Record<string, AttributeValue> } {
  const names: Record<string, string> = { '#h': condition.hash.name }
  const values: Record<string, AttributeValue> = { ':h': condition.hash.value }
  let text = '#h = :h'
  const range = condition.range
  if (range) {
    names['#r'] = range.name
    range.values.forEach((v, i) => (values[`:r${i}`] = v))
    if (range.op === 'BETWEEN') text += ' AND #r BETWEEN :r0 AND :r1'
    else if (range.op === 'BEGINS_WITH') text += ' AND begins_with(#r, :r0)'
    else text += ` AND #r ${range.op} :r0`
  }
  return { text, names, values }
}

function runSelect(engine: Engine, p: SelectPlan, input: Record<string, unknown>): Record<string, unknown> {
  const meta = engine.table(p.table)
  const index = p.index !== undefined ? meta.indexes.find((i) => i.name === p.index) : undefined
  if (p.index !== undefined && !index) throw validationError(`The table does not have the specified index: ${p.index}`)
  const key = index?.key ?? meta.key
  const condition = keyConditionFromWhere(p, key)
  if (condition) {
    checkKeyTypes(meta, { [condition.hash.name]: condition.hash.value })
    for (const v of condition.range?.values ?? []) checkKeyTypes(meta, { [condition.range!.name]: v })
  }
  const keyTypes: Record<string, string> = {}
  for (const name of keyNames(key)) keyTypes[name] = attributeType(meta, name)!
  assertKeyTypes(p, key.hash, keyTypes)
  const request: Record<string, unknown> = { TableName: p.table }
  if (index) request.IndexName = index.name
  if (input.Limit !== undefined) request.Limit = input.Limit
  if (input.ConsistentRead !== undefined) request.ConsistentRead = input.ConsistentRead
  if (typeof input.NextToken === 'string') {
    try {
      request.ExclusiveStartKey = JSON.parse(Buffer.from(input.NextToken, 'base64').toString('utf8'))
    } catch {
      throw validationError('Invalid NextToken')
    }
  }
  let page: { Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap }
  if (condition) {
    const { text, names, values } = keyExpression(condition)
    page = engine.execute('Query', {
      ...request, KeyConditionExpression: text, ExpressionAttributeNames: names, ExpressionAttributeValues: values,
      ...(p.orderBy?.descending ? { ScanIndexForward: false } : {}),
    }) as typeof page
  } else {
    page = engine.execute('Scan', request) as typeof page
  }
  const items = (page.Items ?? []).filter((item) => !p.where || evaluateCondition(p.where, item, p.context))
  const out: Record<string, unknown> = { Items: items.map((item) => projectSelect(item, p)) }
  if (page.LastEvaluatedKey) out.NextToken = Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64')
  return out
}

const executeStatement: Operation = (engine, input) => {
  const p = plan(input.Statement, input.Parameters)
  if (p.kind === 'exists') throw validationError('EXISTS is only supported in ExecuteTransaction')
  if (p.kind === 'select') return runSelect(engine, p, input)
  return { Items: runWrite(engine, prepareWrite(engine, p)) }
}

/** Only `WHERE <each key attribute> = value` and nothing else addresses exactly one item. */
function isSingleItemSelect(p: SelectPlan, keys: string[]): boolean {
  const leaves: ConditionTerm[] = []
  const visit = (term: ConditionTerm): boolean => {
    if (term.kind === 'and') return visit(term.left) && visit(term.right)
    leaves.push(term)
    return term.kind === 'compare' && term.op === '='
  }
  if (!p.where || !visit(p.where.root) || leaves.length !== keys.length) return false
  try {
    keyFromWhere(p, keys)
    return true
  } catch {
    return false
  }
}

const ERROR_CODES: Record<string, string> = {
  ConditionalCheckFailedException: 'ConditionalCheckFailed',
  DuplicateItem: 'DuplicateItem',
  ResourceNotFoundException: 'ResourceNotFound',
  ValidationException: 'ValidationError',
}

function statementsOf(input: Record<string, unknown>, field: string, max: number): Record<string, unknown>[] {
  const list = input[field]
  const member = field === 'Statements' ? 'statements' : 'transactStatements'
  if (!Array.isArray(list)) throw validationError(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`)
  if (list.length === 0 || list.length > max) {
    throw validationError(`1 validation error detected: Value '[${list.length} items]' at '${member}' failed to satisfy constraint: Member must have length ${list.length === 0 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`)
  }
  return list as Record<string, unknown>[]
}

function itemId(meta: TableMeta, at: EntryKey): string {
  return `${meta.id}:${Buffer.from(at.hk).toString('hex')}/${Buffer.from(at.rk).toString('hex')}`
}

const batchExecuteStatement: Operation = (engine, input) => {
  const entries = statementsOf(input, 'Statements', MAX_BATCH).map((entry) => {
    try {
      return { plan: plan(entry.Statement, entry.Parameters) }
    } catch (error) {
      if (error instanceof LocalError) return { error }
      throw error
    }
  })
  const reads = entries.filter((e) => e.plan?.kind === 'select').length
  const writes = entries.filter((e) => e.plan && e.plan.kind !== 'select').length
  if (reads > 0 && writes > 0) throw validationError('Read and write requests together in the same batch is not supported.')
  const seen = new Set<string>()
  const prepared = entries.map((entry) => {
    if (entry.error || !entry.plan) return { error: entry.error }
    const p = entry.plan
    try {
      if (p.kind === 'exists') throw validationError('EXISTS is only supported in ExecuteTransaction')
      if (p.kind === 'select') {
        const meta = engine.table(p.table)
        if (p.index !== undefined || !isSingleItemSelect(p, keyNames(meta.key))) throw validationError('Only single item select is supported')
        const { at } = addressed(engine, p)
        return { select: p, meta, at }
      }
      const write = prepareWrite(engine, p)
      const id = itemId(write.meta, write.at)
      if (seen.has(id)) throw validationError('Provided list of item keys contains duplicates')
      seen.add(id)
      return { write }
    } catch (error) {
      if (error instanceof LocalError && error.message === 'Provided list of item keys contains duplicates') throw error
      if (error instanceof LocalError) return { error }
      throw error
    }
  })
  const responses = prepared.map((entry) => {
    if ('select' in entry && entry.select) {
      const item = engine.store.get(entry.meta, entry.at)
      return { TableName: entry.select.table, ...(item ? { Item: projectSelect(item, entry.select) } : {}) }
    }
    if ('write' in entry && entry.write) {
      try {
        runWrite(engine, entry.write)
        return { TableName: entry.write.meta.name }
      } catch (error) {
        if (!(error instanceof LocalError)) throw error
        return { Error: { Code: ERROR_CODES[error.type] ?? error.type, Message: error.message }, TableName: entry.write.meta.name }
      }
    }
    const error = entry.error!
    return { Error: { Code: ERROR_CODES[error.type] ?? error.type, Message: error.message } }
  })
  return { Responses: responses }
}

const executeTransaction: Operation = (engine, input) => {
  const plans = statementsOf(input, 'TransactStatements', MAX_TRANSACTION).map((entry) => plan(entry.Statement, entry.Parameters))
  const reads = plans.filter((p) => p.kind === 'select').length
  if (reads > 0 && reads < plans.length) {
    throw validationError('ExecuteTransaction API does not support both read and write operations in the same request.')
  }
  if (reads > 0) {
    return {
      Responses: plans.map((p) => {
        const select = p as SelectPlan
        const meta = engine.table(select.table)
        if (!isSingleItemSelect(select, keyNames(meta.key))) throw validationError('Only single item select is supported')
        const { at } = addressed(engine, select)
        const item = engine.store.get(meta, at)
        return item ? { Item: projectSelect(item, select) } : {}
      }),
    }
  }
  const seen = new Set<string>()
  const actions = plans.map((p): PreparedWrite => {
    const action: PreparedWrite = p.kind === 'exists' ? prepareExists(engine, p.select) : prepareWrite(engine, p as InsertPlan | UpdatePlan | DeletePlan)
    const id = itemId(action.meta, action.at)
    if (seen.has(id)) throw validationError('Transaction request cannot include multiple operations on one item')
    seen.add(id)
    return action
  })
  return engine.store.transaction(() => {
    const olds = actions.map((a) => engine.store.get(a.meta, a.at))
    const failures = actions.map((a, i) => a.check(olds[i]))
    if (failures.some(Boolean)) {
      const reasons = failures.map((f) => {
        if (!f) return { Code: 'None' }
        // DynamoDB Local reports a duplicate INSERT inside a transaction as a ValidationError.
        return { Code: f.type === 'DuplicateItem' ? 'ValidationError' : (ERROR_CODES[f.type] ?? f.type), Message: f.message }
      })
      throw new LocalError('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`, 400, { CancellationReasons: reasons })
    }
    const nexts = actions.map((a, i) => a.next(olds[i]))
    actions.forEach((a, i) => {
      if (a.writes && (olds[i] || nexts[i])) engine.store.write(a.meta, a.at, olds[i], nexts[i])
    })
    return { Responses: [] }
  })
}

function prepareExists(engine: Engine, select: SelectPlan): PreparedWrite {
  const { meta, at } = addressed(engine, select)
  return {
    meta,
    at,
    writes: false,
    check: (old) => (old && (!select.where || evaluateCondition(select.where, old, select.context)) ? undefined : conditionFailed('The conditional request failed.')),
    next: (old) => old,
    returned: () => [],
  }
}

export const partiqlOperations: Record<string, Operation> = {
  ExecuteStatement: executeStatement,
  BatchExecuteStatement: batchExecuteStatement,
  ExecuteTransaction: executeTransaction,
}
