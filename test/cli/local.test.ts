import { describe, expect, test } from 'bun:test'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runDbtooling } from '../support/cli.ts'

const fresh = () => mkdtempSync(join(tmpdir(), 'dbtooling-local-'))

describe('embedded engine from the CLI', () => {
  test('with nothing configured, commands use the embedded engine in-process and say so once', async () => {
    const cwd = fresh()
    const created = await runDbtooling(['table:create', 'app', '--json'], { cwd })
    expect(created.code).toBe(0)
    expect(created.stderr.match(/using the embedded engine/g)?.length).toBe(1)
    expect((await runDbtooling(['put', '{"pk":"a","sk":"b","n":1}', '--table', 'app'], { cwd })).code).toBe(0)
    // A new process sees the data: it is on disk in .dbtooling/local.sqlite.
    const got = await runDbtooling(['get', '{"pk":"a","sk":"b"}', '--table', 'app', '--json'], { cwd })
    expect(JSON.parse(got.stdout).item).toEqual({ pk: 'a', sk: 'b', n: 1 })
    expect(existsSync(join(cwd, '.dbtooling', 'local.sqlite'))).toBe(true)
  })

  test('AWS credentials in the environment turn the default off', async () => {
    const cwd = fresh()
    const r = await runDbtooling(['table:list', '--json'], { cwd, env: { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret-value-xyz', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } })
    expect(r.stderr).not.toContain('using the embedded engine')
    expect(r.code).toBe(1)
    expect(r.stderr).not.toContain('secret-value-xyz')
  })

  test('--endpoint-url local opts in without the notice', async () => {
    const cwd = fresh()
    const r = await runDbtooling(['table:list', '--endpoint-url', 'local', '--json'], { cwd, env: { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'x' } })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ tables: [] })
    expect(r.stderr).not.toContain('using the embedded engine')
  })

  test('start --detach, status, commands go to the server, logs, stop', async () => {
    const cwd = fresh()
    const started = await runDbtooling(['start', '--detach', '--port', '0', '--json'], { cwd })
    expect(started.code).toBe(0)
    const state = JSON.parse(started.stdout)
    expect(state.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    try {
      const again = await runDbtooling(['start', '--detach', '--port', '0'], { cwd })
      expect(again.code).toBe(1)
      expect(again.stderr).toContain('already running')
      expect((await runDbtooling(['table:create', 'logs', '--quiet'], { cwd })).code).toBe(0)
      expect((await runDbtooling(['put', '{"pk":"x","sk":"y"}', '--table', 'logs'], { cwd })).code).toBe(0)
      const status = JSON.parse((await runDbtooling(['status', '--json'], { cwd })).stdout)
      expect(status).toMatchObject({ running: true, pid: state.pid, port: state.port })
      expect(status.tables).toEqual([{ name: 'logs', itemCount: 1, sizeBytes: expect.any(Number) }])
      // Requests went over HTTP to the background server, so its log has them.
      const logs = await runDbtooling(['logs'], { cwd })
      expect(logs.stdout).toContain('PutItem 200')
      // The server is a real DynamoDB endpoint for other clients too.
      const res = await fetch(state.endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0', authorization: 'AWS4-HMAC-SHA256 Credential=a/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' }, body: '{}' })
      expect(await res.json()).toEqual({ TableNames: ['logs'] })
    } finally {
      const stopped = await runDbtooling(['stop', '--json'], { cwd })
      expect(JSON.parse(stopped.stdout)).toMatchObject({ stopped: true, pid: state.pid })
    }
    expect(JSON.parse((await runDbtooling(['status', '--json'], { cwd })).stdout).running).toBe(false)
  })

  test('reset deletes the data (and needs --yes without a terminal)', async () => {
    const cwd = fresh()
    await runDbtooling(['table:create', 'gone', '--quiet'], { cwd })
    expect((await runDbtooling(['reset'], { cwd })).code).toBe(1)
    expect((await runDbtooling(['reset', '--yes'], { cwd })).code).toBe(0)
    expect(JSON.parse((await runDbtooling(['table:list', '--json'], { cwd })).stdout).tables).toEqual([])
  })
})
