import { defaultEndpoint } from '../resolve.ts'
import { signRequest } from '../sigv4.ts'
import { CredentialsProviderError } from './error.ts'
import { type Env, type FetchLike, envValue } from './options.ts'
import { describeFailure, fetchWithRetry } from './remote.ts'
import type { Credentials } from './types.ts'
import { createCredentials } from './value.ts'

/** Where STS calls go: the `stsEndpoint` option, AWS_ENDPOINT_URL_STS, else the regional endpoint. */
export interface StsOptions {
  stsEndpoint?: string
}

export function stsEndpoint(region: string, env: Env, explicit: string | undefined): string {
  return explicit ?? envValue(env, 'AWS_ENDPOINT_URL_STS') ?? defaultEndpoint('sts', region)
}

/** STS region when nothing more specific is configured: the caller's region, else us-east-1. */
export function stsRegion(env: Env, preferred?: string): string {
  return preferred || envValue(env, 'AWS_REGION') || envValue(env, 'AWS_DEFAULT_REGION') || 'us-east-1'
}

export interface AssumeRoleParams {
  roleArn: string
  roleSessionName: string
  externalId?: string
  durationSeconds?: number
}

interface StsCall {
  fetch: FetchLike
  endpoint: string
  region: string
  provider: string
}

/** Default session name, like the SDK's: unique enough to tell sessions apart in CloudTrail. */
export function defaultSessionName(): string {
  return `dbtooling-session-${Date.now()}`
}

export async function assumeRole(call: StsCall, source: Credentials, params: AssumeRoleParams): Promise<Credentials> {
  const form = new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: params.roleArn, RoleSessionName: params.roleSessionName })
  if (params.externalId !== undefined) form.set('ExternalId', params.externalId)
  if (params.durationSeconds !== undefined) form.set('DurationSeconds', String(params.durationSeconds))
  const body = form.toString()
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
  const signed = signRequest({ method: 'POST', url: call.endpoint, headers, body }, { credentials: source, region: call.region, service: 'sts' })
  return send(call, 'AssumeRole', params.roleArn, { method: 'POST', headers: signed.headers, body })
}

/** Unsigned: the web identity token is the proof. */
export async function assumeRoleWithWebIdentity(call: StsCall, params: AssumeRoleParams & { webIdentityToken: string }): Promise<Credentials> {
  const form = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: params.roleArn,
    RoleSessionName: params.roleSessionName,
    WebIdentityToken: params.webIdentityToken,
  })
  if (params.durationSeconds !== undefined) form.set('DurationSeconds', String(params.durationSeconds))
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
  return send(call, 'AssumeRoleWithWebIdentity', params.roleArn, { method: 'POST', headers, body: form.toString() })
}

async function send(call: StsCall, action: string, roleArn: string, init: RequestInit): Promise<Credentials> {
  let response: Response
  try {
    response = await fetchWithRetry(call.fetch, call.endpoint, init, { timeoutMs: 10_000, maxAttempts: 2 })
  } catch (error) {
    throw new CredentialsProviderError(call.provider, `STS ${action} for ${roleArn} at ${call.endpoint} failed: ${describeFailure(error)}`, {
      cause: error,
    })
  }
  const xml = await response.text()
  if (!response.ok) {
    const code = xmlText(xml, 'Code') ?? 'UnknownError'
    const message = xmlText(xml, 'Message')
    throw new CredentialsProviderError(
      call.provider,
      `STS ${action} for ${roleArn} failed: HTTP ${response.status} ${code}${message ? `: ${message}` : ''}`,
      { statusCode: response.status },
    )
  }
  const credentials = /<Credentials>([\s\S]*?)<\/Credentials>/.exec(xml)?.[1] ?? ''
  const accessKeyId = xmlText(credentials, 'AccessKeyId')
  const secretAccessKey = xmlText(credentials, 'SecretAccessKey')
  const sessionToken = xmlText(credentials, 'SessionToken')
  const expiration = xmlText(credentials, 'Expiration')
  if (!accessKeyId || !secretAccessKey || !sessionToken) {
    throw new CredentialsProviderError(call.provider, `STS ${action} for ${roleArn} returned no credentials`)
  }
  const expires = expiration === undefined ? undefined : new Date(expiration)
  return createCredentials({
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiration: expires && !Number.isNaN(expires.getTime()) ? expires : undefined,
  })
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Text of the first `<tag>`; STS responses are flat enough that this is all the XML we need. */
export function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml)
  if (!match) return undefined
  return (match[1] ?? '').trim().replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1))
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole
    }
    return ENTITIES[entity] ?? whole
  })
}
