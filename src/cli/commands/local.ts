/** start, stop, status, logs, reset: the embedded engine as a local server. */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { isLoopbackEndpoint } from '../../aws/credentials/emulator.ts'
import { DynamoDBClient } from '../../dynamodb/client.ts'
import { EMULATOR_CREDENTIALS } from '../../aws/credentials/emulator.ts'
import { LOCAL_REGION } from '../../local/connection.ts'
import { endpointAnswers } from '../../local/ping.ts'
import { Engine } from '../../local/engine.ts'
import { startLocal } from '../../local/server.ts'
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import { DEFAULT_DB_PATH, logPath, readState, removeState, writeState, type LocalState } from '../local-state.ts'

const SERVER_FLAGS = {
  port: { type: 'string', value: '<port>', description: 'port to listen on (0 picks a free one)', default: '8000' },
  host: { type: 'string', value: '<host>', description: 'interface to bind; anything but loopback exposes the engine', default: '127.0.0.1' },
  'in-memory': { type: 'boolean', description: 'keep data in memory only' },
  'db-path': { type: 'string', value: '<file>', description: 'SQLite data file', default: DEFAULT_DB_PATH },
  detach: { type: 'boolean', description: 'run in the background; later commands find it through .dbtooling/server.json' },
  'no-auth-check': { type: 'boolean', description: 'accept requests without an Authorization header (DynamoDB refuses them)' },
  'lifecycle-ms': { type: 'string', value: '<ms>', description: 'how long tables stay CREATING/UPDATING/DELETING (0: ACTIVE at once)', default: '0' },
} as const

function lifecycleFlag(ctx: CommandContext): number {
  const ms = Number(ctx.flags['lifecycle-ms'])
  if (!Number.isInteger(ms) || ms < 0) throw new UsageError(`--lifecycle-ms ${ctx.flags['lifecycle-ms']}: expected a whole number of milliseconds >= 0`)
  return ms
}

function portFlag(ctx: CommandContext): number {
  const port = Number(ctx.flags.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${ctx.flags.port}: expected 0-65535`)
  return port
}

/** The command line that runs this same program (compiled binary or `bun bin/dbtooling.ts`). */
function selfCommand(): string[] {
  return Bun.main.includes('$bunfs') || Bun.main.includes('~BUN') ? [process.execPath] : [process.execPath, Bun.main]
}

async function startForeground(ctx: CommandContext): Promise<number> {
  const dbPath = resolve(ctx.cwd, String(ctx.flags['db-path']))
  const inMemory = ctx.flags['in-memory'] === true
  const log = logPath(ctx.cwd)
  mkdirSync(dirname(log), { recursive: true })
  if (!inMemory) mkdirSync(dirname(dbPath), { recursive: true })
  const writeLog = (line: string) => appendFileSync(log, `${new Date().toISOString()} ${line}\n`)
  const server = await startLocal({
    port: portFlag(ctx),
    host: String(ctx.flags.host),
    ...(inMemory ? { inMemory: true } : { dbPath }),
    authCheck: ctx.flags['no-auth-check'] !== true,
    lifecycleMs: lifecycleFlag(ctx),
    onRequest: e => writeLog(`${e.operation} ${e.status} ${e.ms.toFixed(1)}ms`),
  }).catch((error: Error) => {
    throw new CliError('StartFailed', `could not start the engine on ${ctx.flags.host}:${ctx.flags.port}: ${error.message}`, 'pick another --port (0 chooses a free one) or stop what is using it')
  })
  const state: LocalState = { pid: process.pid, port: server.port, host: server.host, endpoint: server.endpoint, dbPath: inMemory ? ':memory:' : dbPath, inMemory, logFile: log, startedAt: new Date().toISOString() }
  await writeState(ctx.cwd, state)
  writeLog(`started on ${server.endpoint} (${state.dbPath})`)
  warnIfExposed(ctx, server.endpoint)
  ctx.out.result(state, () => ctx.out.line(`embedded DynamoDB engine listening on ${server.endpoint} (data: ${state.dbPath}); Ctrl-C stops it`))
  await new Promise<void>(done => {
    ctx.signal.addEventListener('abort', () => done(), { once: true })
    process.once('SIGTERM', () => done())
  })
  await server.stop()
  await removeState(ctx.cwd)
  writeLog('stopped')
  return 0
}

/**
 * Anything but loopback (127.0.0.0/8, ::1, localhost) lets other machines in, to an engine that
 * accepts any credentials: say so where the user sees it (a detached server's stderr is its log).
 */
function warnIfExposed(ctx: CommandContext, endpoint: string): void {
  if (!isLoopbackEndpoint(endpoint)) ctx.out.warn(`listening on ${endpoint}: reachable from other machines, and the engine authenticates nobody (any credentials are accepted)`)
}

interface ServerOptions {
  port: string
  host: string
  dbPath: string
  inMemory: boolean
  noAuthCheck?: boolean
  lifecycleMs?: number
}

function serverOptions(ctx: CommandContext): ServerOptions {
  return { port: String(portFlag(ctx)), host: String(ctx.flags.host), dbPath: String(ctx.flags['db-path']), inMemory: ctx.flags['in-memory'] === true, noAuthCheck: ctx.flags['no-auth-check'] === true, lifecycleMs: lifecycleFlag(ctx) }
}

async function startDetached(ctx: CommandContext, o: ServerOptions): Promise<number> {
  const args = ['start', '--port', o.port, '--host', o.host, '--db-path', o.dbPath, ...(o.inMemory ? ['--in-memory'] : []), ...(o.noAuthCheck ? ['--no-auth-check'] : []), ...(o.lifecycleMs ? ['--lifecycle-ms', String(o.lifecycleMs)] : []), '--quiet']
  const log = logPath(ctx.cwd)
  mkdirSync(dirname(log), { recursive: true })
  // Appended to, as the server appends its request lines: a restart keeps the earlier log.
  const logFd = openSync(log, 'a')
  let child: ReturnType<typeof Bun.spawn>
  try {
    child = Bun.spawn([...selfCommand(), ...args], { cwd: ctx.cwd, env: { ...process.env, ...ctx.env, NO_COLOR: '1' }, stdin: 'ignore', stdout: 'ignore', stderr: logFd })
  } finally {
    closeSync(logFd)
  }
  child.unref()
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const state = await readState(ctx.cwd)
    if (state?.pid === child.pid && (await endpointAnswers(state.endpoint))) {
      warnIfExposed(ctx, state.endpoint)
      ctx.out.result(state, () => ctx.out.line(`embedded DynamoDB engine running in the background on ${state.endpoint} (pid ${state.pid}); \`dbtooling stop\` stops it`))
      return 0
    }
    if (child.exitCode !== null) break
    await Bun.sleep(50)
  }
  throw new CliError('StartFailed', `the background engine did not come up (see ${log})`, '`dbtooling logs` shows what happened; try another --port')
}

export const start: CommandSpec = {
  name: 'start',
  longRunning: true,
  summary: 'Start the embedded DynamoDB-compatible engine (no Java, no Docker)',
  usage: 'dbtooling start [--port 8000] [--in-memory] [--db-path file] [--detach] [--lifecycle-ms 0]',
  positionals: { max: 0 },
  flags: SERVER_FLAGS,
  examples: ['dbtooling start', 'dbtooling start --detach --port 0', 'dbtooling start --in-memory --port 8001'],
  async run(ctx) {
    const running = await readState(ctx.cwd)
    if (running) throw new CliError('AlreadyRunning', `an engine is already running on ${running.endpoint} (pid ${running.pid})`, '`dbtooling stop` stops it, `dbtooling status` describes it')
    return ctx.flags.detach ? startDetached(ctx, serverOptions(ctx)) : startForeground(ctx)
  },
}

async function stopRunning(ctx: CommandContext): Promise<LocalState | undefined> {
  const state = await readState(ctx.cwd)
  if (!state) return undefined
  process.kill(state.pid, 'SIGTERM')
  const deadline = Date.now() + 5000
  while (Date.now() < deadline && (await readState(ctx.cwd))) await Bun.sleep(50)
  if (await readState(ctx.cwd)) {
    process.kill(state.pid, 'SIGKILL')
    await removeState(ctx.cwd)
  }
  return state
}

export const stop: CommandSpec = {
  name: 'stop',
  summary: 'Stop the background engine started with `start --detach`',
  usage: 'dbtooling stop',
  positionals: { max: 0 },
  examples: ['dbtooling stop'],
  async run(ctx) {
    const state = await stopRunning(ctx)
    ctx.out.result({ stopped: !!state, ...(state ? { pid: state.pid, endpoint: state.endpoint } : {}) }, () => ctx.out.line(state ? `stopped the engine on ${state.endpoint} (pid ${state.pid})` : 'no engine is running here'))
  },
}

export const status: CommandSpec = {
  name: 'status',
  summary: 'Show the local engine: port, pid, data file, tables and item counts',
  usage: 'dbtooling status',
  positionals: { max: 0 },
  examples: ['dbtooling status', 'dbtooling status --json'],
  async run(ctx) {
    const state = await readState(ctx.cwd)
    const dbPath = state?.dbPath ?? resolve(ctx.cwd, DEFAULT_DB_PATH)
    let tables: { name: string; itemCount: number; sizeBytes: number }[] = []
    // A running server holds its data file exclusively (one engine per file): ask it.
    if (state) tables = await statsOverHttp(state.endpoint)
    else if (existsSync(dbPath)) tables = readStats(dbPath)
    const result = { running: !!state, ...(state ? { pid: state.pid, port: state.port, endpoint: state.endpoint, startedAt: state.startedAt } : {}), dbPath, tables }
    ctx.out.result(result, () => {
      ctx.out.line(state ? `running on ${state.endpoint} (pid ${state.pid}, since ${state.startedAt})` : 'not running (commands use the engine in-process when nothing else is configured)')
      ctx.out.line(`data: ${dbPath}`)
      ctx.out.table(tables.map(t => ({ table: t.name, items: t.itemCount, bytes: t.sizeBytes })), ['table', 'items', 'bytes'])
    })
  },
}

/** Reads table stats from the data file directly (only when no server holds it). */
function readStats(dbPath: string): { name: string; itemCount: number; sizeBytes: number }[] {
  if (!existsSync(dbPath)) return []
  const engine = new Engine({ dbPath })
  try {
    return engine.stats().tables
  } finally {
    engine.close()
  }
}

async function statsOverHttp(endpoint: string): Promise<{ name: string; itemCount: number; sizeBytes: number }[]> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: EMULATOR_CREDENTIALS })
  try {
    const names = (await client.listTables({})).TableNames ?? []
    const out = []
    for (const name of names) {
      const t = (await client.describeTable({ TableName: name })).Table
      out.push({ name, itemCount: t?.ItemCount ?? 0, sizeBytes: t?.TableSizeBytes ?? 0 })
    }
    return out
  } finally {
    client.close()
  }
}

export const logs: CommandSpec = {
  name: 'logs',
  summary: "Print the local engine's request log",
  usage: 'dbtooling logs [--follow] [--lines n]',
  positionals: { max: 0 },
  flags: {
    follow: { type: 'boolean', short: 'f', description: 'keep printing new lines until Ctrl-C' },
    lines: { type: 'string', value: '<n>', description: 'print the last n lines', default: '100' },
  },
  examples: ['dbtooling logs', 'dbtooling logs --follow'],
  async run(ctx) {
    const file = logPath(ctx.cwd)
    const n = Number(ctx.flags.lines)
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--lines ${ctx.flags.lines}: expected a whole number`)
    if (!existsSync(file)) {
      if (!ctx.flags.follow) {
        ctx.out.info(`no log yet (${file}); \`dbtooling start\` writes it`)
        return
      }
    }
    let offset = 0
    if (existsSync(file)) {
      const text = await Bun.file(file).text()
      offset = Buffer.byteLength(text)
      const lines = text.split('\n').filter(Boolean).slice(-n)
      if (ctx.out.json && !ctx.flags.follow) {
        ctx.out.result({ file, lines })
        return
      }
      for (const line of lines) ctx.out.raw(line + '\n')
    }
    while (ctx.flags.follow && !ctx.signal.aborted) {
      await Bun.sleep(200)
      if (!existsSync(file)) continue
      const size = Bun.file(file).size
      if (size < offset) offset = 0
      if (size > offset) {
        ctx.out.raw(await Bun.file(file).slice(offset, size).text())
        offset = size
      }
    }
    return 0
  },
}

export const reset: CommandSpec = {
  name: 'reset',
  summary: 'Stop the engine, delete its data, and start it again if it was running',
  usage: 'dbtooling reset [--yes]',
  positionals: { max: 0 },
  flags: { 'db-path': SERVER_FLAGS['db-path'] },
  examples: ['dbtooling reset --yes'],
  async run(ctx) {
    const state = await readState(ctx.cwd)
    const dbPath = state && !state.inMemory ? state.dbPath : resolve(ctx.cwd, String(ctx.flags['db-path']))
    if (!ctx.global.yes && !(await ctx.confirm(`delete every table and item in ${dbPath}?`))) {
      throw new CliError('ConfirmationRequired', 'reset: not confirmed', 'pass --yes to confirm (required when there is no terminal)')
    }
    await stopRunning(ctx)
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true })
    if (state) {
      await startDetached(ctx, { port: String(state.port), host: state.host, dbPath: state.inMemory ? DEFAULT_DB_PATH : state.dbPath, inMemory: state.inMemory })
    } else {
      ctx.out.result({ reset: true, dbPath }, () => ctx.out.line(`deleted ${dbPath}`))
    }
  },
}

export const localCommands = [start, stop, status, logs, reset]
