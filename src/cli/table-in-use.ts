/**
 * The table a command works on: a positional argument, else the configured name. Recorded on the
 * context with where it came from, so a "table does not exist" error can say which table and why
 * that one (the implicit default `dbtooling` surprises users).
 */
import type { ResolvedConfig } from '../config.ts'
import type { CommandContext } from './command.ts'

export async function tableInUse(ctx: CommandContext, argument?: string): Promise<string> {
  if (argument !== undefined) {
    ctx.table = { name: argument, origin: 'named on the command line' }
    return argument
  }
  const config = await ctx.config()
  ctx.table = { name: config.tableName, origin: tableOrigin(config) }
  return config.tableName
}

function tableOrigin(config: ResolvedConfig): string {
  const source = config.sources.tableName
  if (source === 'flag') return 'from --table'
  if (source?.startsWith('env:')) return `from ${source.slice(4)}`
  if (source?.startsWith('environment:')) return `from environment ${source.slice(12)} in ${config.configFile ?? 'the config file'}`
  if (source === 'config') return `from ${config.configFile ?? 'the config file'}`
  return 'the default name: no --table, DBTOOLING_TABLE or config file names one'
}
