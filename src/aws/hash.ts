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

/** Lower-case hex HMAC-SHA256: the final signature. */
export function hmacHex(key: HashInput, data: string): string {
  return new Bun.CryptoHasher('sha256', key).update(data).digest('hex')
}
