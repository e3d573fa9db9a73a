/** Cursor over a statement's tokens with the small matching helpers the PartiQL parser uses. */
import { malformed, tokenize, type Token } from './lexer.ts'

export class TokenStream {
  protected readonly tokens: Token[]
  protected pos = 0

  constructor(protected readonly statement: string) {
    this.tokens = tokenize(statement)
  }

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!
  }

  protected next(): Token {
    const token = this.peek()
    if (this.pos < this.tokens.length - 1) this.pos++
    return token
  }

  protected malformed() {
    return malformed(this.statement)
  }

  protected isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset)
    return token.type === 'ident' && token.text.toUpperCase() === word
  }

  protected keyword(word: string): void {
    if (!this.isKeyword(word)) throw this.malformed()
    this.next()
  }

  protected isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset)
    return token.type === 'punct' && token.text === text
  }

  protected punct(text: string): void {
    if (!this.isPunct(text)) throw this.malformed()
    this.next()
  }

  protected commaList<T>(item: () => T): T[] {
    const items = [item()]
    while (this.isPunct(',')) {
      this.next()
      items.push(item())
    }
    return items
  }
}
