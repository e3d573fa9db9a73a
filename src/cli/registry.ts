/**
 * Every command, in the order `dbtooling --help` lists them. One file per command group, imported
 * only when one of its commands runs: the names here must match what each file exports
 * (test/cli/registry.test.ts checks).
 */
import { loadCommands, type CommandGroup } from './command.ts'

export const commandGroups: CommandGroup[] = [
  { names: ['table:create', 'table:describe', 'table:list', 'table:delete', 'table:wait', 'table:ttl'], load: async () => (await import('./commands/table.ts')).tableCommands },
  { names: ['get', 'put', 'update', 'delete'], load: async () => (await import('./commands/items.ts')).itemCommands },
  { names: ['query', 'scan'], load: async () => (await import('./commands/read.ts')).readCommands },
  { names: ['export'], load: async () => [(await import('./commands/export.ts')).exportCommand] },
  { names: ['import'], load: async () => [(await import('./commands/import.ts')).importCommand] },
  { names: ['console'], load: async () => [(await import('./commands/console.ts')).consoleCommand] },
  { names: ['start', 'stop', 'status', 'logs', 'reset'], load: async () => (await import('./commands/local.ts')).localCommands },
  { names: ['mcp'], load: async () => (await import('./commands/mcp.ts')).mcpCommands },
  { names: ['scoped:create-table'], load: async () => (await import('./commands/scoped.ts')).scopedCommands },
  { names: ['models', 'models:show', 'schema', 'access-patterns', 'ci:validate', 'models:types'], load: async () => (await import('./commands/models.ts')).modelCommands },
  { names: ['infra:cloudformation', 'infra:sam', 'infra:cdk', 'infra:terraform', 'infra:iam', 'infra:diff'], load: async () => (await import('./commands/infra.ts')).infraCommands },
  {
    names: ['config', 'version', 'help'],
    load: async () => {
      const { config, helpCommand, version } = await import('./commands/core.ts')
      return [config, version, helpCommand(() => loadCommands(commandGroups))]
    },
  },
]
