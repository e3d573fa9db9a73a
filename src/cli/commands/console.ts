/**
 * console: a line-by-line JavaScript REPL with a connected DocumentClient. Each line runs as the
 * body of an async function (so top-level `await` works): first as an expression whose value is
 * printed, else as statements. `const x = ...` at the start of a line keeps `x` for later lines;
 * an unfinished line (open bracket or block) continues on the next.
 * Works the same typed at a terminal or piped: `echo 'await doc.get(...)' | dbtooling console`.
 */
import * as expressions from '../../dynamodb/expressions/index.ts'
import { marshall, NumberValue, unmarshall } from '../../dynamodb/marshall.ts'
import { UsageError, type CommandSpec } from '../command.ts'
import { connect } from '../connect.ts'
import { describeError } from '../errors.ts'
import { readLines, type Line } from '../transfer/records.ts'

type Scope = Record<string, unknown>
type Compiled = (scope: Scope) => Promise<unknown>

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => Compiled

export const consoleCommand: CommandSpec = {
  name: 'console',
  longRunning: true,
  summary: 'A JavaScript REPL with doc (DocumentClient), client, config and the expression builders',
  usage: 'dbtooling console [--table t]',
  description:
    'In scope: doc (DocumentClient), client (DynamoDBClient), config, table (the configured table name), expr (every expression builder) and its members (eq, and, update, ...), marshall, unmarshall, NumberValue, and _ (the last result). Lines may use await. .help lists the scope, .exit quits. When stdin is not a terminal, the exit code is 1 if any line failed.',
  positionals: { max: 0 },
  examples: [
    `echo 'await doc.get({ table, key: { pk: "USER#1", sk: "PROFILE" } })' | dbtooling console`,
    "dbtooling console --env staging   # then: await doc.query({ table, key: { pk: 'USER#1' } })",
  ],
  async run(ctx) {
    if (ctx.global.json) throw new UsageError('console prints with Bun.inspect; call JSON.stringify(...) in a line for JSON')
    await using conn = await connect(ctx)
    const interactive = process.stdin.isTTY === true
    const scope: Scope = {
      doc: conn.doc,
      client: conn.client,
      config: conn.config,
      table: conn.config.tableName,
      expr: expressions,
      ...expressions,
      marshall,
      unmarshall,
      NumberValue,
      _: undefined,
    }
    const print = (value: unknown) => ctx.out.raw(Bun.inspect(value, { colors: ctx.out.color, depth: 8 }) + '\n')
    const prompt = (continued: boolean) => {
      if (interactive) process.stderr.write(continued ? '......... ' : 'dbtooling> ')
    }
    if (interactive) ctx.out.info(`dbtooling console on ${conn.target}, table ${conn.config.tableName}. In scope: doc, client, config, table, expr, marshall, unmarshall, NumberValue. .help, .exit`)

    let failures = 0
    let pending = ''
    const lines = readLines(ctx.stdinStream())
    // Ctrl-C ends the console even while it waits for a line.
    const aborted = new Promise<undefined>(resolve => ctx.signal.addEventListener('abort', () => resolve(undefined), { once: true }))
    try {
      for (;;) {
        prompt(pending !== '')
        const next = await Promise.race([lines.next(), aborted])
        if (!next) break
        const atEnd = next.done === true
        const text = atEnd ? '' : (next.value as Line).text
        if (atEnd && pending === '') break
        if (pending === '') {
          const command = text.trim()
          if (command === '') continue
          if (command === '.exit') break
          if (command === '.help') {
            print(Object.keys(scope).sort())
            continue
          }
        }
        const code = (pending === '' ? text : `${pending}\n${text}`).trim()
        // An unfinished line (open bracket, template or block) continues on the next one.
        if (!atEnd && incomplete(code)) {
          pending = code
          continue
        }
        pending = ''
        try {
          const { fn, declared, expression } = compile(code, scope)
          const value = await fn(scope)
          if (declared) continue
          scope._ = value
          if (expression || value !== undefined) print(value)
        } catch (error) {
          failures++
          const d = describeError(error)
          ctx.out.error(d.code, d.message)
        }
        if (ctx.signal.aborted || atEnd) break
      }
    } finally {
      if (interactive) process.stderr.write('\n')
    }
    if (ctx.signal.aborted) return 130
    return !interactive && failures > 0 ? 1 : 0
  },
}

/** True when the code is cut off (more lines would finish it), not wrong. */
function incomplete(code: string): boolean {
  // The Function constructor would close open blocks with its own brace; the transpiler parses the text as is.
  transpiler ??= new Bun.Transpiler({ loader: 'js' })
  try {
    transpiler.transformSync(code)
    return false
  } catch (error) {
    return /end of file/.test(String((error as { message?: unknown }).message ?? error))
  }
}
let transpiler: InstanceType<typeof Bun.Transpiler> | undefined

/**
 * The line as an async function over the scope. `with` (sloppy-mode code from the Function
 * constructor) resolves free names against the scope, and a leading declaration becomes an
 * assignment to it, so names live on from line to line.
 */
function compile(code: string, scope: Scope): { fn: Compiled; declared: boolean; expression: boolean } {
  const declaration = /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=([\s\S]+)$/.exec(code)
  if (declaration) {
    const name = declaration[1]!
    if (!(name in scope)) scope[name] = undefined
    const body = declaration[2]!.replace(/;\s*$/, '')
    return { fn: new AsyncFunction('__scope', `with (__scope) { ${name} = (${body}\n) }`), declared: true, expression: false }
  }
  const expression = code.replace(/;\s*$/, '')
  try {
    return { fn: new AsyncFunction('__scope', `with (__scope) { return (${expression}\n) }`), declared: false, expression: true }
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
  }
  return { fn: new AsyncFunction('__scope', `with (__scope) { ${code}\n }`), declared: false, expression: false }
}
