/** get, put, update, delete on single items. Keys and items are JSON arguments, @file, or stdin. */
import type { AttributeMap } from '../../dynamodb/attribute-value.ts'
import { update as updateBuilder, type UpdateBuilder } from '../../dynamodb/expressions/update.ts'
import { compileRequest } from '../../dynamodb/expressions/compile.ts'
import { marshall, unmarshall } from '../../dynamodb/marshall.ts'
import { UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import { connect } from '../connect.ts'
import { readJsonArgument } from '../json-input.ts'
import { jsonReplacer } from '../output.ts'
import { addRawExpression, EXPRESSION_FLAGS, type WireExpressions } from '../raw-expression.ts'

const CONDITION_FLAGS = {
  condition: { type: 'string', value: '<expression>', description: 'condition expression, e.g. "attribute_not_exists(pk)"' },
  ...EXPRESSION_FLAGS,
} as const

const RETURN_VALUES = ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW']

function returnValues(ctx: CommandContext, allowed: string[]): string | undefined {
  const value = ctx.flags.return as string | undefined
  if (value === undefined) return undefined
  const upper = value.toUpperCase().replace(/-/g, '_')
  if (!allowed.includes(upper)) throw new UsageError(`--return ${value}: expected one of ${allowed.join(', ')}`)
  return upper
}

/** Adds --condition and --return, sends the write, and prints what it returned (the old/new item with --return). */
async function write(ctx: CommandContext, operation: 'PutItem' | 'UpdateItem' | 'DeleteItem', base: WireExpressions, allowedReturns: string[], verb: string): Promise<void> {
  const request = addRawExpression(base, 'ConditionExpression', ctx.flags.condition as string | undefined, ctx.flags.names, ctx.flags.values)
  const rv = returnValues(ctx, allowedReturns)
  if (rv) request.ReturnValues = rv
  const conn = await connect(ctx)
  try {
    const out = (await conn.client.send(operation, request as never)) as { Attributes?: AttributeMap }
    const attributes = out.Attributes ? unmarshall(out.Attributes) : undefined
    ctx.out.result({ ok: true, ...(attributes ? { attributes } : {}) }, () => {
      if (attributes) ctx.out.line(JSON.stringify(attributes, null, 2))
      else ctx.out.info(verb)
    })
  } finally {
    conn.close()
  }
}

export const get: CommandSpec = {
  name: 'get',
  summary: 'Get one item by its key',
  usage: "dbtooling get '<key-json>' [--table t] [--project a,b.c] [--consistent]",
  positionals: { max: 1 },
  flags: {
    project: { type: 'string', value: '<paths>', description: 'comma-separated attribute paths to return' },
    consistent: { type: 'boolean', description: 'strongly consistent read' },
  },
  examples: [`dbtooling get '{"pk":"USER#1","sk":"PROFILE"}' --table app`, `echo '{"pk":"USER#1","sk":"PROFILE"}' | dbtooling get --json`],
  async run(ctx) {
    const key = await readJsonArgument(ctx, ctx.args[0], 'key')
    const conn = await connect(ctx)
    try {
      const projection = ctx.flags.project ? String(ctx.flags.project).split(',').map(s => s.trim()).filter(Boolean) : undefined
      const item = await conn.doc.get({ table: conn.config.tableName, key, projection, consistentRead: ctx.flags.consistent === true })
      ctx.out.result({ item: item ?? null }, () => (item ? ctx.out.line(JSON.stringify(item, jsonReplacer, 2)) : ctx.out.info('no item with that key')))
      return item ? 0 : 1
    } finally {
      conn.close()
    }
  },
}

export const put: CommandSpec = {
  name: 'put',
  summary: 'Put (create or replace) one item',
  usage: "dbtooling put '<item-json>' [--table t] [--condition expr] [--return ALL_OLD]",
  positionals: { max: 1 },
  flags: { ...CONDITION_FLAGS, return: { type: 'string', value: '<values>', description: 'NONE or ALL_OLD' } },
  examples: [`dbtooling put '{"pk":"USER#1","sk":"PROFILE","name":"Ada"}' --condition 'attribute_not_exists(pk)'`, 'dbtooling put @item.json --return ALL_OLD'],
  async run(ctx) {
    const item = await readJsonArgument(ctx, ctx.args[0], 'item')
    const table = (await ctx.config()).tableName
    await write(ctx, 'PutItem', { TableName: table, Item: marshall(item) }, ['NONE', 'ALL_OLD'], `put item into ${table}`)
  },
}

export const updateCommand: CommandSpec = {
  name: 'update',
  summary: 'Update attributes of one item (SET, REMOVE, ADD, DELETE)',
  usage: "dbtooling update '<key-json>' [--set path=json]... [--remove path]... [--add path=json]... [--delete path=json]... [--condition expr] [--return ALL_NEW]",
  positionals: { max: 1 },
  flags: {
    set: { type: 'string', multiple: true, value: '<path=json>', description: 'set an attribute to a JSON value (repeatable)' },
    remove: { type: 'string', multiple: true, value: '<path>', description: 'remove an attribute (repeatable)' },
    add: { type: 'string', multiple: true, value: '<path=json>', description: 'add a number, or elements to a set (JSON array)' },
    delete: { type: 'string', multiple: true, value: '<path=json>', description: 'delete elements (JSON array) from a set' },
    ...CONDITION_FLAGS,
    return: { type: 'string', value: '<values>', description: RETURN_VALUES.join(', ') },
  },
  examples: [`dbtooling update '{"pk":"USER#1","sk":"PROFILE"}' --set 'name="Ada"' --add visits=1 --return ALL_NEW`],
  async run(ctx) {
    const key = await readJsonArgument(ctx, ctx.args[0], 'key')
    let builder: UpdateBuilder = updateBuilder()
    const assignments = (flag: string) => ((ctx.flags[flag] as string[] | undefined) ?? []).map(a => splitAssignment(a, flag))
    for (const [path, value] of assignments('set')) builder = builder.set(path, value)
    for (const path of (ctx.flags.remove as string[] | undefined) ?? []) builder = builder.remove(path)
    for (const [path, value] of assignments('add')) builder = builder.add(path, Array.isArray(value) ? new Set(value) : value)
    for (const [path, value] of assignments('delete')) builder = builder.delete(path, new Set(Array.isArray(value) ? value : [value]))
    if (builder.actions.length === 0) throw new UsageError('nothing to update: pass --set, --remove, --add or --delete')
    const table = (await ctx.config()).tableName
    await write(ctx, 'UpdateItem', { TableName: table, Key: marshall(key), ...compileRequest({ update: builder }) }, RETURN_VALUES, `updated item in ${table}`)
  },
}

export const deleteCommand: CommandSpec = {
  name: 'delete',
  summary: 'Delete one item by its key',
  usage: "dbtooling delete '<key-json>' [--condition expr] [--return ALL_OLD]",
  positionals: { max: 1 },
  flags: { ...CONDITION_FLAGS, return: { type: 'string', value: '<values>', description: 'NONE or ALL_OLD' } },
  examples: [`dbtooling delete '{"pk":"USER#1","sk":"PROFILE"}' --return ALL_OLD`],
  async run(ctx) {
    const key = await readJsonArgument(ctx, ctx.args[0], 'key')
    const table = (await ctx.config()).tableName
    await write(ctx, 'DeleteItem', { TableName: table, Key: marshall(key) }, ['NONE', 'ALL_OLD'], `deleted item from ${table}`)
  },
}

/** `path=json`; a value that is not JSON is taken as a string, so `--set name=Ada` works. */
function splitAssignment(text: string, flag: string): [string, unknown] {
  const eq = text.indexOf('=')
  if (eq <= 0) throw new UsageError(`--${flag} ${text}: expected <path>=<json value>`)
  const raw = text.slice(eq + 1)
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    value = raw
  }
  return [text.slice(0, eq), value]
}

export const itemCommands = [get, put, updateCommand, deleteCommand]
