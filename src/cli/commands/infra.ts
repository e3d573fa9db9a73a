/**
 * infra:cloudformation, infra:sam, infra:cdk, infra:terraform, infra:iam, infra:diff: the deployed
 * table and the permissions of the code that uses it, from the models and the config. The
 * documents come from src/infra (pure); this file resolves the inputs and writes the outputs.
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { findConfigFile, readConfigFile, resolveConfig, type ResolvedConfig } from '../../config.ts'
import {
  cdkConstruct, cloudFormationTemplate, diffTables, iamPolicies, liveTableProperties, renderTemplate, tableProperties, tableSpec,
  templateTable, terraformConfig, InfraError, type Access, type InfraInput, type LiveTable,
} from '../../infra/index.ts'
import { deriveSchema, loadModels } from '../../single-table/index.ts'
import type { ModelDefinition } from '../../single-table/index.ts'
import { UsageError, type CommandContext, type CommandSpec, type FlagSpec } from '../command.ts'
import { connect } from '../connect.ts'
import { configFlags } from '../global-flags.ts'

const MODELS: Record<string, FlagSpec> = { models: { type: 'string', value: '<path>', description: 'models folder (default: modelsPath from the config, app/models)' } }
// infra:iam's --models names models (as the issue specifies), so its folder flag is --models-path.
const MODELS_PATH: Record<string, FlagSpec> = { 'models-path': { type: 'string', value: '<path>', description: 'models folder (default: modelsPath from the config, app/models)' } }
const OUTPUT: Record<string, FlagSpec> = { output: { type: 'string', value: '<file>', description: 'write to a file instead of stdout' } }

async function loadDesignModels(ctx: CommandContext, config: ResolvedConfig, flag = 'models'): Promise<ModelDefinition[]> {
  return loadModels((ctx.flags[flag] as string | undefined) ?? config.modelsPath, { cwd: ctx.cwd })
}

function inputOf(config: ResolvedConfig, models: readonly ModelDefinition[]): InfraInput {
  return { schema: deriveSchema(models, config.singleTableDesign), table: config.table, environment: config.environment, production: config.production }
}

async function currentInput(ctx: CommandContext): Promise<InfraInput> {
  const config = await ctx.config()
  return inputOf(config, await loadDesignModels(ctx, config))
}

/** Writes the document to --output or stdout; with --json, a JSON result naming the file. */
async function emit(ctx: CommandContext, text: string, summary: Record<string, unknown>): Promise<void> {
  if (ctx.flags.output) {
    const file = resolve(ctx.cwd, String(ctx.flags.output))
    mkdirSync(dirname(file), { recursive: true })
    await Bun.write(file, text)
    ctx.out.result({ output: file, ...summary }, () => ctx.out.info(`wrote ${file}`))
  } else ctx.out.raw(text)
}

function templateCommand(name: 'infra:cloudformation' | 'infra:sam'): CommandSpec {
  const sam = name === 'infra:sam'
  return {
    name,
    summary: sam ? 'SAM template of the table derived from the models' : 'CloudFormation template of the table derived from the models (JSON or YAML)',
    usage: `dbtooling ${name} [--env name] [--format json|yaml] [--output file]`,
    description: 'The AWS::DynamoDB::Table with its keys, indexes, TTL, stream, PITR, SSE, contributor insights, deletion protection, table class, billing, tags and auto scaling from the config; Retain policies for production environments; a TablePrefix parameter; outputs for the name and ARNs.',
    positionals: { max: 0 },
    flags: { ...MODELS, ...OUTPUT, format: { type: 'string', value: '<json|yaml>', description: 'template format', default: sam ? 'yaml' : 'json' } },
    examples: [`dbtooling ${name} --env production --format yaml --output infra/table.yaml`],
    async run(ctx) {
      const format = String(ctx.flags.format)
      if (format !== 'json' && format !== 'yaml') throw new UsageError(`--format ${format}: expected json or yaml`)
      const spec = tableSpec(await currentInput(ctx))
      const template = cloudFormationTemplate(spec, { sam })
      await emit(ctx, renderTemplate(template, format), { table: spec.tableName, resources: Object.keys(template.Resources) })
    },
  }
}

export const infraCdk: CommandSpec = {
  name: 'infra:cdk',
  summary: 'A CDK construct file (DbtoolingTable, a TableV2 with grantModelAccess) for every environment',
  usage: 'dbtooling infra:cdk [--env name] [--output file]',
  description: "TypeScript to add to a CDK app: new DbtoolingTable(this, 'App', { env: 'production' }).grantModelAccess(fn, { models: ['Post'], access: 'read' }). Holds every environment of the config (or only --env); imports aws-cdk-lib and constructs in your project.",
  positionals: { max: 0 },
  flags: { ...MODELS, ...OUTPUT },
  examples: ['dbtooling infra:cdk --output lib/dbtooling-table.ts'],
  async run(ctx) {
    const base = await ctx.config()
    const models = await loadDesignModels(ctx, base)
    const fileEnvironments = base.configFile || ctx.global.config ? await environmentNames(ctx) : []
    const names = ctx.global.env ? [ctx.global.env] : fileEnvironments.length ? fileEnvironments : [undefined]
    const environments = await Promise.all(names.map(async (env) => {
      const config = env === undefined || env === base.environment ? base : await resolveConfig({ flags: { ...configFlags(ctx.global), env }, env: ctx.env, cwd: ctx.cwd })
      return { name: env ?? 'default', spec: tableSpec(inputOf(config, models)) }
    }))
    const iam = iamPolicies(inputOf(base, models), { access: 'write' })
    await emit(ctx, cdkConstruct(environments, iam.patterns, iam.writes), { environments: environments.map((e) => e.name) })
  },
}

/** The environments the config file defines. */
async function environmentNames(ctx: CommandContext): Promise<string[]> {
  const path = await findConfigFile(ctx.cwd, ctx.global.config)
  return path ? Object.keys((await readConfigFile(path)).environments ?? {}) : []
}

export const infraTerraform: CommandSpec = {
  name: 'infra:terraform',
  summary: 'Terraform (HCL) for the table: aws_dynamodb_table and auto scaling',
  usage: 'dbtooling infra:terraform [--env name] [--output file]',
  positionals: { max: 0 },
  flags: { ...MODELS, ...OUTPUT },
  examples: ['dbtooling infra:terraform --env production --output infra/dynamodb.tf'],
  async run(ctx) {
    const spec = tableSpec(await currentInput(ctx))
    await emit(ctx, terraformConfig(spec), { table: spec.tableName })
  },
}

const POLICIES = ['application', 'ci-deployer', 'stream-processor'] as const
const FLAG_FIELDS = new Set(['models', 'patterns', 'tenantAttribute', 'access'])

export const infraIam: CommandSpec = {
  name: 'infra:iam',
  summary: 'Least-privilege IAM policies from the access patterns (application, CI deployer, stream processor)',
  usage: 'dbtooling infra:iam [--models A,B] [--patterns p1,p2] [--access read|write|admin] [--tenant-attribute attr] [--policy name]',
  description: 'Only the actions the chosen patterns and writes need, on only the table and index ARNs they use. --tenant-attribute confines every key to the caller\'s principal tag of that name with dynamodb:LeadingKeys. Without --policy, prints all policies as one JSON object; with it, that one policy document.',
  positionals: { max: 0 },
  flags: {
    ...MODELS_PATH, ...OUTPUT,
    models: { type: 'string', value: '<A,B>', description: 'the models the code uses (their patterns; their items for write access)' },
    patterns: { type: 'string', value: '<p1,p2>', description: 'the access patterns the code uses' },
    access: { type: 'string', value: '<read|write|admin>', description: 'read: the patterns; write: plus item writes; admin: plus Scan and DescribeTable', default: 'read' },
    'tenant-attribute': { type: 'string', value: '<attr>', description: 'tenant isolation: keys must lead with the principal tag of this name' },
    account: { type: 'string', value: '<id>', description: 'account id in the ARNs (default: any)' },
    policy: { type: 'string', value: `<${POLICIES.join('|')}>`, description: 'print only this policy document' },
  },
  examples: [
    'dbtooling infra:iam --patterns getPost,listPostsOfUser,listCommentsOfPost --policy application',
    'dbtooling infra:iam --models Project --access write --tenant-attribute teamId',
  ],
  async run(ctx) {
    const access = String(ctx.flags.access)
    if (access !== 'read' && access !== 'write' && access !== 'admin') throw new UsageError(`--access ${access}: expected read, write or admin`)
    const policy = ctx.flags.policy as string | undefined
    if (policy !== undefined && !(POLICIES as readonly string[]).includes(policy)) throw new UsageError(`--policy ${policy}: expected ${POLICIES.join(', ')}`)
    const config = await ctx.config()
    const list = (flag: string): string[] | undefined => (ctx.flags[flag] ? String(ctx.flags[flag]).split(',').map((s) => s.trim()).filter(Boolean) : undefined)
    const input = inputOf(config, await loadDesignModels(ctx, config, 'models-path'))
    const options = {
      models: list('models'),
      patterns: list('patterns'),
      access: access as Access,
      tenantAttribute: ctx.flags['tenant-attribute'] as string | undefined,
      region: config.region,
      account: ctx.flags.account as string | undefined,
    }
    let result: ReturnType<typeof iamPolicies>
    try {
      result = iamPolicies(input, options)
    } catch (error) {
      // a model, pattern or tenant attribute the design does not have is a usage error (exit 2)
      if (error instanceof InfraError && error.field && FLAG_FIELDS.has(error.field)) throw new UsageError(error.message, 'run `dbtooling access-patterns` for the patterns and `dbtooling models` for the models')
      throw error
    }
    for (const note of result.notes) ctx.out.warn(note)
    const documents = { application: result.application, 'ci-deployer': result.ciDeployer, ...(result.streamProcessor ? { 'stream-processor': result.streamProcessor } : {}) }
    if (policy === 'stream-processor' && !result.streamProcessor) throw new UsageError('--policy stream-processor: the table has no stream (set table.stream in the config)')
    const chosen = policy ? documents[policy as keyof typeof documents] : { ...documents, patterns: result.patterns.map((p) => p.pattern), writes: result.writes }
    await emit(ctx, `${JSON.stringify(chosen, null, 2)}\n`, { policies: policy ? [policy] : Object.keys(documents) })
  },
}

export const infraDiff: CommandSpec = {
  name: 'infra:diff',
  summary: 'Differences between a deployed template (or the live table) and what the models derive; exit 1 on drift',
  usage: 'dbtooling infra:diff --against <template.json|template.yaml|live> [--env name]',
  description: '--against a CloudFormation template (JSON or YAML, its AWS::DynamoDB::Table) or `live` (DescribeTable, DescribeTimeToLive, DescribeContinuousBackups and ListTagsOfResource of the configured table). Lists every difference; exit 0 when there is none, 1 when there is drift.',
  positionals: { max: 0 },
  flags: { ...MODELS, against: { type: 'string', value: '<file|live>', description: 'the deployed template, or live for the table itself' } },
  examples: ['dbtooling infra:diff --against infra/table.yaml --env production', 'dbtooling infra:diff --against live --env production'],
  async run(ctx) {
    const against = ctx.flags.against as string | undefined
    if (!against) throw new UsageError('infra:diff needs --against <template file> or --against live')
    const spec = tableSpec(await currentInput(ctx))
    const expected = tableProperties(spec)
    let actual: Record<string, unknown>
    let skip: string[] = []
    if (against === 'live') {
      const live = await liveTable(ctx, spec.tableName)
      const read = liveTableProperties(live)
      actual = read.properties
      skip = read.unchecked
    } else {
      const file = Bun.file(resolve(ctx.cwd, against))
      if (!(await file.exists())) throw new UsageError(`--against ${against}: no such file (give a template file or live)`)
      const text = await file.text()
      let template: unknown
      try {
        template = against.endsWith('.json') || text.trimStart().startsWith('{') ? JSON.parse(text) : Bun.YAML.parse(text)
      } catch (error) {
        throw new UsageError(`--against ${against}: not JSON or YAML (${(error as Error).message}); short-form tags such as !Ref are not read, use the long form (Ref:, Fn::Sub:)`)
      }
      actual = templateTable(template)
    }
    const differences = diffTables(expected, actual, { skip })
    ctx.out.result({ table: spec.tableName, against, differences, unchecked: skip }, () => {
      if (differences.length === 0) ctx.out.line(`no drift: ${against} matches the table the models derive (${spec.tableName})`)
      else {
        ctx.out.line(`${differences.length} difference${differences.length === 1 ? '' : 's'} between the models (expected) and ${against} (actual):`)
        for (const d of differences) ctx.out.line(`  ${d.path}: expected ${JSON.stringify(d.expected)}, actual ${JSON.stringify(d.actual)}`)
      }
      if (skip.length) ctx.out.info(`not compared (not readable from the endpoint): ${skip.join(', ')}`)
    })
    return differences.length === 0 ? 0 : 1
  },
}

/** The live table as far as the endpoint tells it (DescribeTable, TTL, backups, tags); shared with `schema --create`. */
export async function liveTable(ctx: CommandContext, tableName: string): Promise<LiveTable> {
  await using conn = await connect(ctx)
  const described = await conn.client.describeTable({ TableName: tableName })
  const table = described.Table ?? {}
  const live: LiveTable = { table }
  // Optional parts: an endpoint that does not implement one leaves it out of the comparison.
  const optional = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call()
    } catch (error) {
      if ((error as { code?: string }).code === 'ResourceNotFoundException') throw error
      ctx.out.warn(`${what} not compared: ${(error as Error).message}`)
      return undefined
    }
  }
  const ttl = await optional('TTL', () => conn.client.describeTimeToLive({ TableName: tableName }))
  if (ttl?.TimeToLiveDescription) live.timeToLive = ttl.TimeToLiveDescription
  const backups = await optional('point-in-time recovery', () => conn.client.describeContinuousBackups({ TableName: tableName }))
  if (backups?.ContinuousBackupsDescription) live.continuousBackups = backups.ContinuousBackupsDescription
  const arn = described.Table?.TableArn
  if (typeof arn === 'string') {
    const tags = await optional('tags', () => conn.client.listTagsOfResource({ ResourceArn: arn }))
    if (tags) live.tags = tags.Tags ?? []
  }
  return live
}

export const infraCommands = [templateCommand('infra:cloudformation'), templateCommand('infra:sam'), infraCdk, infraTerraform, infraIam, infraDiff]
