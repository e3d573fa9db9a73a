/**
 * Issue 10's CLI defects, each reproduced through the real CLI on the embedded engine
 * (--endpoint-url local, in a fresh directory): exact values, honest output, typed errors.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { marshall } from '../../src/dynamodb/marshall.ts'
import { decodeItem, encodeItem, parseExactJson } from '../../src/cli/transfer/typed-json.ts'
import { runDbtooling, spawnDbtooling } from '../support/cli.ts'

const BIG = '123456789012345678901234567890'
const dir = mkdtempSync(join(tmpdir(), 'dbtooling-exact-'))
const cli = (args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) => runDbtooling(['--endpoint-url', 'local', '--table', 'exact', ...args], { cwd: dir, ...options })

describe('CLI: exact values, honest output (embedded engine)', () => {
  beforeAll(async () => {
    const created = await cli(['table:create', '--sk', ''])
    expect(created.stderr).toBe('')
  })

  test('numbers beyond 2^53 and typed-JSON sets are stored, updated and printed exactly', async () => {
    expect((await cli(['put', `{"pk":"n","big":${BIG},"s":{"$SS":["a","b"]},"ns":{"$NS":["1","2.5"]}}`])).code).toBe(0)
    const got = JSON.parse((await cli(['get', '{"pk":"n"}', '--json'])).stdout).item
    expect(got).toEqual({ pk: 'n', big: { $N: BIG }, s: { $SS: ['a', 'b'] }, ns: { $NS: ['1', '2.5'] } })
    const updated = await cli(['update', '{"pk":"n"}', '--set', `big=${BIG}1`, '--add', 'tags=["x","y"]', '--return', 'ALL_NEW'])
    expect(updated.code).toBe(0)
    // Text mode prints the same typed JSON: a set is {"$SS": [...]}, never {}.
    const text = JSON.parse(updated.stdout)
    expect(text.big).toEqual({ $N: `${BIG}1` })
    expect(text.tags).toEqual({ $SS: ['x', 'y'] })
    const line = JSON.parse((await cli(['scan', '--format', 'jsonl'])).stdout.trim())
    expect(line.big).toEqual({ $N: `${BIG}1` })
  })

  test('duplicate set members are an error, not silently merged', async () => {
    const r = await cli(['put', '{"pk":"d","s":{"$SS":["a","a"]}}'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('twice')
  })

  test('delete of a missing item says so', async () => {
    const r = await cli(['delete', '{"pk":"nothing-here"}'])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('deleted nothing: no such item')
  })

  test('--json errors are one JSON document on stdout; a missing table is named with where its name came from', async () => {
    const r = await runDbtooling(['--endpoint-url', 'local', 'get', '{"pk":"x"}', '--json'], { cwd: dir })
    expect(r.code).toBe(1)
    const doc = JSON.parse(r.stdout)
    expect(doc.error.code).toBe('ResourceNotFoundException')
    expect(doc.error.message).toContain('table dbtooling does not exist')
    expect(doc.error.message).toContain('the default name')
    expect(doc.error.hint).toContain('table:create dbtooling')
    const usage = await cli(['put', 'not json', '--json'])
    expect(usage.code).toBe(2)
    expect(JSON.parse(usage.stdout).error.code).toBe('UsageError')
  })

  test('hints fit the error: an item too large, an invalid table name', async () => {
    const big = await cli(['put', '-'], { stdin: JSON.stringify({ pk: 'big', s: 'x'.repeat(410 * 1024) }) })
    expect(big.code).toBe(1)
    expect(big.stderr).toContain('at most 400 KB')
    const name = await runDbtooling(['--endpoint-url', 'local', 'table:create', 'ab'], { cwd: dir })
    expect(name.code).toBe(1)
    expect(name.stderr).toContain('table names are 3 to 255 characters')
    expect(name.stderr).not.toContain('compare the request with the table')
  })

  test('help lists commands, help <typo> suggests, an unknown global flag is named on stderr', async () => {
    const help = await runDbtooling(['help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Commands:')
    const typo = await runDbtooling(['help', 'qurey'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('did you mean `dbtooling help query`')
    const bogus = await runDbtooling(['--bogus'])
    expect(bogus.code).toBe(2)
    expect(bogus.stdout).toBe('')
    expect(bogus.stderr).toContain('unknown flag --bogus')
  })

  test('an endpoint that is not a URL is a usage error naming it; a password in the endpoint is never printed', async () => {
    const started = Date.now()
    const r = await runDbtooling(['get', '{"pk":"x"}', '--endpoint-url', 'notaurl'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--endpoint-url "notaurl" is not a URL')
    expect(Date.now() - started).toBeLessThan(15_000)
    const config = await runDbtooling(['config', '--endpoint-url', 'http://user:s3cret@localhost:1'], { cwd: dir })
    expect(config.stdout).toContain('user:***@localhost')
    expect(config.stdout + config.stderr).not.toContain('s3cret')
    const failed = await runDbtooling(['get', '{"pk":"x"}', '--endpoint-url', 'http://user:s3cret@127.0.0.1:1', '--table', 'exact'], { cwd: dir, env: { DBTOOLING_MAX_ATTEMPTS: '1' } })
    expect(failed.code).toBe(1)
    expect(failed.stdout + failed.stderr).not.toContain('s3cret')
  })

  test('tables printed to a pipe are not cut; COLUMNS limits them', async () => {
    const long = 'x'.repeat(300)
    await cli(['put', JSON.stringify({ pk: 'long', text: long })])
    const piped = await cli(['get', '{"pk":"long"}'])
    expect(piped.stdout).toContain(long)
    const table = await cli(['scan', '--format', 'table'])
    expect(table.stdout).toContain(long)
    const narrow = await cli(['scan', '--format', 'table'], { env: { COLUMNS: '80' } })
    expect(narrow.stdout).not.toContain(long)
    expect(narrow.stdout).toContain('…')
  })

  test('import: singular counts, an empty input says so, duplicate set members name the line', async () => {
    const one = join(dir, 'one.jsonl')
    writeFileSync(one, '{"pk":"i1"}\n')
    const r = await cli(['import', 'exact', one])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('imported 1 item into exact')
    const empty = await cli(['import', 'exact', '/dev/null', '--format', 'jsonl'])
    expect(empty.code).toBe(0)
    expect(empty.stderr).toContain('/dev/null is empty')
    const dup = join(dir, 'dup.jsonl')
    writeFileSync(dup, '{"pk":"ok"}\n{"pk":"dup","s":{"$SS":["a","a"]}}\n')
    const bad = await cli(['import', 'exact', dup])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('line 2')
    expect(bad.stderr).toContain('twice')
  })

  test('schema prints the design notes once', async () => {
    const r = await runDbtooling(['schema', '--models', resolve(import.meta.dir, '../../fixtures/models')], { cwd: dir })
    expect(r.code).toBe(0)
    const note = r.stdout.split('\n').find(l => l.startsWith('- ') && l.includes('unique'))!
    expect(r.stdout.split('\n').filter(l => l === note)).toHaveLength(1)
  })

  test('progress prints periodic lines with total and percentage when stderr is not a terminal', async () => {
    const file = join(dir, 'many.jsonl')
    writeFileSync(file, Array.from({ length: 300 }, (_, i) => JSON.stringify({ pk: `p${i}` })).join('\n') + '\n')
    expect((await cli(['import', 'exact', file])).code).toBe(0)
    const r = await cli(['export', 'exact', '--output', join(dir, 'out.jsonl'), '--page-size', '20', '--segments', '1'], { env: { DBTOOLING_PROGRESS_MS: '1' } })
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/export exact: \d+\/\d+ \d+%/)
  })

  test('a resumed import refuses a different file', async () => {
    const file = join(dir, 'resume.jsonl')
    const checkpoint = join(dir, 'resume.ckpt')
    writeFileSync(file, '{"pk":"r1"}\n{"pk":"r2","s":{"$SS":["a","a"]}}\n{"pk":"r3"}\n')
    // --strict stops at line 2 and keeps the checkpoint: a resumable state.
    const first = await cli(['import', 'exact', file, '--checkpoint', checkpoint, '--strict'])
    expect(first.code).toBe(1)
    writeFileSync(file, '{"pk":"zz"}\n{"pk":"r2"}\n{"pk":"r3"}\n')
    const stat = Bun.file(file)
    utimesSync(file, new Date(), new Date(stat.lastModified))
    const resumed = await cli(['import', 'exact', file, '--checkpoint', checkpoint, '--strict'])
    expect(resumed.code).toBe(1)
    expect(resumed.stderr).toContain('CheckpointMismatch')
  })
})

test('__proto__ is an ordinary attribute name in item arguments and typed JSON', () => {
  const item = decodeItem(parseExactJson('{"__proto__":{"__proto__":1},"a":{"$M":{"__proto__":{"$SS":["x"]}}}}'))
  expect(Object.keys(item)).toEqual(['__proto__', 'a'])
  expect(Object.getPrototypeOf(item)).toBe(Object.prototype)
  expect(marshall(item)).toEqual({ ['__proto__']: { M: { ['__proto__']: { N: '1' } } }, a: { M: { ['__proto__']: { SS: ['x'] } } } })
  expect(encodeItem(marshall(item))).toEqual(JSON.parse('{"__proto__":{"__proto__":1},"a":{"__proto__":{"$SS":["x"]}}}'))
})

describe('CLI: Ctrl-C stops in-process import and export at a checkpoint', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'dbtooling-sigint-'))
  const file = join(cwd, 'items.jsonl')

  /** Runs the CLI, sends SIGINT once stderr shows progress, and returns what it printed. */
  async function interrupt(args: string[]): Promise<{ code: number; stderr: string }> {
    const child = spawnDbtooling(['--endpoint-url', 'local', ...args], { cwd, env: { DBTOOLING_PROGRESS_MS: '1' } })
    let stderr = ''
    let sent = false
    const decoder = new TextDecoder()
    for await (const chunk of child.stderr) {
      stderr += decoder.decode(chunk)
      if (!sent && /: \d+/.test(stderr)) {
        sent = true
        child.kill('SIGINT')
      }
    }
    return { code: await child.exited, stderr }
  }

  beforeAll(async () => {
    writeFileSync(file, Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ pk: `k${i}`, n: i })).join('\n') + '\n')
    expect((await runDbtooling(['--endpoint-url', 'local', 'table:create', 'big', '--sk', ''], { cwd })).code).toBe(0)
  })

  test('import exits 130 with the resume command', async () => {
    const r = await interrupt(['import', 'big', file, '--checkpoint', join(cwd, 'import.ckpt'), '--concurrency', '1'])
    expect(r.stderr).toContain('resume with: dbtooling import big')
    expect(r.code).toBe(130)
  }, 120_000)

  test('export exits 130 with the resume command', async () => {
    expect((await runDbtooling(['--endpoint-url', 'local', 'import', 'big', file], { cwd })).code).toBe(0)
    const r = await interrupt(['export', 'big', '--output', join(cwd, 'out.jsonl'), '--checkpoint', join(cwd, 'export.ckpt'), '--page-size', '10', '--segments', '1'])
    expect(r.stderr).toContain('resume with: dbtooling export big')
    expect(r.code).toBe(130)
  }, 120_000)
})
