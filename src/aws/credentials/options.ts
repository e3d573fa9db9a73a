/** Environment variables as providers read them; injectable so tests never touch `process.env`. */
export type Env = Record<string, string | undefined>

/** The part of `fetch` providers use; the global `fetch` satisfies it. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** Options every provider accepts. */
export interface ProviderOptions {
  env?: Env
  fetch?: FetchLike
}

export function envOf(options: ProviderOptions | undefined): Env {
  return options?.env ?? process.env
}

export function fetchOf(options: ProviderOptions | undefined): FetchLike {
  return options?.fetch ?? fetch
}

/** `undefined` for unset and empty variables alike: an empty AWS_PROFILE means "not set". */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}
