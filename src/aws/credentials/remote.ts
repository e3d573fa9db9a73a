import { CredentialsProviderError } from './error.ts'
import type { FetchLike } from './options.ts'
import type { Credentials } from './types.ts'
import { createCredentials } from './value.ts'

export interface RemoteOptions {
  /** Per-attempt timeout; metadata endpoints answer in milliseconds or not at all. Default 1000. */
  timeoutMs?: number
  /** Attempts on network errors, timeouts and 5xx. Default 2 (one retry). */
  maxAttempts?: number
}

/** A fetch with a per-attempt timeout and a retry on network errors, timeouts and 5xx answers. */
export async function fetchWithRetry(fetchFn: FetchLike, url: string, init: RequestInit, options: RemoteOptions = {}): Promise<Response> {
  const attempts = Math.max(1, options.maxAttempts ?? 2)
  let lastError: unknown
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      // A redirect is never followed: it would carry the request (a web identity token, an
      // authorization header) to another host. It arrives as a non-ok answer instead.
      const response = await fetchFn(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 1000) })
      if (response.status < 500 || attempt === attempts) return response
      await response.body?.cancel()
      lastError = new Error(`HTTP ${response.status}`)
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}

/** Short reason for a failed request, safe for messages (no response bodies, no headers). */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.name === 'TimeoutError' ? 'timed out' : error.message
  return String(error)
}

/**
 * The JSON both the container endpoint and IMDS return:
 * `{ AccessKeyId, SecretAccessKey, Token, Expiration }` (IMDS adds `Code: "Success"`).
 */
export function parseCredentialsJson(provider: string, text: string, source = provider): Credentials {
  let body: Record<string, unknown>
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    throw new CredentialsProviderError(provider, `${source} returned a response that is not JSON`)
  }
  if (typeof body.Code === 'string' && body.Code !== 'Success') {
    throw new CredentialsProviderError(provider, `${source} returned Code ${JSON.stringify(body.Code)}`)
  }
  const { AccessKeyId, SecretAccessKey, Token, Expiration } = body
  if (typeof AccessKeyId !== 'string' || typeof SecretAccessKey !== 'string') {
    throw new CredentialsProviderError(provider, `${source} returned a response without AccessKeyId/SecretAccessKey`)
  }
  return createCredentials({
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: typeof Token === 'string' ? Token : undefined,
    expiration: parseExpiration(provider, Expiration),
  })
}

/** ISO-8601 strings and epoch numbers (milliseconds, or seconds when small) both occur in the wild. */
export function parseExpiration(provider: string, value: unknown): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const date =
    typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : typeof value === 'string' ? new Date(value) : new Date(NaN)
  if (Number.isNaN(date.getTime())) throw new CredentialsProviderError(provider, `${provider} returned an invalid Expiration`)
  return date
}
