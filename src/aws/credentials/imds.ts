import { cachedProvider } from './cache.ts'
import { CredentialsProviderError, notConfigured } from './error.ts'
import { type FetchLike, type ProviderOptions, envOf, envValue, fetchOf } from './options.ts'
import { type RemoteOptions, describeFailure, fetchWithRetry, parseCredentialsJson } from './remote.ts'
import type { CredentialProvider } from './types.ts'

const PROVIDER = 'EC2 instance metadata'
const TOKEN_TTL_SECONDS = '21600'
const CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/'

export interface ImdsOptions extends ProviderOptions, RemoteOptions {}

function baseUrl(env: Record<string, string | undefined>): string {
  const explicit = envValue(env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT')
  if (explicit !== undefined) return explicit.replace(/\/+$/, '')
  const mode = envValue(env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE')?.toLowerCase()
  return mode === 'ipv6' ? 'http://[fd00:ec2::254]' : 'http://169.254.169.254'
}

/**
 * IMDSv2: a session token from `PUT /latest/api/token`, then the role name and its credentials.
 * Falls back to IMDSv1 only when the token call is not supported (404/405) and v1 is not disabled.
 */
async function sessionToken(fetchFn: FetchLike, base: string, options: ImdsOptions, v1Disabled: boolean): Promise<string | undefined> {
  const response = await fetchWithRetry(
    fetchFn,
    `${base}/latest/api/token`,
    { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': TOKEN_TTL_SECONDS } },
    options,
  )
  const text = await response.text()
  if (response.ok) return text.trim()
  if ((response.status === 404 || response.status === 405) && !v1Disabled) return undefined
  throw new CredentialsProviderError(PROVIDER, `IMDS token request answered HTTP ${response.status}`, { statusCode: response.status })
}

async function get(fetchFn: FetchLike, url: string, token: string | undefined, options: ImdsOptions): Promise<string> {
  const headers: Record<string, string> = token === undefined ? {} : { 'x-aws-ec2-metadata-token': token }
  const response = await fetchWithRetry(fetchFn, url, { method: 'GET', headers }, options)
  const text = await response.text()
  if (response.status === 404) {
    throw new CredentialsProviderError(PROVIDER, 'The EC2 instance has no IAM role attached (instance profile)', { statusCode: 404 })
  }
  if (!response.ok) {
    throw new CredentialsProviderError(PROVIDER, `IMDS answered HTTP ${response.status}`, { statusCode: response.status })
  }
  return text
}

/** EC2 instance profile credentials, cached and refreshed ahead of expiry. */
export function fromImds(options: ImdsOptions = {}): CredentialProvider {
  return cachedProvider(imdsProvider(options))
}

/** Uncached IMDSv2 lookup. AWS_EC2_METADATA_DISABLED=true skips it. */
export function imdsProvider(options: ImdsOptions = {}): CredentialProvider {
  return async () => {
    const env = envOf(options)
    if (envValue(env, 'AWS_EC2_METADATA_DISABLED')?.toLowerCase() === 'true') {
      throw notConfigured(PROVIDER, 'disabled by AWS_EC2_METADATA_DISABLED')
    }
    const fetchFn = fetchOf(options)
    const base = baseUrl(env)
    const v1Disabled = envValue(env, 'AWS_EC2_METADATA_V1_DISABLED')?.toLowerCase() === 'true'
    try {
      const token = await sessionToken(fetchFn, base, options, v1Disabled)
      const roles = await get(fetchFn, `${base}${CREDENTIALS_PATH}`, token, options)
      const role = roles.split('\n')[0]?.trim()
      if (!role) throw new CredentialsProviderError(PROVIDER, 'The EC2 instance has no IAM role attached (instance profile)')
      const body = await get(fetchFn, `${base}${CREDENTIALS_PATH}${encodeURIComponent(role)}`, token, options)
      return parseCredentialsJson(PROVIDER, body, 'IMDS')
    } catch (error) {
      if (error instanceof CredentialsProviderError) throw error
      // Unreachable metadata service: most likely not on EC2, so the chain may go on.
      throw new CredentialsProviderError(PROVIDER, `IMDS at ${base} is unreachable (${describeFailure(error)})`, {
        cause: error,
        tryNextLink: true,
      })
    }
  }
}
