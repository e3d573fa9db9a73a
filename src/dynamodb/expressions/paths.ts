/**
 * Document paths: `a.b[2].c` as segments. A string segment is an attribute name, a number a
 * list index.
 *
 * The rule for names with odd characters: in a path string, `.` separates names and `[n]` is a
 * list index, so a name containing `.`, `[` or `]` must be written as a JSON string in brackets
 * (`a["weird.name"][0]`) or the path given as an array of segments (`['a', 'weird.name', 0]`),
 * whose strings are always taken literally and never parsed. Spaces, `#`, `:` and any other
 * character are fine in either form: every name is sent through an `#n` alias, never inline.
 */
import { ExpressionError } from './errors.ts'

export type PathSegment = string | number
/** A parsed path: first segment is a name, then names and list indexes. */
export type Path = readonly PathSegment[]
/** What builders accept wherever a path goes. */
export type PathInput = string | readonly PathSegment[]

/** DynamoDB documents nest at most 32 levels, so no longer path can name anything. */
export const MAX_PATH_DEPTH = 32

const PATH_SYNTAX = /[.[\]]/

/** Parse a path string, or check and copy a segment array. */
export function parsePath(input: PathInput): Path {
  // Most paths are one plain attribute name: skip the parser for them.
  if (typeof input === 'string' && input !== '' && !PATH_SYNTAX.test(input)) return Object.freeze([input])
  const segments = typeof input === 'string' ? parsePathString(input) : checkSegments(input)
  if (segments.length > MAX_PATH_DEPTH) {
    throw new ExpressionError(
      'PathTooDeep',
      `Path ${formatPath(segments)} has ${segments.length} levels; DynamoDB documents nest at most ${MAX_PATH_DEPTH}.`,
    )
  }
  return Object.freeze(segments)
}

function checkSegments(input: readonly PathSegment[]): PathSegment[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw invalid(JSON.stringify(input), 'a path needs at least one segment')
  }
  input.forEach((segment, i) => {
    if (typeof segment === 'string') {
      if (segment === '') throw invalid(JSON.stringify(input), `segment ${i} is an empty attribute name`)
    } else if (typeof segment === 'number') {
      if (i === 0) throw invalid(JSON.stringify(input), 'the first segment must be an attribute name, not a list index')
      if (!Number.isSafeInteger(segment) || segment < 0) {
        throw invalid(JSON.stringify(input), `segment ${i} (${segment}) is not a list index (a non-negative integer)`)
      }
    } else {
      throw invalid(String(input), `segment ${i} must be a string (name) or number (list index)`)
    }
  })
  return [...input]
}

function parsePathString(text: string): PathSegment[] {
  const segments: PathSegment[] = []
  let i = 0
  const readName = (): void => {
    const start = i
    while (i < text.length && text[i] !== '.' && text[i] !== '[' && text[i] !== ']') i++
    if (i === start) throw invalid(text, `expected an attribute name at offset ${start}`)
    segments.push(text.slice(start, i))
  }
  const readBracket = (): void => {
    const start = i
    i++ // [
    if (text[i] === '"') {
      const end = closingQuote(text, i)
      if (end < 0) throw invalid(text, `unterminated quoted name at offset ${i}`)
      let name: string
      try {
        name = JSON.parse(text.slice(i, end + 1)) as string
      } catch {
        throw invalid(text, `bad quoted name at offset ${i} (use JSON string syntax)`)
      }
      if (name === '') throw invalid(text, `empty quoted name at offset ${i}`)
      segments.push(name)
      i = end + 1
    } else {
      const digits = /^\d+/.exec(text.slice(i))?.[0]
      if (digits === undefined) throw invalid(text, `expected a list index or a quoted name after "[" at offset ${start}`)
      if (segments.length === 0) throw invalid(text, 'a path must start with an attribute name, not a list index')
      const index = Number(digits)
      if (!Number.isSafeInteger(index)) throw invalid(text, `list index ${digits} is too large`)
      segments.push(index)
      i += digits.length
    }
    if (text[i] !== ']') throw invalid(text, `expected "]" at offset ${i}`)
    i++
  }

  if (text[0] === '[') readBracket()
  else readName()
  while (i < text.length) {
    if (text[i] === '.') {
      i++
      if (text[i] === '[') throw invalid(text, `expected an attribute name after "." at offset ${i}`)
      readName()
    } else if (text[i] === '[') {
      readBracket()
    } else {
      throw invalid(text, `unexpected ${JSON.stringify(text[i])} at offset ${i}`)
    }
  }
  return segments
}

function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '"') return i
  }
  return -1
}

function invalid(path: string, rule: string): ExpressionError {
  return new ExpressionError(
    'InvalidPath',
    `Invalid path ${JSON.stringify(path)}: ${rule}. Names containing ".", "[" or "]" go in brackets as JSON strings (a["x.y"]) or pass an array of segments (['a', 'x.y']).`,
  )
}

/** Print a path the way parsePath reads it back: `a.b[2]`, odd names as `["x.y"]`. */
export function formatPath(path: Path): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (/[.[\]]/.test(segment)) out += `[${JSON.stringify(segment)}]`
    else out += out === '' ? segment : `.${segment}`
  }
  return out
}

/** True when one path is a prefix of (or equal to) the other: DynamoDB calls that an overlap. */
export function pathsOverlap(a: Path, b: Path): boolean {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false
  return true
}
