/** `start --detach`: the log is appended to across restarts; loopback hosts (127.0.0.0/8, ::1) get no exposure warning. */
import { expect, test } from 'bun:test'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runDbtooling } from '../support/cli.ts'

test('a restarted detached server appends to its log, and 127.0.0.2 is loopback (no warning)', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'dbtooling-detach-'))
  for (let round = 1; round <= 2; round++) {
    const started = await runDbtooling(['start', '--detach', '--port', '0', '--host', '127.0.0.2'], { cwd })
    expect(started.code).toBe(0)
    expect(started.stderr).not.toContain('reachable from other machines')
    expect((await runDbtooling(['table:create', `table${round}`, '--quiet'], { cwd })).code).toBe(0)
    expect((await runDbtooling(['stop', '--quiet'], { cwd })).code).toBe(0)
  }
  const log = readFileSync(join(cwd, '.dbtooling', 'server.log'), 'utf8')
  expect(log.match(/started on http:\/\/127\.0\.0\.2:/g)?.length).toBe(2)
  expect(log.match(/CreateTable 200/g)?.length).toBe(2)
}, 60_000)
