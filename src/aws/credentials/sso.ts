import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CredentialsProviderError } from './error.ts'
import { type IniSection, type SharedConfig, homeDirectory } from './ini.ts'
import { type Env, type FetchLike, envValue } from './options.ts'
import { describeFailure, fetchWithRetry, parseExpiration } from './remote.ts'
import type { Credentials } from './types.ts'
import { createCredentials } from './value.ts'

const PROVIDER = 'sso'

export interface SsoOptions {
  /** Base URL of the SSO portal; default AWS_ENDPOINT_URL_SSO, else https://portal.sso.{region}.amazonaws.com. */
  ssoEndpoint?: string
}

/** Is this an IAM Identity Center profile (either `sso_session` or the legacy inline keys)? */
export function isSsoProfile(profile: IniSection): boolean {
  return Boolean(profile.sso_session || profile.sso_start_url || profile.sso_account_id || profile.sso_role_name)
}

interface SsoSettings {
  startUrl: string
  region: string
  accountId: string
  roleName: string
  /** What names the token cache file: the session name, or the start URL for legacy profiles. */
  cacheKey: string
}

function settings(name: string, profile: IniSection, config: SharedConfig): SsoSettings {
  const fail = (what: string) =>
    new CredentialsProviderError(PROVIDER, `Profile [${name}] is an SSO profile but ${what}; see \`aws configure sso\``)
  let startUrl = profile.sso_start_url
  let region = profile.sso_region
  let cacheKey = startUrl
  if (profile.sso_session) {
    const session = config.ssoSessions[profile.sso_session]
    if (session === undefined) throw fail(`[sso-session ${profile.sso_session}] is not in ${config.configFile}`)
    if (profile.sso_start_url && session.sso_start_url && profile.sso_start_url !== session.sso_start_url) {
      throw fail('its sso_start_url differs from its sso-session')
    }
    startUrl = session.sso_start_url
    region = session.sso_region
    cacheKey = profile.sso_session
  }
  const missing = [
    ['sso_start_url', startUrl],
    ['sso_region', region],
    ['sso_account_id', profile.sso_account_id],
    ['sso_role_name', profile.sso_role_name],
  ].find(([, value]) => !value)
  if (missing) throw fail(`${missing[0]} is missing`)
  return { startUrl: startUrl!, region: region!, accountId: profile.sso_account_id!, roleName: profile.sso_role_name!, cacheKey: cacheKey! }
}

async function cachedToken(name: string, sso: SsoSettings, env: Env): Promise<string> {
  const file = join(homeDirectory(env), '.aws', 'sso', 'cache', `${new Bun.CryptoHasher('sha1').update(sso.cacheKey).digest('hex')}.json`)
  const login = `run \`aws sso login --profile ${name}\``
  let token: { accessToken?: unknown; expiresAt?: unknown }
  try {
    token = JSON.parse(await readFile(file, 'utf8')) as typeof token
  } catch (error) {
    throw new CredentialsProviderError(PROVIDER, `No usable SSO token cache at ${file} for profile [${name}]; ${login}`, { cause: error })
  }
  const expiresAt = typeof token.expiresAt === 'string' ? Date.parse(token.expiresAt) : Number.NaN
  if (typeof token.accessToken !== 'string' || Number.isNaN(expiresAt)) {
    throw new CredentialsProviderError(PROVIDER, `The SSO token cache ${file} is malformed; ${login}`)
  }
  if (expiresAt <= Date.now()) throw new CredentialsProviderError(PROVIDER, `The SSO session for profile [${name}] has expired; ${login}`)
  return token.accessToken
}

/** IAM Identity Center: the cached `aws sso login` token → portal GetRoleCredentials. */
export async function ssoCredentials(
  name: string,
  profile: IniSection,
  config: SharedConfig,
  context: { env: Env; fetch: FetchLike } & SsoOptions,
): Promise<Credentials> {
  const sso = settings(name, profile, config)
  const accessToken = await cachedToken(name, sso, context.env)
  const base = (context.ssoEndpoint ?? envValue(context.env, 'AWS_ENDPOINT_URL_SSO') ?? `https://portal.sso.${sso.region}.amazonaws.com${sso.region.startsWith('cn-') ? '.cn' : ''}`).replace(/\/+$/, '')
  const query = new URLSearchParams({ account_id: sso.accountId, role_name: sso.roleName })
  let response: Response
  try {
    response = await fetchWithRetry(
      context.fetch,
      `${base}/federation/credentials?${query}`,
      { method: 'GET', headers: { 'x-amz-sso_bearer_token': accessToken, accept: 'application/json' } },
      { timeoutMs: 10_000 },
    )
  } catch (error) {
    throw new CredentialsProviderError(PROVIDER, `SSO GetRoleCredentials at ${base} failed: ${describeFailure(error)}`, { cause: error })
  }
  const text = await response.text()
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? `; run \`aws sso login --profile ${name}\`` : ''
    throw new CredentialsProviderError(
      PROVIDER,
      `SSO GetRoleCredentials for account ${sso.accountId} role ${sso.roleName} answered HTTP ${response.status}${hint}`,
      { statusCode: response.status },
    )
  }
  let role: Record<string, unknown> | undefined
  try {
    role = (JSON.parse(text) as { roleCredentials?: Record<string, unknown> }).roleCredentials
  } catch {
    role = undefined
  }
  if (typeof role?.accessKeyId !== 'string' || typeof role.secretAccessKey !== 'string') {
    throw new CredentialsProviderError(PROVIDER, 'SSO GetRoleCredentials returned no roleCredentials')
  }
  return createCredentials({
    accessKeyId: role.accessKeyId,
    secretAccessKey: role.secretAccessKey,
    sessionToken: typeof role.sessionToken === 'string' ? role.sessionToken : undefined,
    expiration: parseExpiration(PROVIDER, role.expiration),
  })
}
