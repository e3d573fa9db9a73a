/** Generated ids: UUID v4 (`useUuid`) and ULID (sortable by creation time, the default otherwise). */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export function uuid(): string {
  return crypto.randomUUID()
}

/** 48-bit millisecond time then 80 random bits, Crockford base32: 26 characters that sort by time. */
export function ulid(now: number = Date.now()): string {
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = (CROCKFORD[t % 32] as string) + time
    t = Math.floor(t / 32)
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  let random = ''
  for (const b of bytes) random += CROCKFORD[b % 32]
  return time + random
}
