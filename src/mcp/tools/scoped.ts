/**
 * The scoped-entity tools, with the names @jaypie/dynamodb's MCP server publishes
 * (dynamodb_get ... dynamodb_create_table), on dbtooling/scoped. List results are paged with a cursor.
 */
import { APEX } from '../../scoped/constants.ts'
import type { ScopedApi } from '../../scoped/api.ts'
import type { QueryResult, StorableEntity } from '../../scoped/types.ts'
import type { JsonSchema } from '../json-schema.ts'
import { checkItemSize, pageLimit, type SafetyPolicy } from '../safety.ts'
import type { ToolDefinition } from '../server.ts'
import { decodeToolCursor, defineTool, encodeToolCursor, schema, type ToolSpec } from './define.ts'

type Key = { model: string; id: string }
type Paged = { model: string; scope?: string; limit?: number; ascending?: boolean; includeDeleted?: boolean; includeArchived?: boolean; cursor?: string }

const key = { model: schema.string('the record model (partition key)'), id: schema.string('the record id (sort key)') }
const scope: JsonSchema = { type: 'string', description: `"${APEX}" for root records (the default) or "{parent.model}#{parent.id}"`, minLength: 1 }
const states = { includeDeleted: schema.boolean('also soft-deleted records'), includeArchived: schema.boolean('also archived records') }
/** null removes the field (JSON has no undefined). */
const nullable: JsonSchema = { type: ['string', 'null'] }
const withoutNulls = <T extends Record<string, unknown>>(entity: T): T => Object.fromEntries(Object.entries(entity).map(([k, v]) => [k, v === null ? undefined : v])) as T
const entityOut = { entity: { type: ['object', 'null'], description: 'the record, or null' } as JsonSchema }
const pageOut = { items: { type: 'array', items: { type: 'object' } } as JsonSchema, cursor: { type: 'string', description: 'present when there are more items' } as JsonSchema }

export function scopedTools(api: ScopedApi, policy: SafetyPolicy, cap: number): ToolDefinition[] {
  const define = <A>(spec: ToolSpec<A>) => defineTool<A>(policy, { ...spec, table: api.context.table })
  const paging = (extra: Record<string, JsonSchema>) => ({ model: key.model, scope, ...extra, limit: schema.limit(cap), ascending: schema.boolean('oldest first (default newest first)'), ...states, cursor: schema.cursor })
  const page = async (args: Paged, query: (options: Paged & { scope: string; limit: number; startKey?: Record<string, unknown> }) => Promise<QueryResult>) => {
    const result = await query({ ...args, scope: args.scope ?? APEX, limit: pageLimit(policy, args.limit), ...(args.cursor ? { startKey: decodeToolCursor(args.cursor) } : {}) })
    return { items: result.items, ...(result.lastEvaluatedKey ? { cursor: encodeToolCursor(result.lastEvaluatedKey) } : {}) }
  }
  const entityInput = (description: string, required: string[]): JsonSchema => ({
    type: 'object',
    description,
    required,
    properties: { model: key.model, id: key.id, scope, name: nullable, alias: nullable, class: nullable, type: nullable, xid: nullable, state: { type: ['object', 'null'] } },
  })
  return [
    define<Key>({
      name: 'dynamodb_get',
      title: 'Get a record',
      description: 'Read one scoped record by model and id.',
      access: 'read',
      input: key,
      required: ['model', 'id'],
      output: entityOut,
      run: async args => ({ entity: await api.getEntity(args) }),
    }),
    define<{ entity: Partial<StorableEntity> & { model: string } }>({
      name: 'dynamodb_put',
      title: 'Create or replace a record',
      description: 'Write a whole record (id, scope "@", sequence and timestamps are filled in; index keys derived). An alias must be unique among live records of the model in the scope.',
      access: 'write',
      input: { entity: entityInput('the record; model is required', ['model']) },
      required: ['entity'],
      output: entityOut,
      run: async args => {
        checkItemSize(policy, args.entity, 'entity')
        return { entity: await api.putEntity({ entity: withoutNulls(args.entity) }) }
      },
    }),
    define<{ entity: Partial<StorableEntity> & Key }>({
      name: 'dynamodb_update',
      title: 'Update a record',
      description: 'Change the given fields of a stored record (a field set to null is removed); updatedAt is set and every index key re-derived.',
      access: 'write',
      input: { entity: entityInput('model, id and the fields to change', ['model', 'id']) },
      required: ['entity'],
      output: entityOut,
      run: async args => {
        checkItemSize(policy, args.entity, 'entity')
        return { entity: await api.updateEntity({ entity: withoutNulls(args.entity) }) }
      },
    }),
    define<Key>({ name: 'dynamodb_delete', title: 'Soft-delete a record', description: 'Set deletedAt: the record leaves every live query (includeDeleted still finds it) and frees its alias.', access: 'write', input: key, required: ['model', 'id'], output: { deleted: { type: 'boolean' } }, run: async args => ({ deleted: await api.deleteEntity(args) }) }),
    define<Key>({ name: 'dynamodb_archive', title: 'Archive a record', description: 'Set archivedAt: the record leaves every live query (includeArchived still finds it).', access: 'write', input: key, required: ['model', 'id'], output: { archived: { type: 'boolean' } }, run: async args => ({ archived: await api.archiveEntity(args) }) }),
    define<Key>({ name: 'dynamodb_destroy', title: 'Destroy a record', description: 'Remove a record for good (hard delete), with its alias sentinel.', access: 'destructive', input: key, required: ['model', 'id'], output: { destroyed: { type: 'boolean' } }, run: async args => ({ destroyed: await api.destroyEntity(args) }) }),
    define<Paged>({ name: 'dynamodb_query_scope', title: 'List records in a scope', description: 'Records of a model in a scope, newest first, paged.', access: 'read', input: paging({}), required: ['model'], output: pageOut, run: args => page(args, o => api.queryByScope(o)) }),
    define<Paged & { recordClass: string }>({ name: 'dynamodb_query_class', title: 'List records of a class', description: 'Records of a model and class in a scope, paged.', access: 'read', input: paging({ recordClass: schema.string('the class') }), required: ['model', 'recordClass'], output: pageOut, run: args => page(args, o => api.queryByClass({ ...o, recordClass: args.recordClass })) }),
    define<Paged & { type: string }>({ name: 'dynamodb_query_type', title: 'List records of a type', description: 'Records of a model and type in a scope, paged.', access: 'read', input: paging({ type: schema.string('the type') }), required: ['model', 'type'], output: pageOut, run: args => page(args, o => api.queryByType({ ...o, type: args.type })) }),
    define<{ model: string; scope?: string; alias: string; includeDeleted?: boolean; includeArchived?: boolean }>({ name: 'dynamodb_query_alias', title: 'Find a record by alias', description: 'The live record of a model with this alias in a scope, or null.', access: 'read', input: { model: key.model, scope, alias: schema.string('the alias'), ...states }, required: ['model', 'alias'], output: entityOut, run: async args => ({ entity: await api.queryByAlias({ ...args, scope: args.scope ?? APEX }) }) }),
    define<{ model: string; scope?: string; xid: string; includeDeleted?: boolean; includeArchived?: boolean }>({ name: 'dynamodb_query_xid', title: 'Find a record by external id', description: 'The live record of a model with this external id in a scope, or null.', access: 'read', input: { model: key.model, scope, xid: schema.string('the external id'), ...states }, required: ['model', 'xid'], output: entityOut, run: async args => ({ entity: await api.queryByXid({ ...args, scope: args.scope ?? APEX }) }) }),
    define<Record<string, never>>({
      name: 'dynamodb_create_table',
      title: 'Create the scoped-entity table',
      description: 'Create the table the scoped tools use (model + id, five GSIs sorted by sequence) and wait until it is ACTIVE.',
      access: 'write',
      input: {},
      output: { table: { type: 'string' }, created: { type: 'boolean' } },
      run: async () => ({ table: api.context.table, created: await api.createTable() }),
    }),
  ]
}
