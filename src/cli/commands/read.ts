/** query and scan: items as a table or JSON lines, with the cursor of the next page. */
import type { Page, WireReadRequest } from '../../dynamodb/paginate.ts'
import { compileRead } from '../../dynamodb/request.ts'
import { readItems } from '../../service/read.ts'
import { keyNames, keySchema } from '../../service/tables.ts'
import { UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import { tableInUse } from '../table-in-use.ts'
import { connect, type Connection } from '../connect.ts'
import { itemDocument, itemLine } from '../item-output.ts'
import { addRawExpression } from '../raw-expression.ts'
import { FILTER_PROJECT_FLAGS, numberFlag, projectionFlag as projection } from '../read-options.ts'

const READ_FLAGS = {
  ...FILTER_PROJECT_FLAGS,
  limit: { type: 'string', value: '<n>', description: 'at most n items (with --all: over all pages)' },
  all: { type: 'boolean', description: 'read every page' },
  cursor: { type: 'string', value: '<cursor>', description: 'continue after a previous page' },
  format: { type: 'string', value: '<table|jsonl>', description: 'human table or JSON lines (default: table on a terminal, jsonl otherwise)' },
  consistent: { type: 'boolean', description: 'strongly consistent read' },
} as const

/** A key value from the command line, typed by the attribute definition (N → number). */
function keyValue(text: string, type: string, flag: string): unknown {
  if (type === 'N') {
    if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text.trim())) throw new UsageError(`--${flag} ${text}: the key attribute is a number`)
    return Number(text)
  }
  if (type === 'B') return Buffer.from(text, 'base64')
  return text
}

/** Runs the read and prints items; the next cursor goes to stderr (or into the JSON result). */
async function printPages(ctx: CommandContext, conn: Connection, operation: 'Query' | 'Scan', request: WireReadRequest, keyNames: string[], segments?: number): Promise<void> {
  const limit = numberFlag(ctx, 'limit')
  const readAll = ctx.flags.all === true
  const format = (ctx.flags.format as string | undefined) ?? (ctx.out.json ? 'json' : ctx.out.stdoutIsTerminal ? 'table' : 'jsonl')
  if (!['table', 'jsonl', 'json'].includes(format)) throw new UsageError(`--format ${format}: expected table or jsonl`)
  const items: Record<string, unknown>[] = []
  const progress = ctx.out.progress(`${operation.toLowerCase()} ${request.TableName}`)
  const onPage = async (page: Page) => {
    progress.tick(page.items.length)
    if (format === 'jsonl' && !ctx.out.json) {
      for (const item of page.items) ctx.out.raw(itemLine(item) + '\n')
      await ctx.out.drained()
    } else for (const item of page.items) items.push(itemDocument(item))
  }
  const summary = await readItems(conn.doc, operation, request, { cursor: ctx.flags.cursor as string | undefined, limit, all: readAll, segments, signal: ctx.signal, onPage })
  progress.done()
  if (ctx.out.json) ctx.out.result({ items, count: items.length, scannedCount: summary.scannedCount, ...(summary.cursor ? { cursor: summary.cursor } : {}) })
  else {
    if (format === 'table') {
      // Key attributes first, then the rest in first-seen order.
      const columns = [...new Set([...keyNames.filter(k => items.some(i => k in i)), ...items.flatMap(i => Object.keys(i))])]
      ctx.out.table(items, columns)
    }
    if (summary.cursor) ctx.out.info(`next page: --cursor ${summary.cursor}`)
  }
}

/** --filter with its --names/--values, merged into the compiled request. */
function withFilter(ctx: CommandContext, request: WireReadRequest): WireReadRequest {
  return addRawExpression(request, 'FilterExpression', ctx.flags.filter as string | undefined, ctx.flags.names, ctx.flags.values)
}

export const query: CommandSpec = {
  name: 'query',
  summary: 'Query items by partition key, with optional sort-key condition, index and filter',
  usage: 'dbtooling query --pk <value> [--sk v | --sk-begins-with p | --sk-between a,b | --sk-gt v ...] [--index name] [options]',
  positionals: { max: 0 },
  flags: {
    pk: { type: 'string', value: '<value>', description: 'partition key value (required)' },
    sk: { type: 'string', value: '<value>', description: 'sort key equals' },
    'sk-begins-with': { type: 'string', value: '<prefix>', description: 'sort key begins with' },
    'sk-between': { type: 'string', value: '<low,high>', description: 'sort key between (inclusive)' },
    'sk-gt': { type: 'string', value: '<value>', description: 'sort key greater than' },
    'sk-ge': { type: 'string', value: '<value>', description: 'sort key greater than or equal' },
    'sk-lt': { type: 'string', value: '<value>', description: 'sort key less than' },
    'sk-le': { type: 'string', value: '<value>', description: 'sort key less than or equal' },
    index: { type: 'string', value: '<name>', description: 'query a secondary index' },
    desc: { type: 'boolean', description: 'descending sort-key order' },
    ...READ_FLAGS,
  },
  examples: ['dbtooling query --pk USER#1 --sk-begins-with POST# --desc --limit 10', 'dbtooling query --pk active --index byStatus --all --format jsonl'],
  async run(ctx) {
    if (ctx.flags.pk === undefined) throw new UsageError('--pk is required')
    const sortFlags = ['sk', 'sk-begins-with', 'sk-between', 'sk-gt', 'sk-ge', 'sk-lt', 'sk-le'].filter(f => ctx.flags[f] !== undefined)
    if (sortFlags.length > 1) throw new UsageError(`pass one sort-key condition, not ${sortFlags.map(f => `--${f}`).join(' and ')}`)
    await using conn = await connect(ctx)
    const table = await tableInUse(ctx)
    const index = ctx.flags.index as string | undefined
    const schema = await keySchema(conn.doc, table, index)
    const key: Record<string, unknown> = { [schema.hash.name]: keyValue(String(ctx.flags.pk), schema.hash.type, 'pk') }
    const flag = sortFlags[0]
    if (flag) {
      const range = schema.range
      if (!range) throw new UsageError(`--${flag}: ${index ?? table} has no sort key`)
      const raw = String(ctx.flags[flag])
      const v = (t: string) => keyValue(t, range.type, flag)
      if (flag === 'sk-between') {
        const parts = raw.split(',')
        if (parts.length !== 2) throw new UsageError('--sk-between expects <low>,<high>')
        key[range.name] = { between: [v(parts[0]!), v(parts[1]!)] }
      } else {
        const op = { sk: 'eq', 'sk-begins-with': 'beginsWith', 'sk-gt': 'gt', 'sk-ge': 'ge', 'sk-lt': 'lt', 'sk-le': 'le' }[flag]!
        key[range.name] = { [op]: v(raw) }
      }
    }
    const request = withFilter(ctx, {
      TableName: table,
      ...(index ? { IndexName: index } : {}),
      ...compileRead({ key, projection: projection(ctx) }),
      ...(ctx.flags.desc ? { ScanIndexForward: false } : {}),
      ...(ctx.flags.consistent ? { ConsistentRead: true } : {}),
    })
    await printPages(ctx, conn, 'Query', request, keyNames(schema))
  },
}

export const scan: CommandSpec = {
  name: 'scan',
  summary: 'Scan a table or index, optionally in parallel segments',
  usage: 'dbtooling scan [--filter expr --names json --values json] [--segments n --all] [--limit n] [--all]',
  positionals: { max: 0 },
  flags: {
    index: { type: 'string', value: '<name>', description: 'scan a secondary index' },
    segments: { type: 'string', value: '<n>', description: 'read in n parallel segments, 4 at once (with --all)' },
    ...READ_FLAGS,
  },
  examples: ['dbtooling scan --limit 20', `dbtooling scan --filter '#s = :s' --names '{"#s":"status"}' --values '{":s":"active"}' --all --format jsonl`, 'dbtooling scan --segments 8 --all --format jsonl > items.jsonl'],
  async run(ctx) {
    const segments = numberFlag(ctx, 'segments')
    await using conn = await connect(ctx)
    const index = ctx.flags.index as string | undefined
    const table = await tableInUse(ctx)
    const request = withFilter(ctx, {
      TableName: table,
      ...(index ? { IndexName: index } : {}),
      ...compileRead({ projection: projection(ctx) }),
      ...(ctx.flags.consistent ? { ConsistentRead: true } : {}),
    })
    const schema = await keySchema(conn.doc, table, index)
    await printPages(ctx, conn, 'Scan', request, keyNames(schema), segments)
  },
}

export const readCommands = [query, scan]
