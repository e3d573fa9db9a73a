/**
 * `dbtooling/credentials`: the credential providers, for `new DynamoDBClient({ credentials })`
 * when the default chain is not what you want (a fixed profile, web identity, IMDS, a cache
 * around your own provider).
 */
export { createCredentials, staticCredentials } from '../aws/credentials/value.ts'
export { fromEnv } from '../aws/credentials/env.ts'
export { fromIni } from '../aws/credentials/ini-provider.ts'
export { fromWebIdentity } from '../aws/credentials/web-identity.ts'
export { fromContainer } from '../aws/credentials/container.ts'
export { fromImds } from '../aws/credentials/imds.ts'
export { cachedProvider } from '../aws/credentials/cache.ts'
export { chainProviders, defaultCredentialProvider } from '../aws/credentials/chain.ts'
export type { Env, FetchLike, ProviderOptions } from '../aws/credentials/options.ts'
export type { IniOptions } from '../aws/credentials/ini-provider.ts'
export type { WebIdentityOptions } from '../aws/credentials/web-identity.ts'
export type { ContainerOptions } from '../aws/credentials/container.ts'
export type { ImdsOptions } from '../aws/credentials/imds.ts'
export type { CacheOptions } from '../aws/credentials/cache.ts'
export type { DefaultCredentialProviderOptions } from '../aws/credentials/chain.ts'
