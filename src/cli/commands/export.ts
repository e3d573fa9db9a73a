/**
 * export: a parallel scan written as it arrives (one page in memory per segment, never the
 * table) as JSON lines, DynamoDB JSON or CSV. With --checkpoint, every fully written page is
 * recorded (per-segment LastEvaluatedKey and the output's byte length), so a run stopped by
 * Ctrl-C or a crash resumes exactly: the output is cut back to the last recorded length and
 * each segment continues after its last recorded key.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs'
import { resolve } from 'node:path'
import type { AttributeMap } from '../../dynamodb/attribute-value.ts'
import { scanSegments, type WireReadRequest } from '../../dynamodb/paginate.ts'
import { compileRead } from '../../dynamodb/request.ts'
import { CliError, UsageError, type CommandSpec } from '../command.ts'
import { tableInUse } from '../table-in-use.ts'
import { connect } from '../connect.ts'
import { plural } from '../output.ts'
import { describeError } from '../errors.ts'
import { addRawExpression } from '../raw-expression.ts'
import { readSender } from '../../service/read.ts'
import { describeTable, keyNames, keySchemaOf } from '../../service/tables.ts'
import { FILTER_PROJECT_FLAGS, numberFlag, projectionFlag } from '../read-options.ts'
import { readCheckpoint, removeCheckpoint, rerunCommand, writeCheckpoint, type CheckpointBase } from '../transfer/checkpoint.ts'
import { CsvEncoder, ddbJsonLine, detectFormat, FORMATS, jsonlLine } from '../transfer/formats.ts'

interface ExportCheckpoint extends CheckpointBase {
  kind: 'export'
  /** Output length in bytes after the last fully written page. */
  bytes: number
  items: number
  columns?: string[]
  segments: { lastEvaluatedKey?: AttributeMap; done: boolean }[]
}

/** csv columns are the union of the attributes of at least this many items (or the whole table). */
const CSV_SAMPLE_ITEMS = 1000

/** Segments scanned at once: more segments than this queue up. */
const MAX_CONCURRENT_SEGMENTS = 8

export const exportCommand: CommandSpec = {
  name: 'export',
  longRunning: true,
  summary: 'Export a table to JSON lines, DynamoDB JSON or CSV (streamed, parallel, resumable)',
  usage: 'dbtooling export [table] [--format jsonl|ddb-json|csv] [--output file] [--segments n] [--checkpoint file]',
  description:
    'jsonl is plain JSON per item with tags for what JSON cannot say exactly: {"$N":"<decimal>"} for numbers a JS number would round, {"$B":"<base64>"}, {"$SS":[...]}, {"$NS":["1","2"]}, {"$BS":[...]}, and {"$M":{...}} around a map whose only key is one of these tags. ddb-json is {"Item":{...}} per line as DynamoDB exports to S3. csv is RFC 4180 and not type-exact (strings quoted, nested values as jsonl JSON). With --checkpoint, re-running the same command after Ctrl-C or a crash continues where it stopped.',
  positionals: { max: 1 },
  flags: {
    format: { type: 'string', value: '<format>', default: 'jsonl', description: FORMATS.join(', ') },
    output: { type: 'string', short: 'o', value: '<file>', description: 'write to a file (default: stdout)' },
    segments: { type: 'string', value: '<n>', default: '4', description: `parallel scan segments (${MAX_CONCURRENT_SEGMENTS} read at once)` },
    checkpoint: { type: 'string', value: '<file>', description: 'record progress here; re-run the same command to resume (needs --output)' },
    columns: { type: 'string', value: '<a,b,c>', description: `csv columns (default: key attributes, then those of the first ${CSV_SAMPLE_ITEMS} items)` },
    'page-size': { type: 'string', value: '<n>', description: 'items per Scan request (default: up to 1 MB per page)' },
    consistent: { type: 'boolean', description: 'strongly consistent reads' },
    ...FILTER_PROJECT_FLAGS,
  },
  examples: [
    'dbtooling export app --output app.jsonl --checkpoint app.ckpt',
    'dbtooling export app --format csv --columns pk,sk,name,total -o app.csv',
    "dbtooling export app --format ddb-json --filter '#s = :s' --names '{\"#s\":\"status\"}' --values '{\":s\":\"active\"}' > active.ddb.json",
  ],
  async run(ctx) {
    const format = detectFormat(ctx.flags.format, undefined)
    const output = ctx.flags.output === undefined ? undefined : resolve(ctx.cwd, String(ctx.flags.output))
    const checkpointPath = ctx.flags.checkpoint === undefined ? undefined : resolve(ctx.cwd, String(ctx.flags.checkpoint))
    if (checkpointPath && !output) throw new UsageError('--checkpoint needs --output: a resumed export rewrites the end of its file')
    if (ctx.global.json && !output) throw new UsageError('--json prints the summary on stdout; pass --output <file> for the items')
    const segmentCount = numberFlag(ctx, 'segments') ?? 4
    const pageSize = numberFlag(ctx, 'page-size')
    const columnsFlag = ctx.flags.columns === undefined ? undefined : String(ctx.flags.columns).split(',').map(s => s.trim()).filter(Boolean)
    if (columnsFlag && format !== 'csv') throw new UsageError('--columns applies to --format csv')

    await using conn = await connect(ctx)
    const table = await tableInUse(ctx, ctx.args[0])
    const summary = await describeTable(conn.doc, table, { signal: ctx.signal })
    const keys = keyNames(keySchemaOf(summary.description))
    let request: WireReadRequest = {
      TableName: table,
      ...compileRead({ projection: projectionFlag(ctx) }),
      ...(pageSize ? { Limit: pageSize } : {}),
      ...(ctx.flags.consistent ? { ConsistentRead: true } : {}),
    }
    request = addRawExpression(request, 'FilterExpression', ctx.flags.filter as string | undefined, ctx.flags.names, ctx.flags.values)

    const options = { table, format, output, segments: segmentCount, filter: ctx.flags.filter, names: ctx.flags.names, values: ctx.flags.values, project: ctx.flags.project, columns: columnsFlag, consistent: ctx.flags.consistent === true }
    const resumed = checkpointPath ? readCheckpoint<ExportCheckpoint>(checkpointPath, 'export', options) : undefined
    const state: ExportCheckpoint = resumed ?? {
      kind: 'export',
      version: 1,
      options,
      bytes: 0,
      items: 0,
      ...(columnsFlag ? { columns: [...new Set([...keys, ...columnsFlag])] } : {}),
      segments: Array.from({ length: segmentCount }, () => ({ done: false })),
    }
    if (resumed) ctx.out.info(`resuming export of ${table} from ${checkpointPath}: ${plural(resumed.items, 'item')} already in ${output}`)

    const sink = openSink(ctx, output, resumed?.bytes)
    let encoder = state.columns ? new CsvEncoder(state.columns, keys) : undefined
    // Columns given up front: the header goes first (a resumed file has it already).
    if (encoder && !resumed) state.bytes += sink.write(encoder.header())
    // DescribeTable's item count (exact on emulators, refreshed about every six hours on AWS) gives the percentage.
    const progress = ctx.out.progress(`export ${table}`, summary.itemCount || undefined)
    let itemsThisRun = 0

    // Synchronous from the encode to the checkpoint: pages of different segments never interleave.
    const writePage = (segment: number, items: AttributeMap[], lastEvaluatedKey: AttributeMap | undefined) => {
      let text = ''
      if (encoder) {
        for (const item of items) text += encoder.row(item)
      } else {
        const line = format === 'jsonl' ? jsonlLine : ddbJsonLine
        for (const item of items) text += line(item)
      }
      state.bytes += sink.write(text)
      state.items += items.length
      itemsThisRun += items.length
      state.segments[segment] = lastEvaluatedKey ? { lastEvaluatedKey, done: false } : { done: true }
      if (checkpointPath) writeCheckpoint(checkpointPath, state)
      progress.tick(items.length)
    }

    // csv columns come from a sample: pages are held (unrecorded) until it is big enough or the scan ends.
    let sample: { segment: number; items: AttributeMap[]; lastEvaluatedKey?: AttributeMap }[] = []
    let sampled = 0
    const fixColumns = () => {
      encoder = new CsvEncoder(CsvEncoder.columnsFor(sample.flatMap(p => p.items), keys), keys)
      state.columns = encoder.columns
      state.bytes += sink.write(encoder.header())
      const held = sample
      sample = []
      for (const page of held) writePage(page.segment, page.items, page.lastEvaluatedKey)
    }
    const onPage = (segment: number, items: AttributeMap[], lastEvaluatedKey: AttributeMap | undefined) => {
      if (format !== 'csv' || encoder) return writePage(segment, items, lastEvaluatedKey)
      sample.push({ segment, items, lastEvaluatedKey })
      sampled += items.length
      if (sampled >= CSV_SAMPLE_ITEMS) fixColumns()
    }

    let failure: unknown
    try {
      await scanSegments(readSender(conn.doc), request, {
        segments: segmentCount,
        concurrency: MAX_CONCURRENT_SEGMENTS,
        signal: ctx.signal,
        positions: state.segments,
        onPage: async (page, segment) => {
          onPage(segment, page.items, page.lastEvaluatedKey)
          // A slow reader of stdout holds the scan back instead of the output piling up in memory.
          if (!output) await ctx.out.drained()
        },
      })
      // A table smaller than the sample (or empty: the header alone) is written at the end.
      if (format === 'csv' && !encoder) fixColumns()
    } catch (error) {
      if (!ctx.signal.aborted) failure = error
    }
    sink.close()
    const { seconds } = progress.done()
    const rate = Math.round(itemsThisRun / Math.max(seconds, 0.001))

    if (ctx.signal.aborted || failure) {
      const where = output ?? 'stdout'
      const resume = checkpointPath ? `resume with: ${rerunCommand(ctx, 'export')}` : 'pass --checkpoint <file> (with --output) to make an export resumable'
      if (ctx.signal.aborted) {
        ctx.out.fail('Interrupted', `export of ${table} stopped after ${plural(state.items, 'item')} in ${where}`, resume)
        return 130
      }
      // A data or usage problem needs other options (a new export); anything else can resume.
      if (checkpointPath && !(failure instanceof CliError) && !(failure instanceof UsageError)) {
        const d = describeError(failure)
        throw new CliError(d.code, d.message, `${d.hint ? `${d.hint}; then ` : ''}${resume}`)
      }
      throw failure
    }
    if (checkpointPath) removeCheckpoint(checkpointPath)
    ctx.out.info(`exported ${plural(state.items, 'item')} from ${table} to ${output ?? 'stdout'} in ${seconds.toFixed(1)}s (${rate} items/s)`)
    if (ctx.global.json) ctx.out.result({ table, format, items: state.items, seconds: Number(seconds.toFixed(3)), output: output ?? null })
  },
}

interface Sink {
  /** Writes text; returns its length in bytes. */
  write(text: string): number
  close(): void
}

/** The output file (truncated to `resumeBytes` on resume), or stdout. */
function openSink(ctx: Parameters<CommandSpec['run']>[0], output: string | undefined, resumeBytes: number | undefined): Sink {
  if (!output) {
    return {
      write: text => {
        if (text) ctx.out.raw(text)
        return Buffer.byteLength(text)
      },
      close: () => {},
    }
  }
  let fd: number
  let position = 0
  if (resumeBytes !== undefined) {
    try {
      fd = openSync(output, 'r+')
    } catch {
      throw new CliError('CheckpointMismatch', `the checkpoint records ${resumeBytes} bytes of ${output}, but the file is missing`, 'delete the checkpoint file to start over')
    }
    const size = fstatSync(fd).size
    if (size < resumeBytes) {
      closeSync(fd)
      throw new CliError('CheckpointMismatch', `${output} has ${size} bytes, fewer than the ${resumeBytes} the checkpoint records: it changed since`, 'delete the checkpoint file to start over')
    }
    // Bytes past the checkpoint belong to a page whose checkpoint did not get written: drop them.
    ftruncateSync(fd, resumeBytes)
    position = resumeBytes
  } else fd = openSync(output, 'w')
  return {
    write: text => {
      if (!text) return 0
      const bytes = Buffer.from(text)
      let done = 0
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done)
      position += bytes.length
      return bytes.length
    },
    close: () => closeSync(fd),
  }
}
