import { readFile } from 'node:fs/promises'
import { cachedProvider } from './cache.ts'
import { CredentialsProviderError, notConfigured } from './error.ts'
import { type Env, type FetchLike, type ProviderOptions, envOf, envValue, fetchOf } from './options.ts'
import { type StsOptions, assumeRoleWithWebIdentity, defaultSessionName, stsEndpoint, stsRegion } from './sts.ts'
import type { CredentialProvider, Credentials } from './types.ts'

const PROVIDER = 'web identity'

export interface WebIdentityOptions extends ProviderOptions, StsOptions {
  /** Default AWS_WEB_IDENTITY_TOKEN_FILE. */
  webIdentityTokenFile?: string
  /** Default AWS_ROLE_ARN. */
  roleArn?: string
  /** Default AWS_ROLE_SESSION_NAME, else a generated name. */
  roleSessionName?: string
  /** STS region; default AWS_REGION, AWS_DEFAULT_REGION, us-east-1. */
  region?: string
}

/** Exchanges the token in `tokenFile` (re-read every time: tokens rotate) for role credentials. */
export async function exchangeWebIdentity(request: {
  provider: string
  tokenFile: string
  roleArn: string
  roleSessionName?: string
  region?: string
  env: Env
  fetch: FetchLike
  stsEndpoint?: string
}): Promise<Credentials> {
  let token: string
  try {
    token = (await readFile(request.tokenFile, 'utf8')).trim()
  } catch (error) {
    throw new CredentialsProviderError(request.provider, `Cannot read the web identity token file ${request.tokenFile}`, { cause: error })
  }
  const region = stsRegion(request.env, request.region)
  return assumeRoleWithWebIdentity(
    { fetch: request.fetch, endpoint: stsEndpoint(region, request.env, request.stsEndpoint), region, provider: request.provider },
    { roleArn: request.roleArn, roleSessionName: request.roleSessionName ?? defaultSessionName(), webIdentityToken: token },
  )
}

/** OIDC federation (GitHub Actions, EKS IRSA), cached and refreshed ahead of expiry. */
export function fromWebIdentity(options: WebIdentityOptions = {}): CredentialProvider {
  return cachedProvider(webIdentityProvider(options))
}

/** Uncached: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN → AssumeRoleWithWebIdentity on every call. */
export function webIdentityProvider(options: WebIdentityOptions = {}): CredentialProvider {
  return async () => {
    const env = envOf(options)
    const tokenFile = options.webIdentityTokenFile ?? envValue(env, 'AWS_WEB_IDENTITY_TOKEN_FILE')
    const roleArn = options.roleArn ?? envValue(env, 'AWS_ROLE_ARN')
    if (tokenFile === undefined) throw notConfigured(PROVIDER, 'AWS_WEB_IDENTITY_TOKEN_FILE is not set')
    if (roleArn === undefined) throw notConfigured(PROVIDER, 'AWS_ROLE_ARN is not set')
    return exchangeWebIdentity({
      provider: PROVIDER,
      tokenFile,
      roleArn,
      roleSessionName: options.roleSessionName ?? envValue(env, 'AWS_ROLE_SESSION_NAME'),
      region: options.region,
      env,
      fetch: fetchOf(options),
      stsEndpoint: options.stsEndpoint,
    })
  }
}
