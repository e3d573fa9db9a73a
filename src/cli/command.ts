/**
 * Command definitions: one plain object per command, from which parsing, `--help`,
 * `dbtooling help <command>` and the command list are all produced.
 */
import type { ResolvedConfig } from '../config.ts'
import type { Output } from './output.ts'

export interface FlagSpec {
  type: 'string' | 'boolean'
  short?: string
  description: string
  default?: string | boolean
  multiple?: boolean
  /** Placeholder shown in help, e.g. `<file>`. */
  value?: string
}

export type FlagValues = Record<string, string | boolean | string[] | undefined>

export interface GlobalFlags {
  profile?: string
  region?: string
  endpointUrl?: string
  table?: string
  env?: string
  config?: string
  json: boolean
  quiet: boolean
  verbose: boolean
  color: boolean
  yes: boolean
}

/** The table a command works on and where its name came from, for "does not exist" errors. */
export interface TableInUse {
  name?: string
  /** e.g. "from --table", "the default name: no --table, DBTOOLING_TABLE or config file names one". */
  origin?: string
}

export interface CommandContext {
  /** Positional arguments after the command name. */
  args: string[]
  /** This command's own flags, defaults applied. */
  flags: FlagValues
  global: GlobalFlags
  out: Output
  /** Set by the command once it knows its table (see table-in-use.ts). */
  table: TableInUse
  /** Resolved configuration (loaded once, on first use). */
  config(): Promise<ResolvedConfig>
  /** The environment and working directory the command runs in (injectable for tests). */
  env: Record<string, string | undefined>
  cwd: string
  /** Aborted on Ctrl-C: long commands stop at the next safe point. */
  signal: AbortSignal
  /** Standard input as text (for JSON arguments piped in). */
  readStdin(): Promise<string>
  /** Standard input as a byte stream, for input too large to hold (import -) or read line by line (console). */
  stdinStream(): ReadableStream<Uint8Array>
  /** Asks for confirmation on a TTY; false when there is no TTY. --yes skips it. */
  confirm(question: string): Promise<boolean>
}

export interface CommandSpec {
  name: string
  /** One line for the command list. */
  summary: string
  /** e.g. `dbtooling get <key-json> [options]` */
  usage: string
  description?: string
  flags?: Record<string, FlagSpec>
  examples?: string[]
  /** Accepts positional arguments; defaults to true. */
  positionals?: { min?: number; max?: number }
  /** Runs long (a server, a transfer, a REPL): the JIT's normal policy is restored first (scripts/compile-flags.ts). */
  longRunning?: boolean
  run(ctx: CommandContext): Promise<number | void>
}

/**
 * One file of commands, named up front and imported only when one of them runs (or for the full
 * list): a one-shot `get` then loads the item commands alone, which keeps the binary's cold start low.
 */
export interface CommandGroup {
  /** The names of the commands `load` returns, in order. */
  names: string[]
  load(): Promise<CommandSpec[]>
}

/** Every command of these groups, in order (for the command list and `help <command>`). */
export async function loadCommands(groups: CommandGroup[]): Promise<CommandSpec[]> {
  return (await Promise.all(groups.map(g => g.load()))).flat()
}

/** A usage problem: exit code 2. */
export class UsageError extends Error {
  readonly code = 'UsageError'
  constructor(message: string, readonly hint?: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** A failure the user can act on, with what to do next. Exit code 1. */
export class CliError extends Error {
  constructor(readonly code: string, message: string, readonly hint?: string) {
    super(message)
    this.name = 'CliError'
  }
}
