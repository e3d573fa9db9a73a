/** mcp: the Model Context Protocol server (stdio by default, Streamable HTTP with --http). */
import { resolve } from 'node:path'
import type { ResolvedConfig } from '../../config.ts'
import type { SingleTableDesign } from '../../single-table/load-design.ts'
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import type { Connection } from '../connect.ts'
import packageJson from '../../../package.json'

export const mcpCommand: CommandSpec = {
  name: 'mcp',
  summary: 'Serve DynamoDB to AI assistants over the Model Context Protocol (stdio, or --http)',
  usage: 'dbtooling mcp [--http [--port 3000] [--host 127.0.0.1]] [--allow-writes] [--allow-destructive] [--allow-production] [--models app/models]',
  description:
    'Read-only unless --allow-writes; destroy and table deletion also need --allow-destructive; a production environment refuses writes without --allow-production. The scoped-entity tools use the configured table (--table). Protocol messages go to stdout (stdio) or the HTTP endpoint; one audit line per tool call goes to stderr.',
  positionals: { max: 0 },
  longRunning: true,
  flags: {
    http: { type: 'boolean', description: 'serve Streamable HTTP instead of stdio' },
    port: { type: 'string', value: '<port>', description: 'HTTP port (default 3000; 0 for any free port)' },
    host: { type: 'string', value: '<host>', description: 'HTTP address to bind (default 127.0.0.1)' },
    'allow-writes': { type: 'boolean', description: 'allow tools that write' },
    'allow-destructive': { type: 'boolean', description: 'allow destroy and table deletion (with --allow-writes)' },
    'allow-production': { type: 'boolean', description: 'allow writes when the environment is production' },
    models: { type: 'string', value: '<path>', description: 'models folder for the model tools (default: modelsPath from the config)' },
    'max-items': { type: 'string', value: '<n>', description: 'most items per list result (default 100)' },
    'max-item-bytes': { type: 'string', value: '<n>', description: 'largest item a write tool accepts (default 65536)' },
  },
  examples: ['dbtooling mcp --table app', 'dbtooling mcp --http --port 3000 --allow-writes', 'dbtooling mcp --endpoint-url http://127.0.0.1:8000 --models app/models'],
  async run(ctx) {
    const port = integerFlag(ctx, 'port', 0, 65535) ?? 3000
    const maxItems = integerFlag(ctx, 'max-items', 1, 10_000)
    const maxItemBytes = integerFlag(ctx, 'max-item-bytes', 1, 400 * 1024)
    // Only the protocol core is loaded before serving: initialize is answered while the tools,
    // the configuration and the connection load (every other request waits for them).
    const [{ McpServer }, { INSTRUCTIONS }] = await Promise.all([import('../../mcp/server.ts'), import('../../mcp/instructions.ts')])
    let conn: Connection | undefined
    const load = async (server: InstanceType<typeof McpServer>) => {
      const config = await ctx.config()
      const [{ registerTools }, { connect }] = await Promise.all([import('../../mcp/index.ts'), import('../connect.ts')])
      conn = await connect(ctx)
      registerTools(server, {
        doc: conn.doc,
        table: config.tableName,
        target: conn.target,
        policy: {
          allowWrites: ctx.flags['allow-writes'] === true,
          allowDestructive: ctx.flags['allow-destructive'] === true,
          allowProduction: ctx.flags['allow-production'] === true,
          production: config.production,
          environment: config.environment,
          maxItems,
          maxItemBytes,
        },
        design: designSource(ctx, config),
      })
    }
    let settle!: (loaded: Promise<void>) => void
    const ready = new Promise<void>(resolve => (settle = resolve))
    ready.catch(error => ctx.out.info(`dbtooling mcp: cannot serve tools: ${(error as Error).message}`))
    const server = new McpServer({
      name: 'dbtooling',
      version: packageJson.version,
      instructions: INSTRUCTIONS,
      ready,
      // The heavy part (tools, config, credentials, maybe the engine) starts once initialize is answered.
      onInitialized: start,
      // One line per call on stderr: the tool, the table and the outcome, never values.
      audit: entry => ctx.out.info(`dbtooling mcp: ${entry.tool}${entry.table ? ` table=${entry.table}` : ''} ${entry.outcome} ${entry.ms}ms${entry.message ? ` (${entry.message})` : ''}`),
    })
    let started = false
    function start() {
      if (started) return
      started = true
      settle(load(server))
    }
    // Also without an initialize (HTTP, or a client that is slow to send it).
    setTimeout(start, ctx.flags.http ? 0 : 200)
    try {
      if (!ctx.flags.http) {
        const { serveStdio } = await import('../../mcp/transports/stdio.ts')
        await serveStdio(server, {
          input: ctx.stdinStream(),
          write: line => {
            ctx.out.raw(line)
            void ctx.out.drained()
          },
        })
        return
      }
      await ready
      const { serveHttp } = await import('../../mcp/transports/http.ts')
      let running
      try {
        running = serveHttp(server, { port, host: (ctx.flags.host as string | undefined) ?? '127.0.0.1' })
      } catch (error) {
        throw new CliError('ListenFailed', `cannot listen on port ${port}: ${(error as Error).message}`, 'pass another --port, or --port 0 for any free one')
      }
      ctx.out.info(`dbtooling mcp: Streamable HTTP at ${running.url} (${conn?.target}; ${ctx.flags['allow-writes'] ? 'writes allowed' : 'read-only'}); Ctrl-C to stop`)
      await new Promise<void>(done => (ctx.signal.aborted ? done() : ctx.signal.addEventListener('abort', () => done(), { once: true })))
      await running.stop()
    } finally {
      await ready.catch(() => undefined)
      conn?.close()
    }
  },
}

function integerFlag(ctx: CommandContext, flag: string, min: number, max: number): number | undefined {
  const text = ctx.flags[flag] as string | undefined
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${flag} ${text}: expected an integer from ${min} to ${max}`)
  return value
}

/** The models folder's design, loaded on first use. */
function designSource(ctx: CommandContext, config: ResolvedConfig) {
  const path = resolve(ctx.cwd, (ctx.flags.models as string | undefined) ?? config.modelsPath)
  let design: Promise<SingleTableDesign> | undefined
  return {
    available: async () => (await import('node:fs/promises')).stat(path).then(s => s.isDirectory(), () => false),
    load: () => (design ??= import('../../single-table/load-design.ts').then(m => m.loadDesign(path, config.singleTableDesign, { cwd: ctx.cwd }))),
  }
}

export const mcpCommands: CommandSpec[] = [mcpCommand]
