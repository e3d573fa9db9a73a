/**
 * Reading import files as a stream: physical lines with their numbers (JSON lines), and RFC 4180
 * CSV records, which may span lines inside quoted fields, with the line each record starts on.
 * Memory stays bounded by the longest line or record, never the file.
 */

export interface Line {
  /** 1-based physical line number. */
  number: number
  /** Without the line terminator. */
  text: string
  /** The terminator that ended it: '\n', '\r\n', or '' at the end of the input. */
  eol: string
}

export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: false })
  let buffer = ''
  let number = 0
  const reader = stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true })
      let start = 0
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n', start)) {
        const crlf = nl > start && buffer.charCodeAt(nl - 1) === 13
        yield { number: ++number, text: buffer.slice(start, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' }
        start = nl + 1
      }
      buffer = buffer.slice(start)
      if (done) break
    }
    if (buffer.length > 0) yield { number: ++number, text: buffer, eol: '' }
  } finally {
    reader.releaseLock()
  }
}

export interface CsvField {
  text: string
  /** Written in double quotes: the exporter quotes every string, so a quoted field is text. */
  quoted: boolean
}

export type CsvRecord =
  | { line: number; lastLine: number; fields: CsvField[]; error?: undefined }
  | { line: number; lastLine: number; fields?: undefined; error: string }

/** CSV records; a malformed one is yielded with `error` and reading goes on at the next line. */
export async function* readCsvRecords(lines: AsyncIterable<Line>): AsyncGenerator<CsvRecord> {
  let state: ParseState | undefined
  for await (const line of lines) {
    if (!state) {
      if (line.text === '') continue // blank lines between records carry nothing
      state = { line: line.number, fields: [], field: '', quoted: false, inQuotes: false, afterQuote: false }
    }
    const error = parseInto(state, line.text)
    if (error) {
      yield { line: state.line, lastLine: line.number, error }
      state = undefined
    } else if (state.inQuotes) {
      if (line.eol === '') {
        yield { line: state.line, lastLine: line.number, error: 'unterminated quoted field at the end of the input' }
        state = undefined
      } else state.field += line.eol
    } else {
      state.fields.push({ text: state.field, quoted: state.quoted })
      yield { line: state.line, lastLine: line.number, fields: state.fields }
      state = undefined
    }
  }
}

interface ParseState {
  line: number
  fields: CsvField[]
  field: string
  quoted: boolean
  inQuotes: boolean
  /** Just read a closing quote: only a comma, a doubled quote or the end may follow. */
  afterQuote: boolean
}

function parseInto(s: ParseState, text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (s.inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          s.field += '"'
          i++
        } else {
          s.inQuotes = false
          s.afterQuote = true
        }
      } else s.field += c
    } else if (c === ',') {
      s.fields.push({ text: s.field, quoted: s.quoted })
      s.field = ''
      s.quoted = false
      s.afterQuote = false
    } else if (s.afterQuote) {
      return `unexpected ${JSON.stringify(c)} after a closing quote in field ${s.fields.length + 1} (quotes inside a quoted field are doubled: "")`
    } else if (c === '"') {
      if (s.field !== '') return `a quote inside unquoted field ${s.fields.length + 1} (quote the whole field and double the quote)`
      s.inQuotes = true
      s.quoted = true
    } else s.field += c
  }
  return undefined
}

/** One RFC 4180 field: quoted when asked to or when it holds a comma, quote, CR or LF. */
export function csvField(text: string, quote = false): string {
  if (quote || /[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`
  return text
}

/** One record, CRLF-terminated as RFC 4180 writes it. */
export function csvRow(fields: string[]): string {
  return fields.join(',') + '\r\n'
}
