/** table:create, table:describe, table:list, table:delete, table:wait, table:ttl: flags in, service call, printing. */
import type { CreateTableInput } from '../../dynamodb/types/index.ts'
import { createTable, createTableRequest, deleteTable, describeTable, listAllTables, setTimeToLive, timeToLive, waitForTable, type TableSummary } from '../../service/tables.ts'
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import { tableInUse } from '../table-in-use.ts'
import { connect, type Connection } from '../connect.ts'


/** Emulators answer at once; AWS takes seconds to change a table. */
function pollInterval(conn: Connection): number {
  return conn.embedded || conn.config.endpoint ? 200 : 2000
}

/** Production-like environments need --yes or an interactive yes for destructive commands. */
export async function confirmDestructive(ctx: CommandContext, action: string): Promise<void> {
  if (!(await confirmed(ctx, action))) throw new CliError('ConfirmationRequired', `${action}: not confirmed`, 'pass --yes to confirm (required when there is no terminal)')
}

async function confirmed(ctx: CommandContext, action: string): Promise<boolean> {
  const config = await ctx.config()
  if (ctx.global.yes) return true
  return ctx.confirm(`${action}${config.production ? ` in PRODUCTION environment ${config.environment ?? ''}` : ''}?`)
}

/** `--spec file.json` (or - for stdin): CreateTable's input as JSON. */
async function readSpec(ctx: CommandContext, spec: string): Promise<CreateTableInput> {
  const text = spec === '-' ? await ctx.readStdin() : await Bun.file(spec).text().catch(() => {
    throw new UsageError(`--spec file ${spec} cannot be read`)
  })
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`--spec is not valid JSON: ${(error as Error).message}`)
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new UsageError('--spec must hold a JSON object: the CreateTable input')
  // DynamoDB validates the rest and names what is wrong.
  return input as CreateTableInput
}

export const tableCreate: CommandSpec = {
  name: 'table:create',
  summary: 'Create a table (from flags or a CreateTable JSON spec) and wait until it is ACTIVE',
  usage: 'dbtooling table:create [table] [--pk name[:S|N|B]] [--sk name[:type]] [--gsi name=pk[,sk]] [--spec file.json]',
  positionals: { max: 1 },
  flags: {
    pk: { type: 'string', value: '<name[:type]>', description: 'partition key', default: 'pk' },
    sk: { type: 'string', value: '<name[:type]>', description: "sort key ('' for none)", default: 'sk' },
    gsi: { type: 'string', multiple: true, value: '<name=pk[,sk]>', description: 'global secondary index (repeatable)' },
    billing: { type: 'string', value: '<mode>', description: 'PAY_PER_REQUEST or PROVISIONED (default from config)' },
    stream: { type: 'string', value: '<view>', description: 'KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES' },
    spec: { type: 'string', value: '<file|->', description: 'CreateTable input as JSON (file, or - for stdin)' },
    'no-wait': { type: 'boolean', description: 'do not wait for ACTIVE' },
  },
  examples: ['dbtooling table:create app --pk pk --sk sk --gsi gsi1=gsi1pk,gsi1sk', 'dbtooling table:create --spec table.json'],
  async run(ctx) {
    await using conn = await connect(ctx)
    let input: CreateTableInput
    if (ctx.flags.spec) {
      const spec = await readSpec(ctx, String(ctx.flags.spec))
      input = { ...spec, TableName: ctx.args[0] ?? spec.TableName ?? conn.config.tableName }
    } else {
      const settings = conn.config.table
      input = createTableRequest({
        name: await tableInUse(ctx, ctx.args[0]),
        pk: String(ctx.flags.pk ?? 'pk'),
        sk: String(ctx.flags.sk ?? 'sk'),
        gsis: (ctx.flags.gsi as string[] | undefined) ?? [],
        billing: (ctx.flags.billing as string | undefined) ?? settings.billingMode,
        stream: (ctx.flags.stream as string | undefined) ?? (settings.stream || undefined),
        readCapacity: settings.readCapacity,
        writeCapacity: settings.writeCapacity,
        tableClass: settings.tableClass,
        deletionProtection: settings.deletionProtection,
        tags: settings.tags,
      })
    }
    const wait = !ctx.flags['no-wait']
    const progress = wait ? ctx.out.progress(`waiting for ${input.TableName} to become ACTIVE`) : undefined
    const { table, status } = await createTable(conn.doc, input, { wait, intervalMs: pollInterval(conn), signal: ctx.signal })
    progress?.done()
    ctx.out.result({ table, status }, () => ctx.out.line(`created table ${table} (${status})`))
  },
}

/** The rows `table:describe` prints. */
function summaryRows(t: TableSummary): { field: string; value: string | number }[] {
  const keys = (ks: { AttributeName: string; KeyType: string }[]) => ks.map(k => `${k.AttributeName} (${k.KeyType})`).join(', ')
  return [
    { field: 'name', value: t.name },
    { field: 'status', value: t.status },
    { field: 'key', value: keys(t.key) },
    { field: 'items', value: t.itemCount },
    { field: 'size bytes', value: t.sizeBytes },
    { field: 'billing', value: t.billing },
    { field: 'stream', value: t.stream ?? 'off' },
    { field: 'deletion protection', value: t.deletionProtection ? 'on' : 'off' },
    ...t.indexes.map(i => ({ field: `${i.kind} ${i.name}`, value: `${keys(i.key)} ${i.status ?? ''}`.trim() })),
  ]
}

export const tableDescribe: CommandSpec = {
  name: 'table:describe',
  summary: 'Describe a table: keys, indexes, item count, status',
  usage: 'dbtooling table:describe [table]',
  positionals: { max: 1 },
  examples: ['dbtooling table:describe app', 'dbtooling table:describe app --json'],
  async run(ctx) {
    await using conn = await connect(ctx)
    const summary = await describeTable(conn.doc, await tableInUse(ctx, ctx.args[0]), { signal: ctx.signal })
    ctx.out.result(summary.description, () => ctx.out.table(summaryRows(summary), ['field', 'value']))
  },
}

export const tableList: CommandSpec = {
  name: 'table:list',
  summary: 'List tables',
  usage: 'dbtooling table:list',
  positionals: { max: 0 },
  examples: ['dbtooling table:list', 'dbtooling table:list --json'],
  async run(ctx) {
    await using conn = await connect(ctx)
    const names = await listAllTables(conn.doc, { signal: ctx.signal })
    ctx.out.result({ tables: names }, () => (names.length ? names.forEach(n => ctx.out.line(n)) : ctx.out.info(`no tables at ${conn.target}`)))
  },
}

export const tableDelete: CommandSpec = {
  name: 'table:delete',
  summary: 'Delete a table (asks first; refuses when deletion protection is on)',
  usage: 'dbtooling table:delete <table> [--yes]',
  positionals: { min: 1, max: 1 },
  flags: { 'no-wait': { type: 'boolean', description: 'do not wait until it is gone' } },
  examples: ['dbtooling table:delete app-test --yes'],
  async run(ctx) {
    await using conn = await connect(ctx)
    const table = await tableInUse(ctx, ctx.args[0]!)
    let action = `delete table ${table}`
    const result = await deleteTable(conn.doc, table, {
      wait: !ctx.flags['no-wait'],
      intervalMs: pollInterval(conn),
      signal: ctx.signal,
      confirm: summary => confirmed(ctx, (action = `delete table ${table} (${summary.itemCount} items) at ${conn.target}`)),
    })
    if (!result.deleted) throw new CliError('ConfirmationRequired', `${action}: not confirmed`, 'pass --yes to confirm (required when there is no terminal)')
    ctx.out.result(result, () => ctx.out.line(`deleted table ${table}`))
  },
}

export const tableWait: CommandSpec = {
  name: 'table:wait',
  summary: 'Wait until a table is ACTIVE (or deleted with --deleted)',
  usage: 'dbtooling table:wait <table> [--deleted] [--timeout seconds]',
  positionals: { min: 1, max: 1 },
  flags: {
    deleted: { type: 'boolean', description: 'wait until the table no longer exists' },
    timeout: { type: 'string', value: '<seconds>', description: 'give up after this long', default: '300' },
  },
  examples: ['dbtooling table:wait app', 'dbtooling table:wait old --deleted'],
  async run(ctx) {
    const table = await tableInUse(ctx, ctx.args[0]!)
    const timeoutMs = Number(ctx.flags.timeout) * 1000
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout ${ctx.flags.timeout}: expected a positive number of seconds`)
    await using conn = await connect(ctx)
    const state = await waitForTable(conn.doc, table, { deleted: ctx.flags.deleted === true, timeoutMs, intervalMs: pollInterval(conn), signal: ctx.signal })
    ctx.out.result({ table, state }, () => ctx.out.line(`${table}: ${state}`))
  },
}

export const tableTtl: CommandSpec = {
  name: 'table:ttl',
  summary: 'Describe, enable or disable Time to Live on a table',
  usage: 'dbtooling table:ttl [table] [--enable <attribute> | --disable]',
  positionals: { max: 1 },
  flags: {
    enable: { type: 'string', value: '<attribute>', description: 'enable TTL on this epoch-seconds attribute' },
    disable: { type: 'boolean', description: 'disable TTL' },
  },
  examples: ['dbtooling table:ttl app', 'dbtooling table:ttl app --enable expiresAt', 'dbtooling table:ttl app --disable'],
  async run(ctx) {
    if (ctx.flags.enable && ctx.flags.disable) throw new UsageError('pass --enable <attribute> or --disable, not both')
    await using conn = await connect(ctx)
    const table = await tableInUse(ctx, ctx.args[0])
    const enable = ctx.flags.enable as string | undefined
    const state = enable || ctx.flags.disable
      ? await setTimeToLive(conn.doc, table, { enabled: !!enable, attribute: enable }, { signal: ctx.signal })
      : await timeToLive(conn.doc, table, { signal: ctx.signal })
    ctx.out.result({ table, status: state.status, attribute: state.attribute }, () => ctx.out.line(`${table}: TTL ${state.status}${state.attribute ? ` on ${state.attribute}` : ''}`))
  },
}

export const tableCommands = [tableCreate, tableDescribe, tableList, tableDelete, tableWait, tableTtl]
