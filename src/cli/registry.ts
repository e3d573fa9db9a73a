/** Every command, in the order `dbtooling --help` lists them. One file per command group. */
import type { CommandSpec } from './command.ts'
import { config, helpCommand, version } from './commands/core.ts'

export const commands: CommandSpec[] = []
commands.push(config, version, helpCommand(() => commands))
