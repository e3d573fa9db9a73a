/**
 * `dbtooling models:types` on the blog app: the `.d.ts` it writes type-checks, and a program typed
 * by its `Models` gets compile errors for unknown attributes, wrong value types and missing required
 * attributes (checked by running tsc on a small consumer project).
 */
import { expect, test } from 'bun:test'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runDbtooling } from '../support/cli.ts'

const ROOT = resolve(import.meta.dir, '../..')
const BLOG = join(ROOT, 'fixtures/models/blog')

test('models:types writes types that check a program using the blog models', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbtooling-types-'))
  const orm = join(ROOT, 'src/orm/index.ts')
  const run = await runDbtooling(['models:types', '--models', BLOG, '--output', join(dir, 'models.d.ts'), '--from', orm], { cwd: dir })
  expect(run.code).toBe(0)
  const text = await Bun.file(join(dir, 'models.d.ts')).text()
  expect(text).toContain('export type Models = {')
  expect(text).toContain('readonly User: TypedModelClass<UserDefinition>')
  writeFileSync(join(dir, 'app.ts'), `
import { createOrm } from ${JSON.stringify(orm)}
import type { Models } from './models.d.ts'
export async function app(): Promise<void> {
  const db = await createOrm<Models>({ models: ${JSON.stringify(BLOG)} })
  const user = await db.models.User.create({ name: 'Ada', email: 'ada@example.com', password: 'secret123' })
  const email: string = user.email
  const role: 'owner' | 'admin' | 'member' = user.role
  const age: number | null = user.age
  void [email, role, age]
  const post = await db.model('Post').create({ title: 'T', slug: 't', userId: user.id })
  const views: number = post.views
  void views
  // @ts-expect-error unknown attribute
  await db.models.User.create({ name: 'Ada', email: 'a@b.c', password: 'secret123', nickname: 'x' })
  // @ts-expect-error missing required attribute
  await db.models.User.create({ name: 'Ada' })
  // @ts-expect-error not fillable (views is fillable: false)
  await db.models.Post.create({ title: 'T', slug: 't', userId: user.id, views: 3 })
  // @ts-expect-error hidden attribute absent from toJSON()
  void user.toJSON().password
}
`)
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ESNext', module: 'Preserve', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, allowImportingTsExtensions: true, types: ['bun'], typeRoots: [join(ROOT, 'node_modules/@types')] },
    files: ['app.ts', 'models.d.ts'],
  }))
  const tsc = Bun.spawnSync([join(ROOT, 'node_modules/.bin/tsc'), '-p', dir], { cwd: dir })
  const output = tsc.stdout.toString() + tsc.stderr.toString()
  expect(output).toBe('')
  expect(tsc.exitCode).toBe(0)
}, 180_000)
