/**
 * Opaque page cursors: base64url of a LastEvaluatedKey plus a short checksum, so an API can hand
 * a cursor to its own clients and reject one that was edited or truncated on the way back.
 */
import type { AttributeMap, AttributeValue } from './attribute-value.ts'

export class CursorError extends Error {
  readonly code = 'InvalidCursor'
  constructor(message: string) {
    super(message)
    this.name = 'CursorError'
  }
}

const checksum = (payload: string) => new Bun.CryptoHasher('sha256').update(payload).digest('base64url').slice(0, 10)

export function encodeCursor(lastEvaluatedKey: AttributeMap): string {
  const payload = Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url')
  return `${payload}.${checksum(payload)}`
}

export function decodeCursor(cursor: string): AttributeMap {
  const dot = cursor.lastIndexOf('.')
  const payload = dot > 0 ? cursor.slice(0, dot) : ''
  if (!payload || cursor.slice(dot + 1) !== checksum(payload)) {
    throw new CursorError('cursor is not one this client issued (checksum mismatch): pass the cursor string exactly as it was returned')
  }
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    throw new CursorError('cursor does not decode to a key: pass the cursor string exactly as it was returned')
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key) || Object.keys(key).length === 0) {
    throw new CursorError('cursor does not hold a key')
  }
  for (const [name, value] of Object.entries(key)) {
    if (!isKeyValue(value)) throw new CursorError(`cursor key attribute ${name} is not a string, number or binary value`)
  }
  return key as AttributeMap
}

function isKeyValue(value: unknown): value is AttributeValue {
  if (typeof value !== 'object' || value === null) return false
  const entries = Object.entries(value)
  if (entries.length !== 1) return false
  const [type, v] = entries[0]!
  return (type === 'S' || type === 'N' || type === 'B') && typeof v === 'string'
}
