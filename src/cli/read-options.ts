/**
 * Pieces the reading commands share (query, scan, export, import): a table's key schema from
 * DescribeTable, positive-integer flags and `--project` lists.
 */
import { UsageError, type CommandContext } from './command.ts'
import type { Connection } from './connect.ts'
import { EXPRESSION_FLAGS } from './raw-expression.ts'

/** `--filter` with `--names`/`--values`, and `--project`: the same on scan, query and export. */
export const FILTER_PROJECT_FLAGS = {
  filter: { type: 'string', value: '<expression>', description: 'filter expression, e.g. "#s = :s" with --names/--values' },
  ...EXPRESSION_FLAGS,
  project: { type: 'string', value: '<paths>', description: 'comma-separated attribute paths to return' },
} as const

export interface KeySchema {
  hash: { name: string; type: string }
  range?: { name: string; type: string }
}

/** Key attribute names and types of the table or one of its indexes. */
export async function keySchema(conn: Connection, table: string, index?: string): Promise<KeySchema> {
  const out = (await conn.client.send('DescribeTable', { TableName: table } as never)) as {
    Table: {
      KeySchema: { AttributeName: string; KeyType: string }[]
      AttributeDefinitions: { AttributeName: string; AttributeType: string }[]
      GlobalSecondaryIndexes?: { IndexName: string; KeySchema: { AttributeName: string; KeyType: string }[] }[]
      LocalSecondaryIndexes?: { IndexName: string; KeySchema: { AttributeName: string; KeyType: string }[] }[]
    }
  }
  const t = out.Table
  let schema = t.KeySchema
  if (index) {
    const found = [...(t.GlobalSecondaryIndexes ?? []), ...(t.LocalSecondaryIndexes ?? [])].find(i => i.IndexName === index)
    if (!found) {
      const names = [...(t.GlobalSecondaryIndexes ?? []), ...(t.LocalSecondaryIndexes ?? [])].map(i => i.IndexName)
      throw new UsageError(`table ${table} has no index ${index}${names.length ? `; indexes: ${names.join(', ')}` : ''}`)
    }
    schema = found.KeySchema
  }
  const type = (name: string) => t.AttributeDefinitions.find(d => d.AttributeName === name)?.AttributeType ?? 'S'
  const hash = schema.find(k => k.KeyType === 'HASH')!.AttributeName
  const range = schema.find(k => k.KeyType === 'RANGE')?.AttributeName
  return { hash: { name: hash, type: type(hash) }, ...(range ? { range: { name: range, type: type(range) } } : {}) }
}

/** The key attribute names, hash first. */
export function keyNames(schema: KeySchema): string[] {
  return [schema.hash.name, ...(schema.range ? [schema.range.name] : [])]
}

export function numberFlag(ctx: CommandContext, flag: string): number | undefined {
  if (ctx.flags[flag] === undefined) return undefined
  const n = Number(ctx.flags[flag])
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} ${ctx.flags[flag]}: expected a positive integer`)
  return n
}

/** `--project a,b.c` as a list of attribute paths. */
export function projectionFlag(ctx: CommandContext): string[] | undefined {
  return ctx.flags.project ? String(ctx.flags.project).split(',').map(s => s.trim()).filter(Boolean) : undefined
}
