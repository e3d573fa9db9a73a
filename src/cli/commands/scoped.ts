/** scoped:create-table: the table of the scoped-entity API (dbtooling/scoped). */
import { scopedTableSchema } from '../../scoped/schema.ts'
import { UsageError, type CommandSpec } from '../command.ts'
import { createTable } from '../../service/tables.ts'
import { connect } from '../connect.ts'
import { tableInUse } from '../table-in-use.ts'

export const scopedCreateTable: CommandSpec = {
  name: 'scoped:create-table',
  summary: 'Create the scoped-entity table (model + id, five GSIs sorted by sequence) and wait until it is ACTIVE',
  usage: 'dbtooling scoped:create-table [table] [--billing PAY_PER_REQUEST|PROVISIONED] [--print]',
  description: 'The table dbtooling/scoped (the @jaypie/dynamodb API) expects: partition key model, sort key id, and the GSIs indexScope, indexAlias, indexClass, indexType and indexXid, each sorted by sequence. The name defaults to the configured table.',
  positionals: { max: 1 },
  flags: {
    billing: { type: 'string', value: '<mode>', description: 'PAY_PER_REQUEST (default) or PROVISIONED (5/5 capacity)' },
    print: { type: 'boolean', description: 'print the CreateTable input instead of creating the table' },
    'no-wait': { type: 'boolean', description: 'do not wait for ACTIVE' },
  },
  examples: ['dbtooling scoped:create-table app', 'dbtooling scoped:create-table app --print > scoped-table.json'],
  async run(ctx) {
    const billing = String(ctx.flags.billing ?? 'PAY_PER_REQUEST').toUpperCase()
    if (billing !== 'PAY_PER_REQUEST' && billing !== 'PROVISIONED') throw new UsageError(`--billing ${billing}: expected PAY_PER_REQUEST or PROVISIONED`)
    const name = await tableInUse(ctx, ctx.args[0])
    const input = scopedTableSchema(name, { billingMode: billing })
    if (ctx.flags.print) {
      ctx.out.result(input, () => ctx.out.line(JSON.stringify(input, null, 2)))
      return
    }
    await using conn = await connect(ctx)
    const wait = !ctx.flags['no-wait']
    const progress = wait ? ctx.out.progress(`waiting for ${name} to become ACTIVE`) : undefined
    const { status } = await createTable(conn.doc, input, { wait, intervalMs: conn.embedded || conn.config.endpoint ? 200 : 2000, signal: ctx.signal })
    progress?.done()
    ctx.out.result({ table: name, status }, () => ctx.out.line(`created scoped-entity table ${name} (${status})`))
  },
}

export const scopedCommands: CommandSpec[] = [scopedCreateTable]
