/**
 * The package's subpath exports: one file per subpath in src/entries/, the root re-exports all of
 * them, and importing `dbtooling/document` loads no part of the embedded engine until a client
 * asks for `endpoint: 'local'`.
 */
import { expect, test } from 'bun:test'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dir, '..')
const pkg = (await Bun.file(join(root, 'package.json')).json()) as { exports: Record<string, string | Record<string, string>> }

/** Imports a package specifier at run time (Bun resolves the `bun` condition: the sources). */
const importPackage = (specifier: string) => import(specifier) as Promise<Record<string, unknown>>

test('every subpath is a file of src/entries/ or a layer of its own (src/<layer>/index.ts); every entry file is a subpath', () => {
  const subpaths = Object.entries(pkg.exports).filter(([key]) => key !== '.' && key !== './package.json')
  for (const [key, target] of subpaths) {
    const source = (target as { bun: string }).bun
    expect([key, source]).toEqual([key, existsSync(join(root, `src/entries/${key.slice(2)}.ts`)) ? `./src/entries/${key.slice(2)}.ts` : `./src/${key.slice(2)}/index.ts`])
    expect(existsSync(join(root, source))).toBe(true)
  }
  for (const file of readdirSync(join(root, 'src/entries'))) expect(Object.keys(pkg.exports)).toContain(`./${file.replace(/\.ts$/, '')}`)
})

test('the package root exports every name of every src/entries/ subpath, the same binding', async () => {
  const all = await importPackage('dbtooling')
  for (const file of readdirSync(join(root, 'src/entries'))) {
    const subpath = `dbtooling/${file.replace(/\.ts$/, '')}`
    const entry = await importPackage(subpath)
    expect(Object.keys(entry).length).toBeGreaterThan(0)
    for (const [name, value] of Object.entries(entry)) expect([subpath, name, all[name]]).toEqual([subpath, name, value])
  }
})

/** Runs `body` in a fresh process that records every source file Bun loads into `loaded`. */
function inFreshProcess(body: string): { stdout: string; stderr: string; exitCode: number } {
  const script = `
    const loaded = new Set()
    Bun.plugin({ name: 'record', setup(build) {
      build.onLoad({ filter: /\\.ts$/ }, async ({ path }) => { loaded.add(path); return { contents: await Bun.file(path).text(), loader: 'ts' } })
    } })
    const engineLoaded = () => [...loaded].filter(f => f.includes('/src/local/') && !f.endsWith('/src/local/connection.ts')).length
    ${body}
  `
  const result = Bun.spawnSync([process.execPath, '-e', script], { cwd: root, stdout: 'pipe', stderr: 'pipe', env: { ...process.env, AWS_REGION: 'us-east-1' } })
  return { stdout: result.stdout.toString(), stderr: result.stderr.toString(), exitCode: result.exitCode }
}

test("dbtooling/document loads no engine module; endpoint: 'local' loads it on first use and close() closes it", () => {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'dbtooling-entries-')), 'data.sqlite')
  const result = inFreshProcess(`
    const { DocumentClient } = await import('dbtooling/document')
    console.log('after import', engineLoaded())
    // Counts the engine's database closing (bun:sqlite is a builtin: importing it loads no engine module).
    const { Database } = await import('bun:sqlite')
    const close = Database.prototype.close
    let closed = 0
    Database.prototype.close = function (...args) { closed++; return close.apply(this, args) }
    const doc = new DocumentClient({ endpoint: 'local', local: { dbPath: ${JSON.stringify(dbPath)} } })
    console.log('after constructor', engineLoaded())
    await doc.client.createTable({ TableName: 'things', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })
    await doc.put({ table: 'things', item: { pk: 'a', n: 1 } })
    console.log('item', JSON.stringify(await doc.get({ table: 'things', key: { pk: 'a' } })))
    console.log('engine loaded after first send', engineLoaded() > 10)
    console.log('databases closed while open', closed)
    doc.close()
    console.log('databases closed after close', closed)
  `)
  expect(result.stderr).toBe('')
  expect(result.stdout.trim().split('\n')).toEqual([
    'after import 0',
    'after constructor 0',
    'item {"pk":"a","n":1}',
    'engine loaded after first send true',
    'databases closed while open 0',
    'databases closed after close 1',
  ])
  expect(existsSync(dbPath)).toBe(true)
  expect(result.exitCode).toBe(0)
})

test('dbtooling/client and dbtooling/single-table load no engine module either', () => {
  const result = inFreshProcess(`
    await import('dbtooling/client')
    await import('dbtooling/credentials')
    await import('dbtooling/single-table')
    console.log(engineLoaded())
  `)
  expect(result.stderr).toBe('')
  expect(result.stdout.trim()).toBe('0')
})
