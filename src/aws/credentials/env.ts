import { CredentialsProviderError, notConfigured } from './error.ts'
import { type ProviderOptions, envOf, envValue } from './options.ts'
import type { CredentialProvider } from './types.ts'
import { createCredentials } from './value.ts'

const PROVIDER = 'environment'

/** AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION). */
export function fromEnv(options: ProviderOptions = {}): CredentialProvider {
  return async () => {
    const env = envOf(options)
    const accessKeyId = envValue(env, 'AWS_ACCESS_KEY_ID')
    const secretAccessKey = envValue(env, 'AWS_SECRET_ACCESS_KEY')
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      const missing = accessKeyId === undefined ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'
      throw notConfigured(PROVIDER, `${missing} is not set`)
    }
    const expirationText = envValue(env, 'AWS_CREDENTIAL_EXPIRATION')
    let expiration: Date | undefined
    if (expirationText !== undefined) {
      expiration = new Date(expirationText)
      if (Number.isNaN(expiration.getTime())) {
        throw new CredentialsProviderError(PROVIDER, `AWS_CREDENTIAL_EXPIRATION is not an ISO-8601 date: ${JSON.stringify(expirationText)}`)
      }
    }
    return createCredentials({ accessKeyId, secretAccessKey, sessionToken: envValue(env, 'AWS_SESSION_TOKEN'), expiration })
  }
}
