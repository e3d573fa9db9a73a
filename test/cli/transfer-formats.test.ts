import { describe, expect, test } from 'bun:test'
import type { KeySchema } from '../../src/service/tables.ts'
import { marshall } from '../../src/dynamodb/marshall.ts'
import { NumberValue } from '../../src/dynamodb/number-value.ts'
import { CsvDecoder, CsvEncoder, detectFormat, jsonlLine, parseDdbJsonLine, parseJsonlLine, ddbJsonLine } from '../../src/cli/transfer/formats.ts'
import { readCsvRecords, readLines, type Line } from '../../src/cli/transfer/records.ts'
import { shellCommand } from '../../src/cli/transfer/checkpoint.ts'

const streamOf = (...chunks: string[]) => new ReadableStream<Uint8Array>({
  start(c) {
    for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk))
    c.close()
  },
})
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}
const schema: KeySchema = { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } }

describe('jsonl typed JSON', () => {
  const item = {
    pk: 'a',
    n: 1.5,
    big: new NumberValue('12345678901234567890123456789012345678'),
    ss: new Set(['x']),
    ns: new Set([1, new NumberValue('1E+100')]),
    bs: new Set([new Uint8Array([1])]),
    b: new Uint8Array([0, 255]),
    m: { $N: 'x' },
    m2: { $N: 'x', other: 1 },
    l: [null, true, { $SS: ['not a set'] }],
  }

  test('plain JSON where exact, tags where not, tag-like maps escaped', () => {
    const line = jsonlLine(marshall(item))
    expect(JSON.parse(line)).toEqual({
      pk: 'a',
      n: 1.5,
      big: { $N: '12345678901234567890123456789012345678' },
      ss: { $SS: ['x'] },
      ns: { $NS: ['1', '1E+100'] },
      bs: { $BS: ['AQ=='] },
      b: { $B: 'AP8=' },
      m: { $M: { $N: 'x' } },
      m2: { $N: 'x', other: 1 },
      l: [null, true, { $M: { $SS: ['not a set'] } }],
    })
  })

  test('jsonl and ddb-json lines read back to the same AttributeValues', () => {
    const wire = marshall(item)
    expect(marshall(parseJsonlLine(jsonlLine(wire)))).toEqual(wire)
    expect(marshall(parseDdbJsonLine(ddbJsonLine(wire)))).toEqual(wire)
  })

  test('a plain JSON number a JS number would round is read exactly', () => {
    const item = parseJsonlLine('{"pk":"a","id":123456789012345678901,"d":0.12345678901234567891,"ok":1234567890123456,"l":[99999999999999999]}')
    expect(item).toEqual({ pk: 'a', id: new NumberValue('123456789012345678901'), d: new NumberValue('0.12345678901234567891'), ok: 1234567890123456, l: [new NumberValue('99999999999999999')] })
    expect(() => parseJsonlLine('{"pk":"a","n":1234567890123456789012345678901234567890}')).toThrow('n: number 1234567890123456789012345678901234567890 has 39 significant digits')
  })

  test('bad tags name the attribute', () => {
    expect(() => parseJsonlLine('{"pk":"a","x":{"$B":"%%"}}')).toThrow('x: "%%" is not base64')
    expect(() => parseJsonlLine('{"pk":"a","x":{"l":[{"$N":"1e999"}]}}')).toThrow('x.l[0]')
    expect(() => parseJsonlLine('{"pk":"a","x":{"$SS":"a"}}')).toThrow('expects an array of strings')
  })
})

describe('csv', () => {
  test('records span quoted newlines and keep their first line number; errors do not stop reading', async () => {
    const text = '\ufeffpk,sk,v\r\n"a",1,"two\r\nlines"\n\n"b",2,bad"quote\n"c",3,"x""y"\n"d",4,"open'
    const records = await collect(readCsvRecords(readLines(streamOf(text.slice(0, 17), text.slice(17)))))
    expect(records.map(r => [r.line, r.error === undefined])).toEqual([[1, true], [2, true], [5, false], [6, true], [7, false]])
    expect(records[1]!.fields!.map(f => f.text)).toEqual(['a', '1', 'two\r\nlines'])
    expect(records[3]!.fields!.map(f => f.text)).toEqual(['c', '3', 'x"y'])
  })

  test('encoder quotes strings, leaves numbers bare, writes nested values as typed JSON; decoder reverses it', () => {
    const columns = ['pk', 'sk', 's', 'n', 'empty', 'missing', 'bool', 'nul', 'm']
    const enc = new CsvEncoder(columns, ['pk', 'sk'])
    const wire = marshall({ pk: 'p', sk: 1, s: '12', n: 12, empty: '', bool: true, nul: null, m: { a: new Set(['x']) } })
    const row = enc.row(wire)
    expect(row).toBe('"p",1,"12",12,"",,true,null,"{""a"":{""$SS"":[""x""]}}"\r\n')
    const dec = new CsvDecoder(columns, schema)
    const fields = row.slice(0, -2).match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)!.slice(0, columns.length).map(f => f.replace(/,$/, ''))
    const parsed = fields.map(f => (f.startsWith('"') ? { text: f.slice(1, -1).replace(/""/g, '"'), quoted: true } : { text: f, quoted: false }))
    expect(marshall(dec.item(parsed))).toEqual(wire)
  })

  test('an attribute outside the columns is an error naming --columns', () => {
    const enc = new CsvEncoder(['pk', 'sk'], ['pk', 'sk'])
    expect(() => enc.row(marshall({ pk: 'p', sk: 1, extra: 1 }))).toThrow('outside the CSV columns')
  })
})

test('format from --format or the file name', () => {
  expect(detectFormat(undefined, 'a.csv')).toBe('csv')
  expect(detectFormat(undefined, 'a.ddb.json')).toBe('ddb-json')
  expect(detectFormat(undefined, 'a.jsonl')).toBe('jsonl')
  expect(detectFormat(undefined, 'a.json')).toBe('jsonl')
  expect(detectFormat('csv', 'a.jsonl')).toBe('csv')
  expect(() => detectFormat(undefined, 'a.txt')).toThrow('cannot tell the format of a.txt')
  expect(() => detectFormat('xml', undefined)).toThrow('expected jsonl, ddb-json, csv')
})

test('resume commands are quoted for a POSIX shell', () => {
  expect(shellCommand(['dbtooling', 'export', '--filter', "#s = :s", '--names', '{"#s":"it\'s"}'])).toBe(`dbtooling export --filter '#s = :s' --names '{"#s":"it'\\''s"}'`)
})

test('readLines: CRLF and LF, no trailing newline, multi-byte characters split across chunks', async () => {
  const bytes = new TextEncoder().encode('a\r\nü€\nlast')
  const stream = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(bytes.slice(0, 4)); c.enqueue(bytes.slice(4)); c.close() } })
  const lines: Line[] = await collect(readLines(stream))
  expect(lines).toEqual([{ number: 1, text: 'a', eol: '\r\n' }, { number: 2, text: 'ü€', eol: '\n' }, { number: 3, text: 'last', eol: '' }])
})
