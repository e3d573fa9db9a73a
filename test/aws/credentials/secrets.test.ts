import { afterAll, describe, expect, test } from 'bun:test'
import { inspect } from 'node:util'
import { join } from 'node:path'
import { defaultCredentialProvider } from '../../../src/aws/credentials/chain.ts'
import { containerProvider } from '../../../src/aws/credentials/container.ts'
import { fromEnv } from '../../../src/aws/credentials/env.ts'
import { iniProvider } from '../../../src/aws/credentials/ini-provider.ts'
import type { Credentials } from '../../../src/aws/credentials/types.ts'
import { createCredentials, staticCredentials } from '../../../src/aws/credentials/value.ts'
import { fakeSts, isolatedEnv, loopback, rejection, tempFiles } from './helpers.ts'

const stops: Array<() => void> = []
afterAll(() => stops.forEach((stop) => stop()))

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY'
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN'

function expectNoSecrets(text: string, secrets: string[] = [SECRET, TOKEN]) {
  for (const secret of secrets) expect(text).not.toContain(secret)
}

function renderings(value: unknown): string[] {
  return [
    Bun.inspect(value),
    Bun.inspect({ nested: { value } }),
    inspect(value),
    inspect(value, { showHidden: true, depth: 5 }),
    JSON.stringify(value),
    JSON.stringify({ nested: value }),
    String(value),
    `${Object.keys(value as object)}`,
  ]
}

describe('secrets stay out of output', () => {
  test('credentials print redacted everywhere but stay readable as properties', async () => {
    const sources: Array<[string, Credentials]> = []
    sources.push(['createCredentials', createCredentials({ accessKeyId: 'AKIDX', secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date(0) })])
    sources.push(['staticCredentials', await staticCredentials({ accessKeyId: 'AKIDX', secretAccessKey: SECRET, sessionToken: TOKEN })()])
    sources.push(['env', await fromEnv({ env: { AWS_ACCESS_KEY_ID: 'AKIDX', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN } })()])
    const home = await tempFiles({ '.aws/credentials': `[default]\naws_access_key_id = AKIDX\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n` })
    sources.push(['ini', await iniProvider({ env: isolatedEnv(home) })()])
    const container = loopback(() => Response.json({ AccessKeyId: 'AKIDX', SecretAccessKey: SECRET, Token: TOKEN, Expiration: '2099-01-01T00:00:00Z' }))
    stops.push(container.stop)
    sources.push(['container', await containerProvider({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url } })()])
    const sts = fakeSts()
    stops.push(sts.stop)
    await Bun.write(join(home, '.aws/config'), '[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n')
    const assumed = await iniProvider({ env: isolatedEnv(home, { AWS_ENDPOINT_URL_STS: sts.url }), profile: 'role' })()
    sources.push(['sts', assumed])

    for (const [name, creds] of sources) {
      const secrets = [creds.secretAccessKey, creds.sessionToken!]
      expect(secrets[0]!.length, name).toBeGreaterThan(5)
      for (const text of renderings(creds)) {
        expectNoSecrets(text, secrets)
        expect(text.length, name).toBeGreaterThan(0)
      }
      expect(Bun.inspect(creds)).toContain('[redacted]')
      expect(JSON.parse(JSON.stringify(creds))).toMatchObject({ accessKeyId: creds.accessKeyId, secretAccessKey: '[redacted]', sessionToken: '[redacted]' })
    }
    expect(sources[0]![1].secretAccessKey).toBe(SECRET)
    expect(sources[0]![1].sessionToken).toBe(TOKEN)
    expect(Object.isFrozen(sources[0]![1])).toBe(true)
  })

  test('console.log of credentials in a real process prints no secret', async () => {
    const script = `import { createCredentials } from ${JSON.stringify(join(import.meta.dir, '../../../src/aws/credentials/value.ts'))}
const creds = createCredentials({ accessKeyId: 'AKIDLOG', secretAccessKey: ${JSON.stringify(SECRET)}, sessionToken: ${JSON.stringify(TOKEN)} })
console.log(creds); console.log({ creds }); console.error(creds); console.log('%o', creds); console.log('%j', creds)`
    const dir = await tempFiles({ 'log.ts': script })
    const child = Bun.spawn([process.execPath, join(dir, 'log.ts')], { stdout: 'pipe', stderr: 'pipe' })
    const [out, err] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
    expect(out).toContain('AKIDLOG')
    expect(err).toContain('AKIDLOG')
    expectNoSecrets(out + err)
  })

  test('error messages and inspected errors never carry a secret', async () => {
    const errors: Error[] = []
    // Half-configured environment: the secret is set but the key id is not.
    errors.push(await rejection(defaultCredentialProvider({ env: { HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN } })()))
    // STS refuses: the source keys signed the call but must not appear.
    const denied = fakeSts({ fail: { status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' } })
    stops.push(denied.stop)
    const home = await tempFiles({
      '.aws/credentials': `[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n[half]\naws_secret_access_key = ${SECRET}\n`,
      '.aws/config': '[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n',
    })
    errors.push(await rejection(iniProvider({ env: isolatedEnv(home, { AWS_ENDPOINT_URL_STS: denied.url }), profile: 'role' })()))
    errors.push(await rejection(iniProvider({ env: isolatedEnv(home), profile: 'half' })()))
    // A bad expiration next to real keys.
    errors.push(await rejection(fromEnv({ env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN, AWS_CREDENTIAL_EXPIRATION: 'x' } })()))
    // Container endpoint with a secret authorization token that refuses, and one returning garbage.
    const refusing = loopback(() => new Response(`denied ${SECRET}`, { status: 401 }))
    const garbage = loopback(() => new Response(`{"SecretAccessKey":"${SECRET}"`))
    stops.push(refusing.stop, garbage.stop)
    errors.push(await rejection(containerProvider({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: refusing.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: TOKEN } })()))
    errors.push(await rejection(containerProvider({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: garbage.url } })()))

    expect(errors.length).toBe(6)
    for (const error of errors) {
      expect(error.message.length).toBeGreaterThan(10)
      expectNoSecrets(error.message)
      expectNoSecrets(Bun.inspect(error))
      expectNoSecrets(inspect(error, { showHidden: true, depth: 10 }))
      expectNoSecrets(JSON.stringify(error))
    }
  })
})
