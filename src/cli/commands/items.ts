/** get, put, update, delete on single items. Keys and items are typed JSON arguments, @file, or stdin. */
import { update as updateBuilder, type UpdateBuilder } from '../../dynamodb/expressions/update.ts'
import { MarshallError } from '../../dynamodb/marshall-error.ts'
import type { ReturnValue } from '../../dynamodb/types/index.ts'
import { deleteItem, getItem, putItem, updateItem, type WriteExpressions, type WriteResult } from '../../service/items.ts'
import { UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import { tableInUse } from '../table-in-use.ts'
import { connect } from '../connect.ts'
import { itemDocument, printItem } from '../item-output.ts'
import { readJsonArgument } from '../json-input.ts'
import { addRawExpression, EXPRESSION_FLAGS } from '../raw-expression.ts'
import { projectionFlag } from '../read-options.ts'
import { parseTypedJson } from '../transfer/typed-json.ts'

const CONDITION_FLAGS = {
  condition: { type: 'string', value: '<expression>', description: 'condition expression, e.g. "attribute_not_exists(pk)"' },
  ...EXPRESSION_FLAGS,
} as const

const RETURN_VALUES = ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'] as const
const OLD_ONLY = ['NONE', 'ALL_OLD'] as const

function returnValues<R extends ReturnValue>(ctx: CommandContext, allowed: readonly R[]): R | undefined {
  const value = ctx.flags.return as string | undefined
  if (value === undefined) return undefined
  const upper = value.toUpperCase().replace(/-/g, '_')
  const found = allowed.find(a => a === upper)
  if (!found) throw new UsageError(`--return ${value}: expected one of ${allowed.join(', ')}`)
  return found
}

/** --condition with its --names/--values, compiled. */
function conditionFlags(ctx: CommandContext): WriteExpressions {
  return addRawExpression<WriteExpressions>({}, 'ConditionExpression', ctx.flags.condition as string | undefined, ctx.flags.names, ctx.flags.values)
}

/** What a write returned: the item with --return, else a line on stderr. */
function printWrite(ctx: CommandContext, result: WriteResult, done: string): void {
  const { attributes } = result
  ctx.out.result({ ok: true, ...(attributes ? { attributes: itemDocument(attributes) } : {}) }, () => (attributes ? printItem(ctx.out, attributes) : ctx.out.info(done)))
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
    await using conn = await connect(ctx)
    const item = await getItem(conn.doc, { table: await tableInUse(ctx), key, projection: projectionFlag(ctx), consistent: ctx.flags.consistent === true }, { signal: ctx.signal })
    ctx.out.result({ item: item ? itemDocument(item) : null }, () => (item ? printItem(ctx.out, item) : ctx.out.info('no item with that key')))
    return item ? 0 : 1
  },
}

export const put: CommandSpec = {
  name: 'put',
  summary: 'Put (create or replace) one item',
  usage: "dbtooling put '<item-json>' [--table t] [--condition expr] [--return ALL_OLD]",
  description: 'The item is JSON; numbers are stored exactly as written, and {"$SS":[...]}, {"$NS":["1"]}, {"$BS":[...]}, {"$B":"<base64>"}, {"$N":"<decimal>"} give the types plain JSON cannot (the jsonl convention of export and import).',
  positionals: { max: 1 },
  flags: { ...CONDITION_FLAGS, return: { type: 'string', value: '<values>', description: 'NONE or ALL_OLD' } },
  examples: [`dbtooling put '{"pk":"USER#1","sk":"PROFILE","name":"Ada","tags":{"$SS":["a","b"]}}' --condition 'attribute_not_exists(pk)'`, 'dbtooling put @item.json --return ALL_OLD'],
  async run(ctx) {
    const item = await readJsonArgument(ctx, ctx.args[0], 'item')
    const expressions = conditionFlags(ctx)
    const returns = returnValues(ctx, OLD_ONLY)
    await using conn = await connect(ctx)
    const table = await tableInUse(ctx)
    printWrite(ctx, await putItem(conn.doc, { table, item, expressions, returnValues: returns }, { signal: ctx.signal }), `put item into ${table}`)
  },
}

export const updateCommand: CommandSpec = {
  name: 'update',
  summary: 'Update attributes of one item (SET, REMOVE, ADD, DELETE)',
  usage: "dbtooling update '<key-json>' [--set path=json]... [--remove path]... [--add path=json]... [--delete path=json]... [--condition expr] [--return ALL_NEW]",
  description: 'Values are typed JSON as in `put` (exact numbers, {"$SS":[...]} for sets); a value that is not JSON is a string. --add and --delete take a JSON array as a set.',
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
    const asSet = (value: unknown) => (value instanceof Set ? value : new Set(Array.isArray(value) ? value : [value]))
    for (const [path, value] of assignments('set')) builder = builder.set(path, value)
    for (const path of (ctx.flags.remove as string[] | undefined) ?? []) builder = builder.remove(path)
    for (const [path, value] of assignments('add')) builder = builder.add(path, Array.isArray(value) ? asSet(value) : value)
    for (const [path, value] of assignments('delete')) builder = builder.delete(path, asSet(value))
    if (builder.actions.length === 0) throw new UsageError('nothing to update: pass --set, --remove, --add or --delete')
    const expressions = conditionFlags(ctx)
    const returns = returnValues(ctx, RETURN_VALUES)
    await using conn = await connect(ctx)
    const table = await tableInUse(ctx)
    printWrite(ctx, await updateItem(conn.doc, { table, key, update: builder, expressions, returnValues: returns }, { signal: ctx.signal }), `updated item in ${table}`)
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
    const expressions = conditionFlags(ctx)
    const returns = returnValues(ctx, OLD_ONLY)
    await using conn = await connect(ctx)
    const table = await tableInUse(ctx)
    const result = await deleteItem(conn.doc, { table, key, expressions, returnValues: returns }, { signal: ctx.signal })
    ctx.out.result({ ok: true, deleted: result.deleted, ...(result.attributes ? { attributes: itemDocument(result.attributes) } : {}) }, () => {
      if (result.attributes) printItem(ctx.out, result.attributes)
      else ctx.out.info(result.deleted ? `deleted item from ${table}` : `deleted nothing: no such item in ${table}`)
    })
  },
}

/** `path=json` (typed JSON, exact numbers); a value that is not JSON is taken as a string, so `--set name=Ada` works. */
function splitAssignment(text: string, flag: string): [string, unknown] {
  const eq = text.indexOf('=')
  if (eq <= 0) throw new UsageError(`--${flag} ${text}: expected <path>=<json value>`)
  const path = text.slice(0, eq)
  const raw = text.slice(eq + 1)
  let value: unknown
  try {
    value = parseTypedJson(raw, path)
  } catch (error) {
    if (!(error instanceof MarshallError) || !error.rule.startsWith('not valid JSON')) throw new UsageError(`--${flag} ${text}: ${(error as Error).message}`)
    value = raw
  }
  return [path, value]
}

export const itemCommands = [get, put, updateCommand, deleteCommand]
