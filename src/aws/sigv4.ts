/**
 * AWS Signature Version 4, read top to bottom: split the URL, build the canonical request, hash it
 * into the string to sign, sign that with a derived (and cached) key, then put the result in an
 * `Authorization` header (signRequest) or in the query string (presignUrl).
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 *
 * This runs on every DynamoDB request, so the hot path avoids `new URL`, regular expressions on
 * clean input, and re-deriving the signing key.
 */
import type { Credentials } from './credentials/types.ts'
import { AwsError } from './errors.ts'
import { hmac, hmacHexWith, keyedHmac, sha256Hex, type KeyedHmac } from './hash.ts'

export type SigningCredentials = Pick<Credentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>

export interface SignableRequest {
  method: string
  /** Absolute URL. A string's path is signed as written, so give it percent-encoded as it goes on the wire. */
  url: string | URL
  headers?: Record<string, string> | Headers
  body?: string | Uint8Array
}

export interface SignOptions {
  credentials: SigningCredentials
  region: string
  service: string
  /** Signing time; default now. */
  date?: Date
  /** Default true: drop `.`/`..`/empty path segments and encode the path again (every service but S3). false: S3-style. */
  normalizePath?: boolean
  /** Also send (and sign) `x-amz-content-sha256` with the payload hash; S3 requires it, DynamoDB does not. */
  contentSha256?: boolean
  /** Sign the literal `UNSIGNED-PAYLOAD` instead of hashing the body (S3 uploads and presigned URLs). */
  unsignedPayload?: boolean
  /** Header names (any case) that are sent but left out of the signature. */
  unsignedHeaders?: readonly string[]
}

export interface PresignOptions extends SignOptions {
  /** Seconds the URL stays valid: 1 to 604800 (7 days). */
  expiresIn: number
}

export interface SignedRequest {
  /** Every header to send, lower-case names: the request's own plus host, x-amz-date, authorization, ... */
  headers: Record<string, string>
}

export interface SignDetails extends SignedRequest {
  canonicalRequest: string
  stringToSign: string
  signature: string
  authorization: string
}

const ALGORITHM = 'AWS4-HMAC-SHA256'
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'
const MAX_EXPIRES_IN = 604800
// Hop-by-hop and proxy-rewritten headers: signing them breaks requests that pass through proxies.
const UNSIGNABLE = new Set(['authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive',
  'max-forwards', 'pragma', 'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id'])

/** Signs `request` for an `Authorization` header. Returns every header to send. */
export function signRequest(request: SignableRequest, options: SignOptions): SignedRequest {
  return { headers: signDetails(request, options).headers }
}

/** signRequest plus the intermediate values, for tests and debugging. */
export function signDetails(request: SignableRequest, options: SignOptions): SignDetails {
  const { credentials } = options
  const url = splitUrl(request.url)
  const time = signingTime(options.date)
  const headers = copyHeaders(request.headers)
  if (headers.host === undefined) headers.host = url.host
  headers['x-amz-date'] = time.amzDate
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken
  const payloadHash = headers['x-amz-content-sha256'] ?? (options.unsignedPayload ? UNSIGNED_PAYLOAD : hashBody(request.body))
  if (options.contentSha256) headers['x-amz-content-sha256'] = payloadHash

  const { canonicalHeaders, signedHeaders } = canonicalizeHeaders(headers, options.unsignedHeaders)
  const canonicalRequest = request.method.toUpperCase() + '\n' + canonicalUri(url.path, options.normalizePath !== false) + '\n' +
    canonicalQuery(url.query) + '\n' + canonicalHeaders + '\n' + signedHeaders + '\n' + payloadHash
  const key = signingKey(credentials, time.day, options.region, options.service)
  const stringToSign = ALGORITHM + '\n' + time.amzDate + '\n' + key.scope + '\n' + sha256Hex(canonicalRequest)
  const signature = hmacHexWith(key.hmac, stringToSign)
  const authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${key.scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
  headers.authorization = authorization
  return { headers, canonicalRequest, stringToSign, signature, authorization }
}

/** A URL that carries its own signature in the query string, valid for `expiresIn` seconds. */
export function presignUrl(request: SignableRequest, options: PresignOptions): string {
  const { credentials, expiresIn } = options
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_IN) {
    throw new AwsError({
      code: 'InvalidExpiresIn',
      message: `presignUrl: expiresIn must be a whole number of seconds from 1 to ${MAX_EXPIRES_IN} (7 days), got ${String(expiresIn)}`,
    })
  }
  const url = splitUrl(request.url)
  const time = signingTime(options.date)
  const key = signingKey(credentials, time.day, options.region, options.service)
  const headers = copyHeaders(request.headers)
  if (headers.host === undefined) headers.host = url.host
  const { canonicalHeaders, signedHeaders } = canonicalizeHeaders(headers, options.unsignedHeaders)
  const params: [string, string][] = [
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${key.scope}`],
    ['X-Amz-Date', time.amzDate],
    ['X-Amz-Expires', String(expiresIn)],
    ['X-Amz-SignedHeaders', signedHeaders],
  ]
  if (credentials.sessionToken) params.push(['X-Amz-Security-Token', credentials.sessionToken])
  const query = canonicalQuery(url.query, params)
  const payloadHash = options.unsignedPayload ? UNSIGNED_PAYLOAD : hashBody(request.body)
  const canonicalRequest = request.method.toUpperCase() + '\n' + canonicalUri(url.path, options.normalizePath !== false) + '\n' +
    query + '\n' + canonicalHeaders + '\n' + signedHeaders + '\n' + payloadHash
  const stringToSign = ALGORITHM + '\n' + time.amzDate + '\n' + key.scope + '\n' + sha256Hex(canonicalRequest)
  return `${url.base}?${query}&X-Amz-Signature=${hmacHexWith(key.hmac, stringToSign)}`
}

// --- signing-key cache -------------------------------------------------------------------------
// Deriving a key costs four HMACs; it only changes with the day, region, service and secret. The
// cache is keyed by a fingerprint of the credentials, never the secret itself, and is bounded (LRU).

export const SIGNING_KEY_CACHE_SIZE = 50

interface SigningKey {
  /** `day/region/service/aws4_request`, the credential scope this key signs for. */
  scope: string
  hmac: KeyedHmac
}

const signingKeys = new Map<string, SigningKey>()
// Per credentials object: its fingerprint, and the strings it was computed from so a mutated object is noticed.
const fingerprints = new WeakMap<object, { accessKeyId: string; secretAccessKey: string; fingerprint: string }>()
// The entry used last, checked before building a cache key: a client signs with the same one all day.
let lastId = ''
let lastDay = ''
let lastRegion = ''
let lastService = ''
let lastKey: SigningKey | undefined

function signingKey(credentials: SigningCredentials, day: string, region: string, service: string): SigningKey {
  const id = fingerprint(credentials)
  if (lastKey !== undefined && id === lastId && day === lastDay && region === lastRegion && service === lastService) return lastKey
  const cacheKey = `${day}/${region}/${service}/${id}`
  let key = signingKeys.get(cacheKey)
  if (key === undefined) {
    const derived = hmac(hmac(hmac(hmac('AWS4' + credentials.secretAccessKey, day), region), service), 'aws4_request')
    key = { scope: `${day}/${region}/${service}/aws4_request`, hmac: keyedHmac(derived) }
    if (signingKeys.size >= SIGNING_KEY_CACHE_SIZE) signingKeys.delete(signingKeys.keys().next().value!)
  } else {
    signingKeys.delete(cacheKey) // re-inserted below: Map order is the recency order
  }
  signingKeys.set(cacheKey, key)
  lastId = id
  lastDay = day
  lastRegion = region
  lastService = service
  lastKey = key
  return key
}

function fingerprint(credentials: SigningCredentials): string {
  const known = fingerprints.get(credentials)
  if (known && known.accessKeyId === credentials.accessKeyId && known.secretAccessKey === credentials.secretAccessKey) {
    return known.fingerprint
  }
  const { accessKeyId, secretAccessKey } = credentials
  const entry = { accessKeyId, secretAccessKey, fingerprint: sha256Hex(`${accessKeyId}\n${secretAccessKey}`).slice(0, 32) }
  fingerprints.set(credentials, entry)
  return entry.fingerprint
}

/** The signing-key cache's keys (`day/region/service/fingerprint`), for tests. */
export function signingKeyCacheKeys(): string[] {
  return [...signingKeys.keys()]
}

// --- canonical request pieces ------------------------------------------------------------------

interface UrlParts {
  /** Everything before the query: what a presigned URL is built on. */
  base: string
  host: string
  path: string
  query: string
}

let lastUrl = ''
let lastParts: UrlParts = { base: '', host: '', path: '/', query: '' }

// Parsed by hand rather than with `new URL`, which would re-encode the path (so it could no longer be
// signed as written) and costs an allocation-heavy parse per request. The last result is memoized:
// a client signs the same endpoint over and over.
function splitUrl(url: string | URL): UrlParts {
  if (typeof url !== 'string') {
    return { base: url.origin + url.pathname, host: url.host, path: url.pathname || '/', query: url.search.slice(1) }
  }
  if (url === lastUrl) return lastParts
  const schemeEnd = url.indexOf('://')
  if (schemeEnd <= 0) {
    throw new AwsError({ code: 'InvalidUrl', message: 'cannot sign a request without an absolute URL (like https://host/path)' })
  }
  const scheme = url.slice(0, schemeEnd).toLowerCase()
  const authorityStart = schemeEnd + 3
  let end = authorityStart
  while (end < url.length && url[end] !== '/' && url[end] !== '?' && url[end] !== '#') end++
  let host = url.slice(url.lastIndexOf('@', end) + 1 || authorityStart, end).toLowerCase()
  if ((scheme === 'https' && host.endsWith(':443')) || (scheme === 'http' && host.endsWith(':80'))) {
    host = host.slice(0, host.lastIndexOf(':'))
  }
  const hash = url.indexOf('#', end)
  const stop = hash === -1 ? url.length : hash
  const question = url.indexOf('?', end)
  const pathEnd = question === -1 || question > stop ? stop : question
  const parts: UrlParts = {
    base: url.slice(0, pathEnd),
    host,
    path: url.slice(end, pathEnd) || '/',
    query: pathEnd < stop ? url.slice(pathEnd + 1, stop) : '',
  }
  lastUrl = url
  lastParts = parts
  return parts
}

/** `YYYYMMDD'T'HHMMSS'Z'` and its day; memoized per second since every request asks. */
function signingTime(date: Date | undefined): { amzDate: string; day: string } {
  const time = date === undefined ? Date.now() : date.getTime()
  if (Number.isNaN(time)) throw new AwsError({ code: 'InvalidSigningDate', message: 'cannot sign with an invalid Date' })
  const second = Math.floor(time / 1000)
  if (second !== lastSecond) {
    const amzDate = new Date(time).toISOString().replace(/[-:]|\.\d{3}/g, '')
    lastSecond = second
    lastTime = { amzDate, day: amzDate.slice(0, 8) }
  }
  return lastTime
}
let lastSecond = NaN
let lastTime = { amzDate: '', day: '' }

function hashBody(body: string | Uint8Array | undefined): string {
  return body === undefined || body.length === 0 ? EMPTY_SHA256 : sha256Hex(body)
}

/** A fresh lower-case copy: the caller's object is never modified. Repeated names join with commas. */
function copyHeaders(input: Record<string, string> | Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (input === undefined) return out
  if (input instanceof Headers) {
    input.forEach((value, name) => { out[name] = value })
    return out
  }
  for (const name in input) {
    const value = input[name]
    if (value === undefined) continue
    const lower = name.toLowerCase() // returns the same string when already lower-case
    const seen = out[lower]
    out[lower] = seen === undefined ? value : seen + ',' + value
  }
  return out
}

// Values needing work: leading/trailing whitespace, runs of it, or whitespace other than a space.
const UNTRIMMED = /^\s|\s$|\s\s|[\t\n\r\v\f]/

function canonicalizeHeaders(headers: Record<string, string>, unsigned: readonly string[] | undefined) {
  const names: string[] = []
  for (const name in headers) {
    if (UNSIGNABLE.has(name) || (unsigned !== undefined && unsigned.some((u) => u.toLowerCase() === name))) continue
    let i = names.length // insertion sort: a request has a handful of headers
    while (i > 0 && names[i - 1]! > name) {
      names[i] = names[i - 1]!
      i--
    }
    names[i] = name
  }
  let canonicalHeaders = ''
  let signedHeaders = ''
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!
    const value = headers[name]!
    canonicalHeaders += name + ':' + (UNTRIMMED.test(value) ? value.trim().replace(/\s+/g, ' ') : value) + '\n'
    signedHeaders += i === 0 ? name : ';' + name
  }
  return { canonicalHeaders, signedHeaders }
}

const UNRESERVED_PATH = /^[A-Za-z0-9\-._~/]*$/

/**
 * Non-S3 services canonicalize the path as sent, encoded once more ("double encoding"), after
 * removing dot segments. S3 signs the decoded object key encoded exactly once.
 */
function canonicalUri(path: string, normalize: boolean): string {
  if (path === '/') return path
  if (!normalize) return encodePath(decodeOrKeep(path, false))
  const segments: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  return encodePath('/' + segments.join('/') + (segments.length > 0 && path.endsWith('/') ? '/' : ''))
}

function encodePath(path: string): string {
  return UNRESERVED_PATH.test(path) ? path : encodeRfc3986(path).replace(/%2F/g, '/')
}

/** Sorted by encoded name then value; `+` in the URL means a space, as in form encoding. */
function canonicalQuery(query: string, extra?: [string, string][]): string {
  if (query === '' && extra === undefined) return ''
  const pairs: [string, string][] = []
  if (query !== '') {
    for (const part of query.split('&')) {
      if (part === '') continue
      const eq = part.indexOf('=')
      const name = eq === -1 ? part : part.slice(0, eq)
      const value = eq === -1 ? '' : part.slice(eq + 1)
      pairs.push([encodeRfc3986(decodeOrKeep(name, true)), encodeRfc3986(decodeOrKeep(value, true))])
    }
  }
  if (extra !== undefined) for (const [name, value] of extra) pairs.push([encodeRfc3986(name), encodeRfc3986(value)])
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
  let out = ''
  for (const [name, value] of pairs) out += (out === '' ? '' : '&') + name + '=' + value
  return out
}

function decodeOrKeep(text: string, plusIsSpace: boolean): string {
  if (plusIsSpace && text.includes('+')) text = text.replace(/\+/g, ' ')
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return text // a stray `%` is a literal percent sign
  }
}

/** encodeURIComponent plus the characters RFC 3986 reserves that it leaves alone. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}
