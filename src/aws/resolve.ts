import { type Env, envValue } from './credentials/options.ts'
import { type SharedConfigOptions, loadSharedConfig, selectedProfile } from './credentials/ini.ts'
import { AwsError } from './errors.ts'

export interface ResolveRegionOptions extends SharedConfigOptions {
  region?: string
  profile?: string
  env?: Env
}

export interface ResolveEndpointOptions extends SharedConfigOptions {
  endpoint?: string
  region: string
  profile?: string
  env?: Env
}

/** Region: explicit option, AWS_REGION, AWS_DEFAULT_REGION, then the profile's `region`. */
export async function resolveRegion(options: ResolveRegionOptions = {}): Promise<string | undefined> {
  const env = options.env ?? process.env
  const direct = options.region || envValue(env, 'AWS_REGION') || envValue(env, 'AWS_DEFAULT_REGION')
  if (direct) return direct
  const config = await loadSharedConfig({ ...options, env })
  return config.profiles[selectedProfile(options.profile, env)]?.region || undefined
}

/** `DynamoDB` → `DYNAMODB`, `Resource Groups` → `RESOURCE_GROUPS`: the AWS_ENDPOINT_URL_<SERVICE> suffix. */
export function serviceEnvSuffix(service: string): string {
  return service.trim().toUpperCase().replace(/[\s-]+/g, '_')
}

/** `service` name as a `[services x]` section key: lower case with underscores. */
function serviceConfigKey(service: string): string {
  return service.trim().toLowerCase().replace(/[\s-]+/g, '_')
}

/** The public endpoint of a service in a region; China regions live under `amazonaws.com.cn`. */
export function defaultEndpoint(service: string, region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
  return `https://${service}.${region}.${suffix}`
}

/**
 * Endpoint: explicit option, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's
 * `[services]` entry for the service, the profile's `endpoint_url`, else the public endpoint.
 */
export async function resolveEndpoint(service: string, options: ResolveEndpointOptions): Promise<string> {
  const env = options.env ?? process.env
  const direct = options.endpoint || envValue(env, `AWS_ENDPOINT_URL_${serviceEnvSuffix(service)}`) || envValue(env, 'AWS_ENDPOINT_URL')
  if (direct) return direct
  const config = await loadSharedConfig({ ...options, env })
  const profile = config.profiles[selectedProfile(options.profile, env)]
  const servicesName = profile?.services
  const fromServices = servicesName ? config.services[servicesName]?.[`${serviceConfigKey(service)}.endpoint_url`] : undefined
  const configured = fromServices || profile?.endpoint_url
  if (configured) return configured
  if (!options.region) {
    throw new AwsError({
      code: 'MissingRegion',
      message: `No region for ${service}: pass region, or set AWS_REGION or a profile region, or an endpoint`,
    })
  }
  return defaultEndpoint(service, options.region)
}
