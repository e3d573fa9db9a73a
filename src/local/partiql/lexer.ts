/** Tokens of the PartiQL subset DynamoDB speaks. */
import { validationError } from '../errors.ts'

export type TokenType = 'ident' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'eof'

export interface Token {
  type: TokenType
  /** Identifier or punctuation text; string contents without quotes (escapes resolved). */
  text: string
  start: number
}

const PUNCTUATION = ['<<', '>>', '<>', '!=', '<=', '>=', '||', '=', '<', '>', '(', ')', '[', ']', '{', '}', ',', '.', ':', '*', '+', '-']

export function malformed(statement: string) {
  return validationError(`Statement wasn't well formed, can't be processed: ${statement}`)
}

export function tokenize(statement: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < statement.length) {
    const ch = statement[i]!
    const start = i
    if (/\s/.test(ch)) {
      i++
    } else if (ch === "'" || ch === '"') {
      // SQL quoting: a doubled quote inside the literal stands for one quote character.
      let text = ''
      i++
      for (;;) {
        if (i >= statement.length) throw malformed(statement)
        if (statement[i] === ch) {
          if (statement[i + 1] === ch) {
            text += ch
            i += 2
            continue
          }
          i++
          break
        }
        text += statement[i]
        i++
      }
      tokens.push({ type: ch === "'" ? 'string' : 'quoted', text, start })
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(statement[i + 1] ?? ''))) {
      const match = /^(\d*\.?\d*(?:[eE][+-]?\d+)?)/.exec(statement.slice(i))!
      tokens.push({ type: 'number', text: match[1]!, start })
      i += match[1]!.length
    } else if (/[A-Za-z_$]/.test(ch)) {
      while (i < statement.length && /[A-Za-z0-9_$]/.test(statement[i]!)) i++
      tokens.push({ type: 'ident', text: statement.slice(start, i), start })
    } else if (ch === '?') {
      tokens.push({ type: 'param', text: '?', start })
      i++
    } else if (statement.startsWith('--', i)) {
      while (i < statement.length && statement[i] !== '\n') i++
    } else {
      const punct = PUNCTUATION.find((p) => statement.startsWith(p, i))
      if (!punct) throw malformed(statement)
      tokens.push({ type: 'punct', text: punct, start })
      i += punct.length
    }
  }
  tokens.push({ type: 'eof', text: '', start: statement.length })
  return tokens
}
