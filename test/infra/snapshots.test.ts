/**
 * Snapshots of every output for the blog app (staging environment: provisioned, stream, TTL, PITR,
 * AWS-managed SSE, tags), kept as plain files in snapshots/blog/ so a review reads them as they
 * are deployed. DBTOOLING_UPDATE_SNAPSHOTS=1 rewrites them.
 */
import { describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cdkConstruct, cloudFormationTemplate, iamPolicies, renderTemplate, tableSpec, terraformConfig } from '../../src/infra/index.ts'
import { infraInput } from './support.ts'

const DIR = join(import.meta.dir, 'snapshots', 'blog')
const update = process.env.DBTOOLING_UPDATE_SNAPSHOTS === '1'

function matches(name: string, text: string): void {
  const file = join(DIR, name)
  if (update || !existsSync(file)) {
    if (process.env.CI === 'true' && !update) throw new Error(`snapshot ${name} is missing: run DBTOOLING_UPDATE_SNAPSHOTS=1 bun test test/infra/snapshots.test.ts and commit it`)
    mkdirSync(DIR, { recursive: true })
    writeFileSync(file, text)
  }
  expect(text).toBe(readFileSync(file, 'utf8'))
}

describe('blog app outputs (snapshots)', async () => {
  const input = await infraInput('blog', 'staging')
  const spec = tableSpec(input)

  test('CloudFormation (YAML) and SAM (JSON)', () => {
    matches('cloudformation.yaml', renderTemplate(cloudFormationTemplate(spec), 'yaml'))
    matches('sam.json', renderTemplate(cloudFormationTemplate(spec, { sam: true }), 'json'))
  })

  test('Terraform', () => {
    matches('terraform.tf', terraformConfig(spec))
  })

  test('IAM: a Lambda function using three patterns, the CI deployer, the stream processor', () => {
    const iam = iamPolicies(input, { patterns: ['getPost', 'listPostsOfUser', 'listCommentsOfPost'], region: 'eu-west-1', account: '123456789012' })
    matches('iam.json', `${JSON.stringify({ application: iam.application, ciDeployer: iam.ciDeployer, streamProcessor: iam.streamProcessor }, null, 2)}\n`)
  })

  test('CDK construct', () => {
    const iam = iamPolicies(input, { access: 'write' })
    matches('cdk.ts', cdkConstruct([{ name: 'staging', spec }], iam.patterns, iam.writes))
  })
})
