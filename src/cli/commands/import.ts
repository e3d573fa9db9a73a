/**
 * import: items from a jsonl, ddb-json or csv file (or stdin) into a table through batchWrite.
 * The input is read as a stream and written in ordered chunks: a chunk is only recorded in the
 * checkpoint (as "every line up to N is written or reported") once all of it is written, so a
 * resumed run skips exactly what is done. A chunk never holds two writes to one key: the later
 * line starts a new chunk, which keeps file order (the last line for a key wins).
 */
import { statSync, type Stats } from 'node:fs'
import { resolve } from 'node:path'
import type { AttributeValue } from '../../dynamodb/attribute-value.ts'
import { yieldToEventLoop } from '../../dynamodb/backoff.ts'
import { itemSize, MAX_ITEM_SIZE } from '../../dynamodb/value-rules.ts'
import { marshall } from '../../dynamodb/marshall.ts'
import { CliError, UsageError, type CommandSpec } from '../command.ts'
import { tableInUse } from '../table-in-use.ts'
import { connect } from '../connect.ts'
import { plural } from '../output.ts'
import { describeError } from '../errors.ts'
import { keyNames, keySchema, type KeySchema } from '../../service/tables.ts'
import { numberFlag } from '../read-options.ts'
import { readCheckpoint, removeCheckpoint, rerunCommand, writeCheckpoint, type CheckpointBase } from '../transfer/checkpoint.ts'
import { CsvDecoder, detectFormat, FORMATS, parseDdbJsonLine, parseJsonlLine, type Format } from '../transfer/formats.ts'
import { readCsvRecords, readLines, type Line } from '../transfer/records.ts'

interface ImportCheckpoint extends CheckpointBase {
  kind: 'import'
  /** Every input line up to this one is written (or reported as malformed). */
  line: number
  written: number
  malformed: number
  errors: LineError[]
  /** What was read of the input so far: a resumed run must read the same bytes. */
  source?: SourceMark
}

interface SourceMark {
  /** The file's size and modification time (absent for stdin). */
  size?: number
  mtimeMs?: number
  /** SHA-256 of the first `lines` lines as read (decompressed, with their line ends). */
  lines: number
  sha256: string
}

interface LineError {
  line: number
  message: string
}

/** Malformed lines listed in full; beyond this only counted. */
const MAX_LISTED_ERRORS = 100

type InputRecord = { line: number; lastLine: number; item: Record<string, unknown>; error?: undefined } | { line: number; lastLine: number; item?: undefined; error: string }

export const importCommand: CommandSpec = {
  name: 'import',
  longRunning: true,
  summary: 'Import items from a jsonl, ddb-json or csv file into a table (batched, resumable)',
  usage: 'dbtooling import <table> <file|-> [--format jsonl|ddb-json|csv] [--checkpoint file] [--dry-run] [--strict]',
  description:
    'The format comes from the file name (.jsonl/.json, .ddb.json, .csv; .gz files are decompressed) unless --format says otherwise; `-` reads stdin. Malformed lines are reported with their line numbers and the run exits 1; the valid lines are still written unless --strict, which stops at the first malformed line. --dry-run checks every line (JSON, types, item size, the table\'s key attributes) and writes nothing.',
  positionals: { min: 2, max: 2 },
  flags: {
    format: { type: 'string', value: '<format>', description: `${FORMATS.join(', ')} (default: from the file name)` },
    checkpoint: { type: 'string', value: '<file>', description: 'record progress here; re-run the same command to resume' },
    'dry-run': { type: 'boolean', description: 'validate every line, write nothing' },
    strict: { type: 'boolean', description: 'stop at the first malformed line (lines before it are written)' },
    concurrency: { type: 'string', value: '<n>', default: '4', description: 'BatchWriteItem requests in flight' },
  },
  examples: ['dbtooling import app-copy app.jsonl --checkpoint import.ckpt', 'dbtooling import app-copy export.ddb.json --dry-run', 'cat items.csv | dbtooling import app - --format csv'],
  async run(ctx) {
    const [table, file] = ctx.args as [string, string]
    const format = detectFormat(ctx.flags.format, file)
    const dryRun = ctx.flags['dry-run'] === true
    const strict = ctx.flags.strict === true
    const checkpointPath = ctx.flags.checkpoint === undefined ? undefined : resolve(ctx.cwd, String(ctx.flags.checkpoint))
    if (dryRun && checkpointPath) throw new UsageError('--dry-run writes nothing, so it has nothing to checkpoint')
    const concurrency = numberFlag(ctx, 'concurrency') ?? 4
    const input = file === '-' ? '-' : resolve(ctx.cwd, file)
    // statSync, not Bun.file().exists(): that is false for /dev/null, pipes and other non-regular files.
    const stat = input === '-' ? undefined : statOrUndefined(input)
    if (input !== '-' && !stat) throw new CliError('InputNotFound', `${file} does not exist`, 'pass the path of an export file, or - for stdin')
    const fileMark = stat?.isFile() ? { size: stat.size, mtimeMs: stat.mtimeMs } : {}

    await using conn = await connect(ctx)
    const schema = await keySchema(conn.doc, await tableInUse(ctx, table))
    const options = { table, input, format, strict }
    const resumed = checkpointPath ? readCheckpoint<ImportCheckpoint>(checkpointPath, 'import', options) : undefined
    const state: ImportCheckpoint = resumed ?? { kind: 'import', version: 1, options, line: 0, written: 0, malformed: 0, errors: [] }
    if (resumed) {
      checkSameFile(file, checkpointPath!, resumed.source, fileMark)
      ctx.out.info(`resuming import into ${table} from ${checkpointPath}: lines 1-${resumed.line} are done (${plural(resumed.written, 'item')} written)`)
    }
    const skipThrough = state.line
    const progress = ctx.out.progress(dryRun ? `validate ${file}` : `import ${table}`)
    const chunkSize = 25 * concurrency * 4
    let writtenThisRun = 0
    let valid = 0

    let chunk: Record<string, unknown>[] = []
    let chunkKeys = new Set<string>()
    let pendingLine = state.line
    const flush = async () => {
      // The in-process engine answers without I/O: without this, Ctrl-C would wait for the end.
      await yieldToEventLoop()
      if (ctx.signal.aborted) return
      if (chunk.length > 0 && !dryRun) {
        await conn.doc.batchWrite(chunk.map(put => ({ table, put })), { concurrency })
        state.written += chunk.length
        writtenThisRun += chunk.length
        progress.tick(chunk.length)
      }
      chunk = []
      chunkKeys = new Set()
      state.line = pendingLine
      state.source = { ...fileMark, ...hashed.mark() }
      if (checkpointPath) writeCheckpoint(checkpointPath, state)
    }
    const report = (line: number, message: string) => {
      state.malformed++
      if (state.errors.length < MAX_LISTED_ERRORS) state.errors.push({ line, message })
    }

    const raw = input === '-' ? ctx.stdinStream() : stat?.isFile() ? Bun.file(input).stream() : await deviceStream(input)
    // DynamoDB's export to S3 writes gzipped DynamoDB JSON: read it as it is.
    const stream: ReadableStream<Uint8Array> = input.endsWith('.gz') ? raw.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>) : raw
    const hashed = hashLines(readLines(stream), resumed?.source, () => new CliError('CheckpointMismatch', `${file} is not the file checkpoint ${checkpointPath} was made from: its first ${resumed?.source?.lines} lines differ`, `import the original file, or delete ${checkpointPath} to start over`))
    let strictStop: LineError | undefined
    let sawLine = false
    try {
      for await (const record of readRecords(format, hashed.lines, schema, skipThrough)) {
        sawLine = true
        if (ctx.signal.aborted) break
        let checked: { item: Record<string, unknown>; key: string } | undefined
        let error = record.error
        if (error === undefined) {
          try {
            checked = validate(record.item!, schema)
          } catch (e) {
            error = (e as Error).message
          }
        }
        if (error !== undefined || !checked) {
          if (strict) {
            await flush()
            strictStop = { line: record.line, message: error ?? 'invalid' }
            break
          }
          report(record.line, error ?? 'invalid')
          pendingLine = record.lastLine
          continue
        }
        valid++
        if (dryRun) progress.tick()
        if (chunkKeys.has(checked.key)) await flush()
        chunk.push(checked.item)
        chunkKeys.add(checked.key)
        pendingLine = record.lastLine
        if (chunk.length >= chunkSize) await flush()
      }
      if (!ctx.signal.aborted && !strictStop) await flush()
    } catch (error) {
      if (!ctx.signal.aborted) {
        const resume = checkpointPath ? `re-run the same command to resume after line ${state.line}: ${rerunCommand(ctx, 'import')}` : 'pass --checkpoint <file> to make an import resumable'
        if (error instanceof CliError || error instanceof UsageError) throw error
        const d = describeError(error)
        throw new CliError(d.code, `import into ${table} stopped after line ${state.line} (${plural(state.written, 'item')} written): ${d.message}`, `${d.hint ? `${d.hint}; then ` : ''}${resume}`)
      }
    }
    const { seconds } = progress.done()

    if (ctx.signal.aborted) {
      const resume = checkpointPath ? `resume with: ${rerunCommand(ctx, 'import')}` : 'pass --checkpoint <file> to make an import resumable'
      ctx.out.fail('Interrupted', `import into ${table} stopped after line ${state.line} (${state.written} items written)`, resume)
      return 130
    }
    for (const e of state.errors) ctx.out.error('MalformedLine', `line ${e.line}: ${e.message}`)
    if (state.malformed > state.errors.length) ctx.out.error('MalformedLine', `... and ${plural(state.malformed - state.errors.length, 'more malformed line')}`)
    if (strictStop) {
      ctx.out.error('MalformedLine', `line ${strictStop.line}: ${strictStop.message}`, `--strict stopped here; lines before it are written. Fix the line and re-run${checkpointPath ? ' the same command to continue' : ''}`)
    }
    if (checkpointPath && !strictStop) removeCheckpoint(checkpointPath)
    const rate = Math.round((dryRun ? valid : writtenThisRun) / Math.max(seconds, 0.001))
    const bad = state.malformed + (strictStop ? 1 : 0)
    if (!sawLine && !resumed) ctx.out.info(`${file} is empty: nothing to import`)
    else if (dryRun) ctx.out.info(`dry run: ${plural(valid, 'valid item')}, ${plural(bad, 'malformed line')} in ${file}; nothing written`)
    else ctx.out.info(`imported ${plural(state.written, 'item')} into ${table} in ${seconds.toFixed(1)}s (${rate} items/s)${bad ? `; ${plural(bad, 'malformed line')} not imported` : ''}`)
    if (ctx.global.json) {
      const errors = strictStop ? [...state.errors, strictStop] : state.errors
      ctx.out.result({ table, format, input: file, items: dryRun ? valid : state.written, malformed: bad, errors, seconds: Number(seconds.toFixed(3)), dryRun })
    }
    return bad > 0 ? 1 : 0
  },
}

/** Parsed records of the input with their line numbers; lines through `skipThrough` are not parsed. */
async function* readRecords(format: Format, lines: AsyncIterable<Line>, schema: KeySchema, skipThrough: number): AsyncGenerator<InputRecord> {
  if (format === 'csv') {
    let decoder: CsvDecoder | undefined
    for await (const r of readCsvRecords(lines)) {
      if (!decoder) {
        if (r.error !== undefined) throw new CliError('CsvHeader', `line ${r.line}: the header row is malformed: ${r.error}`, 'the first row must name the columns')
        decoder = new CsvDecoder(r.fields.map((f, i) => (i === 0 ? stripBom(f.text) : f.text)), schema)
        continue
      }
      if (r.lastLine <= skipThrough) continue
      if (r.error !== undefined) {
        yield r
        continue
      }
      let item: Record<string, unknown>
      try {
        item = decoder.item(r.fields)
      } catch (error) {
        yield { line: r.line, lastLine: r.lastLine, error: (error as Error).message }
        continue
      }
      yield { line: r.line, lastLine: r.lastLine, item }
    }
    return
  }
  const parse = format === 'jsonl' ? parseJsonlLine : parseDdbJsonLine
  for await (const l of lines) {
    if (l.number <= skipThrough) continue
    const text = l.number === 1 ? stripBom(l.text) : l.text
    if (text.trim() === '') continue
    let item: Record<string, unknown>
    try {
      item = parse(text)
    } catch (error) {
      yield { line: l.number, lastLine: l.number, error: (error as Error).message }
      continue
    }
    yield { line: l.number, lastLine: l.number, item }
  }
}

/** The input's lines, hashed as they pass; with `expected`, a mismatch over its first lines throws `mismatch()`. */
function hashLines(lines: AsyncIterable<Line>, expected: SourceMark | undefined, mismatch: () => Error): { lines: AsyncIterable<Line>; mark(): Omit<SourceMark, 'size' | 'mtimeMs'> } {
  const hasher = new Bun.CryptoHasher('sha256')
  let count = 0
  const digest = () => hasher.copy().digest('hex')
  async function* pass(): AsyncGenerator<Line> {
    for await (const line of lines) {
      hasher.update(line.text + line.eol)
      count++
      if (expected && count === expected.lines && digest() !== expected.sha256) throw mismatch()
      yield line
    }
    if (expected && count < expected.lines) throw mismatch()
  }
  return { lines: pass(), mark: () => ({ lines: count, sha256: digest() }) }
}

/** A resumed import must read the file the checkpoint was made from. */
function checkSameFile(file: string, checkpointPath: string, recorded: SourceMark | undefined, now: { size?: number; mtimeMs?: number }): void {
  if (!recorded || recorded.size === undefined || now.size === undefined) return
  if (recorded.size !== now.size || recorded.mtimeMs !== now.mtimeMs) {
    const what = recorded.size !== now.size ? `its size is ${now.size} bytes, not ${recorded.size}` : `it was modified at ${new Date(now.mtimeMs!).toISOString()}, after the checkpoint's ${new Date(recorded.mtimeMs!).toISOString()}`
    throw new CliError('CheckpointMismatch', `${file} changed since checkpoint ${checkpointPath} was written: ${what}`, `import the original file, or delete ${checkpointPath} to start over`)
  }
}

/** A device or pipe (/dev/null, <(...)): Bun.file().stream() cannot poll those. */
async function deviceStream(path: string): Promise<ReadableStream<Uint8Array>> {
  const { createReadStream } = await import('node:fs')
  const nodeStream = createReadStream(path)
  return new ReadableStream<Uint8Array>({
    start(controller) {
      nodeStream.on('data', chunk => controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk)))
      nodeStream.on('end', () => controller.close())
      nodeStream.on('error', error => controller.error(error))
    },
    cancel() {
      nodeStream.destroy()
    },
  })
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** What DynamoDB would refuse, found before sending: types, size, the table's key attributes. */
function validate(item: Record<string, unknown>, schema: KeySchema): { item: Record<string, unknown>; key: string } {
  const wire = marshall(item)
  const size = itemSize(wire)
  if (size > MAX_ITEM_SIZE) throw new Error(`item is ${size} bytes; DynamoDB items are at most ${MAX_ITEM_SIZE} bytes (400 KB)`)
  const key: AttributeValue[] = []
  for (const k of [schema.hash, ...(schema.range ? [schema.range] : [])]) {
    const v = wire[k.name] as Record<string, unknown> | undefined
    if (v === undefined) throw new Error(`missing key attribute ${k.name} (the table's key is ${keyNames(schema).join(', ')})`)
    const type = Object.keys(v)[0]
    if (type !== k.type) throw new Error(`key attribute ${k.name} must be of type ${k.type}, got ${type}`)
    if (v[type] === '') throw new Error(`key attribute ${k.name} is empty; DynamoDB keys cannot be empty`)
    key.push(v as AttributeValue)
  }
  return { item, key: JSON.stringify(key) }
}
