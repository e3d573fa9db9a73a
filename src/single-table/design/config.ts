/** Defaults and checks for `SingleTableConfig` (the `singleTableDesign` section of the config). */
import { SingleTableError } from '../errors.ts'
import type { ResolvedSingleTableConfig, SingleTableConfig } from './types.ts'

export const DEFAULT_SINGLE_TABLE_CONFIG: ResolvedSingleTableConfig = {
  tableName: 'dbtooling',
  partitionKey: 'pk',
  sortKey: 'sk',
  delimiter: '#',
  entityTypeAttribute: '_et',
  gsiCount: 5,
  lsiCount: 5,
  keyPrefix: 'upper',
  billing: 'PAY_PER_REQUEST',
  ttlAttribute: 'expiresAt',
  stream: false,
  listShards: 4,
}

function bad(field: string, message: string): never {
  throw new SingleTableError('INVALID_CONFIG', `singleTableDesign.${field}: ${message}`, { field })
}

/**
 * The name CreateTable accepts. Checked when a table is derived, not when the config resolves:
 * other commands may name an existing table by ARN.
 */
export function checkTableName(tableName: string): void {
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(tableName)) bad('tableName', `"${tableName}" is not a valid DynamoDB table name`)
}

export function resolveSingleTableConfig(config: SingleTableConfig = {}): ResolvedSingleTableConfig {
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as SingleTableConfig
  const stream = defined.stream === true ? 'NEW_AND_OLD_IMAGES' : (defined.stream ?? false)
  const out: ResolvedSingleTableConfig = { ...DEFAULT_SINGLE_TABLE_CONFIG, ...defined, stream } as ResolvedSingleTableConfig
  for (const field of ['tableName', 'partitionKey', 'sortKey', 'delimiter', 'entityTypeAttribute', 'ttlAttribute'] as const) {
    if (typeof out[field] !== 'string' || out[field] === '') bad(field, 'expected a non-empty string')
  }
  if (/[{}]/.test(out.delimiter)) bad('delimiter', 'must not contain { or }')
  if (new Set([out.partitionKey, out.sortKey, out.entityTypeAttribute]).size !== 3) {
    bad('partitionKey', 'partitionKey, sortKey and entityTypeAttribute must be different names')
  }
  if (!Number.isInteger(out.gsiCount) || out.gsiCount < 0 || out.gsiCount > 20) bad('gsiCount', 'expected a whole number from 0 to 20')
  if (!Number.isInteger(out.lsiCount) || out.lsiCount < 0 || out.lsiCount > 5) bad('lsiCount', 'expected a whole number from 0 to 5')
  if (!Number.isInteger(out.listShards) || out.listShards < 1 || out.listShards > 1000) bad('listShards', 'expected a whole number from 1 to 1000')
  if (!['upper', 'snake', 'pascal'].includes(out.keyPrefix)) bad('keyPrefix', 'expected "upper", "snake" or "pascal"')
  if (out.billing !== 'PAY_PER_REQUEST') {
    const b = out.billing
    if (typeof b !== 'object' || !(b.readCapacityUnits > 0) || !(b.writeCapacityUnits > 0)) {
      bad('billing', 'expected "PAY_PER_REQUEST" or { readCapacityUnits, writeCapacityUnits }')
    }
  }
  if (out.stream !== false && !['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'].includes(out.stream)) {
    bad('stream', 'expected true, false or a StreamViewType')
  }
  return out
}
