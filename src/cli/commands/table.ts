/** table:create, table:describe, table:list, table:delete, table:wait, table:ttl */
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import { connect } from '../connect.ts'

type Wire = Record<string, unknown>

/** `name` or `name:S|N|B` as a key attribute. */
function keyAttribute(spec: string, flag: string): { name: string; type: string } {
  const [name, type = 'S'] = spec.split(':')
  if (!name || !['S', 'N', 'B'].includes(type.toUpperCase())) throw new UsageError(`--${flag} ${spec}: expected <name>[:S|N|B]`)
  return { name, type: type.toUpperCase() }
}

/** Builds CreateTable from flags and the table settings of the config. */
export function createTableInput(name: string, flags: Record<string, unknown>, settings: Record<string, unknown>): Wire {
  const pk = keyAttribute(String(flags.pk ?? 'pk'), 'pk')
  const sk = flags.sk === '' ? undefined : keyAttribute(String(flags.sk ?? 'sk'), 'sk')
  const defs = new Map<string, string>([[pk.name, pk.type]])
  if (sk) defs.set(sk.name, sk.type)
  const gsis = ((flags.gsi as string[] | undefined) ?? []).map(g => {
    const [indexName, keys] = g.split('=')
    const [hash, range] = (keys ?? '').split(',')
    if (!indexName || !hash) throw new UsageError(`--gsi ${g}: expected <index>=<pk>[:type][,<sk>[:type]]`)
    const h = keyAttribute(hash, 'gsi')
    const r = range ? keyAttribute(range, 'gsi') : undefined
    defs.set(h.name, h.type)
    if (r) defs.set(r.name, r.type)
    return {
      IndexName: indexName,
      KeySchema: [{ AttributeName: h.name, KeyType: 'HASH' }, ...(r ? [{ AttributeName: r.name, KeyType: 'RANGE' }] : [])],
      Projection: { ProjectionType: 'ALL' },
      ...(billing(flags, settings) === 'PROVISIONED' ? { ProvisionedThroughput: throughput(settings) } : {}),
    }
  })
  const mode = billing(flags, settings)
  const stream = (flags.stream as string | undefined) ?? (settings.stream || undefined)
  const tags = settings.tags as Record<string, string> | undefined
  return {
    TableName: name,
    KeySchema: [{ AttributeName: pk.name, KeyType: 'HASH' }, ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : [])],
    AttributeDefinitions: [...defs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    BillingMode: mode,
    ...(mode === 'PROVISIONED' ? { ProvisionedThroughput: throughput(settings) } : {}),
    ...(gsis.length ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } } : {}),
    ...(settings.tableClass ? { TableClass: settings.tableClass } : {}),
    ...(settings.deletionProtection ? { DeletionProtectionEnabled: true } : {}),
    ...(tags && Object.keys(tags).length ? { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
  }
}

function billing(flags: Record<string, unknown>, settings: Record<string, unknown>): string {
  const mode = String(flags.billing ?? settings.billingMode ?? 'PAY_PER_REQUEST').toUpperCase()
  if (mode !== 'PAY_PER_REQUEST' && mode !== 'PROVISIONED') throw new UsageError(`--billing ${mode}: expected PAY_PER_REQUEST or PROVISIONED`)
  return mode
}

function throughput(settings: Record<string, unknown>): Wire {
  return { ReadCapacityUnits: Number(settings.readCapacity ?? 5), WriteCapacityUnits: Number(settings.writeCapacity ?? 5) }
}

/** Table name from the argument, else the configured one. */
async function tableName(ctx: CommandContext): Promise<string> {
  return ctx.args[0] ?? (await ctx.config()).tableName
}

/** Production-like environments need --yes or an interactive yes for destructive commands. */
export async function confirmDestructive(ctx: CommandContext, action: string): Promise<void> {
  const config = await ctx.config()
  if (ctx.global.yes) return
  if (await ctx.confirm(`${action}${config.production ? ` in PRODUCTION environment ${config.environment ?? ''}` : ''}?`)) return
  throw new CliError('ConfirmationRequired', `${action}: not confirmed`, 'pass --yes to confirm (required when there is no terminal)')
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
    const conn = await connect(ctx)
    try {
      let input: Wire
      if (ctx.flags.spec) {
        const text = ctx.flags.spec === '-' ? await ctx.readStdin() : await Bun.file(String(ctx.flags.spec)).text().catch(() => {
          throw new UsageError(`--spec file ${ctx.flags.spec} cannot be read`)
        })
        try {
          input = JSON.parse(text)
        } catch (error) {
          throw new UsageError(`--spec is not valid JSON: ${(error as Error).message}`)
        }
        if (ctx.args[0]) input.TableName = ctx.args[0]
        input.TableName ??= conn.config.tableName
      } else {
        input = createTableInput(await tableName(ctx), ctx.flags, conn.config.table as Record<string, unknown>)
      }
      const out = (await conn.client.send('CreateTable', input as never)) as { TableDescription?: Wire }
      let status = String(out.TableDescription?.TableStatus ?? 'CREATING')
      if (!ctx.flags['no-wait']) {
        const progress = ctx.out.progress(`waiting for ${input.TableName} to become ACTIVE`)
        status = await conn.doc.waitForTableActive(String(input.TableName), { intervalMs: conn.config.endpoint ? 200 : 2000, signal: ctx.signal })
        progress.done()
      }
      ctx.out.result({ table: input.TableName, status }, () => ctx.out.line(`created table ${input.TableName} (${status})`))
    } finally {
      conn.close()
    }
  },
}

export const tableDescribe: CommandSpec = {
  name: 'table:describe',
  summary: 'Describe a table: keys, indexes, item count, status',
  usage: 'dbtooling table:describe [table]',
  positionals: { max: 1 },
  examples: ['dbtooling table:describe app', 'dbtooling table:describe app --json'],
  async run(ctx) {
    const conn = await connect(ctx)
    try {
      const out = (await conn.client.send('DescribeTable', { TableName: await tableName(ctx) } as never)) as { Table: Wire }
      const t = out.Table as { TableName: string; TableStatus: string; ItemCount?: number; TableSizeBytes?: number; KeySchema: { AttributeName: string; KeyType: string }[]; GlobalSecondaryIndexes?: { IndexName: string; KeySchema: { AttributeName: string; KeyType: string }[]; IndexStatus?: string }[]; LocalSecondaryIndexes?: { IndexName: string; KeySchema: { AttributeName: string; KeyType: string }[] }[]; BillingModeSummary?: { BillingMode?: string }; StreamSpecification?: { StreamViewType?: string }; DeletionProtectionEnabled?: boolean }
      ctx.out.result(out.Table, () => {
        const keys = (ks: { AttributeName: string; KeyType: string }[]) => ks.map(k => `${k.AttributeName} (${k.KeyType})`).join(', ')
        ctx.out.table([
          { field: 'name', value: t.TableName },
          { field: 'status', value: t.TableStatus },
          { field: 'key', value: keys(t.KeySchema) },
          { field: 'items', value: t.ItemCount ?? 0 },
          { field: 'size bytes', value: t.TableSizeBytes ?? 0 },
          { field: 'billing', value: t.BillingModeSummary?.BillingMode ?? 'PROVISIONED' },
          { field: 'stream', value: t.StreamSpecification?.StreamViewType ?? 'off' },
          { field: 'deletion protection', value: t.DeletionProtectionEnabled ? 'on' : 'off' },
          ...(t.GlobalSecondaryIndexes ?? []).map(i => ({ field: `GSI ${i.IndexName}`, value: `${keys(i.KeySchema)} ${i.IndexStatus ?? ''}`.trim() })),
          ...(t.LocalSecondaryIndexes ?? []).map(i => ({ field: `LSI ${i.IndexName}`, value: keys(i.KeySchema) })),
        ], ['field', 'value'])
      })
    } finally {
      conn.close()
    }
  },
}

export const tableList: CommandSpec = {
  name: 'table:list',
  summary: 'List tables',
  usage: 'dbtooling table:list',
  positionals: { max: 0 },
  examples: ['dbtooling table:list', 'dbtooling table:list --json'],
  async run(ctx) {
    const conn = await connect(ctx)
    try {
      const names: string[] = []
      let start: string | undefined
      do {
        const out = (await conn.client.send('ListTables', (start ? { ExclusiveStartTableName: start } : {}) as never)) as { TableNames?: string[]; LastEvaluatedTableName?: string }
        names.push(...(out.TableNames ?? []))
        start = out.LastEvaluatedTableName
      } while (start)
      ctx.out.result({ tables: names }, () => (names.length ? names.forEach(n => ctx.out.line(n)) : ctx.out.info(`no tables at ${conn.target}`)))
    } finally {
      conn.close()
    }
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
    const conn = await connect(ctx)
    try {
      const table = ctx.args[0]!
      const out = (await conn.client.send('DescribeTable', { TableName: table } as never)) as { Table: { DeletionProtectionEnabled?: boolean; ItemCount?: number } }
      if (out.Table.DeletionProtectionEnabled) {
        throw new CliError('DeletionProtected', `table ${table} has deletion protection on; nothing was deleted`, `turn it off first (UpdateTable DeletionProtectionEnabled=false), then delete`)
      }
      await confirmDestructive(ctx, `delete table ${table} (${out.Table.ItemCount ?? 0} items) at ${conn.target}`)
      await conn.client.send('DeleteTable', { TableName: table } as never)
      if (!ctx.flags['no-wait']) await conn.doc.waitForTableDeleted(table, { intervalMs: conn.config.endpoint ? 200 : 2000, signal: ctx.signal })
      ctx.out.result({ table, deleted: true }, () => ctx.out.line(`deleted table ${table}`))
    } finally {
      conn.close()
    }
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
    const conn = await connect(ctx)
    try {
      const table = ctx.args[0]!
      const timeoutMs = Number(ctx.flags.timeout) * 1000
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout ${ctx.flags.timeout}: expected a positive number of seconds`)
      const opts = { timeoutMs, intervalMs: conn.config.endpoint ? 200 : 2000, signal: ctx.signal }
      const state = ctx.flags.deleted ? await conn.doc.waitForTableDeleted(table, opts) : await conn.doc.waitForTableActive(table, opts)
      ctx.out.result({ table, state }, () => ctx.out.line(`${table}: ${state}`))
    } finally {
      conn.close()
    }
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
    const conn = await connect(ctx)
    try {
      const table = await tableName(ctx)
      if (ctx.flags.enable && ctx.flags.disable) throw new UsageError('pass --enable <attribute> or --disable, not both')
      if (ctx.flags.enable || ctx.flags.disable) {
        let attribute = ctx.flags.enable as string | undefined
        if (!attribute) {
          const current = (await conn.client.send('DescribeTimeToLive', { TableName: table } as never)) as { TimeToLiveDescription?: { AttributeName?: string } }
          attribute = current.TimeToLiveDescription?.AttributeName
          if (!attribute) throw new CliError('TtlNotEnabled', `TTL is not enabled on ${table}; nothing to disable`)
        }
        await conn.client.send('UpdateTimeToLive', { TableName: table, TimeToLiveSpecification: { Enabled: !ctx.flags.disable, AttributeName: attribute } } as never)
      }
      const out = (await conn.client.send('DescribeTimeToLive', { TableName: table } as never)) as { TimeToLiveDescription?: { TimeToLiveStatus?: string; AttributeName?: string } }
      const d = out.TimeToLiveDescription ?? {}
      ctx.out.result({ table, status: d.TimeToLiveStatus ?? 'DISABLED', attribute: d.AttributeName }, () => ctx.out.line(`${table}: TTL ${d.TimeToLiveStatus ?? 'DISABLED'}${d.AttributeName ? ` on ${d.AttributeName}` : ''}`))
    } finally {
      conn.close()
    }
  },
}

export const tableCommands = [tableCreate, tableDescribe, tableList, tableDelete, tableWait, tableTtl]
