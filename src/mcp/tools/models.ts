/**
 * Model-aware tools on the single-table design loaded from the models folder: list and show
 * models, list access patterns, run a named pattern with its inputs (paged), and explain the
 * request a pattern sends.
 */
import { decodeCursor, encodeCursor } from '../../dynamodb/cursor.ts'
import type { DocumentClient } from '../../dynamodb/document.ts'
import { unmarshall } from '../../dynamodb/marshall.ts'
import type { SingleTableDesign } from '../../single-table/load-design.ts'
import type { AccessPattern } from '../../single-table/design/types.ts'
import { pageLimit, type SafetyPolicy } from '../safety.ts'
import { ToolRefusedError, type ToolDefinition } from '../server.ts'
import { defineTool, schema } from './define.ts'

export interface DesignSource {
  /** Whether a models folder is configured and exists. */
  available(): Promise<boolean>
  /** The design (loaded once). */
  load(): Promise<SingleTableDesign>
}

export function modelTools(doc: DocumentClient, design: DesignSource, policy: SafetyPolicy, cap: number): ToolDefinition[] {
  const loaded = async () => {
    if (!(await design.available())) throw new ToolRefusedError('no models are loaded: start the server with --models <folder> (or set the models path in dbtooling.config.ts)')
    return design.load()
  }
  const pattern = async (name: string): Promise<{ design: SingleTableDesign; pattern: AccessPattern }> => {
    const d = await loaded()
    const found = d.patterns.find(p => p.name === name)
    if (!found) throw new Error(`no access pattern ${name}: list them with dynamodb_list_access_patterns (${d.patterns.slice(0, 8).map(p => p.name).join(', ')}${d.patterns.length > 8 ? ', ...' : ''})`)
    return { design: d, pattern: found }
  }
  const summary = (p: AccessPattern) => ({ name: p.name, entity: p.entity, returns: p.returns, operation: p.operation, ...(p.index ? { index: p.index } : {}), keyCondition: p.keyCondition, params: p.params.map(x => x.name), description: p.description })
  return [
    defineTool<Record<string, never>>(policy, {
      name: 'dynamodb_list_models',
      title: 'List models',
      description: 'The models of the single-table design, with their key patterns and table.',
      access: 'read',
      input: {},
      output: { table: { type: 'string' }, models: { type: 'array' } },
      run: async () => {
        const d = await loaded()
        return { table: d.schema.table.TableName, models: d.schema.entities.map(e => ({ name: e.name, kind: e.kind, pk: e.keys.pk, sk: e.keys.sk, attributes: e.attributes.map(a => a.name) })) }
      },
    }),
    defineTool<{ name: string }>(policy, {
      name: 'dynamodb_show_model',
      title: 'Show a model',
      description: 'One model: attributes, relations, keys, indexes and its access patterns.',
      access: 'read',
      input: { name: schema.string('the model name, e.g. User') },
      required: ['name'],
      output: { model: { type: 'object' }, accessPatterns: { type: 'array' } },
      run: async args => {
        const d = await loaded()
        const entity = d.schema.entities.find(e => e.name === args.name)
        if (!entity) throw new Error(`no model ${args.name}: the models are ${d.schema.entities.map(e => e.name).join(', ')}`)
        return { model: entity, accessPatterns: d.patterns.filter(p => p.entity === entity.name).map(summary) }
      },
    }),
    defineTool<{ entity?: string }>(policy, {
      name: 'dynamodb_list_access_patterns',
      title: 'List access patterns',
      description: 'Every access pattern (GetItem or Query, never a Scan) with its parameters; optionally of one model.',
      access: 'read',
      input: { entity: schema.string('only the patterns of this model') },
      output: { patterns: { type: 'array' } },
      run: async args => ({ patterns: (await loaded()).patterns.filter(p => !args.entity || p.entity === args.entity).map(summary) }),
    }),
    defineTool<{ name: string; values?: Record<string, unknown> }>(policy, {
      name: 'dynamodb_explain',
      title: 'Explain an access pattern',
      description: 'The exact request a named access pattern sends for the given values (operation, index, key condition, placeholders), without sending it.',
      access: 'read',
      input: { name: schema.string('the access pattern, e.g. getUserByEmail'), values: schema.object('its parameters, e.g. { "email": "ada@example.com" }') },
      required: ['name'],
      output: { operation: { type: 'string' }, request: { type: 'object' } },
      run: async args => {
        const { pattern: p } = await pattern(args.name)
        const { buildRequest } = await import('../../single-table/design/access-patterns.ts')
        return { ...summary(p), request: buildRequest(p, args.values ?? {}), notes: p.notes, ...(p.shards ? { shards: p.shards } : {}) }
      },
    }),
    defineTool<{ name: string; values?: Record<string, unknown>; limit?: number; cursor?: string }>(policy, {
      name: 'dynamodb_run_access_pattern',
      title: 'Run an access pattern',
      description: 'Run a named access pattern with its parameters (as `dbtooling run <pattern>` does); Query results are paged with a cursor and come back as model values.',
      access: 'read',
      input: { name: schema.string('the access pattern, e.g. listPostsOfUser'), values: schema.object('its parameters'), limit: schema.limit(cap), cursor: schema.cursor },
      required: ['name'],
      output: { items: { type: 'array' }, cursor: { type: 'string' } },
      run: async (args, context) => {
        const { design: d, pattern: p } = await pattern(args.name)
        const { buildRequest } = await import('../../single-table/design/access-patterns.ts')
        const { fromItem } = await import('../../single-table/items/from-item.ts')
        const entity = d.schema.entities.find(e => e.name === p.returns)
        const request = buildRequest(p, args.values ?? {})
        const toValue = (item: Record<string, unknown>) => (entity ? fromItem(entity, item) : item)
        if (p.operation === 'GetItem') {
          const out = (await doc.client.send('GetItem', { TableName: request.TableName, Key: request.Key ?? {} }, { signal: context.signal })) as { Item?: never }
          return { items: out.Item ? [toValue(unmarshall(out.Item))] : [] }
        }
        const { Key: _key, ...query } = request
        const out = (await doc.client.send('Query', { ...query, Limit: pageLimit(policy, args.limit), ...(args.cursor ? { ExclusiveStartKey: decodeCursor(args.cursor) } : {}) }, { signal: context.signal })) as { Items?: never[]; LastEvaluatedKey?: never }
        return { items: (out.Items ?? []).map(i => toValue(unmarshall(i))), ...(out.LastEvaluatedKey ? { cursor: encodeCursor(out.LastEvaluatedKey) } : {}) }
      },
    }),
  ]
}
