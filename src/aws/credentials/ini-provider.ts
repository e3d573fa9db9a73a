import { cachedProvider } from './cache.ts'
import { containerProvider } from './container.ts'
import { fromEnv } from './env.ts'
import { CredentialsProviderError, notConfigured } from './error.ts'
import { imdsProvider } from './imds.ts'
import { type IniSection, type SharedConfig, type SharedConfigOptions, loadSharedConfig, selectedProfile } from './ini.ts'
import { type Env, type FetchLike, type ProviderOptions, envOf, fetchOf } from './options.ts'
import { runCredentialProcess } from './process.ts'
import { type SsoOptions, isSsoProfile, ssoCredentials } from './sso.ts'
import { type StsOptions, assumeRole, defaultSessionName, stsEndpoint, stsRegion } from './sts.ts'
import type { CredentialProvider, Credentials } from './types.ts'
import { createCredentials } from './value.ts'
import { exchangeWebIdentity } from './web-identity.ts'

const PROVIDER = 'shared config'

export interface IniOptions extends ProviderOptions, SharedConfigOptions, StsOptions, SsoOptions {
  /** Default AWS_PROFILE, else `default`. */
  profile?: string
}

interface Context {
  config: SharedConfig
  env: Env
  fetch: FetchLike
  options: IniOptions
}

const hasStaticKeys = (profile: IniSection) => Boolean(profile.aws_access_key_id && profile.aws_secret_access_key)
const isAssumeRole = (profile: IniSection) => Boolean(profile.role_arn && (profile.source_profile || profile.credential_source))

function staticKeys(profile: IniSection): Credentials {
  return createCredentials({
    accessKeyId: profile.aws_access_key_id!,
    secretAccessKey: profile.aws_secret_access_key!,
    sessionToken: profile.aws_session_token || undefined,
  })
}

/** `credential_source`: where a role's source credentials come from when there is no source_profile. */
async function credentialSource(name: string, source: string, context: Context): Promise<Credentials> {
  const options = { env: context.env, fetch: context.fetch }
  const providers: Record<string, CredentialProvider> = {
    Environment: fromEnv(options),
    Ec2InstanceMetadata: imdsProvider(options),
    EcsContainer: containerProvider(options),
  }
  const provider = providers[source]
  if (provider === undefined) {
    throw new CredentialsProviderError(
      PROVIDER,
      `Profile [${name}] has credential_source ${JSON.stringify(source)}; use Environment, Ec2InstanceMetadata or EcsContainer`,
    )
  }
  try {
    return await provider()
  } catch (error) {
    if (!(error instanceof CredentialsProviderError)) throw error
    // The profile asked for this source explicitly, so "not configured" is an error here.
    throw new CredentialsProviderError(PROVIDER, `credential_source ${source} of profile [${name}]: ${error.message}`, { cause: error })
  }
}

async function assumeRoleProfile(name: string, profile: IniSection, context: Context, path: string[], visited: Set<string>): Promise<Credentials> {
  if (profile.source_profile && profile.credential_source) {
    throw new CredentialsProviderError(PROVIDER, `Profile [${name}] sets both source_profile and credential_source; keep one`)
  }
  if (profile.mfa_serial) {
    throw new CredentialsProviderError(PROVIDER, `Profile [${name}] needs an MFA code (mfa_serial), which dbtooling cannot prompt for; use a profile without mfa_serial or credentials from \`aws sts get-session-token\``)
  }
  let source: Credentials
  const sourceName = profile.source_profile
  if (sourceName) {
    if (visited.has(sourceName)) {
      throw new CredentialsProviderError(
        PROVIDER,
        `Profile [${name}] has a source_profile cycle: ${[...path, sourceName].join(' -> ')}; give one profile in the cycle static keys or a credential_source`,
      )
    }
    source = await resolveProfile(sourceName, context, [...path, sourceName], new Set([...visited, sourceName]))
  } else {
    source = await credentialSource(name, profile.credential_source!, context)
  }
  const duration = profile.duration_seconds ? Number(profile.duration_seconds) : undefined
  if (duration !== undefined && !Number.isInteger(duration)) {
    throw new CredentialsProviderError(PROVIDER, `Profile [${name}] has a duration_seconds that is not a whole number`)
  }
  const region = stsRegion(context.env, profile.region)
  return assumeRole(
    { fetch: context.fetch, endpoint: stsEndpoint(region, context.env, context.options.stsEndpoint), region, provider: PROVIDER },
    source,
    {
      roleArn: profile.role_arn!,
      roleSessionName: profile.role_session_name || defaultSessionName(),
      externalId: profile.external_id || undefined,
      durationSeconds: duration,
    },
  )
}

/**
 * One profile's credentials, in the AWS SDK's order. In the first profile role assumption wins over
 * static keys; in source profiles further down a chain static keys win (as in the AWS CLI), which is
 * also what lets a profile name itself as source_profile.
 */
async function resolveProfile(name: string, context: Context, path: string[], visited: Set<string>): Promise<Credentials> {
  const profile = context.config.profiles[name]
  const nested = path.length > 1
  if (profile === undefined) {
    const where = `${context.config.configFile} or ${context.config.credentialsFile}`
    if (nested) throw new CredentialsProviderError(PROVIDER, `Profile [${name}] (source_profile of [${path.at(-2)}]) is not in ${where}`)
    throw notConfigured(PROVIDER, `profile [${name}] is not in ${where}`)
  }
  if (nested && hasStaticKeys(profile)) return staticKeys(profile)
  if (isAssumeRole(profile)) return assumeRoleProfile(name, profile, context, path, visited)
  if (hasStaticKeys(profile)) return staticKeys(profile)
  if (profile.aws_access_key_id || profile.aws_secret_access_key) {
    const missing = profile.aws_access_key_id ? 'aws_secret_access_key' : 'aws_access_key_id'
    throw new CredentialsProviderError(PROVIDER, `Profile [${name}] has static keys but no ${missing}`)
  }
  if (profile.web_identity_token_file && profile.role_arn) {
    return exchangeWebIdentity({
      provider: PROVIDER,
      tokenFile: profile.web_identity_token_file,
      roleArn: profile.role_arn,
      roleSessionName: profile.role_session_name || undefined,
      region: profile.region,
      env: context.env,
      fetch: context.fetch,
      stsEndpoint: context.options.stsEndpoint,
    })
  }
  if (profile.credential_process) return runCredentialProcess(name, profile.credential_process, context.env)
  if (isSsoProfile(profile)) return ssoCredentials(name, profile, context.config, { ...context, ssoEndpoint: context.options.ssoEndpoint })
  const message = `Profile [${name}] has no credentials: set aws_access_key_id and aws_secret_access_key, role_arn with source_profile or credential_source, credential_process, sso_session, or web_identity_token_file with role_arn`
  if (nested) throw new CredentialsProviderError(PROVIDER, message)
  // A profile that only sets region and the like is common on EC2/ECS: let the chain go on.
  throw notConfigured(PROVIDER, message)
}

/** Uncached: the shared config and credentials files, read on every call. */
export function iniProvider(options: IniOptions = {}): CredentialProvider {
  return async () => {
    const env = envOf(options)
    const config = await loadSharedConfig({ ...options, env })
    const name = selectedProfile(options.profile, env)
    return resolveProfile(name, { config, env, fetch: fetchOf(options), options }, [name], new Set())
  }
}

/**
 * Credentials from a profile of the shared `config`/`credentials` files: static keys, assume-role
 * chains (source_profile / credential_source), credential_process, SSO and web identity. Cached and
 * refreshed ahead of expiry.
 */
export function fromIni(options: IniOptions = {}): CredentialProvider {
  return cachedProvider(iniProvider(options))
}
