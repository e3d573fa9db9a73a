import { readFile } from 'node:fs/promises'
import { cachedProvider } from './cache.ts'
import { CredentialsProviderError, notConfigured } from './error.ts'
import { type ProviderOptions, envOf, envValue, fetchOf } from './options.ts'
import { type RemoteOptions, describeFailure, fetchWithRetry, parseCredentialsJson } from './remote.ts'
import type { CredentialProvider } from './types.ts'

const PROVIDER = 'container'
const ECS_HOST = 'http://169.254.170.2'
// Plain-http full URIs are only trusted on the task/pod-local addresses: loopback, the ECS agent,
// and the EKS Pod Identity agent (IPv4 and IPv6).
const TRUSTED_HTTP_HOSTS = new Set(['localhost', '169.254.170.2', '169.254.170.23', '[fd00:ec2::23]', '[::1]'])

export interface ContainerOptions extends ProviderOptions, RemoteOptions {}

function isTrustedHttpHost(hostname: string): boolean {
  return TRUSTED_HTTP_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

function containerUrl(relative: string | undefined, full: string | undefined): string {
  if (relative !== undefined) return `${ECS_HOST}${relative.startsWith('/') ? '' : '/'}${relative}`
  let url: URL
  try {
    url = new URL(full ?? '')
  } catch {
    throw new CredentialsProviderError(PROVIDER, 'AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL')
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isTrustedHttpHost(url.hostname))) return url.href
  throw new CredentialsProviderError(
    PROVIDER,
    `AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, or http on a loopback address, 169.254.170.2, 169.254.170.23 or [fd00:ec2::23] (got host ${url.hostname})`,
  )
}

async function authorization(env: Record<string, string | undefined>): Promise<string | undefined> {
  const file = envValue(env, 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE')
  let token = envValue(env, 'AWS_CONTAINER_AUTHORIZATION_TOKEN')
  if (file !== undefined) {
    try {
      token = (await readFile(file, 'utf8')).trim()
    } catch (error) {
      throw new CredentialsProviderError(PROVIDER, `Cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ${file}`, { cause: error })
    }
  }
  if (token !== undefined && /[\r\n]/.test(token)) {
    throw new CredentialsProviderError(PROVIDER, 'The container authorization token contains a line break')
  }
  return token
}

/** ECS task roles and EKS Pod Identity, cached and refreshed ahead of expiry. */
export function fromContainer(options: ContainerOptions = {}): CredentialProvider {
  return cachedProvider(containerProvider(options))
}

/** Uncached: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI, fetched on every call. */
export function containerProvider(options: ContainerOptions = {}): CredentialProvider {
  return async () => {
    const env = envOf(options)
    const relative = envValue(env, 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI')
    const full = envValue(env, 'AWS_CONTAINER_CREDENTIALS_FULL_URI')
    if (relative === undefined && full === undefined) {
      throw notConfigured(PROVIDER, 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set')
    }
    const url = containerUrl(relative, full)
    const token = await authorization(env)
    const headers: Record<string, string> = { accept: 'application/json' }
    if (token !== undefined) headers.authorization = token
    let response: Response
    try {
      response = await fetchWithRetry(fetchOf(options), url, { method: 'GET', headers }, options)
    } catch (error) {
      throw new CredentialsProviderError(PROVIDER, `Container credentials endpoint ${new URL(url).origin} failed: ${describeFailure(error)}`, {
        cause: error,
      })
    }
    const text = await response.text()
    if (!response.ok) {
      throw new CredentialsProviderError(PROVIDER, `Container credentials endpoint ${new URL(url).origin} answered HTTP ${response.status}`, {
        statusCode: response.status,
      })
    }
    return parseCredentialsJson(PROVIDER, text, 'The container credentials endpoint')
  }
}
