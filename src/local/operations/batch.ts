/** BatchGetItem and BatchWriteItem, with DynamoDB's limits and duplicate-key rules. */
import type { AttributeMap } from '../../dynamodb/attribute-value.ts'
import type { Operation } from '../engine.ts'
import { validationError } from '../errors.ts'
import { parseProjection } from '../expressions/index.ts'
import type { EntryKey } from '../storage/keys.ts'
import type { TableMeta } from '../storage/types.ts'
import { readLegacy } from '../legacy/index.ts'
import { bindExpressions, checkName, expressionContext, projector, readItem, readKey } from './common.ts'
import { charge, itemWrite, readUnits, report, reports, type Capacity } from './capacity.ts'
import { itemSize } from '../../dynamodb/value-rules.ts'
import { tablesOrChecked } from './request-checks.ts'

function keyId(at: EntryKey): string {
  return `${Buffer.from(at.hk).toString('base64')}/${Buffer.from(at.rk).toString('base64')}`
}

const batchGetItem: Operation = (engine, input) => {
  const requests = input.RequestItems as Record<string, Record<string, unknown>> | undefined
  if (!requests || typeof requests !== 'object') throw validationError("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null")
  const entries = Object.entries(requests)
  if (entries.length === 0) throw validationError('BatchGetItem must have some requests set')
  let total = 0
  const plans: { meta: TableMeta; keys: EntryKey[]; project: ((item: AttributeMap) => AttributeMap) | undefined; consistent: boolean }[] = []
  for (const [name, request] of entries) {
    checkName(name, 'requestItems.key')
    const keys = request.Keys as unknown[] | undefined
    if (!Array.isArray(keys) || keys.length === 0) throw validationError(`The list of keys in RequestItems for BatchGetItem is required: ${name} has empty list`)
    total += keys.length
    if (total > 100) throw validationError('Too many items requested for the BatchGetItem call')
  }
  tablesOrChecked(engine, entries.map(([name]) => name), 'BatchGetItem', input)
  for (const [name, request] of entries) {
    const meta = engine.table(name)
    const projection = request.ProjectionExpression as string | undefined
    const legacy = readLegacy('BatchGetItem', request)
    const paths = projection !== undefined ? parseProjection(projection) : legacy.projection
    const ctx = expressionContext(request, { ProjectionExpression: projection })
    bindExpressions(ctx, { paths })
    const seen = new Set<string>()
    const keys: EntryKey[] = []
    for (const raw of request.Keys as unknown[]) {
      const { at } = readKey(meta, raw)
      const id = keyId(at)
      if (seen.has(id)) throw validationError('Provided list of item keys contains duplicates')
      seen.add(id)
      keys.push(at)
    }
    plans.push({ meta, keys, project: projector(paths, ctx), consistent: request.ConsistentRead === true })
  }
  const responses: Record<string, AttributeMap[]> = {}
  const capacity: Record<string, unknown>[] = []
  for (const plan of plans) {
    const found: AttributeMap[] = []
    let units = 0
    for (const at of plan.keys) {
      const item = engine.store.get(plan.meta, at)
      if (!item) continue
      // Each item rounds up on its own; a key with no item costs nothing.
      units += readUnits(itemSize(item), plan.consistent)
      found.push(plan.project ? plan.project(item) : item)
    }
    responses[plan.meta.name] = found
    const c = report(plan.meta, input.ReturnConsumedCapacity, { table: units, indexes: new Map() })
    if (c) capacity.push(c)
  }
  const out: Record<string, unknown> = { Responses: responses, UnprocessedKeys: {} }
  if (capacity.length) out.ConsumedCapacity = capacity
  return out
}

const batchWriteItem: Operation = (engine, input) => {
  const requests = input.RequestItems as Record<string, Record<string, Record<string, unknown>>[]> | undefined
  if (!requests || typeof requests !== 'object' || Object.keys(requests).length === 0) throw validationError('BatchWriteItem cannot have a null or no requests set')
  let total = 0
  for (const [name, list] of Object.entries(requests)) {
    checkName(name, 'requestItems.key')
    if (!Array.isArray(list) || list.length === 0) throw validationError(`The batch write request list for a table cannot be null or empty: ${name}`)
    total += list.length
    if (total > 25) throw validationError('Too many items requested for the BatchWriteItem call')
  }
  tablesOrChecked(engine, Object.keys(requests), 'BatchWriteItem', input)
  const writes: { meta: TableMeta; at: EntryKey; item: AttributeMap | undefined }[] = []
  for (const [name, list] of Object.entries(requests)) {
    const meta = engine.table(name)
    const seen = new Set<string>()
    for (const request of list) {
      let at: EntryKey
      let item: AttributeMap | undefined
      if (request.PutRequest && request.DeleteRequest) throw validationError('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes')
      if (request.PutRequest) ({ at, item } = readItem(meta, request.PutRequest.Item, 'Item to put in PutRequest cannot be null'))
      else if (request.DeleteRequest) ({ at } = readKey(meta, request.DeleteRequest.Key))
      else throw validationError('Supplied AttributeValue has no write request, must contain exactly one of PutRequest or DeleteRequest')
      const id = keyId(at)
      if (seen.has(id)) throw validationError('Provided list of item keys contains duplicates')
      seen.add(id)
      writes.push({ meta, at, item })
    }
  }
  const units = new Map<TableMeta, Capacity>()
  engine.store.transaction(() => {
    for (const w of writes) {
      const old = engine.store.get(w.meta, w.at)
      charge(units, w.meta, itemWrite(w.meta, old, w.item))
      if (old || w.item) engine.store.write(w.meta, w.at, old, w.item)
    }
  })
  const out: Record<string, unknown> = { UnprocessedItems: {} }
  const capacity = reports(units, input.ReturnConsumedCapacity)
  if (capacity.length) out.ConsumedCapacity = capacity
  return out
}

export const batchOperations: Record<string, Operation> = {
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
}
