/**
 * Wire-format write requests for entity items. A create is one transaction: the item and one
 * sentinel per unique value, each conditioned on not existing, so two writers racing for the same
 * email can not both win (DynamoDB cancels the whole transaction of the loser).
 */
import { compileRequest, cond } from '../../dynamodb/expressions/index.ts'
import { marshall } from '../../dynamodb/marshall.ts'
import type { TransactWriteItem, TransactWriteItemsInput } from '../../dynamodb/types/transactions.ts'
import { uniqueItems } from './unique-items.ts'
import type { Item } from './types.ts'
import type { EntityDefinition } from '../design/types.ts'

/** The TransactWriteItems input creating `item` (from `toItem`) with its unique sentinels. */
export function createTransaction(entity: EntityDefinition, item: Item, options: { tableName: string }): TransactWriteItemsInput {
  const condition = compileRequest({ condition: cond.attributeNotExists(entity.keys.pk.attribute) })
  const TransactItems: TransactWriteItem[] = [item, ...uniqueItems(entity, item)].map((put) => ({
    Put: { TableName: options.tableName, Item: marshall(put), ...condition },
  }))
  return { TransactItems }
}
