import type { CommandSpec, FlagSpec } from './command.ts'
import { GLOBAL_FLAGS } from './global-flags.ts'

function flagLines(flags: Record<string, FlagSpec>): string[] {
  const rows = Object.entries(flags).map(([name, f]) => {
    const left = `${f.short ? `-${f.short}, ` : '    '}--${name}${f.value ? ` ${f.value}` : f.type === 'string' ? ' <value>' : ''}`
    const def = f.default !== undefined && f.default !== false ? ` (default: ${f.default})` : ''
    return [left, f.description + def] as const
  })
  const width = Math.max(...rows.map(r => r[0].length)) + 2
  return rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`)
}

export function commandHelp(cmd: CommandSpec): string {
  const lines = [`${cmd.summary}`, '', `Usage: ${cmd.usage}`]
  if (cmd.description) lines.push('', cmd.description)
  if (cmd.flags && Object.keys(cmd.flags).length) lines.push('', 'Options:', ...flagLines(cmd.flags))
  lines.push('', 'Global options:', ...flagLines(GLOBAL_FLAGS))
  if (cmd.examples?.length) lines.push('', 'Examples:', ...cmd.examples.map(e => `  ${e}`))
  return lines.join('\n') + '\n'
}

export function mainHelp(commands: CommandSpec[], version: string): string {
  const width = Math.max(...commands.map(c => c.name.length)) + 2
  return [
    `dbtooling ${version}: DynamoDB toolkit`,
    '',
    'Usage: dbtooling <command> [arguments] [options]',
    '',
    'Commands:',
    ...commands.map(c => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Global options:',
    ...flagLines(GLOBAL_FLAGS),
    '',
    'Run `dbtooling help <command>` or `dbtooling <command> --help` for details.',
    'Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted.',
  ].join('\n') + '\n'
}
