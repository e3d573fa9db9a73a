/** UpdateTimeToLive, DescribeTimeToLive, and the sweeper that deletes expired items. */
import type { AttributeMap } from '../../dynamodb/attribute-value.ts'
import type { Engine, Operation } from '../engine.ts'
import { validationError } from '../errors.ts'
import { checkName } from './common.ts'

const updateTimeToLive: Operation = (engine, input) => {
  checkName(input.TableName)
  const meta = engine.table(input.TableName)
  const spec = input.TimeToLiveSpecification as { Enabled?: boolean; AttributeName?: string } | undefined
  if (!spec) throw validationError("1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null")
  if (typeof spec.AttributeName !== 'string' || spec.AttributeName === '') throw validationError("1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null")
  const enabled = spec.Enabled === true
  if (enabled && meta.ttl?.enabled) throw validationError('TimeToLive is already enabled')
  if (!enabled && !meta.ttl?.enabled) throw validationError('TimeToLive is already disabled')
  if (!enabled && meta.ttl && meta.ttl.attribute !== spec.AttributeName) throw validationError('TimeToLive is active on a different AttributeName')
  const next = { ...meta, ttl: { attribute: spec.AttributeName, enabled } }
  engine.store.transaction(() => {
    engine.saveTable(next)
    engine.store.refreshTtl(next)
  })
  return { TimeToLiveSpecification: { Enabled: enabled, AttributeName: spec.AttributeName } }
}

const describeTimeToLive: Operation = (engine, input) => {
  checkName(input.TableName)
  const meta = engine.table(input.TableName)
  if (!meta.ttl?.enabled) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: meta.ttl.attribute } }
}

export const ttlOperations: Record<string, Operation> = {
  UpdateTimeToLive: updateTimeToLive,
  DescribeTimeToLive: describeTimeToLive,
}

const TTL_IDENTITY = { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' }

/** Deletes items whose TTL has passed; returns how many. Stream records carry the TTL identity. */
export function sweepExpired(engine: Engine, now = Date.now() / 1000, limit = 1000): number {
  const byId = new Map(engine.allTables().map((t) => [t.id, t]))
  const rows = engine.store.expired(now, limit)
  if (rows.length === 0) return 0
  engine.store.transaction(() => {
    for (const row of rows) {
      const meta = byId.get(row.tid)
      if (!meta) continue
      const old = JSON.parse(row.item) as AttributeMap
      engine.store.write(meta, { hh: row.hh, hk: row.hk, rk: row.rk }, old, undefined, TTL_IDENTITY)
    }
  })
  return rows.length
}

export function startTtlSweeper(engine: Engine, intervalMs: number): { stop(): void } {
  let ticks = 0
  const timer = setInterval(() => {
    try {
      sweepExpired(engine)
      // The trim scans the stream table; once a minute is plenty for a 24-hour retention.
      if (ticks++ % Math.max(1, Math.round(60_000 / intervalMs)) === 0) trimStreams(engine)
    } catch {
      // A sweep failing (e.g. database closed during shutdown) must never crash the server.
    }
  }, intervalMs)
  timer.unref?.()
  return { stop: () => clearInterval(timer) }
}

const STREAM_RETENTION_SECONDS = 24 * 60 * 60

/** Stream records live 24 hours, as in DynamoDB. */
export function trimStreams(engine: Engine, now = Date.now() / 1000): void {
  engine.store.streams.trim(now - STREAM_RETENTION_SECONDS)
}
