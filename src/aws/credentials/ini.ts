import { join } from 'node:path'
import { AwsError } from '../errors.ts'
import { type Env, envValue } from './options.ts'

/**
 * The one parser for the shared `config` and `credentials` files, used by the credential providers
 * and by region/endpoint resolution. Sub-properties (an indented `key = value` under a key with an
 * empty value, e.g. `s3 =` / `  max_concurrent_requests = 20`) are stored flat as `parent.key`.
 */
export type IniSection = Record<string, string>
export type IniData = Record<string, IniSection>

function record<T>(): Record<string, T> {
  // No prototype: section and key names such as "constructor" or "__proto__" stay plain data.
  return Object.create(null) as Record<string, T>
}

export function parseIni(text: string): IniData {
  const data = record<IniSection>()
  let section: IniSection | undefined
  let lastKey: string | undefined
  let lastKeyTakesSubProperties = false
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    // A `#` or `;` starts a comment at the start of a line or after whitespace, as in the AWS CLI.
    const line = raw.split(/(?:^|\s)[;#]/)[0] ?? ''
    if (line.trim() === '') continue
    const header = /^\s*\[([^\]]*)\]\s*$/.exec(line)
    if (header) {
      const name = (header[1] ?? '').trim().replace(/\s+/g, ' ')
      section = data[name] ??= record<string>()
      lastKey = undefined
      continue
    }
    if (section === undefined) continue
    const indented = /^\s/.test(line)
    const eq = line.indexOf('=')
    if (indented && lastKey !== undefined) {
      if (lastKeyTakesSubProperties) {
        if (eq > 0) section[`${lastKey}.${line.slice(0, eq).trim()}`] = line.slice(eq + 1).trim()
      } else {
        section[lastKey] = `${section[lastKey]}\n${line.trim()}`
      }
      continue
    }
    if (eq <= 0) continue
    lastKey = line.slice(0, eq).trim()
    const value = line.slice(eq + 1).trim()
    section[lastKey] = value
    lastKeyTakesSubProperties = value === ''
  }
  return data
}

export interface SharedConfigOptions {
  env?: Env
  /** Path of the `config` file; default AWS_CONFIG_FILE, then ~/.aws/config. */
  configFile?: string
  /** Path of the `credentials` file; default AWS_SHARED_CREDENTIALS_FILE, then ~/.aws/credentials. */
  credentialsFile?: string
}

export interface SharedConfig {
  /** Profiles by name; keys from the credentials file win over the config file's. */
  profiles: Record<string, IniSection>
  /** `[sso-session name]` sections of the config file. */
  ssoSessions: Record<string, IniSection>
  /** `[services name]` sections of the config file. */
  services: Record<string, IniSection>
  configFile: string
  credentialsFile: string
}

export function homeDirectory(env: Env): string {
  // node:os only when the environment does not say: importing it costs a CLI command's cold start.
  return envValue(env, 'HOME') ?? envValue(env, 'USERPROFILE') ?? (require('node:os') as typeof import('node:os')).homedir()
}

export function expandHome(path: string, env: Env): string {
  return /^~(?:[/\\]|$)/.test(path) ? join(homeDirectory(env), path.slice(1)) : path
}

export function sharedFilePaths(options: SharedConfigOptions = {}): { configFile: string; credentialsFile: string } {
  const env = options.env ?? process.env
  const home = homeDirectory(env)
  return {
    configFile: expandHome(options.configFile ?? envValue(env, 'AWS_CONFIG_FILE') ?? join(home, '.aws', 'config'), env),
    credentialsFile: expandHome(
      options.credentialsFile ?? envValue(env, 'AWS_SHARED_CREDENTIALS_FILE') ?? join(home, '.aws', 'credentials'),
      env,
    ),
  }
}

async function readOptional(path: string): Promise<string> {
  try {
    // Bun.file rather than node:fs/promises, whose import alone is a visible part of a CLI cold start.
    return await Bun.file(path).text()
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return ''
    throw new AwsError({ code: 'SharedConfigFileError', message: `Cannot read AWS shared config file ${path} (${code ?? 'error'})`, cause: error })
  }
}

/** Reads and merges both shared files. Missing files are simply empty. */
export async function loadSharedConfig(options: SharedConfigOptions = {}): Promise<SharedConfig> {
  const paths = sharedFilePaths(options)
  const [configText, credentialsText] = await Promise.all([readOptional(paths.configFile), readOptional(paths.credentialsFile)])
  const config = parseIni(configText)
  const credentials = parseIni(credentialsText)
  const profiles = record<IniSection>()
  const ssoSessions = record<IniSection>()
  const services = record<IniSection>()
  // `[profile default]` wins over `[default]` in the config file, as in the AWS CLI.
  const names = Object.keys(config).sort((a, b) => Number(a.startsWith('profile ')) - Number(b.startsWith('profile ')))
  for (const name of names) {
    const section = config[name] ?? {}
    const [kind, ...rest] = name.split(' ')
    const target = rest.join(' ')
    if (name === 'default') profiles.default = { ...section }
    else if (kind === 'profile' && target) profiles[target] = { ...profiles[target], ...section }
    else if (kind === 'sso-session' && target) ssoSessions[target] = section
    else if (kind === 'services' && target) services[target] = section
  }
  for (const [name, section] of Object.entries(credentials)) profiles[name] = { ...profiles[name], ...section }
  return { profiles, ssoSessions, services, ...paths }
}

/** The profile to use: the explicit one, else AWS_PROFILE, else `default`. */
export function selectedProfile(profile: string | undefined, env: Env): string {
  return profile ?? envValue(env, 'AWS_PROFILE') ?? 'default'
}
