import type { CredentialProvider, Credentials } from './types.ts'

const inspectCustom = Symbol.for('nodejs.util.inspect.custom')
const REDACTED = '[redacted]'

/**
 * Wraps raw credentials so the secret key and session token stay readable as properties but never
 * show up in `console.log`, `Bun.inspect`, `util.inspect` or `JSON.stringify`. Bun.inspect prints
 * non-enumerable properties too, so hiding them is not enough: the custom inspect hook is what
 * keeps them out of logs; non-enumerability keeps them out of `Object.keys`/spreads of logs.
 */
export function createCredentials(input: Credentials): Credentials {
  const value: Record<string | symbol, unknown> = { accessKeyId: input.accessKeyId }
  if (input.expiration !== undefined) value.expiration = input.expiration
  const hidden = (key: string | symbol, v: unknown) =>
    Object.defineProperty(value, key, { value: v, enumerable: false, writable: false, configurable: false })
  hidden('secretAccessKey', input.secretAccessKey)
  if (input.sessionToken !== undefined) hidden('sessionToken', input.sessionToken)
  const redacted = () => ({
    accessKeyId: input.accessKeyId,
    secretAccessKey: REDACTED,
    ...(input.sessionToken === undefined ? {} : { sessionToken: REDACTED }),
    ...(input.expiration === undefined ? {} : { expiration: input.expiration }),
  })
  hidden('toJSON', redacted)
  hidden('toString', () => `Credentials(${input.accessKeyId})`)
  hidden(inspectCustom, () => {
    const r = redacted()
    const parts = [`accessKeyId: "${r.accessKeyId}"`, `secretAccessKey: "${REDACTED}"`]
    if (r.sessionToken !== undefined) parts.push(`sessionToken: "${REDACTED}"`)
    if (r.expiration !== undefined) parts.push(`expiration: ${r.expiration.toISOString()}`)
    return `Credentials { ${parts.join(', ')} }`
  })
  return Object.freeze(value) as unknown as Credentials
}

/** A provider that always returns the given credentials (wrapped so they print redacted). */
export function staticCredentials(credentials: Credentials): CredentialProvider {
  const value = createCredentials(credentials)
  return () => Promise.resolve(value)
}
