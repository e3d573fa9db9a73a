import type { CredentialProvider, Credentials } from './types.ts'

export interface CacheOptions {
  /** Refresh this long before `expiration`. Default 5 minutes. */
  refreshAheadMs?: number
  /** Clock, injectable for tests. */
  now?: () => number
}

/**
 * Caches what `provider` returns. Credentials without `expiration` are kept for good; temporary ones
 * are refreshed `refreshAheadMs` before they expire. Concurrent callers share one in-flight refresh.
 * A failed refresh is not cached: while the old credentials have not actually expired they are still
 * served (the next call retries), after that the error reaches the caller.
 */
export function cachedProvider(provider: CredentialProvider, options: CacheOptions = {}): CredentialProvider {
  const refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000
  const now = options.now ?? Date.now
  let cached: Credentials | undefined
  let refreshAt = 0
  let inFlight: Promise<Credentials> | undefined

  const refresh = (): Promise<Credentials> => {
    inFlight ??= (async () => {
      try {
        const fresh = await provider()
        const fetchedAt = now()
        cached = fresh
        if (fresh.expiration === undefined) {
          refreshAt = Number.POSITIVE_INFINITY
        } else {
          const expiresAt = fresh.expiration.getTime()
          // Credentials handed out already inside the refresh window (short sessions) would otherwise
          // trigger a refresh on every call: wait half their remaining life instead.
          refreshAt = Math.max(expiresAt - refreshAheadMs, fetchedAt + (expiresAt - fetchedAt) / 2)
        }
        return fresh
      } finally {
        inFlight = undefined
      }
    })()
    return inFlight
  }

  return async () => {
    if (cached !== undefined && now() < refreshAt) return cached
    const stale = cached
    try {
      return await refresh()
    } catch (error) {
      if (stale?.expiration !== undefined && now() < stale.expiration.getTime()) return stale
      throw error
    }
  }
}
