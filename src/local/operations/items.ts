/** GetItem, PutItem, UpdateItem, DeleteItem. */
import { emptyAttributeMap } from '../../dynamodb/value-rules.ts'
import type { AttributeMap } from '../../dynamodb/attribute-value.ts'
import type { Engine, Operation } from '../engine.ts'
import { validationError } from '../errors.ts'
import { evaluateCondition, getAt, parseProjection, parseUpdate, updatedPaths, type ConditionNode, type RequestPlaceholders } from '../expressions/index.ts'
import type { TableMeta } from '../storage/types.ts'
import { readLegacy, withLegacyUpdateErrors, type Legacy } from '../legacy/index.ts'
import { assertKeyUntouched, bindExpressions, checkName, checkReturnValues, conditionCheck, conditionFailed, expressionContext, projector, readItem, readKey, updatedItem, withCapacity } from './common.ts'
import { itemRead, itemWrite } from './capacity.ts'
import { tableOrChecked } from './request-checks.ts'
import { assertKeysScalar } from './key-paths.ts'

function table(engine: Engine, input: Record<string, unknown>, operation: string): TableMeta {
  checkName(input.TableName)
  return tableOrChecked(engine, input.TableName, operation, input)
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

const getItem: Operation = (engine, input) => {
  const meta = table(engine, input, 'GetItem')
  const { at } = readKey(meta, input.Key)
  const legacy = readLegacy('GetItem', input)
  const projection = str(input.ProjectionExpression)
  const paths = projection !== undefined ? parseProjection(projection) : legacy.projection
  const ctx = expressionContext(input, { ProjectionExpression: projection })
  bindExpressions(ctx, { paths })
  const item = engine.store.get(meta, at)
  const out: Record<string, unknown> = {}
  if (item) out.Item = projector(paths, ctx)?.(item) ?? item
  return withCapacity(out, meta, input, itemRead(item, input.ConsistentRead === true))
}

function passes(condition: ConditionNode | undefined, item: AttributeMap | undefined, ctx: RequestPlaceholders): boolean {
  return !condition || evaluateCondition(condition, item, ctx)
}

/**
 * PutItem and DeleteItem: check the condition against the stored item, then write `next` (the new
 * item, or undefined to delete) in one transaction; ReturnValues NONE or ALL_OLD.
 */
function conditionalWrite(engine: Engine, input: Record<string, unknown>, meta: TableMeta, at: ReturnType<typeof readKey>['at'], next: AttributeMap | undefined, legacy: Legacy): unknown {
  const returnValues = checkReturnValues(input.ReturnValues, ['NONE', 'ALL_OLD'])
  const conditionText = str(input.ConditionExpression)
  const condition = legacy.condition ?? conditionCheck(conditionText)
  const ctx = legacy.context(expressionContext(input, { ConditionExpression: conditionText }))
  bindExpressions(ctx, { condition })
  assertKeysScalar(meta, condition, ctx)
  return engine.store.transaction(() => {
    const old = engine.store.get(meta, at)
    if (!passes(condition, old, ctx)) throw conditionFailed(old, input)
    if (next || old) engine.store.write(meta, at, old, next)
    const out: Record<string, unknown> = {}
    if (returnValues === 'ALL_OLD' && old) out.Attributes = old
    return withCapacity(out, meta, input, itemWrite(meta, old, next))
  })
}

const putItem: Operation = (engine, input) => {
  const meta = table(engine, input, 'PutItem')
  const { item, at } = readItem(meta, input.Item, 'Item to put in PutItem cannot be null')
  return conditionalWrite(engine, input, meta, at, item, readLegacy('PutItem', input))
}

const deleteItem: Operation = (engine, input) => {
  const meta = table(engine, input, 'DeleteItem')
  const { at } = readKey(meta, input.Key)
  return conditionalWrite(engine, input, meta, at, undefined, readLegacy('DeleteItem', input))
}

const updateItem: Operation = (engine, input) => {
  const meta = table(engine, input, 'UpdateItem')
  const { key, at } = readKey(meta, input.Key)
  const returnValues = checkReturnValues(input.ReturnValues, ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'])
  const updateText = str(input.UpdateExpression)
  const conditionText = str(input.ConditionExpression)
  const legacy = readLegacy('UpdateItem', input)
  if (updateText !== undefined && updateText.trim() === '') throw validationError('Invalid UpdateExpression: The expression can not be empty;')
  const update = legacy.update ?? (updateText !== undefined ? parseUpdate(updateText) : undefined)
  const condition = legacy.condition ?? conditionCheck(conditionText)
  const ctx = legacy.context(expressionContext(input, { UpdateExpression: updateText, ConditionExpression: conditionText }))
  bindExpressions(ctx, { update, condition })
  assertKeyUntouched(meta, update, ctx)
  assertKeysScalar(meta, condition, ctx)
  return engine.store.transaction(() => {
    const old = engine.store.get(meta, at)
    if (!passes(condition, old, ctx)) throw conditionFailed(old, input)
    const next = legacy.updates ? withLegacyUpdateErrors(() => updatedItem(meta, key, old, update, ctx)) : updatedItem(meta, key, old, update, ctx)
    engine.store.write(meta, at, old, next)
    const out: Record<string, unknown> = {}
    if (returnValues === 'ALL_OLD' && old) out.Attributes = old
    else if (returnValues === 'ALL_NEW') out.Attributes = next
    else if ((returnValues === 'UPDATED_NEW' || returnValues === 'UPDATED_OLD') && update) {
      // DynamoDB Local answers with the whole top-level attribute of each updated path that
      // exists in the new (or old) item.
      const source = returnValues === 'UPDATED_NEW' ? next : old
      const changed: AttributeMap = emptyAttributeMap()
      for (const path of updatedPaths(update, ctx)) {
        const name = String(path[0])
        const value = source?.[name]
        if (value && getAt(source, path) !== undefined) changed[name] = value
      }
      if (Object.keys(changed).length) out.Attributes = changed
    }
    return withCapacity(out, meta, input, itemWrite(meta, old, next))
  })
}

export const itemOperations: Record<string, Operation> = {
  GetItem: getItem,
  PutItem: putItem,
  DeleteItem: deleteItem,
  UpdateItem: updateItem,
}
