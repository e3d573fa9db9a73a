/**
 * The three file formats of export/import, both directions:
 * - `jsonl`: one item per line in typed JSON (see typed-json.ts): exact, and plain JSON for
 *   ordinary items.
 * - `ddb-json`: one `{"Item": {...AttributeValues}}` per line, as DynamoDB's export to S3 writes
 *   it: exact by construction.
 * - `csv`: RFC 4180 with a header row. Not type-exact: strings are always quoted, numbers,
 *   booleans and null are bare, maps/lists/sets/binaries are typed JSON text.
 */
import type { AttributeMap, AttributeValue } from '../../dynamodb/attribute-value.ts'
import { MarshallError } from '../../dynamodb/marshall-error.ts'
import { unmarshall } from '../../dynamodb/marshall.ts'
import { NumberValue, numberIsExact } from '../../dynamodb/number-value.ts'
import { parseDecimal } from '../../dynamodb/value-rules.ts'
import { CliError, UsageError } from '../command.ts'
import type { KeySchema } from '../../service/tables.ts'
import { csvField, csvRow, type CsvField } from './records.ts'
import { binary, decodeItem, encodeItem, encodeValue, parseExactJson, parseTypedJson } from './typed-json.ts'

export const FORMATS = ['jsonl', 'ddb-json', 'csv'] as const
export type Format = (typeof FORMATS)[number]

/** `--format` if given, else from the file name: .csv, .ddb.json, .jsonl/.ndjson/.json (each optionally .gz). */
export function detectFormat(flag: unknown, file: string | undefined): Format {
  if (flag !== undefined) {
    if (!FORMATS.includes(flag as Format)) throw new UsageError(`--format ${String(flag)}: expected ${FORMATS.join(', ')}`)
    return flag as Format
  }
  const name = (file ?? '').toLowerCase().replace(/\.gz$/, '')
  if (name.endsWith('.csv')) return 'csv'
  if (name.endsWith('.ddb.json') || name.endsWith('.ddb.jsonl')) return 'ddb-json'
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.json')) return 'jsonl'
  if (file === undefined || file === '-') return 'jsonl'
  throw new UsageError(`cannot tell the format of ${file} from its name`, `pass --format ${FORMATS.join('|')}`)
}

/** A line of `jsonl` for one item. */
export function jsonlLine(item: AttributeMap): string {
  return JSON.stringify(encodeItem(item)) + '\n'
}

/** A line of `ddb-json` for one item. */
export function ddbJsonLine(item: AttributeMap): string {
  return JSON.stringify({ Item: item }) + '\n'
}

/**
 * A `jsonl` line as JS values for marshall (NumberValue, Uint8Array, Set where tagged). A plain
 * JSON number a JS number would round (a hand-written 20-digit id) is kept as a NumberValue.
 */
export function parseJsonlLine(text: string): Record<string, unknown> {
  return decodeItem(parseExactJson(text))
}

/** A `ddb-json` line (`{"Item": {...}}`, or a bare AttributeValue map) as JS values. */
export function parseDdbJsonLine(text: string): Record<string, unknown> {
  const value = parseExactJson(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MarshallError('UnmarshallError', 'expected {"Item": {...}} with DynamoDB JSON attribute values')
  const keys = Object.keys(value)
  const item = keys.length === 1 && keys[0] === 'Item' ? (value as { Item: unknown }).Item : value
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new MarshallError('UnmarshallError', '"Item" must be an object of attribute values')
  // Every number as a NumberValue: the decimal text goes back exactly as it came.
  return unmarshall(item as AttributeMap, { wrapNumbers: true })
}

/** Writes items as CSV rows under fixed columns (streaming cannot add a column later). */
export class CsvEncoder {
  private readonly index: Map<string, number>
  constructor(readonly columns: string[], private readonly keys: string[]) {
    this.index = new Map(columns.map((c, i) => [c, i]))
  }

  /** Key attributes first, then every other attribute in the order first seen. */
  static columnsFor(items: AttributeMap[], keys: string[]): string[] {
    const names = new Set(keys)
    for (const item of items) for (const name of Object.keys(item)) names.add(name)
    return [...names]
  }

  header(): string {
    return csvRow(this.columns.map(c => csvField(c)))
  }

  row(item: AttributeMap): string {
    const cells = new Array<string>(this.columns.length).fill('')
    let extra: string[] | undefined
    for (const name of Object.keys(item)) {
      const i = this.index.get(name)
      if (i === undefined) (extra ??= []).push(name)
      else cells[i] = csvCell(item[name] as AttributeValue)
    }
    if (extra) {
      const key = this.keys.map(k => `${k}=${JSON.stringify(encodeValue(item[k] as AttributeValue))}`).join(', ')
      throw new CliError('CsvColumns', `item ${key} has attribute${extra.length > 1 ? 's' : ''} ${extra.join(', ')} outside the CSV columns (${this.columns.join(', ')}), fixed from the first items read`, `pass --columns ${[...this.columns, ...extra].join(',')} (every attribute to export), or use --format jsonl`)
    }
    return csvRow(cells)
  }
}

function csvCell(av: AttributeValue): string {
  const a = av as Record<string, unknown>
  if (typeof a.S === 'string') return csvField(a.S, true)
  if (typeof a.N === 'string') return a.N
  if (a.BOOL !== undefined) return String(a.BOOL)
  if (a.NULL !== undefined) return 'null'
  return csvField(JSON.stringify(encodeValue(av)), true)
}

/** Turns CSV rows back into items; the header names the attributes. */
export class CsvDecoder {
  constructor(readonly columns: string[], private readonly schema: KeySchema) {
    const seen = new Set<string>()
    for (const c of columns) {
      if (c === '') throw new CliError('CsvHeader', 'the CSV header has an empty column name', 'the first row must name every column')
      if (seen.has(c)) throw new CliError('CsvHeader', `the CSV header names column ${c} twice`, 'the first row must name every column once')
      seen.add(c)
    }
  }

  item(fields: CsvField[]): Record<string, unknown> {
    if (fields.length !== this.columns.length) throw new MarshallError('MarshallError', `${fields.length} fields, but the header has ${this.columns.length} columns`)
    const item: Record<string, unknown> = {}
    for (let i = 0; i < fields.length; i++) {
      const name = this.columns[i]!
      const field = fields[i]!
      const value = this.cell(name, field)
      if (value === undefined) continue
      if (name === '__proto__') Object.defineProperty(item, name, { value, enumerable: true, writable: true, configurable: true })
      else item[name] = value
    }
    return item
  }

  private cell(name: string, { text, quoted }: CsvField): unknown {
    const keyType = name === this.schema.hash.name ? this.schema.hash.type : name === this.schema.range?.name ? this.schema.range.type : undefined
    if (keyType === 'N') return number(text, name)
    if (keyType === 'B') return binary(text, name)
    if (keyType === 'S') return text
    if (!quoted && text === '') return undefined
    const first = text[0]
    if ((first === '{' || first === '[') && looksLikeJson(text)) return parseTypedJson(text, name)
    if (quoted) return text
    if (text === 'true') return true
    if (text === 'false') return false
    if (text === 'null') return null
    if (parseDecimal(text) !== undefined) return number(text, name)
    return text
  }
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

function number(text: string, path: string): NumberValue {
  try {
    return new NumberValue(text)
  } catch (error) {
    throw new MarshallError('InvalidNumber', (error as Error).message, path)
  }
}
