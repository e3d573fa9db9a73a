/**
 * Credentials for emulators on this machine (DynamoDB Local, the embedded engine's server): they
 * need a signed request, not a valid one, so a user without AWS credentials need not invent keys.
 */
import { CredentialsProviderError } from './error.ts'
import type { CredentialProvider, Credentials } from './types.ts'

/** What is signed with when no credentials are configured. Authenticates nothing anywhere. */
export const EMULATOR_CREDENTIALS: Credentials = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' })

/** True for an http(s) URL on this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackEndpoint(endpoint: string): boolean {
  let host: string
  try {
    host = new URL(endpoint).hostname
  } catch {
    return false
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/**
 * The user's own credentials when the provider finds some (DynamoDB Local keeps tables per access
 * key, so every tool must sign with the same ones), EMULATOR_CREDENTIALS when it finds none.
 */
export function withEmulatorFallback(provider: CredentialProvider): CredentialProvider {
  return async () => {
    try {
      return await provider()
    } catch (error) {
      if (error instanceof CredentialsProviderError) return EMULATOR_CREDENTIALS
      throw error
    }
  }
}
