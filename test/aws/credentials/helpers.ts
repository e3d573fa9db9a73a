import { CredentialsProviderError } from '../../../src/aws/credentials/error.ts'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A fresh directory with the given files (paths relative to it). */
export async function tempFiles(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dbtooling-creds-'))
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), text)
  }
  return dir
}

/** An environment in which no provider finds anything: HOME is empty and IMDS is off. */
export function isolatedEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...extra }
}

export interface RecordedRequest {
  method: string
  path: string
  headers: Headers
  body: string
}

/** A loopback server that records every request and answers with `handler`. */
export function loopback(handler: (request: RecordedRequest) => Response | Promise<Response>) {
  const requests: RecordedRequest[] = []
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(request) {
      const url = new URL(request.url)
      const recorded = { method: request.method, path: url.pathname + url.search, headers: request.headers, body: await request.text() }
      requests.push(recorded)
      return handler(recorded)
    },
  })
  return { url: `http://127.0.0.1:${server.port}`, requests, stop: () => server.stop(true) }
}

/** An STS that grants `ASIA<role>` / `secret-<role>` / `token-<role>` for whatever role is asked. */
export function fakeSts(options: { expiresInMs?: number; fail?: { status: number; code: string; message: string } } = {}) {
  return loopback((request) => {
    const form = new URLSearchParams(request.body)
    if (options.fail) {
      const xml = `<ErrorResponse><Error><Type>Sender</Type><Code>${options.fail.code}</Code><Message>${options.fail.message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`
      return new Response(xml, { status: options.fail.status, headers: { 'content-type': 'text/xml' } })
    }
    const action = form.get('Action') ?? ''
    const role = (form.get('RoleArn') ?? '').split('/').pop() ?? ''
    const expiration = new Date(Date.now() + (options.expiresInMs ?? 3_600_000)).toISOString()
    const xml = `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result>
  <Credentials>
    <AccessKeyId>ASIA${role}</AccessKeyId>
    <SecretAccessKey>secret-${role}</SecretAccessKey>
    <SessionToken>token-${role}&amp;more</SessionToken>
    <Expiration>${expiration}</Expiration>
  </Credentials>
  <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/${role}/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>
</${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`
    return new Response(xml, { headers: { 'content-type': 'text/xml' } })
  })
}

/** Credentials JSON as the container endpoint and IMDS return it. */
export function credentialsJson(id: string, expiresInMs = 3_600_000, extra: Record<string, unknown> = {}): Response {
  return Response.json({
    AccessKeyId: id,
    SecretAccessKey: `secret-${id}`,
    Token: `token-${id}`,
    Expiration: new Date(Date.now() + expiresInMs).toISOString(),
    ...extra,
  })
}

/** The CredentialsProviderError `promise` rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<CredentialsProviderError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CredentialsProviderError) return error
    throw error
  }
  throw new Error('expected the provider to fail, but it returned credentials')
}
