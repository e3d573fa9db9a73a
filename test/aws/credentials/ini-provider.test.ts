import { afterAll, describe, expect, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { chmod } from 'node:fs/promises'
import { join } from 'node:path'
import { fromIni, iniProvider } from '../../../src/aws/credentials/ini-provider.ts'
import { signRequest } from '../../../src/aws/sigv4.ts'
import { credentialsJson, fakeSts, isolatedEnv, loopback, rejection, tempFiles } from './helpers.ts'

const stops: Array<() => void> = []
afterAll(() => stops.forEach((stop) => stop()))

function sts() {
  const server = fakeSts()
  stops.push(server.stop)
  return server
}

const credentialOf = (authorization: string | null) => /Credential=([^/]+)\/\d{8}\/([^/]+)\/sts\/aws4_request/.exec(authorization ?? '')

describe('static keys', () => {
  test('credentials file, chosen by option, AWS_PROFILE or default', async () => {
    const home = await tempFiles({
      '.aws/credentials': '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s-default\n[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = s-work\naws_session_token = t-work\n',
    })
    expect((await iniProvider({ env: isolatedEnv(home) })()).accessKeyId).toBe('AKIDDEFAULT')
    expect((await iniProvider({ env: isolatedEnv(home, { AWS_PROFILE: 'work' }) })()).accessKeyId).toBe('AKIDWORK')
    const work = await iniProvider({ env: isolatedEnv(home, { AWS_PROFILE: 'default' }), profile: 'work' })()
    expect(work).toMatchObject({ accessKeyId: 'AKIDWORK', secretAccessKey: 's-work', sessionToken: 't-work' })
  })

  test('config-file profiles and explicit file paths', async () => {
    const dir = await tempFiles({ 'my-config': '[profile cfg]\naws_access_key_id = AKIDCFG\naws_secret_access_key = s\n' })
    const creds = await iniProvider({ env: isolatedEnv(dir), profile: 'cfg', configFile: join(dir, 'my-config') })()
    expect(creds.accessKeyId).toBe('AKIDCFG')
  })

  test('a missing or credential-less profile passes to the next provider; half a key pair is an error', async () => {
    const home = await tempFiles({ '.aws/config': '[default]\nregion = eu-west-1\n[profile half]\naws_access_key_id = AKID\n' })
    await expect(iniProvider({ env: isolatedEnv(home) })()).rejects.toMatchObject({ tryNextLink: true })
    await expect(iniProvider({ env: isolatedEnv(home), profile: 'absent' })()).rejects.toMatchObject({ tryNextLink: true })
    const half = await iniProvider({ env: isolatedEnv(home), profile: 'half' })().catch((e: unknown) => e)
    expect(half).toMatchObject({ tryNextLink: false })
    expect((half as Error).message).toContain('no aws_secret_access_key')
  })
})

describe('assume role', () => {
  test('source_profile: a signed AssumeRole with the source keys, profile region and options', async () => {
    const server = sts()
    const home = await tempFiles({
      '.aws/config':
        '[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\nregion = eu-west-2\nrole_session_name = my-session\nexternal_id = ext-1\nduration_seconds = 1800\n',
      '.aws/credentials': '[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n',
    })
    const creds = await iniProvider({ env: isolatedEnv(home, { AWS_ENDPOINT_URL_STS: server.url }), profile: 'app' })()
    expect(creds).toMatchObject({ accessKeyId: 'ASIAapp', secretAccessKey: 'secret-app', sessionToken: 'token-app&more' })
    expect(creds.expiration!.getTime()).toBeGreaterThan(Date.now() + 3_000_000)
    const request = server.requests[0]!
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: 'arn:aws:iam::123456789012:role/app',
      RoleSessionName: 'my-session',
      ExternalId: 'ext-1',
      DurationSeconds: '1800',
    })
    expect(credentialOf(request.headers.get('authorization'))?.slice(1)).toEqual(['AKIDBASE', 'eu-west-2'])
    // The signature is the one the signer computes for exactly what arrived, with the source secret.
    const amzDate = request.headers.get('x-amz-date')!
    const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`)
    const expected = signRequest(
      { method: 'POST', url: `${server.url}/`, headers: { 'content-type': request.headers.get('content-type')! }, body: request.body },
      { credentials: { accessKeyId: 'AKIDBASE', secretAccessKey: 'base-secret' }, region: 'eu-west-2', service: 'sts', date },
    )
    expect(request.headers.get('authorization')).toBe(expected.headers.authorization!)
  })

  test('two hops: each role is assumed with the credentials of the one below it', async () => {
    const server = sts()
    const home = await tempFiles({
      '.aws/config':
        '[profile top]\nrole_arn = arn:aws:iam::1:role/top\nsource_profile = middle\n[profile middle]\nrole_arn = arn:aws:iam::1:role/middle\nsource_profile = root\n[profile root]\naws_access_key_id = AKIDROOT\naws_secret_access_key = root-secret\n',
    })
    const creds = await iniProvider({ env: isolatedEnv(home), profile: 'top', stsEndpoint: server.url })()
    expect(creds.accessKeyId).toBe('ASIAtop')
    expect(server.requests.map((r) => new URLSearchParams(r.body).get('RoleArn'))).toEqual(['arn:aws:iam::1:role/middle', 'arn:aws:iam::1:role/top'])
    expect(credentialOf(server.requests[0]!.headers.get('authorization'))?.[1]).toBe('AKIDROOT')
    expect(server.requests[0]!.headers.get('x-amz-security-token')).toBeNull()
    expect(credentialOf(server.requests[1]!.headers.get('authorization'))?.[1]).toBe('ASIAmiddle')
    expect(server.requests[1]!.headers.get('x-amz-security-token')).toBe('token-middle&more')
    // Default region when nothing is configured.
    expect(credentialOf(server.requests[1]!.headers.get('authorization'))?.[2]).toBe('us-east-1')
  })

  test('a source_profile cycle is an error naming the profiles, without calling STS', async () => {
    const server = sts()
    const home = await tempFiles({
      '.aws/config': '[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n',
    })
    const error = await iniProvider({ env: isolatedEnv(home), profile: 'a', stsEndpoint: server.url })().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CredentialsProviderError', tryNextLink: false })
    expect((error as Error).message).toMatch(/cycle: a -> b -> a/)
    expect(server.requests.length).toBe(0)
  })

  test('a profile may name itself as source_profile when it has static keys', async () => {
    const server = sts()
    const home = await tempFiles({
      '.aws/credentials': '[self]\naws_access_key_id = AKIDSELF\naws_secret_access_key = s\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n',
    })
    const creds = await iniProvider({ env: isolatedEnv(home), profile: 'self', stsEndpoint: server.url })()
    expect(creds.accessKeyId).toBe('ASIAself')
    expect(credentialOf(server.requests[0]!.headers.get('authorization'))?.[1]).toBe('AKIDSELF')
  })

  test('credential_source Environment and EcsContainer; an unset source is an error, not a skip', async () => {
    const server = sts()
    const home = await tempFiles({
      '.aws/config':
        '[profile env]\nrole_arn = arn:aws:iam::1:role/env\ncredential_source = Environment\n[profile ecs]\nrole_arn = arn:aws:iam::1:role/ecs\ncredential_source = EcsContainer\n[profile odd]\nrole_arn = arn:aws:iam::1:role/odd\ncredential_source = Laptop\n',
    })
    const withEnv = isolatedEnv(home, { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_ENDPOINT_URL_STS: server.url })
    expect((await iniProvider({ env: withEnv, profile: 'env' })()).accessKeyId).toBe('ASIAenv')
    expect(credentialOf(server.requests[0]!.headers.get('authorization'))?.[1]).toBe('AKIDENV')

    const container = loopback(() => credentialsJson('ASIACONTAINER'))
    stops.push(container.stop)
    const ecsEnv = isolatedEnv(home, { AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url, AWS_ENDPOINT_URL_STS: server.url })
    expect((await iniProvider({ env: ecsEnv, profile: 'ecs' })()).accessKeyId).toBe('ASIAecs')
    expect(credentialOf(server.requests[1]!.headers.get('authorization'))?.[1]).toBe('ASIACONTAINER')

    const unset = await iniProvider({ env: isolatedEnv(home), profile: 'env' })().catch((e: unknown) => e)
    expect(unset).toMatchObject({ tryNextLink: false })
    expect((unset as Error).message).toContain('credential_source Environment of profile [env]: AWS_ACCESS_KEY_ID is not set')
    await expect(iniProvider({ env: isolatedEnv(home), profile: 'odd' })()).rejects.toThrow(/use Environment, Ec2InstanceMetadata or EcsContainer/)
  })

  test('missing source profile, mfa_serial, and STS errors are reported', async () => {
    const denied = fakeSts({ fail: { status: 403, code: 'AccessDenied', message: 'User is not authorized to perform: sts:AssumeRole' } })
    stops.push(denied.stop)
    const home = await tempFiles({
      '.aws/config':
        '[profile lost]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = nowhere\n[profile mfa]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n[profile ok]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = base\n',
      '.aws/credentials': '[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n',
    })
    const env = isolatedEnv(home, { AWS_ENDPOINT_URL_STS: denied.url })
    await expect(iniProvider({ env, profile: 'lost' })()).rejects.toThrow(/Profile \[nowhere\] \(source_profile of \[lost\]\) is not in/)
    await expect(iniProvider({ env, profile: 'mfa' })()).rejects.toThrow(/mfa_serial/)
    const error = await iniProvider({ env, profile: 'ok' })().catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 403, tryNextLink: false })
    expect((error as Error).message).toContain('STS AssumeRole for arn:aws:iam::1:role/x failed: HTTP 403 AccessDenied')
  })
})

describe('credential_process', () => {
  async function script(dir: string, name: string, body: string): Promise<string> {
    const path = join(dir, name)
    await Bun.write(path, `#!/bin/sh\n${body}\n`)
    await chmod(path, 0o755)
    return path
  }

  test('Version 1 JSON with session token and expiration; arguments go through the shell', async () => {
    const dir = await tempFiles()
    const expiration = new Date(Date.now() + 3_600_000).toISOString()
    const path = await script(
      dir,
      'creds.sh',
      `echo "{\\"Version\\": 1, \\"AccessKeyId\\": \\"AKIDPROC-$1\\", \\"SecretAccessKey\\": \\"proc-secret\\", \\"SessionToken\\": \\"proc-token\\", \\"Expiration\\": \\"${expiration}\\"}"`,
    )
    await Bun.write(join(dir, 'credentials'), `[proc]\ncredential_process = ${path} arg1\n`)
    const creds = await iniProvider({ env: isolatedEnv(dir), profile: 'proc', credentialsFile: join(dir, 'credentials') })()
    expect(creds).toMatchObject({ accessKeyId: 'AKIDPROC-arg1', secretAccessKey: 'proc-secret', sessionToken: 'proc-token' })
    expect(creds.expiration?.toISOString()).toBe(expiration)
  })

  test('a failing process, a wrong version and expired credentials are errors that leak no output', async () => {
    const dir = await tempFiles()
    const failing = await script(dir, 'fail.sh', 'echo \'{"SecretAccessKey":"LEAKED-STDOUT"}\'; echo LEAKED-STDERR >&2; exit 3')
    const v2 = await script(dir, 'v2.sh', 'echo \'{"Version":2,"AccessKeyId":"a","SecretAccessKey":"LEAKED-V2"}\'')
    const expired = await script(dir, 'old.sh', 'echo \'{"Version":1,"AccessKeyId":"a","SecretAccessKey":"b","Expiration":"2001-01-01T00:00:00Z"}\'')
    await Bun.write(join(dir, 'config'), `[profile fail]\ncredential_process = ${failing}\n[profile v2]\ncredential_process = ${v2}\n[profile old]\ncredential_process = ${expired}\n`)
    const env = isolatedEnv(dir, { AWS_CONFIG_FILE: join(dir, 'config') })
    const fail = await rejection(iniProvider({ env, profile: 'fail' })())
    expect(fail.message).toContain('exited with code 3')
    expect(fail.message).not.toContain('LEAKED')
    const version = await rejection(iniProvider({ env, profile: 'v2' })())
    expect(version.message).toContain('only Version 1')
    expect(version.message).not.toContain('LEAKED')
    await expect(iniProvider({ env, profile: 'old' })()).rejects.toThrow(/already expired/)
  })
})

describe('SSO (IAM Identity Center)', () => {
  function portal() {
    const server = loopback((request) => {
      if (request.headers.get('x-amz-sso_bearer_token') !== 'cached-access-token') return new Response('{}', { status: 401 })
      const url = new URL(request.path, 'http://x')
      return Response.json({
        roleCredentials: {
          accessKeyId: `ASIASSO-${url.searchParams.get('account_id')}-${url.searchParams.get('role_name')}`,
          secretAccessKey: 'sso-secret',
          sessionToken: 'sso-token',
          expiration: Date.now() + 3_600_000,
        },
      })
    })
    stops.push(server.stop)
    return server
  }
  const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
  const token = (expiresInMs: number, accessToken = 'cached-access-token') =>
    JSON.stringify({ accessToken, expiresAt: new Date(Date.now() + expiresInMs).toISOString(), region: 'us-east-1', startUrl: 'https://corp.awsapps.com/start' })

  test('sso_session: token cache named by the sha1 of the session name → GetRoleCredentials', async () => {
    const server = portal()
    const home = await tempFiles({
      '.aws/config':
        '[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Developer\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n',
      [`.aws/sso/cache/${sha1('corp')}.json`]: token(3_600_000),
    })
    const creds = await iniProvider({ env: isolatedEnv(home, { AWS_ENDPOINT_URL_SSO: server.url }), profile: 'dev' })()
    expect(creds).toMatchObject({ accessKeyId: 'ASIASSO-111122223333-Developer', secretAccessKey: 'sso-secret', sessionToken: 'sso-token' })
    expect(creds.expiration!.getTime()).toBeGreaterThan(Date.now())
    expect(server.requests[0]?.method).toBe('GET')
    expect(server.requests[0]?.path).toBe('/federation/credentials?account_id=111122223333&role_name=Developer')
  })

  test('legacy profile: token cache named by the sha1 of the start URL', async () => {
    const server = portal()
    const home = await tempFiles({
      '.aws/config': '[default]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-west-2\nsso_account_id = 444455556666\nsso_role_name = Admin\n',
      [`.aws/sso/cache/${sha1('https://legacy.awsapps.com/start')}.json`]: token(3_600_000),
    })
    const creds = await iniProvider({ env: isolatedEnv(home), ssoEndpoint: server.url })()
    expect(creds.accessKeyId).toBe('ASIASSO-444455556666-Admin')
  })

  test('expired or missing tokens and incomplete profiles say what to run; the token never shows', async () => {
    const server = portal()
    const home = await tempFiles({
      '.aws/config':
        '[profile expired]\nsso_session = old\nsso_account_id = 1\nsso_role_name = R\n[profile nocache]\nsso_session = fresh\nsso_account_id = 1\nsso_role_name = R\n[profile partial]\nsso_session = old\nsso_role_name = R\n[profile rejected]\nsso_session = bad\nsso_account_id = 1\nsso_role_name = R\n[sso-session old]\nsso_start_url = https://o\nsso_region = us-east-1\n[sso-session fresh]\nsso_start_url = https://f\nsso_region = us-east-1\n[sso-session bad]\nsso_start_url = https://b\nsso_region = us-east-1\n',
      [`.aws/sso/cache/${sha1('old')}.json`]: token(-1000, 'SECRET-OLD-TOKEN'),
      [`.aws/sso/cache/${sha1('bad')}.json`]: token(3_600_000, 'SECRET-BAD-TOKEN'),
    })
    const env = isolatedEnv(home, { AWS_ENDPOINT_URL_SSO: server.url })
    const messages: string[] = []
    for (const profile of ['expired', 'nocache', 'partial', 'rejected']) {
      const error = await rejection(iniProvider({ env, profile })())
      expect(error).toMatchObject({ code: 'CredentialsProviderError', tryNextLink: false })
      messages.push(error.message)
    }
    expect(messages[0]).toContain('has expired; run `aws sso login --profile expired`')
    expect(messages[1]).toContain('No usable SSO token cache')
    expect(messages[2]).toContain('sso_account_id is missing')
    expect(messages[3]).toContain('HTTP 401; run `aws sso login --profile rejected`')
    expect(messages.join('\n')).not.toContain('SECRET-')
  })
})

describe('web_identity_token_file in a profile', () => {
  test('role_arn + web_identity_token_file → AssumeRoleWithWebIdentity', async () => {
    const server = sts()
    const home = await tempFiles({ 'token.jwt': 'profile.jwt' })
    await Bun.write(
      join(home, '.aws/config'),
      `[profile oidc]\nrole_arn = arn:aws:iam::1:role/oidc\nweb_identity_token_file = ${join(home, 'token.jwt')}\nrole_session_name = s1\n`,
    )
    const creds = await fromIni({ env: isolatedEnv(home), profile: 'oidc', stsEndpoint: server.url })()
    expect(creds.accessKeyId).toBe('ASIAoidc')
    const form = new URLSearchParams(server.requests[0]?.body)
    expect(form.get('Action')).toBe('AssumeRoleWithWebIdentity')
    expect(form.get('WebIdentityToken')).toBe('profile.jwt')
    expect(form.get('RoleSessionName')).toBe('s1')
  })
})
