/** People-readable output: the access-pattern document (markdown) and JSON. */
import type { AccessPattern, DerivedSchema } from './types.ts'

/** Pretty JSON with each attribute value on one line: `":pk": { "S": "USER#1" }`. */
function compactJSON(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\{\n\s+("(?:S|N|BOOL)": (?:"(?:[^"\\]|\\.)*"|true|false))\n\s+\}/g, '{ $1 }')
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

/**
 * Markdown: with a schema, first the table and its indexes and the entity key chart; then one
 * section per entity listing its patterns, and each pattern's example request.
 */
export function renderAccessPatternsMarkdown(patterns: readonly AccessPattern[], schema?: DerivedSchema): string {
  const lines: string[] = ['# Access patterns', '']
  if (schema) lines.push(...renderSchemaMarkdown(schema), '')
  const ops = patterns.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.operation]: (acc[p.operation] ?? 0) + 1 }), {})
  lines.push(`${patterns.length} patterns: ${Object.entries(ops).map(([op, n]) => `${n} ${op}`).join(', ')}, no Scan.`, '')
  const entities = [...new Set(patterns.map((p) => p.entity))]
  for (const entity of entities) {
    lines.push(`## ${entity}`, '', '| pattern | what | operation | index | key condition | notes |', '|---|---|---|---|---|---|')
    for (const p of patterns.filter((x) => x.entity === entity)) {
      lines.push(`| \`${p.name}\` | ${cell(p.description)} | ${p.operation} | ${p.index ?? 'table'} | \`${cell(p.keyCondition)}\` | ${cell(p.notes.join(' '))} |`)
    }
    lines.push('')
    for (const p of patterns.filter((x) => x.entity === entity)) {
      lines.push(`<details><summary><code>${p.name}</code> example request</summary>`, '', '```json', compactJSON({ [p.operation]: p.example }), '```', '', '</details>', '')
    }
  }
  return `${lines.join('\n').trimEnd()}\n`
}

/** The table, its indexes, and a key chart (entity → key templates). */
export function renderSchemaMarkdown(schema: DerivedSchema): string[] {
  const t = schema.table
  const lines: string[] = [`## Table \`${t.TableName}\``, '']
  const keys = (ks: { AttributeName: string; KeyType: string }[]): string => ks.map((k) => `${k.AttributeName} (${k.KeyType})`).join(', ')
  lines.push('| index | keys | projection |', '|---|---|---|', `| table | ${keys(t.KeySchema)} | |`)
  for (const g of t.GlobalSecondaryIndexes ?? []) lines.push(`| ${g.IndexName} (GSI) | ${keys(g.KeySchema)} | ${g.Projection.ProjectionType} |`)
  for (const l of t.LocalSecondaryIndexes ?? []) lines.push(`| ${l.IndexName} (LSI) | ${keys(l.KeySchema)} | ${l.Projection.ProjectionType} |`)
  lines.push('', `Billing: ${t.BillingMode}${schema.ttl ? ` · TTL attribute: \`${schema.ttl.attribute}\`` : ''}${t.StreamSpecification ? ` · stream: ${t.StreamSpecification.StreamViewType}` : ''}`, '')
  const indexNames = [...(t.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName), ...(t.LocalSecondaryIndexes ?? []).map((l) => l.IndexName)]
  lines.push(`| entity | ${schema.config.partitionKey} | ${schema.config.sortKey} | ${indexNames.join(' | ')} |`, `|---|---|---|${indexNames.map(() => '---|').join('')}`)
  for (const e of schema.entities) {
    const cols = indexNames.map((name) => {
      const k = e.indexKeys.find((x) => x.index === name)
      return k ? cell(`${k.pk ? `${k.pk.template} / ` : ''}${k.sk.template}`) : ''
    })
    lines.push(`| ${e.name}${e.kind === 'edge' ? ' (edge)' : ''} | ${cell(e.keys.pk.template)} | ${cell(e.keys.sk.template)} | ${cols.join(' | ')} |`)
  }
  const uniques = schema.entities.flatMap((e) => e.uniques.map((u) => `${e.name}.${u.attributes.join('+')}`))
  if (uniques.length > 0) lines.push('', `Unique sentinels (\`UNIQUE${schema.config.delimiter}<Entity>${schema.config.delimiter}<attr>${schema.config.delimiter}<value>\`): ${uniques.join(', ')}`)
  lines.push('', '### Design notes', '', ...schema.notes.map((n) => `- ${n}`))
  return lines
}

/** The patterns as JSON, expression trees included (they are plain data). */
export function renderAccessPatternsJSON(patterns: readonly AccessPattern[]): string {
  return `${JSON.stringify(patterns, null, 2)}\n`
}
