import { afterAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { containerProvider, fromContainer } from '../../../src/aws/credentials/container.ts'
import { fromEnv } from '../../../src/aws/credentials/env.ts'
import { CredentialsProviderError } from '../../../src/aws/credentials/error.ts'
import { imdsProvider } from '../../../src/aws/credentials/imds.ts'
import type { FetchLike } from '../../../src/aws/credentials/options.ts'
import { webIdentityProvider } from '../../../src/aws/credentials/web-identity.ts'
import { credentialsJson, fakeSts, loopback, tempFiles } from './helpers.ts'

const stops: Array<() => void> = []
afterAll(() => stops.forEach((stop) => stop()))

describe('fromEnv', () => {
  test('reads keys, session token and expiration', async () => {
    const creds = await fromEnv({
      env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'SECRET', AWS_SESSION_TOKEN: 'TOKEN', AWS_CREDENTIAL_EXPIRATION: '2030-01-02T03:04:05Z' },
    })()
    expect(creds.accessKeyId).toBe('AKID')
    expect(creds.secretAccessKey).toBe('SECRET')
    expect(creds.sessionToken).toBe('TOKEN')
    expect(creds.expiration?.toISOString()).toBe('2030-01-02T03:04:05.000Z')
  })

  test('missing keys are "not configured"; a bad expiration is an error', async () => {
    const missing = await fromEnv({ env: { AWS_ACCESS_KEY_ID: 'AKID' } })().catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(CredentialsProviderError)
    expect(missing).toMatchObject({ code: 'CredentialsProviderError', tryNextLink: true })
    expect((missing as Error).message).toContain('AWS_SECRET_ACCESS_KEY')
    const bad = fromEnv({ env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_CREDENTIAL_EXPIRATION: 'soon' } })()
    await expect(bad).rejects.toMatchObject({ tryNextLink: false })
  })
})

describe('container credentials', () => {
  test('FULL_URI on loopback with AWS_CONTAINER_AUTHORIZATION_TOKEN', async () => {
    const server = loopback(() => credentialsJson('ASIACONTAINER'))
    stops.push(server.stop)
    const creds = await containerProvider({
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/v2/creds`, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'auth-token' },
    })()
    expect(creds.accessKeyId).toBe('ASIACONTAINER')
    expect(creds.sessionToken).toBe('token-ASIACONTAINER')
    expect(creds.expiration!.getTime()).toBeGreaterThan(Date.now())
    expect(server.requests[0]?.path).toBe('/v2/creds')
    expect(server.requests[0]?.headers.get('authorization')).toBe('auth-token')
  })

  test('the token file wins over the token variable (EKS Pod Identity)', async () => {
    const dir = await tempFiles({ token: 'from-file\n' })
    const server = loopback(() => credentialsJson('ASIAPOD'))
    stops.push(server.stop)
    await containerProvider({
      env: {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: 'from-env',
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(dir, 'token'),
      },
    })()
    expect(server.requests[0]?.headers.get('authorization')).toBe('from-file')
  })

  test('RELATIVE_URI goes to 169.254.170.2', async () => {
    const urls: string[] = []
    const fakeFetch: FetchLike = async (input) => {
      urls.push(String(input))
      return credentialsJson('ASIAECS')
    }
    const creds = await containerProvider({ env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc' }, fetch: fakeFetch })()
    expect(creds.accessKeyId).toBe('ASIAECS')
    expect(urls).toEqual(['http://169.254.170.2/v2/credentials/abc'])
  })

  test('FULL_URI over plain http to other hosts is refused; https and the EKS agent are allowed', async () => {
    const seen: string[] = []
    const fakeFetch: FetchLike = async (input) => {
      seen.push(String(input))
      return credentialsJson('X')
    }
    const refused = containerProvider({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://example.com/creds' }, fetch: fakeFetch })()
    await expect(refused).rejects.toThrow(/must use https/)
    await containerProvider({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'https://example.com/creds' }, fetch: fakeFetch })()
    await containerProvider({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials' }, fetch: fakeFetch })()
    await containerProvider({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://[fd00:ec2::23]/v1/credentials' }, fetch: fakeFetch })()
    expect(seen).toEqual(['https://example.com/creds', 'http://169.254.170.23/v1/credentials', 'http://[fd00:ec2::23]/v1/credentials'])
  })

  test('not configured passes; an error answer is a typed error with the status; 5xx is retried once', async () => {
    await expect(fromContainer({ env: {} })()).rejects.toMatchObject({ tryNextLink: true })
    let hits = 0
    const server = loopback(() => (++hits === 1 ? new Response('busy', { status: 503 }) : credentialsJson('ASIARETRY')))
    stops.push(server.stop)
    const creds = await containerProvider({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url } })()
    expect(creds.accessKeyId).toBe('ASIARETRY')
    expect(hits).toBe(2)
    const denied = loopback(() => new Response('no', { status: 403 }))
    stops.push(denied.stop)
    const error = await containerProvider({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: denied.url } })().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CredentialsProviderError', statusCode: 403, tryNextLink: false })
  })

  test('a redirect is not followed: the authorization token never reaches the other host', async () => {
    const elsewhere = loopback(() => credentialsJson('ASIASTOLEN'))
    stops.push(elsewhere.stop)
    const redirecting = loopback(() => new Response('', { status: 307, headers: { location: `${elsewhere.url}/creds` } }))
    stops.push(redirecting.stop)
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: redirecting.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'container-secret' }
    const error = await containerProvider({ env })().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CredentialsProviderError', statusCode: 307 })
    expect(elsewhere.requests.length).toBe(0)
  })
})

describe('EC2 instance metadata (IMDSv2)', () => {
  function fakeImds(options: { tokenStatus?: number } = {}) {
    return loopback((request) => {
      if (request.method === 'PUT' && request.path === '/latest/api/token') {
        if (options.tokenStatus) return new Response('', { status: options.tokenStatus })
        return new Response('imds-session-token')
      }
      if (options.tokenStatus === undefined && request.headers.get('x-aws-ec2-metadata-token') !== 'imds-session-token') {
        return new Response('', { status: 401 })
      }
      if (request.path === '/latest/meta-data/iam/security-credentials/') return new Response('my-role\n')
      if (request.path === '/latest/meta-data/iam/security-credentials/my-role') return credentialsJson('ASIAIMDS', 3_600_000, { Code: 'Success', Type: 'AWS-HMAC' })
      return new Response('', { status: 404 })
    })
  }

  test('token PUT with TTL, then the role name, then its credentials', async () => {
    const imds = fakeImds()
    stops.push(imds.stop)
    const creds = await imdsProvider({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: `${imds.url}/` } })()
    expect(creds.accessKeyId).toBe('ASIAIMDS')
    expect(creds.secretAccessKey).toBe('secret-ASIAIMDS')
    expect(imds.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /latest/api/token',
      'GET /latest/meta-data/iam/security-credentials/',
      'GET /latest/meta-data/iam/security-credentials/my-role',
    ])
    expect(imds.requests[0]?.headers.get('x-aws-ec2-metadata-token-ttl-seconds')).toBe('21600')
  })

  test('AWS_EC2_METADATA_DISABLED=true skips without a request', async () => {
    const imds = fakeImds()
    stops.push(imds.stop)
    const skipped = imdsProvider({ env: { AWS_EC2_METADATA_DISABLED: 'true', AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url } })()
    await expect(skipped).rejects.toMatchObject({ tryNextLink: true })
    expect(imds.requests.length).toBe(0)
  })

  test('falls back to IMDSv1 when the token call is unsupported, unless v1 is disabled', async () => {
    const imds = fakeImds({ tokenStatus: 405 })
    stops.push(imds.stop)
    const creds = await imdsProvider({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url } })()
    expect(creds.accessKeyId).toBe('ASIAIMDS')
    expect(imds.requests[1]?.headers.get('x-aws-ec2-metadata-token')).toBeNull()
    const v1Off = imdsProvider({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url, AWS_EC2_METADATA_V1_DISABLED: 'true' } })()
    await expect(v1Off).rejects.toMatchObject({ statusCode: 405, tryNextLink: false })
  })

  test('unreachable IMDS times out quickly, retries once, and lets the chain go on', async () => {
    let calls = 0
    const hang: FetchLike = (_input, init) => {
      calls++
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))
    }
    const started = performance.now()
    const error = await imdsProvider({ env: {}, fetch: hang, timeoutMs: 100 })().catch((e: unknown) => e)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(calls).toBe(2)
    expect(error).toMatchObject({ tryNextLink: true })
    expect((error as Error).message).toContain('timed out')
  })
})

describe('web identity (AssumeRoleWithWebIdentity)', () => {
  test('reads the token file and calls STS unsigned with role and session name', async () => {
    const dir = await tempFiles({ token: 'eyJ.oidc.jwt\n' })
    const sts = fakeSts()
    stops.push(sts.stop)
    const creds = await webIdentityProvider({
      env: {
        AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'),
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/gha',
        AWS_ROLE_SESSION_NAME: 'ci-run',
        AWS_ENDPOINT_URL_STS: sts.url,
      },
    })()
    expect(creds.accessKeyId).toBe('ASIAgha')
    expect(creds.secretAccessKey).toBe('secret-gha')
    expect(creds.sessionToken).toBe('token-gha&more')
    expect(creds.expiration!.getTime()).toBeGreaterThan(Date.now())
    const form = new URLSearchParams(sts.requests[0]?.body)
    expect(Object.fromEntries(form)).toEqual({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: 'arn:aws:iam::123456789012:role/gha',
      RoleSessionName: 'ci-run',
      WebIdentityToken: 'eyJ.oidc.jwt',
    })
    expect(sts.requests[0]?.headers.get('authorization')).toBeNull()
  })

  test('not configured without the token file or role; STS errors carry code and status', async () => {
    await expect(webIdentityProvider({ env: { AWS_ROLE_ARN: 'arn' } })()).rejects.toMatchObject({ tryNextLink: true })
    const dir = await tempFiles({ token: 'jwt' })
    await expect(webIdentityProvider({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token') } })()).rejects.toMatchObject({ tryNextLink: true })
    const sts = fakeSts({ fail: { status: 403, code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' } })
    stops.push(sts.stop)
    const error = await webIdentityProvider({
      env: { AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'), AWS_ROLE_ARN: 'arn:aws:iam::1:role/r' },
      stsEndpoint: sts.url,
    })().catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 403, tryNextLink: false })
    expect((error as Error).message).toContain('AccessDenied: Not authorized')
    const missingFile = webIdentityProvider({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'nope'), AWS_ROLE_ARN: 'arn' } })()
    await expect(missingFile).rejects.toThrow(/Cannot read the web identity token file/)
  })
})
