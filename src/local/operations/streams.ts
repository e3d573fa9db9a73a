/**
 * DynamoDB Streams: ListStreams, DescribeStream, GetShardIterator, GetRecords. Each stream has
 * one shard; records are the `stream_records` rows written with every item change.
 */
import type { AttributeMap } from '../../dynamodb/attribute-value.ts'
import type { Engine, Operation } from '../engine.ts'
import { LocalError, validationError } from '../errors.ts'
import { integerMember } from './common.ts'
import type { StreamMeta, TableMeta } from '../storage/types.ts'
import { itemSize } from '../../dynamodb/value-rules.ts'

const STREAM_ARN = /^arn:aws:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\/(.+)$/

function seqText(seq: number): string {
  return String(seq).padStart(21, '0')
}

function shardId(stream: StreamMeta): string {
  const suffix = (Bun.hash.crc32(stream.arn) >>> 0).toString(16).padStart(8, '0')
  return `shardId-${String(Math.floor(stream.createdAt * 1000)).padStart(20, '0')}-${suffix}`
}

function streamOf(engine: Engine, arn: unknown): { meta: TableMeta; stream: StreamMeta } {
  if (typeof arn !== 'string') throw validationError("1 validation error detected: Value null at 'streamArn' failed to satisfy constraint: Member must not be null")
  const m = STREAM_ARN.exec(arn)
  const meta = m ? engine.findTable(m[1]!) : undefined
  if (!meta?.stream || meta.stream.arn !== arn) throw new LocalError('ResourceNotFoundException', `Requested resource not found: Stream: ${arn} not found`)
  return { meta, stream: meta.stream }
}

const listStreams: Operation = (engine, input) => {
  const limit = integerMember(input, 'Limit') ?? 100
  let tables = engine.allTables().filter((t) => t.stream)
  if (typeof input.TableName === 'string') tables = tables.filter((t) => t.name === input.TableName)
  const streams = tables.map((t) => ({ StreamArn: t.stream!.arn, TableName: t.name, StreamLabel: t.stream!.label })).sort((a, b) => (a.StreamArn < b.StreamArn ? -1 : 1))
  const start = input.ExclusiveStartStreamArn as string | undefined
  const rest = start ? streams.filter((s) => s.StreamArn > start) : streams
  const page = rest.slice(0, limit)
  const out: Record<string, unknown> = { Streams: page }
  if (rest.length > limit) out.LastEvaluatedStreamArn = page[page.length - 1]!.StreamArn
  return out
}

const describeStream: Operation = (engine, input) => {
  const { meta, stream } = streamOf(engine, input.StreamArn)
  const range: Record<string, string> = { StartingSequenceNumber: seqText(engine.store.streams.firstSeq(meta.id) ?? 1) }
  if (!stream.enabled) range.EndingSequenceNumber = seqText(engine.store.streams.lastSeq(meta.id) ?? 1)
  return {
    StreamDescription: {
      StreamArn: stream.arn,
      StreamLabel: stream.label,
      StreamStatus: stream.enabled ? 'ENABLED' : 'DISABLED',
      StreamViewType: stream.viewType,
      CreationRequestDateTime: Math.round(stream.createdAt * 1000) / 1000,
      TableName: meta.name,
      KeySchema: meta.keySchema,
      Shards: [{ ShardId: shardId(stream), SequenceNumberRange: range }],
    },
  }
}

interface Iterator {
  arn: string
  /** Records with seq greater than this are next. */
  after: number
}

function encodeIterator(it: Iterator): string {
  return Buffer.from(JSON.stringify(it)).toString('base64')
}

const getShardIterator: Operation = (engine, input) => {
  const { meta, stream } = streamOf(engine, input.StreamArn)
  if (input.ShardId !== shardId(stream)) throw new LocalError('ResourceNotFoundException', 'Shard does not exist')
  const type = input.ShardIteratorType
  const seq = Number(input.SequenceNumber)
  let after: number
  switch (type) {
    case 'TRIM_HORIZON':
      after = 0
      break
    case 'LATEST':
      after = engine.store.streams.lastSeq(meta.id) ?? 0
      break
    case 'AT_SEQUENCE_NUMBER':
    case 'AFTER_SEQUENCE_NUMBER':
      if (!Number.isFinite(seq)) throw validationError('One or more parameter values were invalid: Invalid SequenceNumber')
      after = type === 'AT_SEQUENCE_NUMBER' ? seq - 1 : seq
      break
    default:
      throw validationError(`1 validation error detected: Value '${String(type)}' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]`)
  }
  return { ShardIterator: encodeIterator({ arn: stream.arn, after }) }
}

const getRecords: Operation = (engine, input) => {
  let it: Iterator
  try {
    it = JSON.parse(Buffer.from(String(input.ShardIterator), 'base64').toString()) as Iterator
  } catch {
    throw validationError('Invalid ShardIterator')
  }
  const { meta, stream } = streamOf(engine, it.arn)
  const limit = integerMember(input, 'Limit') ?? 1000
  const rows = engine.store.streams.read(meta.id, it.after, limit)
  const records = rows.map((row) => {
    const event = row.event
    // DynamoDB Local reports creation times rounded down to the minute.
    const data: Record<string, unknown> = { ApproximateCreationDateTime: Math.floor(row.at / 60) * 60, Keys: event.keys }
    if (stream.viewType === 'NEW_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES') if (event.newImage) data.NewImage = event.newImage
    if (stream.viewType === 'OLD_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES') if (event.oldImage) data.OldImage = event.oldImage
    data.SequenceNumber = seqText(row.seq)
    data.SizeBytes = itemSize(event.keys) + itemSize((data.NewImage as AttributeMap | undefined) ?? {}) + itemSize((data.OldImage as AttributeMap | undefined) ?? {})
    data.StreamViewType = stream.viewType
    const record: Record<string, unknown> = { eventID: event.id ?? String(row.seq), eventName: event.name, eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'ddblocal', dynamodb: data }
    if (event.userIdentity) record.userIdentity = event.userIdentity
    return record
  })
  const last = rows[rows.length - 1]
  const out: Record<string, unknown> = { Records: records }
  if (stream.enabled || rows.length === limit) out.NextShardIterator = encodeIterator({ arn: it.arn, after: last?.seq ?? it.after })
  return out
}

export const streamOperations: Record<string, Operation> = {
  ListStreams: listStreams,
  DescribeStream: describeStream,
  GetShardIterator: getShardIterator,
  GetRecords: getRecords,
}
