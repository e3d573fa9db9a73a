/**
 * The endpoint as the CLI checks and shows it: a URL (or 'local') before anything else happens
 * (no credential lookup for a typo), and never with the password of `http://user:pw@host`.
 */
import type { ResolvedConfig } from '../config.ts'
import { UsageError } from './command.ts'

/** `http://user:***@host`: the password of every URL in `text` replaced (endpoints, error messages). */
export function redactUrlPasswords(text: string): string
export function redactUrlPasswords(text: string | undefined): string | undefined
export function redactUrlPasswords(text: string | undefined): string | undefined {
  return text?.replace(/(\/\/[^/:@\s]*:)[^/@\s]*@/g, '$1***@')
}

/** A usage error unless the configured endpoint is an http(s) URL or 'local'. */
export function checkEndpoint(config: ResolvedConfig): void {
  const endpoint = config.endpoint
  if (endpoint === undefined || endpoint === 'local') return
  let url: URL | undefined
  try {
    url = new URL(endpoint)
  } catch {
    url = undefined
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return
  const source = config.sources.endpoint
  const where = source === 'flag' || source === undefined ? '--endpoint-url' : source.startsWith('env:') ? source.slice(4) : `the endpoint ${source === 'config' ? `in ${config.configFile ?? 'the config file'}` : `(${source})`}`
  throw new UsageError(`${where} ${JSON.stringify(redactUrlPasswords(endpoint))} is not a URL`, "expected http(s)://host[:port], e.g. http://localhost:8000, or 'local' for the embedded engine")
}
