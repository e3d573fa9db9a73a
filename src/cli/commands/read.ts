/** query and scan: items as a table or JSON lines, with the cursor of the next page. */
import { decodeCursor } from '../../dynamodb/cursor.ts'
import { pages, type Page, type WireReadRequest } from '../../dynamodb/paginate.ts'
import { compileRead } from '../../dynamodb/request.ts'
import { UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import { connect, type Connection } from '../connect.ts'
import { jsonReplacer } from '../output.ts'
import { addRawExpression } from '../raw-expression.ts'
import { FILTER_PROJECT_FLAGS, keyNames, keySchema, numberFlag, projectionFlag as projection } from '../read-options.ts'

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
  const cursor = ctx.flags.cursor as string | undefined
  if (cursor) decodeCursor(cursor)
  const items: Record<string, unknown>[] = []
  let next: string | undefined
  let scanned = 0
  const progress = ctx.out.progress(`${operation.toLowerCase()} ${request.TableName}`)
  const emit = (page: Page) => {
    scanned += page.scannedCount
    progress.tick(page.items.length)
    if (format === 'jsonl' && !ctx.out.json) for (const item of page.items) ctx.out.raw(JSON.stringify(item, jsonReplacer) + '\n')
    else items.push(...page.items)
  }
  const pageRequest = !readAll && limit !== undefined ? { ...request, Limit: limit } : request
  const segmentList = segments && segments > 1 ? Array.from({ length: segments }, (_, i) => i) : [undefined]
  for (const segment of segmentList) {
    const segRequest = segment === undefined ? pageRequest : { ...pageRequest, Segment: segment, TotalSegments: segments }
    for await (const page of pages(conn.client.send.bind(conn.client) as never, operation, segRequest, { cursor, maxItems: readAll ? limit : undefined, signal: ctx.signal })) {
      emit(page)
      next = page.cursor
      if (!readAll) break
    }
  }
  progress.done()
  if (ctx.out.json) ctx.out.result({ items, count: items.length, scannedCount: scanned, ...(next && !readAll ? { cursor: next } : {}) })
  else {
    if (format === 'table') {
      // Key attributes first, then the rest in first-seen order.
      const columns = [...new Set([...keyNames.filter(k => items.some(i => k in i)), ...items.flatMap(i => Object.keys(i))])]
      ctx.out.table(items, columns)
    }
    if (next && !readAll) ctx.out.info(`next page: --cursor ${next}`)
  }
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
    const conn = await connect(ctx)
    try {
      const table = conn.config.tableName
      const index = ctx.flags.index as string | undefined
      const schema = await keySchema(conn, table, index)
      const sortFlags = ['sk', 'sk-begins-with', 'sk-between', 'sk-gt', 'sk-ge', 'sk-lt', 'sk-le'].filter(f => ctx.flags[f] !== undefined)
      if (sortFlags.length > 1) throw new UsageError(`pass one sort-key condition, not ${sortFlags.map(f => `--${f}`).join(' and ')}`)
      const key: Record<string, unknown> = { [schema.hash.name]: keyValue(String(ctx.flags.pk), schema.hash.type, 'pk') }
      const flag = sortFlags[0]
      if (flag) {
        if (!schema.range) throw new UsageError(`--${flag}: ${index ?? table} has no sort key`)
        const raw = String(ctx.flags[flag])
        const v = (t: string) => keyValue(t, schema.range!.type, flag)
        const op: Record<string, unknown> = {
          sk: { eq: v(raw) },
          'sk-begins-with': { beginsWith: v(raw) },
          'sk-gt': { gt: v(raw) },
          'sk-ge': { ge: v(raw) },
          'sk-lt': { lt: v(raw) },
          'sk-le': { le: v(raw) },
        }
        if (flag === 'sk-between') {
          const parts = raw.split(',')
          if (parts.length !== 2) throw new UsageError('--sk-between expects <low>,<high>')
          key[schema.range.name] = { between: [v(parts[0]!), v(parts[1]!)] }
        } else key[schema.range.name] = op[flag]
      }
      let request: WireReadRequest = {
        TableName: table,
        ...(index ? { IndexName: index } : {}),
        ...compileRead({ key, projection: projection(ctx) }),
        ...(ctx.flags.desc ? { ScanIndexForward: false } : {}),
        ...(ctx.flags.consistent ? { ConsistentRead: true } : {}),
      }
      request = addRawExpression(request as never, 'FilterExpression', ctx.flags.filter as string | undefined, ctx.flags.names, ctx.flags.values) as WireReadRequest
      await printPages(ctx, conn, 'Query', request, keyNames(schema))
    } finally {
      conn.close()
    }
  },
}

export const scan: CommandSpec = {
  name: 'scan',
  summary: 'Scan a table or index, optionally in parallel segments',
  usage: 'dbtooling scan [--filter expr --names json --values json] [--segments n] [--limit n] [--all]',
  positionals: { max: 0 },
  flags: {
    index: { type: 'string', value: '<name>', description: 'scan a secondary index' },
    segments: { type: 'string', value: '<n>', description: 'parallel scan segments (with --all)' },
    ...READ_FLAGS,
  },
  examples: ['dbtooling scan --limit 20', `dbtooling scan --filter '#s = :s' --names '{"#s":"status"}' --values '{":s":"active"}' --all --format jsonl`],
  async run(ctx) {
    const conn = await connect(ctx)
    try {
      const segments = numberFlag(ctx, 'segments')
      if (segments && segments > 1 && ctx.flags.cursor) throw new UsageError('--cursor cannot be combined with --segments')
      let request: WireReadRequest = {
        TableName: conn.config.tableName,
        ...(ctx.flags.index ? { IndexName: ctx.flags.index } : {}),
        ...compileRead({ projection: projection(ctx) }),
        ...(ctx.flags.consistent ? { ConsistentRead: true } : {}),
      }
      request = addRawExpression(request as never, 'FilterExpression', ctx.flags.filter as string | undefined, ctx.flags.names, ctx.flags.values) as WireReadRequest
      const schema = await keySchema(conn, conn.config.tableName, ctx.flags.index as string | undefined)
      await printPages(ctx, conn, 'Scan', request, keyNames(schema), segments)
    } finally {
      conn.close()
    }
  },
}

export const readCommands = [query, scan]
