/** Inputs of the infrastructure tests: a fixture app's design under one environment of the test config. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { resolveConfig } from '../../src/config.ts'
import type { InfraInput } from '../../src/infra/index.ts'
import { deriveSchema, loadModels } from '../../src/single-table/index.ts'
import { INFRA_CONFIG } from './config.ts'

export const APPS = { blog: resolve(import.meta.dir, '../../fixtures/models/blog'), analytics: resolve(import.meta.dir, '../../fixtures/models/analytics') }
export type App = keyof typeof APPS

export async function infraInput(app: App, env?: string): Promise<InfraInput> {
  const config = await resolveConfig({ file: INFRA_CONFIG, env: {}, flags: env ? { env } : {} })
  const schema = deriveSchema(await loadModels(APPS[app]), config.singleTableDesign)
  return { schema, table: config.table, environment: config.environment, production: config.production }
}

/** A working directory holding the test config as dbtooling.config.json, for CLI runs. */
export function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dbtooling-infra-'))
  writeFileSync(join(dir, 'dbtooling.config.json'), JSON.stringify(INFRA_CONFIG))
  return dir
}
