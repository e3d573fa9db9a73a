/**
 * The `tx_tokens` table: TransactWriteItems' ClientRequestToken, with a digest of the request and
 * the answer given, so a retry within the window gets the same answer and a different request with
 * the same token is refused.
 */
import type { Database, Statement } from 'bun:sqlite'

export interface RememberedRequest {
  digest: string
  /** The answer, as JSON. */
  result: string
}

export class RequestTokens {
  private readonly purge: Statement
  private readonly find: Statement<RememberedRequest, [string]>
  private readonly save: Statement

  constructor(db: Database) {
    this.purge = db.prepare('DELETE FROM tx_tokens WHERE at < ?1')
    this.find = db.prepare('SELECT digest, result FROM tx_tokens WHERE token = ?1')
    this.save = db.prepare('INSERT OR REPLACE INTO tx_tokens (token, digest, at, result) VALUES (?1, ?2, ?3, ?4)')
  }

  /** The request remembered under `token`, forgetting first every token older than `since` (seconds). */
  lookup(token: string, since: number): RememberedRequest | undefined {
    this.purge.run(since)
    return this.find.get(token) ?? undefined
  }

  remember(token: string, digest: string, at: number, result: string): void {
    this.save.run(token, digest, at, result)
  }
}
