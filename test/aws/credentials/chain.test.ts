import { afterAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { cachedProvider } from '../../../src/aws/credentials/cache.ts'
import { chainProviders, defaultCredentialProvider } from '../../../src/aws/credentials/chain.ts'
import { notConfigured } from '../../../src/aws/credentials/error.ts'
import type { Credentials } from '../../../src/aws/credentials/types.ts'
import { createCredentials } from '../../../src/aws/credentials/value.ts'
import { credentialsJson, fakeSts, loopback, rejection, tempFiles } from './helpers.ts'

const stops: Array<() => void> = []
afterAll(() => stops.forEach((stop) => stop()))

/** Every provider of the chain configured at once, each answering with its own access key id. */
async function everything() {
  const sts = fakeSts()
  const container = loopback(() => credentialsJson('ASIACONTAINER'))
  const imds = loopback((request) =>
    request.method === 'PUT'
      ? new Response('t')
      : request.path.endsWith('/security-credentials/')
        ? new Response('role')
        : credentialsJson('ASIAIMDS', 3_600_000, { Code: 'Success' }),
  )
  stops.push(sts.stop, container.stop, imds.stop)
  const home = await tempFiles({
    '.aws/credentials': '[default]\naws_access_key_id = AKIDINI\naws_secret_access_key = ini-secret\n[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = work-secret\n',
    '.aws/config': '[profile regiononly]\nregion = eu-west-1\n',
    token: 'jwt',
  })
  const env: Record<string, string | undefined> = {
    HOME: home,
    AWS_ACCESS_KEY_ID: 'AKIDENV',
    AWS_SECRET_ACCESS_KEY: 'env-secret',
    AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'token'),
    AWS_ROLE_ARN: 'arn:aws:iam::1:role/webidentity',
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url,
    AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url,
  }
  return { env, home, sts, container, imds }
}

describe('defaultCredentialProvider', () => {
  test('the AWS SDK order: env → shared files → web identity → container → IMDS', async () => {
    const { env, home, sts, container, imds } = await everything()
    const winner = async () => (await defaultCredentialProvider({ env })()).accessKeyId
    expect(await winner()).toBe('AKIDENV')
    env.AWS_ACCESS_KEY_ID = undefined
    expect(await winner()).toBe('AKIDINI')
    env.HOME = join(home, 'empty')
    expect(await winner()).toBe('ASIAwebidentity')
    env.AWS_WEB_IDENTITY_TOKEN_FILE = undefined
    expect(await winner()).toBe('ASIACONTAINER')
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI = undefined
    expect(await winner()).toBe('ASIAIMDS')
    // Each lower provider was asked only once everything above it was gone.
    expect([sts.requests.length, container.requests.length, imds.requests.length]).toEqual([1, 1, 3])
    env.AWS_EC2_METADATA_DISABLED = 'true'
    const error = await rejection(defaultCredentialProvider({ env })())
    expect(error.code).toBe('CredentialsProviderError')
    for (const part of ['environment (', 'shared config (', 'web identity (', 'container (', 'EC2 instance metadata (', 'Configure one of']) {
      expect(error.message).toContain(part)
    }
  })

  test('an explicit profile is the only source: env and other providers are not consulted', async () => {
    const { env, container } = await everything()
    expect((await defaultCredentialProvider({ env, profile: 'work' })()).accessKeyId).toBe('AKIDWORK')
    const error = await rejection(defaultCredentialProvider({ env, profile: 'missing' })())
    expect(error.message).toContain('Profile [missing] is not in')
    expect(error.message).toContain('chosen explicitly, so no other credential source is tried')
    expect(error.tryNextLink).toBe(false)
    const regionOnly = await rejection(defaultCredentialProvider({ env, profile: 'regiononly' })())
    expect(regionOnly.message).toContain('Profile [regiononly] has no credentials')
    expect(container.requests.length).toBe(0)
  })

  test('AWS_PROFILE beats the environment keys; a profile without credentials lets the chain go on', async () => {
    const { env } = await everything()
    env.AWS_PROFILE = 'work'
    expect((await defaultCredentialProvider({ env })()).accessKeyId).toBe('AKIDWORK')
    env.AWS_PROFILE = 'regiononly'
    expect((await defaultCredentialProvider({ env })()).accessKeyId).toBe('ASIAwebidentity')
  })

  test('a configured but failing provider stops the chain with its own error', async () => {
    const denied = fakeSts({ fail: { status: 403, code: 'AccessDenied', message: 'nope' } })
    stops.push(denied.stop)
    const { env, container } = await everything()
    env.AWS_ACCESS_KEY_ID = undefined
    env.HOME = join(env.HOME!, 'empty')
    env.AWS_ENDPOINT_URL_STS = denied.url
    const error = await rejection(defaultCredentialProvider({ env })())
    expect(error.provider).toBe('web identity')
    expect(error.statusCode).toBe(403)
    expect(container.requests.length).toBe(0)
  })

  test('caches the result and refreshes ahead of expiry: concurrent callers share one fetch', async () => {
    let hits = 0
    const container = loopback(async () => {
      hits++
      await Bun.sleep(50)
      return credentialsJson(`ASIASHARED${hits}`, 10 * 60_000)
    })
    stops.push(container.stop)
    let skew = 0
    const provider = defaultCredentialProvider({
      env: { HOME: '/nonexistent', AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url },
      cache: { now: () => Date.now() + skew },
    })
    const results = await Promise.all(Array.from({ length: 20 }, () => provider()))
    expect(new Set(results.map((c) => c.accessKeyId))).toEqual(new Set(['ASIASHARED1']))
    await provider()
    expect(hits).toBe(1)
    skew = 4 * 60_000 // 6 minutes left
    await provider()
    expect(hits).toBe(1)
    skew = 6 * 60_000 // 4 minutes left: inside the 5-minute window
    const refreshed = await Promise.all(Array.from({ length: 20 }, () => provider()))
    expect(new Set(refreshed.map((c) => c.accessKeyId))).toEqual(new Set(['ASIASHARED2']))
    expect(hits).toBe(2)
  })

  test('chainProviders rethrows errors that are not "not configured" as they are', async () => {
    const boom = new Error('boom')
    const chain = chainProviders(
      () => Promise.reject(notConfigured('first', 'absent')),
      () => Promise.reject(boom),
      () => Promise.resolve(createCredentials({ accessKeyId: 'never', secretAccessKey: 'x' })),
    )
    await expect(chain()).rejects.toBe(boom)
  })
})

describe('cachedProvider', () => {
  function counting(lifetimeMs: number | undefined, clock: { now: number }) {
    const calls = { count: 0, fail: false }
    const provider = async (): Promise<Credentials> => {
      calls.count++
      await Bun.sleep(20)
      if (calls.fail) throw new Error('refresh failed')
      return createCredentials({
        accessKeyId: `AKID${calls.count}`,
        secretAccessKey: 's',
        expiration: lifetimeMs === undefined ? undefined : new Date(clock.now + lifetimeMs),
      })
    }
    return { calls, provider }
  }

  test('credentials without expiration are fetched once', async () => {
    const clock = { now: 0 }
    const { calls, provider } = counting(undefined, clock)
    const cached = cachedProvider(provider, { now: () => clock.now })
    await cached()
    clock.now += 365 * 86_400_000
    expect((await cached()).accessKeyId).toBe('AKID1')
    expect(calls.count).toBe(1)
  })

  test('refreshes 5 minutes ahead of expiry, with one in-flight refresh for concurrent callers', async () => {
    const clock = { now: 1_000_000 }
    const { calls, provider } = counting(15 * 60_000, clock)
    const cached = cachedProvider(provider, { now: () => clock.now })
    const first = await Promise.all(Array.from({ length: 10 }, () => cached()))
    expect(calls.count).toBe(1)
    expect(new Set(first.map((c) => c.accessKeyId))).toEqual(new Set(['AKID1']))
    clock.now += 9 * 60_000 // 6 minutes left: still outside the window
    expect((await cached()).accessKeyId).toBe('AKID1')
    expect(calls.count).toBe(1)
    clock.now += 2 * 60_000 // 4 minutes left: refresh
    const second = await Promise.all(Array.from({ length: 10 }, () => cached()))
    expect(calls.count).toBe(2)
    expect(new Set(second.map((c) => c.accessKeyId))).toEqual(new Set(['AKID2']))
  })

  test('a failed refresh serves the old credentials until they expire, then fails; failures are not cached', async () => {
    const clock = { now: 0 }
    const { calls, provider } = counting(10 * 60_000, clock)
    const cached = cachedProvider(provider, { now: () => clock.now, refreshAheadMs: 5 * 60_000 })
    await cached()
    calls.fail = true
    clock.now = 6 * 60_000
    expect((await cached()).accessKeyId).toBe('AKID1')
    clock.now = 11 * 60_000
    await expect(cached()).rejects.toThrow('refresh failed')
    calls.fail = false
    expect((await cached()).accessKeyId).toBe('AKID4')
  })

  test('credentials issued inside the refresh window are not refetched on every call', async () => {
    const clock = { now: 0 }
    const { calls, provider } = counting(2 * 60_000, clock)
    const cached = cachedProvider(provider, { now: () => clock.now })
    await cached()
    clock.now = 30_000
    await cached()
    expect(calls.count).toBe(1)
    clock.now = 61_000 // past half their life: refresh
    await cached()
    expect(calls.count).toBe(2)
  })
})
