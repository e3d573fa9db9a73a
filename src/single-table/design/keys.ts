/**
 * Key templates (`POST#{postId}`): parsing, rendering values into them, write shards, and the
 * clash check that keeps two kinds of item from answering the same key condition.
 */
import { SingleTableError } from '../errors.ts'
import { param, template, type TemplateOperand } from '../../dynamodb/expressions/index.ts'
import { snake } from '../names.ts'
import type { KeyPattern, ResolvedSingleTableConfig } from './types.ts'

/** Name of the computed shard input of "list all" keys. */
export const SHARD_INPUT = 'shard'

export type KeySegment = { literal: string } | { input: string }

/** Templates are few and rendered on every write and read by key: parse each once. */
const parsed = new Map<string, readonly KeySegment[]>()

export function parseTemplate(template: string): readonly KeySegment[] {
  let segments = parsed.get(template)
  if (segments === undefined) {
    segments = Object.freeze(parseTemplateText(template))
    parsed.set(template, segments)
  }
  return segments
}

function parseTemplateText(template: string): KeySegment[] {
  const segments: KeySegment[] = []
  const re = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g
  let last = 0
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) segments.push({ literal: template.slice(last, m.index) })
    segments.push({ input: m[1] as string })
    last = m.index + m[0].length
  }
  if (last < template.length) segments.push({ literal: template.slice(last) })
  if (/[{}]/.test(segments.map((s) => ('literal' in s ? s.literal : '')).join(''))) {
    throw new SingleTableError('INVALID_KEY_PATTERN', `key template ${JSON.stringify(template)} has an unbalanced or invalid {placeholder}`)
  }
  return segments
}

export function keyPattern(attribute: string, template: string): KeyPattern {
  const inputs = parseTemplate(template).flatMap((s) => ('input' in s ? [s.input] : []))
  return { attribute, template, inputs }
}

/** The key template as an expression operand: its literal text and one `param()` per input. */
export function keyTemplate(pattern: KeyPattern): TemplateOperand {
  return template(...parseTemplate(pattern.template).map((s) => ('literal' in s ? s.literal : param(s.input))))
}

/** The literal text before the first placeholder: what `begins_with` can match on. */
export function literalPrefix(template: string): string {
  const first = parseTemplate(template)[0]
  return first && 'literal' in first ? first.literal : ''
}

/** The template with every placeholder blanked: two templates with the same shape share key space. */
function templateShape(template: string): string {
  return template.replace(/\{[^}]*\}/g, '{}')
}

export function entityPrefix(name: string, style: ResolvedSingleTableConfig['keyPrefix']): string {
  if (style === 'pascal') return name
  if (style === 'snake') return snake(name).toUpperCase()
  return name.toUpperCase()
}

/** Integers are zero-padded to this width in keys so they sort by value, not by text. */
const INT_WIDTH = 12

/** Formats one value for a key. Integer inputs from 0 to 10^12 - 1 are zero-padded. */
export function formatKeyValue(value: unknown, integer: boolean): string {
  if (value instanceof Date) return value.toISOString()
  if (integer) {
    const n = typeof value === 'bigint' ? value : typeof value === 'number' ? value : Number(String(value))
    if ((typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 10 ** INT_WIDTH) || (typeof n === 'bigint' && n >= 0n && n < 10n ** BigInt(INT_WIDTH))) {
      return String(n).padStart(INT_WIDTH, '0')
    }
  }
  return String(value)
}

/**
 * Renders a template. `values` must hold every input; `integerInputs` names inputs that are
 * padded. Returns the missing inputs instead of a key when some are absent (null counts as absent).
 */
export function renderTemplate(
  template: string,
  values: Record<string, unknown>,
  integerInputs: ReadonlySet<string> = new Set(),
): { key: string; missing: [] } | { key?: undefined; missing: string[] } {
  const missing: string[] = []
  let key = ''
  for (const segment of parseTemplate(template)) {
    if ('literal' in segment) {
      key += segment.literal
      continue
    }
    const value = values[segment.input]
    if (value === undefined || value === null || value === '') {
      missing.push(segment.input)
      continue
    }
    key += formatKeyValue(value, integerInputs.has(segment.input))
  }
  return missing.length > 0 ? { missing } : { key, missing: [] }
}

/** FNV-1a: a stable, fast hash so an id always lands on the same write shard. */
export function shardOf(id: unknown, shards: number): number {
  if (shards <= 1) return 0
  let hash = 0x811c9dc5
  const text = String(id)
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash % shards
}

/** One kind of item in one key space (the base table or an index). */
export interface KeySpaceEntry {
  owner: string
  space: string
  pk: string
  sk: string
}

/**
 * Two kinds of item clash when they can share a partition and one's sort-key prefix is a prefix of
 * the other's: a `begins_with` query for one would return the other's items.
 */
export function checkKeyClashes(entries: readonly KeySpaceEntry[], fileOf: (owner: string) => string | undefined): void {
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i] as KeySpaceEntry
      const b = entries[j] as KeySpaceEntry
      if (a.space !== b.space || a.owner === b.owner) continue
      const pkA = templateShape(a.pk)
      const pkB = templateShape(b.pk)
      const samePartition = pkA === pkB || pkA.startsWith('{}') || pkB.startsWith('{}')
      if (!samePartition) continue
      const skA = literalPrefix(a.sk)
      const skB = literalPrefix(b.sk)
      if (skA.startsWith(skB) || skB.startsWith(skA)) {
        const file = fileOf(b.owner) ?? fileOf(a.owner)
        throw new SingleTableError(
          'KEY_PATTERN_CLASH',
          `${b.owner}${fileOf(b.owner) ? ` (${fileOf(b.owner)})` : ''}: key pattern ${b.pk} / ${b.sk} clashes with ${a.owner}'s ${a.pk} / ${a.sk} in ${a.space}: ` +
            `their items share partitions and sort-key prefix "${skA.length <= skB.length ? skA : skB}"; give one of them another prefix (dynamodb.prefix) or key template`,
          { file, model: b.owner, field: 'dynamodb' },
        )
      }
    }
  }
}
