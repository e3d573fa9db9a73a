// Public API of dbtooling. Everything users and other layers import comes from here.
export { VERSION } from './version.ts'
export { signRequest, presignUrl } from './aws/sigv4.ts'
export type { SignableRequest, SignOptions, PresignOptions, SignedRequest, SigningCredentials } from './aws/sigv4.ts'
export { defineConfig, resolveConfig, ConfigError } from './config.ts'
export type { DbtoolingConfig, EnvironmentSettings, ResolvedConfig, TableSettings, SingleTableSettings } from './config.ts'
export { marshall, marshallValue, unmarshall, unmarshallValue, MarshallError, NumberValue } from './dynamodb/marshall.ts'
export type { MarshallOptions, UnmarshallOptions, MarshallErrorCode } from './dynamodb/marshall.ts'
