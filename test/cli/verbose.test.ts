import { describe, expect, test } from 'bun:test'
import { runDbtooling } from '../support/cli.ts'
import { dynamodbLocal, dynamodbLocalAvailable } from '../support/dynamodb-local.ts'

describe.skipIf(!dynamodbLocalAvailable)('--verbose', () => {
  test('logs requests and responses with credentials, tokens and signatures redacted', async () => {
    const { endpoint } = await dynamodbLocal()
    const secret = 'wJalrXUtnFEMI-very-secret-key-value'
    const token = 'FwoGZXIvYXdzEJr-session-token-value'
    const r = await runDbtooling(['table:list', '--verbose', '--endpoint-url', endpoint, '--json'], {
      env: { AWS_ACCESS_KEY_ID: 'AKIDVERBOSETEST', AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token },
    })
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('ListTables')
    expect(r.stderr).toContain('response')
    expect(r.stderr).not.toContain(secret)
    expect(r.stderr).not.toContain(token)
    expect(r.stdout).not.toContain(secret)
    expect(r.stderr).not.toMatch(/Signature=[0-9a-f]{64}/)
    // stdout stays exactly one JSON document.
    expect(JSON.parse(r.stdout)).toHaveProperty('tables')
  })

  test('errors never print a stack trace without --verbose, and do with it', async () => {
    const quiet = await runDbtooling(['get', '{"pk":"a"}', '--table', 'missing-table', '--endpoint-url', (await dynamodbLocal()).endpoint])
    expect(quiet.code).toBe(1)
    expect(quiet.stderr).toContain('ResourceNotFoundException')
    expect(quiet.stderr).not.toContain('    at ')
    const loud = await runDbtooling(['get', '{"pk":"a"}', '--table', 'missing-table', '--verbose', '--endpoint-url', (await dynamodbLocal()).endpoint])
    expect(loud.stderr).toContain('    at ')
  })
})
