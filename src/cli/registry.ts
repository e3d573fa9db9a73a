/** Every command, in the order `dbtooling --help` lists them. One file per command group. */
import type { CommandSpec } from './command.ts'
import { config, helpCommand, version } from './commands/core.ts'
import { itemCommands } from './commands/items.ts'
import { localCommands } from './commands/local.ts'
import { modelCommands } from './commands/models.ts'
import { readCommands } from './commands/read.ts'
import { tableCommands } from './commands/table.ts'

export const commands: CommandSpec[] = []
commands.push(...tableCommands, ...itemCommands, ...readCommands, ...localCommands, ...modelCommands, config, version, helpCommand(() => commands))
