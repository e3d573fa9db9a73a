/**
 * TagResource, UntagResource, ListTagsOfResource, and the tag rules CreateTable shares. DynamoDB
 * Local refuses these ("Tagging is not currently supported"); we answer as DynamoDB does, in its
 * order: member shapes, then the ARN, then the tags (all-or-nothing), then the table lookup.
 * Any region and account in an ARN name this engine's tables (it has one of each).
 */
import type { Engine, Operation } from '../engine.ts'
import { LocalError, serializationError, validationError } from '../errors.ts'
import type { TableMeta } from '../storage/types.ts'

const MAX_TAGS = 50
const MAX_ARN = 1283
/** Letters, separators and digits of any script, plus `_ . : / = + - @` (DynamoDB's tag character set). */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/

const invalid = (detail: string) => validationError(`One or more parameter values were invalid: ${detail}`)
const tooMany = () => validationError('Number of Tags exceed the current limit for the provided ResourceArn')
const notNull = (member: string) => validationError(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`)
/** Tag lengths count Unicode characters, not UTF-16 units. */
const chars = (s: string) => [...s].length

/** The ARN's member constraints (checked with the other members' shapes, before its meaning). */
function checkArnShape(arn: unknown): string {
  if (typeof arn !== 'string') throw notNull('resourceArn')
  if (arn === '') throw validationError("1 validation error detected: Value '' at 'resourceArn' failed to satisfy constraint: Member must have length greater than or equal to 1")
  if (arn.length > MAX_ARN) throw validationError(`1 validation error detected: Value '${arn}' at 'resourceArn' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ARN}`)
  return arn
}

/** The table an ARN names: `arn:<partition>:dynamodb:<region>:<account>:table/<name>` (a stream ARN names no taggable resource). */
function tableNameOf(arn: string): { name: string; stream: boolean } {
  if (!arn.startsWith('arn:')) throw invalid(`ARNs must start with 'arn:': ${arn}`)
  const parts = arn.split(':')
  if (parts.length < 6 || parts[2] !== 'dynamodb') throw invalid(`Provided Arn is not a DynamoDB resource arn: ${arn}`)
  const m = /^table\/([^/]+)(?:\/(index|stream)\/[^/]+)?$/.exec(parts.slice(5).join(':'))
  if (m?.[2] === 'index') throw invalid(`Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${arn}`)
  if (!m || !TABLE_NAME.test(m[1]!)) throw validationError(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`)
  return { name: m[1]!, stream: m[2] === 'stream' }
}

function lookup(engine: Engine, arn: string, target: { name: string; stream: boolean }): TableMeta {
  const meta = target.stream ? undefined : engine.findTable(target.name)
  if (!meta) throw new LocalError('ResourceNotFoundException', `Requested resource not found: ResourceArn: ${arn} not found`)
  return meta
}

function checkKey(key: unknown): string {
  if (key === undefined || key === null) throw validationError('The Tag Key provided is invalid, Key: null')
  if (typeof key !== 'string') throw serializationError('Unexpected value type in payload: Tag Key must be a string')
  if (key === '' || chars(key) > 128 || !TAG_TEXT.test(key)) throw validationError(`The Tag Key provided is invalid, Key: ${key}`)
  return key
}

/**
 * A request's tags as DynamoDB checks them (TagResource, and CreateTable's `Tags`): each key and
 * value, the reserved `aws:` prefix, duplicates, at most 50. Returns them in request order.
 */
export function readTags(raw: unknown[]): [string, string][] {
  const out = new Map<string, string>()
  for (const tag of raw) {
    if (!tag || typeof tag !== 'object' || Array.isArray(tag)) throw serializationError('Start of structure or map expected: Tags must be a list of {Key, Value}')
    const { Key, Value } = tag as { Key?: unknown; Value?: unknown }
    const key = checkKey(Key)
    if (key.startsWith('aws:')) throw validationError(`Tag Key cannot be prefixed with aws:, Key: ${key}`)
    if (Value === undefined || Value === null) throw validationError('The Tag Value provided is invalid, Value: null')
    if (typeof Value !== 'string') throw serializationError('Unexpected value type in payload: Tag Value must be a string')
    if (chars(Value) > 256 || !TAG_TEXT.test(Value)) throw validationError(`The Tag Value provided is invalid, Value: ${Value}`)
    if (out.has(key)) throw validationError(`Duplicate Tag Keys provided as input: Duplicate Tag Key found ${key}`)
    out.set(key, Value)
  }
  if (out.size > MAX_TAGS) throw tooMany()
  return [...out]
}

const tagResource: Operation = (engine, input) => {
  const arn = checkArnShape(input.ResourceArn)
  const tags = input.Tags as unknown[] | undefined
  if (!tags) throw notNull('tags')
  const target = tableNameOf(arn)
  if (tags.length === 0) throw validationError('Atleast one Tag needs to be provided as Input.')
  const added = readTags(tags)
  const meta = lookup(engine, arn, target)
  const next = { ...meta, tags: { ...meta.tags, ...Object.fromEntries(added) } }
  if (Object.keys(next.tags).length > MAX_TAGS) throw tooMany()
  engine.saveTable(next)
  return {}
}

const untagResource: Operation = (engine, input) => {
  const arn = checkArnShape(input.ResourceArn)
  const keys = input.TagKeys as unknown[] | undefined
  if (!keys) throw notNull('tagKeys')
  const target = tableNameOf(arn)
  if (keys.length === 0) throw validationError('Atleast one Tag Key needs to be provided as Input.')
  const removed = keys.map(checkKey)
  if (keys.length > MAX_TAGS) throw tooMany()
  const meta = lookup(engine, arn, target)
  const next = { ...meta, tags: { ...meta.tags } }
  // A key the table does not carry is no error.
  for (const key of removed) delete next.tags[key]
  engine.saveTable(next)
  return {}
}

const listTagsOfResource: Operation = (engine, input) => {
  const arn = checkArnShape(input.ResourceArn)
  const meta = lookup(engine, arn, tableNameOf(arn))
  // At most 50 tags: one page, never a NextToken.
  return { Tags: Object.entries(meta.tags).map(([Key, Value]) => ({ Key, Value })) }
}

export const tagOperations: Record<string, Operation> = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsOfResource: listTagsOfResource,
}
