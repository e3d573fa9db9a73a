/**
 * Generic tools on any table: list and describe tables, get/put/update/delete an item, query and
 * scan with paging cursors, delete a table. Keys and items are plain JSON values. The work is the
 * CLI's service functions (src/service): the tools only map arguments and apply the safety rules.
 */
import type { DocumentClient } from '../../dynamodb/document.ts'
import { attributeExists, attributeNotExists } from '../../dynamodb/expressions/condition.ts'
import { update } from '../../dynamodb/expressions/update.ts'
import type { Page, WireReadRequest } from '../../dynamodb/paginate.ts'
import { compileRead, compileWrite } from '../../dynamodb/request.ts'
import { deleteItem, getItem, putItem, updateItem } from '../../service/items.ts'
import { readItems } from '../../service/read.ts'
import { deleteTable, describeTable, keyNames, keySchema, listTables } from '../../service/tables.ts'
import type { JsonSchema } from '../json-schema.ts'
import { checkItemSize, pageLimit, type SafetyPolicy } from '../safety.ts'
import type { ToolDefinition } from '../server.ts'
import { decodeToolCursor, defineTool, encodeToolCursor, schema } from './define.ts'

type Item = Record<string, unknown>
const table = schema.string('the table name')
const keyInput: JsonSchema = { type: 'object', description: 'the primary key, e.g. { "pk": "USER#1", "sk": "PROFILE" }' }
const projection: JsonSchema = { type: 'array', items: { type: 'string' }, description: 'attribute paths to return (default all)' }
const pageOut = { items: { type: 'array', items: { type: 'object' } } as JsonSchema, count: { type: 'integer' } as JsonSchema, cursor: { type: 'string' } as JsonSchema }

export function genericTools(doc: DocumentClient, policy: SafetyPolicy, cap: number): ToolDefinition[] {
  const partitionKey = async (name: string) => keyNames(await keySchema(doc, name))[0]!
  /** One page of a Query or Scan through the service's reader. */
  const readPage = async (operation: 'Query' | 'Scan', request: WireReadRequest, limit: number, cursor: string | undefined, signal: AbortSignal) => {
    const items: Page['items'] = []
    const summary = await readItems(doc, operation, request, { limit, ...(cursor ? { cursor } : {}), signal, onPage: page => void items.push(...page.items) })
    return { items, count: items.length, ...(summary.cursor ? { cursor: summary.cursor } : {}) }
  }
  return [
    defineTool<{ limit?: number; cursor?: string }>(policy, {
      name: 'dynamodb_list_tables',
      title: 'List tables',
      description: 'Table names, paged.',
      access: 'read',
      input: { limit: schema.limit(cap), cursor: schema.cursor },
      output: { tables: { type: 'array', items: { type: 'string' } }, cursor: { type: 'string' } },
      run: async (args, context) => {
        const startAfter = args.cursor ? String(decodeToolCursor(args.cursor).after) : undefined
        const out = await listTables(doc, { limit: pageLimit(policy, args.limit), ...(startAfter ? { startAfter } : {}), signal: context.signal })
        return { tables: out.tables, ...(out.next ? { cursor: encodeToolCursor({ after: out.next }) } : {}) }
      },
    }),
    defineTool<{ table: string }>(policy, {
      name: 'dynamodb_describe_table',
      title: 'Describe a table',
      description: 'Keys, indexes, item count, size, billing and status of a table.',
      access: 'read',
      input: { table },
      required: ['table'],
      output: { table: { type: 'object', description: 'name, status, key, indexes, item count, size, billing' }, description: { type: 'object', description: 'DescribeTable as DynamoDB sent it' } },
      run: async (args, context) => {
        const { description, ...summary } = await describeTable(doc, args.table, { signal: context.signal })
        return { table: summary, description }
      },
    }),
    defineTool<{ table: string; key: Item; projection?: string[]; consistent?: boolean }>(policy, {
      name: 'dynamodb_get_item',
      title: 'Get an item',
      description: 'One item by its primary key, or null.',
      access: 'read',
      input: { table, key: keyInput, projection, consistent: schema.boolean('strongly consistent read') },
      required: ['table', 'key'],
      output: { item: { type: ['object', 'null'] } },
      run: async (args, context) => ({ item: (await getItem(doc, args, { signal: context.signal })) ?? null }),
    }),
    defineTool<{ table: string; item: Item; ifNotExists?: boolean }>(policy, {
      name: 'dynamodb_put_item',
      title: 'Put an item',
      description: 'Create or replace an item (ifNotExists: only create).',
      access: 'write',
      input: { table, item: { type: 'object', description: 'the whole item, keys included' }, ifNotExists: schema.boolean('fail instead of replacing an existing item') },
      required: ['table', 'item'],
      output: { written: { type: 'boolean' } },
      run: async (args, context) => {
        checkItemSize(policy, args.item)
        const expressions = args.ifNotExists ? compileWrite({ condition: attributeNotExists(await partitionKey(args.table)) }) : undefined
        await putItem(doc, { table: args.table, item: args.item, ...(expressions ? { expressions } : {}) }, { signal: context.signal })
        return { written: true }
      },
    }),
    defineTool<{ table: string; key: Item; set?: Item; remove?: string[]; add?: Item; mustExist?: boolean }>(policy, {
      name: 'dynamodb_update_item',
      title: 'Update an item',
      description: 'Set, remove or add attributes of an item; returns the item as updated.',
      access: 'write',
      input: { table, key: keyInput, set: schema.object('attributes to set, e.g. { "name": "Ada" }'), remove: { type: 'array', items: { type: 'string' }, description: 'attributes to remove' }, add: schema.object('numbers to add to (or sets to add to)'), mustExist: schema.boolean('fail when the item does not exist (default: create it)') },
      required: ['table', 'key'],
      output: { item: { type: 'object' } },
      run: async (args, context) => {
        let builder = update()
        for (const [name, value] of Object.entries(args.set ?? {})) builder = builder.set(name, value)
        for (const name of args.remove ?? []) builder = builder.remove(name)
        for (const [name, value] of Object.entries(args.add ?? {})) builder = builder.add(name, value)
        if (args.set) checkItemSize(policy, args.set, 'set')
        const expressions = args.mustExist ? compileWrite({ condition: attributeExists(await partitionKey(args.table)) }) : undefined
        const out = await updateItem(doc, { table: args.table, key: args.key, update: builder, ...(expressions ? { expressions } : {}), returnValues: 'ALL_NEW' }, { signal: context.signal })
        return { item: out.attributes ?? {} }
      },
    }),
    defineTool<{ table: string; key: Item }>(policy, {
      name: 'dynamodb_delete_item',
      title: 'Delete an item',
      description: 'Delete one item by its primary key; says whether it existed.',
      access: 'write',
      input: { table, key: keyInput },
      required: ['table', 'key'],
      output: { deleted: { type: 'boolean' } },
      run: async (args, context) => ({ deleted: (await deleteItem(doc, args, { signal: context.signal })).deleted }),
    }),
    defineTool<{ table: string; index?: string; key: Item; descending?: boolean; projection?: string[]; limit?: number; cursor?: string }>(policy, {
      name: 'dynamodb_query',
      title: 'Query a table or index',
      description: 'Items of one partition, optionally narrowed by a sort-key condition: key is { "<partition key>": value, "<sort key>"?: value | { "beginsWith" | "between" | "lt" | "le" | "gt" | "ge" | "eq": ... } }. Paged.',
      access: 'read',
      input: { table, index: schema.string('a GSI or LSI name'), key: { type: 'object', description: 'e.g. { "pk": "USER#1", "sk": { "beginsWith": "POST#" } }' }, descending: schema.boolean('largest sort key first'), projection, limit: schema.limit(cap), cursor: schema.cursor },
      required: ['table', 'key'],
      output: pageOut,
      run: (args, context) => {
        const request = { TableName: args.table, ...(args.index ? { IndexName: args.index } : {}), ...compileRead({ key: args.key, ...(args.projection ? { projection: args.projection } : {}) }), ...(args.descending ? { ScanIndexForward: false } : {}) }
        return readPage('Query', request, pageLimit(policy, args.limit), args.cursor, context.signal)
      },
    }),
    defineTool<{ table: string; index?: string; projection?: string[]; limit?: number; cursor?: string }>(policy, {
      name: 'dynamodb_scan',
      title: 'Scan a table or index',
      description: 'Every item, one page at a time (prefer dynamodb_query or an access pattern on large tables).',
      access: 'read',
      input: { table, index: schema.string('a GSI or LSI name'), projection, limit: schema.limit(cap), cursor: schema.cursor },
      required: ['table'],
      output: pageOut,
      run: (args, context) => {
        const request = { TableName: args.table, ...(args.index ? { IndexName: args.index } : {}), ...(args.projection ? compileRead({ projection: args.projection }) : {}) }
        return readPage('Scan', request, pageLimit(policy, args.limit), args.cursor, context.signal)
      },
    }),
    defineTool<{ table: string }>(policy, {
      name: 'dynamodb_delete_table',
      title: 'Delete a table',
      description: 'Delete a table and all its items for good.',
      access: 'destructive',
      input: { table },
      required: ['table'],
      output: { deleted: { type: 'string' } },
      run: async (args, context) => {
        await deleteTable(doc, args.table, { signal: context.signal })
        return { deleted: args.table }
      },
    }),
  ]
}
