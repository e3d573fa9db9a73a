/** Shared helpers of the single-table tests: fixture paths and throwaway model folders. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadModels, type ModelDefinition } from '../../src/index.ts'

export const ROOT = resolve(import.meta.dir, '../..')
export const FIXTURES = join(ROOT, 'fixtures/models')
export const BLOG = join(FIXTURES, 'blog')
export const ANALYTICS = join(FIXTURES, 'analytics')

/** Writes `files` (name → source) into a fresh directory and returns its path. */
export function modelDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dbtooling-models-'))
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), source)
  }
  return dir
}

/** A minimal Stacks model file. */
export function model(name: string, body = ''): string {
  return `import { defineModel } from '@stacksjs/orm'
import { schema } from '@stacksjs/validation'
export default defineModel({
  name: '${name}',
  traits: { useUuid: true },
  attributes: { title: { validation: { rule: schema.string().max(10) } } },
  ${body}
})
`
}

/** Runs `fn` and returns the error it throws (fails the test when it does not throw). */
export async function caught(fn: () => unknown): Promise<Error & Record<string, unknown>> {
  try {
    await fn()
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected an error, none was thrown')
}

/** A fixture app's models, with sources shown relative to the repository (stable snapshots). */
export function fixtureModels(dir: string): Promise<ModelDefinition[]> {
  return loadModels(dir, { cwd: ROOT })
}
