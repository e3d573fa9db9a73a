/**
 * Single-item operations as plain functions. Items are JS values as `marshall` takes them and
 * `unmarshall` returns them: numbers a JS number would round come back as exact NumberValues.
 * Expression parameters arrive compiled (wire form), so a caller may build them from trees
 * (`compileRequest`) or from text a user typed; they are sent as given.
 */
import type { DocumentClient } from '../dynamodb/document.ts'
import { marshall, unmarshall } from '../dynamodb/marshall.ts'
import type { AttributeMap, ExpressionAttributeNames, ExpressionAttributeValues, ReturnValue } from '../dynamodb/types/index.ts'
import { compileWrite, type UpdateInput } from '../dynamodb/request.ts'
import { ServiceError } from './errors.ts'

export type Item = Record<string, unknown>

/** Compiled expression parameters of a write. */
export interface WriteExpressions {
  ConditionExpression?: string
  ExpressionAttributeNames?: ExpressionAttributeNames
  ExpressionAttributeValues?: ExpressionAttributeValues
}

export interface WriteResult {
  /** The item before or after the write, as `returnValues` asked. */
  attributes?: Item
}

interface Signal {
  signal?: AbortSignal
}

export async function getItem(doc: DocumentClient, input: { table: string; key: Item; projection?: string[]; consistent?: boolean }, options: Signal = {}): Promise<Item | undefined> {
  return doc.get({ table: input.table, key: input.key, ...(input.projection ? { projection: input.projection } : {}), consistentRead: input.consistent === true }, options)
}

export async function putItem(doc: DocumentClient, input: { table: string; item: Item; expressions?: WriteExpressions; returnValues?: 'NONE' | 'ALL_OLD' }, options: Signal = {}): Promise<WriteResult> {
  const out = await doc.client.send('PutItem', { TableName: input.table, Item: marshall(input.item), ...input.expressions, ...returning(input.returnValues) }, options)
  return attributes(out.Attributes)
}

/** An update built with `update()` (compiled here) and an optional compiled condition in its own placeholders. */
export async function updateItem(doc: DocumentClient, input: { table: string; key: Item; update: UpdateInput; expressions?: WriteExpressions; returnValues?: ReturnValue }, options: Signal = {}): Promise<WriteResult> {
  const compiled = compileWrite({ update: input.update })
  const out = await doc.client.send('UpdateItem', {
    TableName: input.table,
    Key: marshall(input.key),
    ...compiled,
    ...input.expressions,
    ...mergedPlaceholders(compiled, input.expressions),
    ...returning(input.returnValues),
  }, options)
  return attributes(out.Attributes)
}

/** `deleted` says whether there was an item to delete (DeleteItem succeeds either way). */
export async function deleteItem(doc: DocumentClient, input: { table: string; key: Item; expressions?: WriteExpressions; returnValues?: 'NONE' | 'ALL_OLD' }, options: Signal = {}): Promise<WriteResult & { deleted: boolean }> {
  // ALL_OLD costs no capacity and is the only way to learn whether the item existed.
  const out = await doc.client.send('DeleteItem', { TableName: input.table, Key: marshall(input.key), ...input.expressions, ReturnValues: 'ALL_OLD' }, options)
  return { deleted: out.Attributes !== undefined, ...(input.returnValues === 'ALL_OLD' ? attributes(out.Attributes) : {}) }
}

function returning<R extends ReturnValue>(returnValues: R | undefined): { ReturnValues?: R } {
  return returnValues ? { ReturnValues: returnValues } : {}
}

function attributes(map: AttributeMap | undefined): WriteResult {
  return map ? { attributes: unmarshall(map) } : {}
}

/** The update's placeholders and the condition's in one map each; a name used by both for different things is refused. */
function mergedPlaceholders(a: WriteExpressions, b: WriteExpressions | undefined): WriteExpressions {
  if (!b) return {}
  const names = merge(a.ExpressionAttributeNames, b.ExpressionAttributeNames, 'name')
  const values = merge(a.ExpressionAttributeValues, b.ExpressionAttributeValues, 'value')
  return {
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  }
}

function merge<V>(a: Record<string, V> | undefined, b: Record<string, V> | undefined, what: string): Record<string, V> {
  const out: Record<string, V> = { ...a }
  for (const [k, v] of Object.entries(b ?? {})) {
    if (k in out && JSON.stringify(out[k]) !== JSON.stringify(v)) {
      throw new ServiceError('PlaceholderCollision', `the condition's ${what} placeholder ${k} collides with one the update generated`, `rename it (e.g. ${k[0]}my${k.slice(1)})`, true)
    }
    out[k] = v
  }
  return out
}
