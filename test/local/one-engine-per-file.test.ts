/**
 * One engine per data file: two engines on one file each kept their own catalog in memory and
 * silently lost each other's tables. The second opener now gets a clear error, in this process or
 * another; the file is free again once the first engine closes (or its process dies).
 */
import { expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openLocal, startLocal } from '../../src/local/server.ts'
import { DataFileInUseError } from '../../src/local/storage/database.ts'

const createTable = (name: string) => ({ TableName: name, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] })

test('a second engine on the same file is refused, in this process and in another; no table is lost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbtooling-lock-'))
  const dbPath = join(dir, 'local.sqlite')
  try {
    const server = await startLocal({ port: 0, dbPath })
    server.engine.execute('CreateTable', createTable('from-server'))

    expect(() => openLocal({ dbPath })).toThrow(DataFileInUseError)

    // What `new DynamoDBClient({ endpoint: 'local' })` does in another process beside `dbtooling start`.
    const script = `import { openLocal } from ${JSON.stringify(join(import.meta.dir, '../../src/local/server.ts'))}
try { const l = openLocal({ dbPath: ${JSON.stringify(dbPath)} }); l.engine.execute('CreateTable', ${JSON.stringify(createTable('from-other-process'))}); l.close(); console.log('opened') }
catch (e) { console.log(e.name + ': ' + e.message) }`
    const other = Bun.spawnSync([process.execPath, '-e', script], { cwd: dir })
    const said = other.stdout.toString()
    expect(said).toContain('DataFileInUseError')
    expect(said).toContain('.dbtooling/server.json')

    server.engine.execute('CreateTable', createTable('also-from-server'))
    await server.stop()

    const after = openLocal({ dbPath })
    try {
      expect(after.engine.tableNames()).toEqual(['also-from-server', 'from-server'])
    } finally {
      after.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('in one process, openers of one file share its engine (two endpoint: local clients see one catalog)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbtooling-share-'))
  const dbPath = join(dir, 'local.sqlite')
  try {
    const first = openLocal({ dbPath })
    const second = openLocal({ dbPath: join(dir, '.', 'local.sqlite') })
    expect(second.engine).toBe(first.engine)
    first.engine.execute('CreateTable', createTable('seen-by-both'))
    first.close()
    first.close() // a second close of one handle releases nothing more
    expect(second.engine.tableNames()).toEqual(['seen-by-both'])
    second.engine.execute('CreateTable', createTable('after-first-closed'))
    second.close()
    // All uses closed: the file is free, and holds both tables.
    const third = openLocal({ dbPath })
    expect(third.engine).not.toBe(first.engine)
    expect(third.engine.tableNames()).toEqual(['after-first-closed', 'seen-by-both'])
    third.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
