import { describe, expect, test } from 'bun:test'
import { crc32, crc32Table } from '../../src/aws/crc32.ts'

const enc = new TextEncoder()

describe('crc32', () => {
  test('matches the standard check values', () => {
    expect(crc32Table(enc.encode(''))).toBe(0)
    expect(crc32Table(enc.encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926)
    // A real DynamoDB ListTables body and the x-amz-crc32 header it came with.
    expect(crc32Table(enc.encode('{"TableNames":[]}'))).toBe(crc32(enc.encode('{"TableNames":[]}')))
  })

  test('a string is hashed as its UTF-8 bytes', () => {
    for (const text of ['{"S":"héllo wörld ✓ 𝄞"}', '', 'plain ascii']) {
      expect(crc32(text)).toBe(crc32Table(enc.encode(text)))
    }
  })

  test('table version equals the native one on every length and when chained', () => {
    const data = new Uint8Array(4099)
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff
    for (const n of [1, 2, 3, 4, 5, 7, 8, 63, 64, 65, 1000, 4099]) {
      expect(crc32Table(data.subarray(0, n))).toBe(Bun.hash.crc32(data.subarray(0, n)) >>> 0)
    }
    expect(crc32Table(data.subarray(1000), crc32Table(data.subarray(0, 1000)))).toBe(crc32Table(data))
  })
})
