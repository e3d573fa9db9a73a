import { type CacheOptions, cachedProvider } from './cache.ts'
import { fromEnv } from './env.ts'
import { CredentialsProviderError, notConfigured } from './error.ts'
import type { IniOptions } from './ini-provider.ts'
import { envOf, envValue } from './options.ts'
import type { CredentialProvider } from './types.ts'

const HOW_TO_CONFIGURE =
  'Configure one of: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; a profile in ~/.aws/credentials or ~/.aws/config ' +
  '(`aws configure`, `aws configure sso`), selected with AWS_PROFILE; AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN; ' +
  'or run where a role is available (ECS/EKS container credentials, EC2 instance profile).'

/**
 * Tries providers in order. A provider that is not configured (`tryNextLink`) passes to the next;
 * one that is configured but fails stops the chain with its own error. When none is configured the
 * error lists what each one looked for.
 */
export function chainProviders(...providers: CredentialProvider[]): CredentialProvider {
  return async () => {
    const tried: string[] = []
    for (const provider of providers) {
      try {
        return await provider()
      } catch (error) {
        if (!(error instanceof CredentialsProviderError) || !error.tryNextLink) throw error
        tried.push(`${error.provider} (${error.message})`)
      }
    }
    throw new CredentialsProviderError('chain', `No AWS credentials found. Tried: ${tried.join('; ')}. ${HOW_TO_CONFIGURE}`)
  }
}

/** An explicitly chosen profile that yields nothing is an error about that profile, not a cue to look elsewhere. */
function onlyProfile(profile: string, provider: CredentialProvider): CredentialProvider {
  return async () => {
    try {
      return await provider()
    } catch (error) {
      if (!(error instanceof CredentialsProviderError) || !error.tryNextLink) throw error
      throw new CredentialsProviderError(
        error.provider,
        `${error.message[0]?.toUpperCase()}${error.message.slice(1)}; profile [${profile}] was chosen explicitly, so no other credential source is tried`,
      )
    }
  }
}

/**
 * A provider whose module is imported on first use: with keys in the environment (the common case
 * for a one-shot CLI run) the file, SSO, STS, container and instance-metadata code never loads.
 */
function lazy(load: () => Promise<CredentialProvider>): CredentialProvider {
  let provider: Promise<CredentialProvider> | undefined
  return async () => (await (provider ??= load()))()
}

export interface DefaultCredentialProviderOptions extends IniOptions {
  cache?: CacheOptions
}

/**
 * The AWS SDK's default chain: environment → shared config/credentials files (static keys,
 * assume-role, credential_process, SSO, web identity) → web identity from the environment →
 * ECS/EKS container → EC2 instance metadata. With an explicit `profile` only that profile is used;
 * with AWS_PROFILE set the environment keys are skipped in favour of the profile, as the SDK does.
 * The result is cached and refreshed ahead of expiry, with one refresh shared by concurrent callers.
 */
export function defaultCredentialProvider(options: DefaultCredentialProviderOptions = {}): CredentialProvider {
  const { cache, ...rest } = options
  const ini = lazy(async () => (await import('./ini-provider.ts')).iniProvider(rest))
  if (options.profile !== undefined) return cachedProvider(onlyProfile(options.profile, ini), cache)
  const environment = fromEnv(rest)
  const skippingEnvironment: CredentialProvider = async () => {
    if (envValue(envOf(rest), 'AWS_PROFILE') !== undefined) throw notConfigured('environment', 'skipped because AWS_PROFILE is set')
    return environment()
  }
  return cachedProvider(
    chainProviders(
      skippingEnvironment,
      ini,
      lazy(async () => (await import('./web-identity.ts')).webIdentityProvider(rest)),
      lazy(async () => (await import('./container.ts')).containerProvider(rest)),
      lazy(async () => (await import('./imds.ts')).imdsProvider(rest)),
    ),
    cache,
  )
}
