import { AwsError } from '../errors.ts'

/**
 * Raised when a provider cannot produce credentials. `tryNextLink` tells the chain whether the
 * provider simply is not configured (move on) or is configured but broken (stop and report it,
 * as the AWS SDK does, so a bad profile is not silently replaced by whatever comes next).
 * Messages name variables, files and profiles, never a secret.
 */
export class CredentialsProviderError extends AwsError {
  readonly provider: string
  readonly tryNextLink: boolean

  constructor(provider: string, message: string, options: { tryNextLink?: boolean; cause?: unknown; statusCode?: number } = {}) {
    super({ code: 'CredentialsProviderError', message, cause: options.cause, statusCode: options.statusCode })
    this.provider = provider
    this.tryNextLink = options.tryNextLink ?? false
  }
}

/** "Not configured here": the chain moves on to the next provider. */
export function notConfigured(provider: string, message: string): CredentialsProviderError {
  return new CredentialsProviderError(provider, message, { tryNextLink: true })
}
