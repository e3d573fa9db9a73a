/** What every scoped-entity operation runs against: a DocumentClient and the table's name. */
import type { DocumentClient } from '../dynamodb/document.ts'

export interface ScopedContext {
  doc: DocumentClient
  table: string
}
