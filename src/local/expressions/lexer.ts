/** Tokens of DynamoDB's expression languages, with offsets for DynamoDB-style syntax errors. */
export type TokenType = 'name' | 'placeholder' | 'value' | 'number' | 'punct' | 'eof'

export interface Token {
  type: TokenType
  text: string
  start: number
  end: number
}

const PUNCTUATION = ['<>', '<=', '>=', '=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-']

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (/\s/.test(ch)) {
      i++
      continue
    }
    const start = i
    if (ch === '#' || ch === ':') {
      i++
      while (i < text.length && isNameChar(text[i]!)) i++
      tokens.push({ type: ch === '#' ? 'placeholder' : 'value', text: text.slice(start, i), start, end: i })
      continue
    }
    if (ch === '0') {
      // DynamoDB reads "0" as a token of its own, so an index like [00] is a syntax error.
      i++
      tokens.push({ type: 'number', text: '0', start, end: i })
      continue
    }
    if (/[1-9]/.test(ch)) {
      while (i < text.length && /[0-9]/.test(text[i]!)) i++
      tokens.push({ type: 'number', text: text.slice(start, i), start, end: i })
      continue
    }
    if (/[A-Za-z]/.test(ch)) {
      while (i < text.length && isNameChar(text[i]!)) i++
      tokens.push({ type: 'name', text: text.slice(start, i), start, end: i })
      continue
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i))
    const length = punct?.length ?? 1
    // Unknown characters become one-character tokens so the parser reports them as syntax errors.
    tokens.push({ type: 'punct', text: text.slice(i, i + length), start, end: i + length })
    i += length
  }
  tokens.push({ type: 'eof', text: '<EOF>', start: text.length, end: text.length })
  return tokens
}

function isNameChar(ch: string): boolean {
  return /[A-Za-z0-9_]/.test(ch)
}
