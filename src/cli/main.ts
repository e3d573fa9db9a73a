/**
 * The CLI runner: finds the command, parses its flags with node:util parseArgs (strict), builds
 * the context and maps outcomes to exit codes (0 ok, 1 failure, 2 usage, 130 interrupted).
 */
import { parseArgs } from 'node:util'
import { resolveConfig, type ResolvedConfig } from '../config.ts'
import { VERSION } from '../version.ts'
import { CliError, loadCommands, UsageError, type CommandContext, type CommandGroup, type FlagSpec, type FlagValues, type GlobalFlags } from './command.ts'
import { configFlags, GLOBAL_FLAGS } from './global-flags.ts'
import { commandHelp, mainHelp } from './help.ts'
import { Output, type Writer } from './output.ts'
import { closest } from './suggest.ts'
import { describeError } from './errors.ts'
import { ServiceError } from '../service/errors.ts'

export interface CliIO {
  stdout: Writer
  stderr: Writer
  stdin?: () => Promise<string>
  /** Standard input as a stream; defaults to a stream over `stdin()`. */
  stdinStream?: () => ReadableStream<Uint8Array>
  env?: Record<string, string | undefined>
  cwd?: string
  /** Interactive yes/no; absent means non-interactive. */
  prompt?: (question: string) => Promise<string | null>
}

export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const

export async function runCli(argv: string[], groups: CommandGroup[], io: CliIO, signal: AbortSignal = new AbortController().signal): Promise<number> {
  const env = io.env ?? process.env
  const byName = new Map(groups.flatMap(g => g.names.map(n => [n, g] as const)))
  const name = findCommandName(argv)
  const color = !argv.includes('--no-color') && !env.NO_COLOR && !!io.stderr.isTTY
  const earlyOut = new Output({ json: argv.includes('--json'), quiet: false, verbose: argv.includes('--verbose'), color, stdout: io.stdout, stderr: io.stderr, env })

  if (argv.includes('--version') && (name === undefined || name.index > argv.indexOf('--version'))) {
    io.stdout.write(`dbtooling ${VERSION}\n`)
    return EXIT.ok
  }
  if (!name) {
    const unknown = argv.find(a => a.startsWith('-') && a !== '--' && !isGlobalFlag(a))
    if (unknown) {
      const flag = unknown.split('=')[0]!
      const guess = closest(flag.replace(/^-+/, ''), Object.keys(GLOBAL_FLAGS))
      earlyOut.fail('UsageError', `unknown flag ${flag}`, guess ? `did you mean --${guess}? (\`dbtooling help\` lists commands and options)` : '`dbtooling help` lists commands and options')
      return EXIT.usage
    }
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(mainHelp(await loadCommands(groups), VERSION))
      return EXIT.ok
    }
    earlyOut.fail('UsageError', 'no command given', '`dbtooling help` lists commands')
    return EXIT.usage
  }
  const group = byName.get(name.value)
  if (!group) {
    const guess = closest(name.value, byName.keys())
    earlyOut.fail('UsageError', `unknown command "${name.value}"`, guess ? `did you mean \`dbtooling ${guess}\`? (\`dbtooling --help\` lists commands)` : 'run `dbtooling --help` to list commands')
    return EXIT.usage
  }
  const cmd = (await group.load()).find(c => c.name === name.value)
  if (!cmd) throw new Error(`registry: the group listing "${name.value}" does not define it`)

  const rest = [...argv.slice(0, name.index), ...argv.slice(name.index + 1)]
  const specs: Record<string, FlagSpec> = { ...GLOBAL_FLAGS, ...cmd.flags }
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>
  let positionals: string[]
  try {
    const parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(Object.entries(specs).map(([k, f]) => [k, { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) }])),
      strict: true,
      allowPositionals: true,
      allowNegative: true,
    })
    values = parsed.values
    positionals = parsed.positionals
  } catch (error) {
    const message = (error as Error).message
    const flag = /option '(-{1,2}[^' ]+)/.exec(message)?.[1]
    const guess = flag ? closest(flag.replace(/^-+/, ''), Object.keys(specs)) : undefined
    earlyOut.fail('UsageError', message.split('. ')[0]!, guess ? `did you mean --${guess}? (see \`dbtooling ${cmd.name} --help\`)` : `see \`dbtooling ${cmd.name} --help\``)
    return EXIT.usage
  }
  if (values.help) {
    io.stdout.write(commandHelp(cmd))
    return EXIT.ok
  }

  const global: GlobalFlags = {
    profile: values.profile as string | undefined,
    region: values.region as string | undefined,
    endpointUrl: values['endpoint-url'] as string | undefined,
    table: values.table as string | undefined,
    env: values.env as string | undefined,
    config: values.config as string | undefined,
    json: values.json === true,
    quiet: values.quiet === true,
    verbose: values.verbose === true,
    color: values.color !== false && !env.NO_COLOR && !!io.stderr.isTTY,
    yes: values.yes === true,
  }
  const out = new Output({ json: global.json, quiet: global.quiet, verbose: global.verbose, color: global.color, stdout: io.stdout, stderr: io.stderr, env })
  const flags: FlagValues = {}
  for (const [key, spec] of Object.entries(cmd.flags ?? {})) flags[key] = (values[key] as FlagValues[string]) ?? spec.default

  const { min = 0, max = Infinity } = cmd.positionals ?? {}
  if (positionals.length < min || positionals.length > max) {
    out.fail('UsageError', positionals.length < min ? 'missing argument' : `unexpected argument "${positionals[max]}"`, `usage: ${cmd.usage}`)
    return EXIT.usage
  }

  let config: Promise<ResolvedConfig> | undefined
  const ctx: CommandContext = {
    args: positionals,
    flags,
    global,
    table: {},
    out,
    signal,
    env,
    cwd: io.cwd ?? process.cwd(),
    config: () => (config ??= resolveConfig({
      flags: configFlags(global),
      env,
      cwd: io.cwd,
    })),
    readStdin: io.stdin ?? (() => Promise.resolve('')),
    stdinStream: io.stdinStream ?? (() => streamOf(io.stdin ?? (() => Promise.resolve('')))),
    confirm: async question => {
      if (global.yes) return true
      if (!io.prompt) return false
      const answer = await io.prompt(`${question} [y/N] `)
      return answer !== null && /^y(es)?$/i.test(answer.trim())
    },
  }

  // The binary starts with the JIT held back for one-shot commands; long work wants it back.
  if (cmd.longRunning) Bun.unsafe.setJITPolicy?.(1)
  try {
    const code = await cmd.run(ctx)
    if (signal.aborted) return EXIT.interrupted
    return code ?? EXIT.ok
  } catch (error) {
    if (signal.aborted) return EXIT.interrupted
    if (error instanceof UsageError) {
      out.fail('UsageError', error.message, error.hint ?? `usage: ${cmd.usage}`)
      return EXIT.usage
    }
    // The service layer's "bad input" is a usage error here.
    if (error instanceof ServiceError && error.input) {
      out.fail(error.code, error.message, error.hint ?? `usage: ${cmd.usage}`)
      return EXIT.usage
    }
    const d = describeError(error, ctx.table)
    out.fail(d.code, d.message, d.hint)
    if (global.verbose && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n')
    return EXIT.failure
  }
}

function streamOf(read: () => Promise<string>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(new TextEncoder().encode(await read()))
      controller.close()
    },
  })
}

/** Single-letter forms of the global flags (-h, -q, -v, -y). */
const SHORT_FLAGS = new Set(Object.values(GLOBAL_FLAGS).flatMap(f => (f.short ? [`-${f.short}`] : [])))

/** `--name`, `--name=value`, `--no-name` (booleans) or `-x` of a global flag. */
function isGlobalFlag(token: string): boolean {
  if (SHORT_FLAGS.has(token)) return true
  const name = token.replace(/^--/, '').split('=')[0]!
  return name in GLOBAL_FLAGS || (name.startsWith('no-') && GLOBAL_FLAGS[name.slice(3)]?.type === 'boolean')
}

/** The first positional token, skipping global string flags and their values. */
function findCommandName(argv: string[]): { value: string; index: number } | undefined {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!
    if (token === '--') return undefined
    if (token.startsWith('-')) {
      const name = token.replace(/^-+/, '').split('=')[0]!
      if (!token.includes('=') && GLOBAL_FLAGS[name]?.type === 'string') i++
      continue
    }
    return { value: token, index: i }
  }
  return undefined
}

export { CliError, UsageError }
