/**
 * The infrastructure outputs checked by the tools teams already trust (installed at test time,
 * see validators.ts): cfn-lint and aws-cdk-lib's CfnInclude on every template; the CDK construct
 * synthesized and compared with the CloudFormation table through @aws-cdk/cloudformation-diff;
 * the Terraform parsed by @cdktf/hcl2json and compared with it; the IAM policies validated by
 * @cloud-copilot/iam-policy and evaluated request by request with @cloud-copilot/iam-simulate.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  cdkConstruct, cloudFormationTemplate, diffTables, iamPolicies, renderTemplate, tableArn, tableSpec, templateTable, terraformConfig,
  type IamPolicies, type PolicyDocument, type Template,
} from '../../src/infra/index.ts'
import { ENVIRONMENTS } from './config.ts'
import { defined, globalTableAsTable, markScaled, templateScaling, terraformAsTable } from './mappings.ts'
import { infraInput, type App } from './support.ts'
import { tool, validatorsAvailable, validatorsDir } from './validators.ts'

const APPS: App[] = ['blog', 'analytics']
const ENVS: (string | undefined)[] = [undefined, ...ENVIRONMENTS]
const envName = (env: string | undefined): string => env ?? 'default'
const T = 120_000

async function templates(app: App, env: string | undefined): Promise<{ cfn: Template; sam: Template }> {
  const spec = tableSpec(await infraInput(app, env))
  return { cfn: cloudFormationTemplate(spec), sam: cloudFormationTemplate(spec, { sam: true }) }
}

describe.skipIf(!validatorsAvailable)('infra outputs, validated by real tools', () => {
  // inside the install folder, so the generated construct file resolves aws-cdk-lib from there
  const work = validatorsAvailable ? mkdtempSync(join(validatorsDir, 'run-')) : ''
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  test('cfn-lint: every CloudFormation and SAM template (JSON and YAML), both apps, every environment: no error', async () => {
    const lint = tool('cfn-lint/lib/api.js')
    const results: string[] = []
    for (const app of APPS) {
      for (const env of ENVS) {
        const { cfn, sam } = await templates(app, env)
        for (const [kind, template, format] of [['cfn', cfn, 'json'], ['cfn', cfn, 'yaml'], ['sam', sam, 'yaml']] as const) {
          const file = join(work, `${app}-${envName(env)}-${kind}.${format}`)
          writeFileSync(file, renderTemplate(template, format))
          const result = lint.validateFile(file)
          const problems = [...result.errors.crit, ...result.errors.warn].map((e: { message: string; resource: string }) => `${e.resource}: ${e.message}`)
          expect({ file, problems }).toEqual({ file, problems: [] })
          expect(result.templateValid).toBe(true)
          results.push(file)
        }
      }
    }
    expect(results.length).toBe(APPS.length * ENVS.length * 3)
    // the linter is not a rubber stamp: a misspelt property and a missing required one are errors
    const { cfn } = await templates('blog', 'production')
    const broken = structuredClone(cfn)
    ;(broken.Resources.Table!.Properties as Record<string, unknown>).StreamSpecifications = { StreamViewType: 'NEW_IMAGE' }
    delete broken.Resources.TableReadScalingPolicy!.Properties.PolicyType
    const bad = lint.validateJsonObject(broken)
    expect(bad.templateValid).toBe(false)
    expect(bad.errors.crit.map((e: { message: string }) => e.message)).toEqual([
      'StreamSpecifications is not a valid property of AWS::DynamoDB::Table',
      'Required property PolicyType missing for type AWS::ApplicationAutoScaling::ScalingPolicy',
    ])
  }, T)

  test('aws-cdk-lib CfnInclude loads every template, typed against the resource specification, and synthesizes it unchanged', async () => {
    const cdk = tool('aws-cdk-lib')
    const { CfnInclude } = tool('aws-cdk-lib/cloudformation-include')
    for (const app of APPS) {
      for (const env of ENVS) {
        const { cfn } = await templates(app, env)
        const file = join(work, `${app}-${envName(env)}-include.json`)
        writeFileSync(file, renderTemplate(cfn))
        const cdkApp = new cdk.App()
        const stack = new cdk.Stack(cdkApp, 'Included')
        new CfnInclude(stack, 'Template', { templateFile: file })
        const synthesized = cdkApp.synth().getStackByName('Included').template
        expect(synthesized.Resources).toEqual(JSON.parse(JSON.stringify(cfn.Resources)))
      }
    }
    // a property of the wrong type is refused while loading
    const { cfn } = await templates('blog', 'staging')
    const broken = structuredClone(cfn)
    broken.Resources.Table!.Properties.PointInTimeRecoverySpecification = { PointInTimeRecoveryEnabled: 'sometimes' }
    const file = join(work, 'broken-include.json')
    writeFileSync(file, renderTemplate(broken))
    expect(() => new CfnInclude(new cdk.Stack(new cdk.App(), 'Broken'), 'Template', { templateFile: file })).toThrow(/Expected 'true' or 'false'|boolean/i)
  }, T)

  test('the CDK construct synthesizes a TableV2 equal to the CloudFormation table (cloudformation-diff: no difference), and grantModelAccess grants what infra:iam does', async () => {
    const cdk = tool('aws-cdk-lib')
    const { fullDiff } = tool('@aws-cdk/cloudformation-diff')
    for (const app of APPS) {
      const environments = await Promise.all(ENVS.map(async (env) => ({ name: envName(env), spec: tableSpec(await infraInput(app, env)) })))
      const base = await infraInput(app)
      const iam = iamPolicies(base, { access: 'write' })
      const dir = join(work, `cdk-${app}`)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'dbtooling-table.ts'), cdkConstruct(environments, iam.patterns, iam.writes))
      const { DbtoolingTable } = await import(join(dir, 'dbtooling-table.ts'))
      for (const env of ENVS) {
        const cdkApp = new cdk.App()
        const stack = new cdk.Stack(cdkApp, 'Stack', { env: { region: 'eu-west-1', account: '123456789012' } })
        const kmsKey = env === 'production' ? cdk.aws_kms.Key.fromKeyArn(stack, 'Key', new cdk.CfnParameter(stack, 'TableKeyArn').valueAsString) : undefined
        const construct = new DbtoolingTable(stack, 'App', { env: envName(env), kmsKey })
        const synthesized = cdkApp.synth().getStackByName('Stack').template
        const [global] = Object.values(synthesized.Resources as Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>).filter((r) => r.Type === 'AWS::DynamoDB::GlobalTable')
        const { cfn } = await templates(app, env)
        expect(global!.DeletionPolicy).toBe(cfn.Resources.Table!.DeletionPolicy ?? 'Delete')
        const fromCdk = globalTableAsTable(global!.Properties)
        const scaling = templateScaling(cfn)
        const fromCfn = markScaled(templateTable(cfn), scaling)
        const asTemplate = (properties: Record<string, unknown>, s: unknown) => ({
          Resources: { Table: { Type: 'AWS::DynamoDB::Table', Properties: defined(properties) }, Scaling: { Type: 'Custom::AutoScaling', Properties: { Dimensions: s } } },
        })
        expect(diffTables(fromCfn, fromCdk.properties)).toEqual([])
        const diff = fullDiff(asTemplate(fromCfn, scaling), asTemplate(fromCdk.properties, fromCdk.scaling))
        expect({ app, env, differences: diff.differenceCount }).toEqual({ app, env, differences: 0 })
        if (env === 'production') {
          // the comparison is not blind: another projection and scaling range are differences
          const other = structuredClone(fromCdk)
          other.properties.GlobalSecondaryIndexes[0].Projection = { ProjectionType: 'KEYS_ONLY' }
          other.scaling[0]!.max += 1
          expect(fullDiff(asTemplate(fromCfn, scaling), asTemplate(other.properties, other.scaling)).differenceCount).toBe(2)
        }
        if (env === undefined) {
          const role = new cdk.aws_iam.Role(stack, 'Fn', { assumedBy: new cdk.aws_iam.ServicePrincipal('lambda.amazonaws.com') })
          const model = app === 'blog' ? 'Post' : 'Site'
          construct.grantModelAccess(role, { models: [model], access: 'read' })
          const granted = Object.values(cdkApp.synth({ force: true }).getStackByName('Stack').template.Resources as Record<string, { Type: string; Properties: { PolicyDocument: PolicyDocument } }>)
            .filter((r) => r.Type === 'AWS::IAM::Policy').flatMap((r) => r.Properties.PolicyDocument.Statement)
          const expected = iamPolicies(base, { models: [model] }).application.Statement
          const resourceOf = (r: unknown): string => JSON.stringify(r).includes('/index/') ? `index/${/index\/(\w+)/.exec(JSON.stringify(r))![1]}` : 'table'
          const summary = (statements: { Action: string | string[]; Resource: unknown }[]) => statements.map((s) => [resourceOf(s.Resource), [s.Action].flat().sort()]).sort()
          expect(summary(granted)).toEqual(summary(expected))
        }
      }
    }
  }, T)

  test('the CDK construct file type-checks (strict) against aws-cdk-lib\'s own types', async () => {
    const dir = join(work, 'cdk-typecheck')
    mkdirSync(dir, { recursive: true })
    const environments = await Promise.all(ENVS.map(async (env) => ({ name: envName(env), spec: tableSpec(await infraInput('blog', env)) })))
    const iam = iamPolicies(await infraInput('blog'), { access: 'write' })
    writeFileSync(join(dir, 'dbtooling-table.ts'), cdkConstruct(environments, iam.patterns, iam.writes))
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, skipLibCheck: true, noEmit: true, types: [] },
      files: ['dbtooling-table.ts'],
    }))
    const tsc = Bun.spawnSync([join(import.meta.dir, '../../node_modules/.bin/tsc'), '-p', join(dir, 'tsconfig.json')], { stdout: 'pipe', stderr: 'pipe' })
    expect({ exit: tsc.exitCode, output: tsc.stdout.toString() }).toEqual({ exit: 0, output: '' })
  }, T)

  test('@cdktf/hcl2json parses the Terraform; its table and scaling equal the CloudFormation ones', async () => {
    const { parse } = tool('@cdktf/hcl2json')
    for (const app of APPS) {
      for (const env of ENVS) {
        const spec = tableSpec(await infraInput(app, env))
        const hcl = await parse('main.tf', terraformConfig(spec))
        const fromTf = terraformAsTable(hcl)
        const cfn = cloudFormationTemplate(spec)
        const properties = templateTable(cfn)
        // Terraform takes the key parameter as a variable; CloudFormation as a parameter
        if (spec.sse.kind === 'KMS_PARAMETER') expect(fromTf.properties.SSESpecification.KMSMasterKeyId).toBe('${var.kms_key_arn}')
        expect({ app, env, differences: diffTables(properties, fromTf.properties, { skip: spec.sse.kind === 'KMS_PARAMETER' ? ['SSE'] : [] }) }).toEqual({ app, env, differences: [] })
        expect(fromTf.scaling).toEqual(templateScaling(cfn))
      }
    }
  }, T)

  describe('IAM: valid policies whose every granted request is allowed and every other one denied', () => {
    const account = '123456789012'
    const region = 'eu-west-1'
    const arn = (table: string) => tableArn(table, { region, account })

    async function decide(policy: PolicyDocument, action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<string> {
      const { runSimulation } = tool('@cloud-copilot/iam-simulate')
      const result = await runSimulation({
        identityPolicies: [{ name: 'policy', policy }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        request: { action, principal: `arn:aws:iam::${account}:role/app`, resource: { accountId: account, resource }, contextVariables: context },
      }, {})
      if (result.resultType === 'error') throw new Error(`iam-simulate refused the request: ${JSON.stringify(result.errors)}`)
      return result.overallResult
    }

    function validate(result: IamPolicies): void {
      const { validateIdentityPolicy } = tool('@cloud-copilot/iam-policy')
      for (const doc of [result.application, result.ciDeployer, result.streamProcessor].filter(Boolean)) expect(validateIdentityPolicy(doc)).toEqual([])
    }

    test('a Lambda function using three patterns: exactly GetItem/BatchGetItem/Query on the table and Query on GSI2', async () => {
      const input = await infraInput('blog', 'staging')
      const policies = iamPolicies(input, { patterns: ['getPost', 'listPostsOfUser', 'listCommentsOfPost'], region, account })
      validate(policies)
      const table = arn('staging-blog')
      for (const g of policies.patterns) {
        for (const action of g.actions) expect([g.pattern, action, await decide(policies.application, action, g.index ? `${table}/index/${g.index}` : table)]).toEqual([g.pattern, action, 'Allowed'])
      }
      const denied: [string, string][] = [
        ['dynamodb:Scan', table],
        ['dynamodb:GetItem', arn('staging-other')],
        ['dynamodb:Query', `${table}/index/GSI1`],
        ['dynamodb:Query', `${table}/index/GSI3`],
        ['dynamodb:PutItem', table],
        ['dynamodb:UpdateItem', table],
        ['dynamodb:DeleteTable', table],
      ]
      for (const [action, resource] of denied) expect([action, resource, await decide(policies.application, action, resource)]).toEqual([action, resource, 'ImplicitlyDenied'])
    }, T)

    test('read and write access over every pattern of both apps; write adds only item writes', async () => {
      for (const app of APPS) {
        const input = await infraInput(app, 'production')
        const read = iamPolicies(input, { region, account })
        const write = iamPolicies(input, { region, account, access: 'write' })
        validate(read)
        validate(write)
        const table = arn(tableSpec(input).tableName)
        for (const g of read.patterns) {
          for (const action of g.actions) expect([g.pattern, await decide(read.application, action, g.index ? `${table}/index/${g.index}` : table)]).toEqual([g.pattern, 'Allowed'])
        }
        for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:BatchWriteItem']) {
          expect([action, await decide(read.application, action, table)]).toEqual([action, 'ImplicitlyDenied'])
          expect([action, await decide(write.application, action, table)]).toEqual([action, 'Allowed'])
        }
        for (const policy of [read.application, write.application]) {
          expect(await decide(policy, 'dynamodb:Scan', table)).toBe('ImplicitlyDenied')
          expect(await decide(policy, 'dynamodb:DeleteTable', table)).toBe('ImplicitlyDenied')
          expect(await decide(policy, 'dynamodb:UpdateTable', table)).toBe('ImplicitlyDenied')
        }
        // the stream processor reads the stream and nothing else
        const stream = `${table}/stream/2026-01-01T00:00:00.000`
        expect(await decide(read.streamProcessor!, 'dynamodb:GetRecords', stream)).toBe('Allowed')
        expect(await decide(read.streamProcessor!, 'dynamodb:GetItem', table)).toBe('ImplicitlyDenied')
      }
    }, T)

    test('tenant isolation: the tenant\'s own partition key is allowed, another tenant\'s denied', async () => {
      const input = await infraInput('blog', 'staging')
      const policies = iamPolicies(input, { models: ['Project', 'Team'], access: 'write', tenantAttribute: 'teamId', region, account })
      validate(policies)
      const table = arn('staging-blog')
      const mine = { 'aws:PrincipalTag/teamId': 'team-1' }
      expect(policies.patterns.map((p) => p.pattern).sort()).toEqual(['getProject', 'getTeam', 'getTeamOfProject', 'listProjectsOfTeam'])
      for (const g of policies.patterns) {
        for (const action of g.actions) {
          expect([g.pattern, action, await decide(policies.application, action, table, { ...mine, 'dynamodb:LeadingKeys': ['TEAM#team-1'] })]).toEqual([g.pattern, action, 'Allowed'])
          expect([g.pattern, action, await decide(policies.application, action, table, { ...mine, 'dynamodb:LeadingKeys': ['TEAM#team-2'] })]).toEqual([g.pattern, action, 'ImplicitlyDenied'])
        }
      }
      expect(await decide(policies.application, 'dynamodb:PutItem', table, { ...mine, 'dynamodb:LeadingKeys': ['TEAM#team-1'] })).toBe('Allowed')
      expect(await decide(policies.application, 'dynamodb:PutItem', table, { ...mine, 'dynamodb:LeadingKeys': ['USER#u-1'] })).toBe('ImplicitlyDenied')
      expect(await decide(policies.application, 'dynamodb:BatchGetItem', table, { ...mine, 'dynamodb:LeadingKeys': ['TEAM#team-1', 'TEAM#team-2'] })).toBe('ImplicitlyDenied')
      expect(await decide(policies.application, 'dynamodb:Query', `${table}/index/GSI2`, { ...mine, 'dynamodb:LeadingKeys': ['TEAM#team-1'] })).toBe('ImplicitlyDenied')
      expect(await decide(policies.application, 'dynamodb:DeleteTable', table, mine)).toBe('ImplicitlyDenied')
    }, T)

    test('the CI deployer manages the table and the _migrations item, nothing else', async () => {
      const policies = iamPolicies(await infraInput('blog', 'production'), { region, account })
      validate(policies)
      const deployer = policies.ciDeployer
      const table = arn('prod-blog')
      for (const action of ['dynamodb:DescribeTable', 'dynamodb:UpdateTable', 'dynamodb:UpdateTimeToLive', 'dynamodb:UpdateContinuousBackups']) {
        expect([action, await decide(deployer, action, table)]).toEqual([action, 'Allowed'])
      }
      expect(await decide(deployer, 'dynamodb:UpdateTable', `${table}/index/GSI1`)).toBe('Allowed')
      expect(await decide(deployer, 'dynamodb:PutItem', table, { 'dynamodb:LeadingKeys': ['_migrations'] })).toBe('Allowed')
      expect(await decide(deployer, 'dynamodb:PutItem', table, { 'dynamodb:LeadingKeys': ['POST#1'] })).toBe('ImplicitlyDenied')
      expect(await decide(deployer, 'dynamodb:Query', table, { 'dynamodb:LeadingKeys': ['USER#1'] })).toBe('ImplicitlyDenied')
      expect(await decide(deployer, 'dynamodb:DeleteTable', table)).toBe('ImplicitlyDenied')
      expect(await decide(deployer, 'dynamodb:Scan', table)).toBe('ImplicitlyDenied')
      expect(await decide(policies.application, 'dynamodb:UpdateTable', table)).toBe('ImplicitlyDenied')
    }, T)
  })
})
