/**
 * SHA-256 and HMAC-SHA256 on Bun's native hashers. Synchronous on purpose: signing runs on every
 * request, and `crypto.subtle` would add a promise (and an allocation-heavy round trip) per hash.
 */

export type HashInput = string | Uint8Array

/** Lower-case hex SHA-256 of `data`. */
export function sha256Hex(data: HashInput): string {
  return Bun.SHA256.hash(data, 'hex')
}

/** Raw HMAC-SHA256 bytes: the intermediate keys of SigV4's key derivation. */
export function hmac(key: HashInput, data: string): Uint8Array {
  return new Bun.CryptoHasher('sha256', key).update(data).digest()
}

/** An HMAC-SHA256 hasher keyed once, so each use skips the key setup (see hmacHexWith). */
export type KeyedHmac = Bun.CryptoHasher

export function keyedHmac(key: HashInput): KeyedHmac {
  return new Bun.CryptoHasher('sha256', key)
}

/** Lower-case hex HMAC-SHA256 of `data` under a pre-keyed hasher; the hasher itself is left untouched. */
export function hmacHexWith(keyed: KeyedHmac, data: string): string {
  return keyed.copy().update(data).digest('hex')
}
