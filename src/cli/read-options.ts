/**
 * Flags the reading commands share (query, scan, export, import): filters, positive-integer
 * flags and `--project` lists. (A table's key schema is the service's `keySchema`.)
 */
import { UsageError, type CommandContext } from './command.ts'
import { EXPRESSION_FLAGS } from './raw-expression.ts'

/** `--filter` with `--names`/`--values`, and `--project`: the same on scan, query and export. */
export const FILTER_PROJECT_FLAGS = {
  filter: { type: 'string', value: '<expression>', description: 'filter expression, e.g. "#s = :s" with --names/--values' },
  ...EXPRESSION_FLAGS,
  project: { type: 'string', value: '<paths>', description: 'comma-separated attribute paths to return' },
} as const

export function numberFlag(ctx: CommandContext, flag: string): number | undefined {
  if (ctx.flags[flag] === undefined) return undefined
  const n = Number(ctx.flags[flag])
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} ${ctx.flags[flag]}: expected a positive integer`)
  return n
}

/** `--project a,b.c` as a list of attribute paths. */
export function projectionFlag(ctx: CommandContext): string[] | undefined {
  return ctx.flags.project ? String(ctx.flags.project).split(',').map(s => s.trim()).filter(Boolean) : undefined
}
