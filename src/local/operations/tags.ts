/**
 * TagResource, UntagResource, ListTagsOfResource. DynamoDB Local rejects these ("Tagging is not
 * currently supported"); we implement them as DynamoDB does, since infra code depends on them.
 */
import type { Engine, Operation } from '../engine.ts'
import { LocalError, validationError } from '../errors.ts'
import type { TableMeta } from '../storage/types.ts'

const ARN = /^arn:aws:dynamodb:[^:]*:[^:]*:table\/([^/]+)$/

function tableOf(engine: Engine, arn: unknown): TableMeta {
  if (typeof arn !== 'string') throw validationError("1 validation error detected: Value null at 'resourceArn' failed to satisfy constraint: Member must not be null")
  const m = ARN.exec(arn)
  if (!m) throw validationError(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`)
  const meta = engine.findTable(m[1]!)
  if (!meta) throw new LocalError('ResourceNotFoundException', `Requested resource not found: ResourcArn: ${arn} not found`)
  return meta
}

const tagResource: Operation = (engine, input) => {
  const meta = tableOf(engine, input.ResourceArn)
  const tags = input.Tags as { Key: string; Value: string }[] | undefined
  if (!Array.isArray(tags) || tags.length === 0) throw validationError('Atleast one Tag needs to be provided as Input.')
  const next = { ...meta, tags: { ...meta.tags } }
  for (const t of tags) next.tags[t.Key] = t.Value
  if (Object.keys(next.tags).length > 50) throw validationError('One or more parameter values were invalid: Too many tags attached to resource')
  engine.saveTable(next)
  return {}
}

const untagResource: Operation = (engine, input) => {
  const meta = tableOf(engine, input.ResourceArn)
  const keys = input.TagKeys as string[] | undefined
  if (!Array.isArray(keys) || keys.length === 0) throw validationError('Atleast one Tag Key needs to be provided as Input.')
  const next = { ...meta, tags: { ...meta.tags } }
  for (const k of keys) delete next.tags[k]
  engine.saveTable(next)
  return {}
}

const listTagsOfResource: Operation = (engine, input) => {
  const meta = tableOf(engine, input.ResourceArn)
  return { Tags: Object.entries(meta.tags).map(([Key, Value]) => ({ Key, Value })) }
}

export const tagOperations: Record<string, Operation> = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsOfResource: listTagsOfResource,
}
