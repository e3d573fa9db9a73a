/** What every entity builder runs against: the client, the table, and the entity's derived definition. */
import type { DocumentClient } from '../dynamodb/document.ts'
import type { EntityDefinition } from '../single-table/design/types.ts'

export interface EntityContext {
  readonly doc: DocumentClient
  readonly table: string
  readonly entity: EntityDefinition
}
