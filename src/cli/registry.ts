/** Every command, in the order `dbtooling --help` lists them. One file per command group. */
import type { CommandSpec } from './command.ts'
import { consoleCommand } from './commands/console.ts'
import { config, helpCommand, version } from './commands/core.ts'
import { exportCommand } from './commands/export.ts'
import { importCommand } from './commands/import.ts'
import { itemCommands } from './commands/items.ts'
import { localCommands } from './commands/local.ts'
import { modelCommands } from './commands/models.ts'
import { readCommands } from './commands/read.ts'
import { tableCommands } from './commands/table.ts'

export const commands: CommandSpec[] = []
commands.push(...tableCommands, ...itemCommands, ...readCommands, exportCommand, importCommand, consoleCommand, ...localCommands, ...modelCommands, config, version, helpCommand(() => commands))
