/** models, models:show, schema, access-patterns, ci:validate: the single-table design from the models. */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { ResolvedConfig } from '../../config.ts'
import { checkModels, loadDesign, renderAccessPatternsJSON, renderAccessPatternsMarkdown, renderSchemaMarkdown, type SingleTableDesign } from '../../single-table/index.ts'
import { UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import { connect } from '../connect.ts'
import { createTable, setTimeToLive } from '../../service/tables.ts'
import { ResourceInUseError } from '../../dynamodb/errors.ts'
import type { CreateTableInput } from '../../dynamodb/types/tables.ts'
import { diffTables, liveTableProperties, tableProperties, tableSpec } from '../../infra/index.ts'
import type { DerivedSchema } from '../../single-table/index.ts'
import { liveTable } from './infra.ts'

const MODELS_FLAG = { models: { type: 'string', value: '<path>', description: 'models folder (default: modelsPath from the config, app/models)' } } as const

interface Design extends SingleTableDesign {
  config: ResolvedConfig
}

/** --models, else the config's models path. */
function modelsPath(ctx: CommandContext, config: ResolvedConfig): string {
  return (ctx.flags.models as string | undefined) ?? config.modelsPath
}

async function design(ctx: CommandContext): Promise<Design> {
  const config = await ctx.config()
  return { config, ...(await loadDesign(modelsPath(ctx, config), config.singleTableDesign, { cwd: ctx.cwd })) }
}

export const models: CommandSpec = {
  name: 'models',
  summary: 'List the models found under the models path',
  usage: 'dbtooling models [--models app/models]',
  positionals: { max: 0 },
  flags: MODELS_FLAG,
  examples: ['dbtooling models', 'dbtooling models --models fixtures/models/blog --json'],
  async run(ctx) {
    const { models, schema } = await design(ctx)
    const rows = models.map(m => {
      const entity = schema.entities.find(e => e.name === m.name)
      return { model: m.name, file: m.source ?? '', attributes: m.attributes.length, relations: m.relations.map(r => `${r.kind} ${r.model}`).join(', '), key: entity ? `${entity.keys.pk.template} / ${entity.keys.sk.template}` : '' }
    })
    ctx.out.result({ models: rows }, () => ctx.out.table(rows, ['model', 'key', 'attributes', 'relations', 'file']))
  },
}

export const modelsShow: CommandSpec = {
  name: 'models:show',
  summary: 'Show one model: attributes, relations, keys and indexes',
  usage: 'dbtooling models:show <Model> [--models path]',
  positionals: { min: 1, max: 1 },
  flags: MODELS_FLAG,
  examples: ['dbtooling models:show User'],
  async run(ctx) {
    const { models, schema, patterns } = await design(ctx)
    const name = ctx.args[0]!
    const model = models.find(m => m.name.toLowerCase() === name.toLowerCase())
    if (!model) throw new UsageError(`no model named ${name}; models: ${models.map(m => m.name).join(', ')}`)
    const entity = schema.entities.find(e => e.name === model.name)!
    const own = patterns.filter(p => p.entity === model.name)
    ctx.out.result({ model, entity, accessPatterns: own }, () => {
      ctx.out.line(ctx.out.style('bold', `${model.name}`) + (model.source ? ` (${model.source})` : ''))
      ctx.out.line(`key: ${entity.keys.pk.attribute} = ${entity.keys.pk.template}, ${entity.keys.sk.attribute} = ${entity.keys.sk.template}${entity.parent ? ` (in ${entity.parent.model}'s item collection)` : ''}`)
      ctx.out.line('')
      ctx.out.table(model.attributes.map(a => ({
        attribute: a.name,
        cast: a.cast ?? '',
        flags: [a.required && 'required', a.unique && 'unique', a.nullable && 'nullable', a.hidden && 'hidden', a.fillable && 'fillable'].filter(Boolean).join(' '),
        default: a.default === undefined ? '' : JSON.stringify(a.default),
      })), ['attribute', 'cast', 'flags', 'default'])
      if (model.relations.length) {
        ctx.out.line('')
        ctx.out.table(model.relations.map(r => ({ relation: r.kind, model: r.model, foreignKey: r.foreignKey ?? '' })), ['relation', 'model', 'foreignKey'])
      }
      if (entity.indexKeys.length) {
        ctx.out.line('')
        ctx.out.table(entity.indexKeys.map(k => ({ index: `${k.index} (${k.type})`, pk: k.pk ? `${k.pk.attribute} = ${k.pk.template}` : '(table pk)', sk: `${k.sk.attribute} = ${k.sk.template}`, serves: `${k.purpose}: ${k.serves}` })), ['index', 'pk', 'sk', 'serves'])
      }
      ctx.out.line('')
      for (const p of own) ctx.out.line(`- ${p.name}: ${p.operation}${p.index ? ` on ${p.index}` : ''}: ${p.keyCondition}`)
    })
  },
}

export const schemaCommand: CommandSpec = {
  name: 'schema',
  summary: 'Show the single table derived from the models (--json: the CreateTable input; --create: create it)',
  usage: 'dbtooling schema [--models path] [--json] [--create]',
  positionals: { max: 0 },
  flags: { ...MODELS_FLAG, create: { type: 'boolean', description: 'create the table (and enable TTL) on the configured endpoint' } },
  examples: ['dbtooling schema', 'dbtooling schema --json > table.json', 'dbtooling schema --create'],
  async run(ctx) {
    const { schema, patterns } = await design(ctx)
    if (ctx.flags.create) return createFromModels(ctx, await ctx.config(), schema)
    ctx.out.result(schema.table, () => {
      for (const line of renderSchemaMarkdown(schema)) ctx.out.line(line)
      ctx.out.line('')
      // The markdown above ends with the design notes.
      ctx.out.line(`${schema.entities.length} entities, ${patterns.length} access patterns (\`dbtooling access-patterns\`)`)
    })
  },
}

/**
 * `schema --create`: the derived table with the config's deletion protection, table class and
 * tags, then TTL and point-in-time recovery. Idempotent: an existing table that matches the design
 * is "already up to date" (exit 0); one that differs is drift, listed, exit 1 (applying it is a
 * migration's job, not a create's).
 */
async function createFromModels(ctx: CommandContext, config: ResolvedConfig, schema: DerivedSchema): Promise<number> {
  const settings = config.table
  const input: CreateTableInput = {
    ...schema.table,
    ...(settings.deletionProtection ? { DeletionProtectionEnabled: true } : {}),
    ...(settings.tableClass ? { TableClass: settings.tableClass } : {}),
    ...(settings.tags && Object.keys(settings.tags).length > 0 ? { Tags: Object.entries(settings.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
  }
  await using conn = await connect(ctx)
  const name = input.TableName
  try {
    await createTable(conn.doc, input, { wait: true, intervalMs: conn.embedded || conn.config.endpoint ? 100 : 2000, signal: ctx.signal })
  } catch (error) {
    if (!(error instanceof ResourceInUseError)) throw error
    const spec = tableSpec({ schema, table: settings, environment: config.environment, production: config.production })
    const live = liveTableProperties(await liveTable(ctx, name))
    const differences = diffTables(tableProperties(spec), live.properties, { skip: live.unchecked })
    ctx.out.result({ table: name, created: false, upToDate: differences.length === 0, differences }, () => {
      if (differences.length === 0) ctx.out.line(`table ${name} at ${conn.target} is already up to date with the models`)
      else {
        ctx.out.error('TableDrift', `table ${name} exists and differs from the models in ${differences.length} place${differences.length === 1 ? '' : 's'} (nothing was changed):`)
        for (const d of differences) ctx.out.line(`  ${d.path}: models ${JSON.stringify(d.expected)}, table ${JSON.stringify(d.actual)}`)
        ctx.out.info('apply model changes to a live table with a migration; `dbtooling infra:diff --against live` shows the same list')
      }
    })
    return differences.length === 0 ? 0 : 1
  }
  if (schema.ttl) await setTimeToLive(conn.doc, name, { enabled: true, attribute: schema.ttl.attribute }, { signal: ctx.signal })
  if (settings.pointInTimeRecovery) {
    await conn.client.updateContinuousBackups({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }).catch((error: unknown) => {
      ctx.out.warn(`point-in-time recovery not enabled at ${conn.target}: ${(error as Error).message}`)
    })
  }
  const extras = [settings.deletionProtection && 'deletion protection', settings.tableClass && `class ${settings.tableClass}`, input.Tags && `${input.Tags.length} tags`].filter(Boolean)
  ctx.out.result({ created: name, table: input, ttl: schema.ttl ?? null }, () =>
    ctx.out.line(`created table ${name} at ${conn.target}: ${input.GlobalSecondaryIndexes?.length ?? 0} GSIs, ${input.LocalSecondaryIndexes?.length ?? 0} LSIs${schema.ttl ? `, TTL on ${schema.ttl.attribute}` : ''}${extras.length ? `, ${extras.join(', ')}` : ''}`))
  return 0
}

export const accessPatternsCommand: CommandSpec = {
  name: 'access-patterns',
  summary: 'Every access pattern the design serves, with its request (markdown or JSON)',
  usage: 'dbtooling access-patterns [--format md|json] [--output file] [--models path]',
  positionals: { max: 0 },
  flags: {
    ...MODELS_FLAG,
    format: { type: 'string', value: '<md|json>', description: 'output format', default: 'md' },
    output: { type: 'string', value: '<file>', description: 'write to a file instead of stdout' },
  },
  examples: ['dbtooling access-patterns', 'dbtooling access-patterns --format json --output docs/access-patterns.json'],
  async run(ctx) {
    const format = String(ctx.flags.format)
    if (format !== 'md' && format !== 'json') throw new UsageError(`--format ${format}: expected md or json`)
    const { schema, patterns } = await design(ctx)
    const text = format === 'json' || ctx.out.json ? renderAccessPatternsJSON(patterns) : renderAccessPatternsMarkdown(patterns, schema)
    if (ctx.flags.output) {
      const file = resolve(ctx.cwd, String(ctx.flags.output))
      mkdirSync(dirname(file), { recursive: true })
      await Bun.write(file, text)
      ctx.out.result({ output: file, patterns: patterns.length }, () => ctx.out.info(`wrote ${patterns.length} access patterns to ${file}`))
    } else if (ctx.out.json) ctx.out.result(patterns)
    else ctx.out.raw(text)
  },
}

export const ciValidate: CommandSpec = {
  name: 'ci:validate',
  summary: 'Check the models and the derived design; exit 1 listing every problem (for a CI step)',
  usage: 'dbtooling ci:validate [--models path]',
  positionals: { max: 0 },
  flags: MODELS_FLAG,
  examples: ['dbtooling ci:validate', 'dbtooling ci:validate --json'],
  async run(ctx) {
    const config = await ctx.config()
    const path = modelsPath(ctx, config)
    const check = await checkModels(path, config.singleTableDesign, { cwd: ctx.cwd })
    const problems: { code: string; file?: string; model?: string; field?: string; message: string }[] = check.problems.flatMap(p =>
      p.issues.length
        ? p.issues.map(i => ({ code: p.code, file: p.file, model: p.model, field: i.field, message: i.message }))
        : [{ code: p.code, file: p.file, model: p.model, field: p.field, message: p.message }],
    )
    const scans = (check.patterns ?? []).filter(p => (p.operation as string) === 'Scan')
    for (const p of scans) problems.push({ code: 'ScanPattern', file: undefined, model: p.entity, field: p.name, message: `${p.name} would need a Scan` })
    if (problems.length > 0) {
      ctx.out.result({ ok: false, problems }, () => {
        ctx.out.error('ModelsInvalid', `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${path}`)
        for (const p of problems) ctx.out.line(`  ${[p.file ?? p.model, p.field].filter(Boolean).join(' ')}: ${p.message} [${p.code}]`)
      })
      return 1
    }
    const gsis = check.schema?.table.GlobalSecondaryIndexes?.length ?? 0
    const lsis = check.schema?.table.LocalSecondaryIndexes?.length ?? 0
    const patterns = check.patterns?.length ?? 0
    ctx.out.result({ ok: true, models: check.models.length, gsis, lsis, patterns }, () =>
      ctx.out.line(`ok: ${check.models.length} models, ${gsis} GSIs, ${lsis} LSIs, ${patterns} access patterns, none served by Scan`))
    return 0
  },
}

export const modelTypes: CommandSpec = {
  name: 'models:types',
  summary: 'Write the TypeScript types of the models (a .d.ts) for createOrm<Models>()',
  usage: 'dbtooling models:types [--models path] [--output file]',
  positionals: { max: 0 },
  flags: {
    ...MODELS_FLAG,
    output: { type: 'string', value: '<file>', description: 'write to a file instead of stdout' },
    from: { type: 'string', value: '<module>', description: 'module the ORM types come from', default: 'dbtooling/orm' },
  },
  examples: ['dbtooling models:types --output app/models/types.d.ts'],
  async run(ctx) {
    const config = await ctx.config()
    const { renderModelTypes } = await import('../../orm/type-gen.ts')
    const { models } = await loadDesign(modelsPath(ctx, config), config.singleTableDesign, { cwd: ctx.cwd })
    const text = renderModelTypes(models, String(ctx.flags.from))
    if (ctx.flags.output) {
      const file = resolve(ctx.cwd, String(ctx.flags.output))
      mkdirSync(dirname(file), { recursive: true })
      await Bun.write(file, text)
      ctx.out.result({ output: file, models: models.length }, () => ctx.out.info(`wrote the types of ${models.length} models to ${file}`))
    } else if (ctx.out.json) ctx.out.result({ types: text })
    else ctx.out.raw(text)
  },
}

export const modelCommands = [models, modelsShow, schemaCommand, accessPatternsCommand, ciValidate, modelTypes]
