/**
 * Installs the tools that validate the infrastructure outputs into .cache/infra-validators (never
 * into package.json): cfn-lint, aws-cdk-lib + constructs (CfnInclude, synthesizing the construct),
 * @aws-cdk/cloudformation-diff, @cdktf/hcl2json, @cloud-copilot/iam-policy + iam-simulate.
 * cfn-lint 1.9.x ships a 2019 resource specification without TableClass, DeletionProtectionEnabled,
 * contributor insights or KMS SSE; it is given the specification of @aws-cdk/cfnspec instead.
 * Reinstalls only when the pinned versions change. `bun scripts/infra-validators.ts` runs it by hand.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const VALIDATORS: Record<string, string> = {
  'cfn-lint': '1.9.7',
  '@aws-cdk/cfnspec': '2.72.1',
  'aws-cdk-lib': '2.278.0',
  constructs: '10.8.1',
  '@aws-cdk/cloudformation-diff': '2.187.5',
  '@cdktf/hcl2json': '0.21.0',
  '@cloud-copilot/iam-policy': '0.1.109',
  '@cloud-copilot/iam-simulate': '0.1.173',
}

export const VALIDATORS_DIR = resolve(import.meta.dir, '..', '.cache', 'infra-validators')
const MARKER = join(VALIDATORS_DIR, 'versions.json')

/** Installs (once per set of versions) and returns the folder whose node_modules holds the tools. */
export function installValidators(): string {
  const wanted = JSON.stringify(VALIDATORS)
  if (existsSync(MARKER) && readFileSync(MARKER, 'utf8') === wanted) return VALIDATORS_DIR
  mkdirSync(VALIDATORS_DIR, { recursive: true })
  const specs = Object.entries(VALIDATORS).map(([name, version]) => `${name}@${version}`)
  const npm = Bun.spawnSync(['npm', 'install', '--prefix', VALIDATORS_DIR, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { stdout: 'pipe', stderr: 'pipe' })
  if (npm.exitCode !== 0) throw new Error(`npm install of the infrastructure validators failed (exit ${npm.exitCode}): ${npm.stderr.toString().slice(-2000)}`)
  const modules = join(VALIDATORS_DIR, 'node_modules')
  const bundled = join(modules, 'cfn-lint/data/aws_resources_specification.json')
  copyFileSync(join(modules, '@aws-cdk/cfnspec/spec/specification.json'), bundled)
  writeFileSync(MARKER, wanted)
  return VALIDATORS_DIR
}

if (import.meta.main) {
  const started = performance.now()
  const dir = installValidators()
  console.log(`infrastructure validators in ${dir} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
}
