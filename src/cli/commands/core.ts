import { redactConfig } from '../../config.ts'
import { VERSION } from '../../version.ts'
import { UsageError, type CommandSpec } from '../command.ts'
import { redactUrlPasswords } from '../endpoint.ts'
import { commandHelp, mainHelp } from '../help.ts'
import { closest } from '../suggest.ts'

export const version: CommandSpec = {
  name: 'version',
  summary: 'Print the dbtooling version',
  usage: 'dbtooling version',
  positionals: { max: 0 },
  examples: ['dbtooling version', 'dbtooling --version'],
  async run({ out }) {
    out.result({ version: VERSION }, () => out.line(`dbtooling ${VERSION}`))
  },
}

export const config: CommandSpec = {
  name: 'config',
  summary: 'Show the resolved configuration and where each value came from',
  usage: 'dbtooling config [--env <name>]',
  positionals: { max: 0 },
  examples: ['dbtooling config', 'dbtooling config --env staging --json'],
  async run({ out, config }) {
    const resolved = await config()
    const redacted = { ...redactConfig(resolved), endpoint: redactUrlPasswords(resolved.endpoint) }
    out.result(redacted, () => {
      out.line(out.style('bold', resolved.configFile ? `config file: ${resolved.configFile}` : 'config file: none found (using defaults)'))
      const rows = Object.entries(redacted)
        .filter(([k]) => k !== 'sources' && k !== 'configFile')
        .map(([key, value]) => ({ key, value: value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value), source: resolved.sources[key] ?? '' }))
      out.table(rows, ['key', 'value', 'source'])
    })
  },
}

/** `help <command>` needs the full list, so it is built by the registry. */
export function helpCommand(all: () => Promise<CommandSpec[]>): CommandSpec {
  return {
    name: 'help',
    summary: 'Show help for a command',
    usage: 'dbtooling help [command]',
    positionals: { max: 1 },
    examples: ['dbtooling help query'],
    async run({ args, out }) {
      const name = args[0]
      const commands = await all()
      if (!name) return out.raw(mainHelp(commands, VERSION))
      const cmd = commands.find(c => c.name === name)
      if (!cmd) {
        const guess = closest(name, commands.map(c => c.name))
        throw new UsageError(`unknown command "${name}"`, guess ? `did you mean \`dbtooling help ${guess}\`? (\`dbtooling help\` lists commands)` : '`dbtooling help` lists commands')
      }
      out.raw(commandHelp(cmd))
    },
  }
}
