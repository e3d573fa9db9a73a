/**
 * The placeholder space of one request. Every expression of the request (key condition, filter,
 * projection, update, condition) compiles into the same context, so aliases never collide: a
 * name gets one `#n` alias however often it appears, an identical value (same marshalled JSON)
 * one `:v` placeholder. Only what an expression actually uses is ever allocated.
 */
import type { AttributeValue } from '../attribute-value.ts'
import { attributeValueSize, utf8Length } from '../value-rules.ts'
import { MarshallError, marshallValue, type MarshallOptions } from '../marshall.ts'
import { ExpressionError } from './errors.ts'
import { formatPath, type Path } from './paths.ts'

/** DynamoDB: an expression attribute name or value placeholder is at most 255 bytes. */
export const MAX_PLACEHOLDER_BYTES = 255
/** DynamoDB: all ExpressionAttributeNames and ExpressionAttributeValues together at most 2 MB. */
export const MAX_SUBSTITUTION_BYTES = 2 * 1024 * 1024

export interface CompileOptions {
  /** How values are marshalled (e.g. `removeUndefinedValues` inside map values). */
  marshall?: MarshallOptions
  /** Values of the tree's `param()` operands, by name. */
  params?: Readonly<Record<string, unknown>>
  /**
   * Readable placeholders for some attributes: `{ GSI1PK: 'pk' }` writes `#pk` for the name and
   * `:pk` for the first value compared with it (stable requests for docs and logs). Others get
   * `#n0`, `:v0`, ...
   */
  aliases?: Readonly<Record<string, string>>
}

const ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/
const GENERATED = /^[nv][0-9]+$/

function checkAliases(aliases: Readonly<Record<string, string>>): void {
  const seen = new Map<string, string>()
  for (const [name, alias] of Object.entries(aliases)) {
    if (typeof alias !== 'string' || !ALIAS.test(alias) || GENERATED.test(alias)) {
      throw new ExpressionError('InvalidOperand', `aliases.${name}: ${JSON.stringify(alias)} is not a usable alias; use letters, digits and _ (not n0, v0, ... which are generated).`)
    }
    const other = seen.get(alias)
    if (other !== undefined) throw new ExpressionError('InvalidOperand', `aliases: ${other} and ${name} both use ${JSON.stringify(alias)}; give each attribute its own alias.`)
    seen.set(alias, name)
  }
}

/** What one expression used, for the per-expression limits (see compile.ts). */
export interface ExpressionUsage {
  /** Operators and functions (`=`, AND, NOT, BETWEEN, size(), if_not_exists, `+`, ...). */
  operators: number
  /** Bytes of the distinct attribute names and values the expression refers to. */
  substitutionBytes: number
}

export class PlaceholderSpace {
  readonly names: Record<string, string> = {}
  readonly values: Record<string, AttributeValue> = {}
  private readonly aliasByName = new Map<string, string>()
  private readonly placeholderByJson = new Map<string, string>()
  private readonly bytesByPlaceholder = new Map<string, number>()
  private substitutionBytes = 0
  private usage: ExpressionUsage = { operators: 0, substitutionBytes: 0 }
  private usedInExpression = new Set<string>()

  constructor(readonly options: CompileOptions = {}) {
    if (options.aliases !== undefined) checkAliases(options.aliases)
  }

  /** The `#n` alias of an attribute name. */
  name(name: string): string {
    let alias = this.aliasByName.get(name)
    if (alias === undefined) {
      alias = this.preferred('#', name) ?? `#n${this.aliasByName.size}`
      this.aliasByName.set(name, alias)
      this.names[alias] = name
      this.bytesByPlaceholder.set(alias, utf8Length(name))
      this.count(alias, utf8Length(alias) + utf8Length(name))
    }
    this.use(alias)
    return alias
  }

  /** A document path with every name aliased: `#n0.#n1[2]`. */
  path(path: Path): string {
    let out = ''
    for (const segment of path) {
      out += typeof segment === 'number' ? `[${segment}]` : out === '' ? this.name(segment) : `.${this.name(segment)}`
    }
    return out
  }

  /**
   * The `:v` placeholder of a value, marshalled now. `near` is the path the value belongs to,
   * for error messages. Returns the marshalled value too, for callers that check its type.
   */
  value(value: unknown, near?: Path): { placeholder: string; attributeValue: AttributeValue } {
    let av: AttributeValue
    try {
      av = marshallValue(value, this.options.marshall)
    } catch (error) {
      if (!(error instanceof MarshallError)) throw error
      const where = near === undefined ? 'an expression value' : `the value for ${formatPath(near)}`
      throw new ExpressionError('InvalidValue', `Cannot use ${where}: ${error.message}`, { cause: error })
    }
    const json = JSON.stringify(av)
    let placeholder = this.placeholderByJson.get(json)
    if (placeholder === undefined) {
      placeholder = (near?.length === 1 ? this.preferred(':', String(near[0])) : undefined) ?? `:v${this.placeholderByJson.size}`
      this.placeholderByJson.set(json, placeholder)
      this.values[placeholder] = av
      const size = attributeValueSize(av)
      this.bytesByPlaceholder.set(placeholder, size)
      this.count(placeholder, utf8Length(placeholder) + size)
    }
    this.use(placeholder)
    return { placeholder, attributeValue: av }
  }

  /** `#alias` / `:alias` from the options, unless another name or value has it already. */
  private preferred(sigil: '#' | ':', name: string): string | undefined {
    const aliases = this.options.aliases
    if (aliases === undefined || !Object.hasOwn(aliases, name)) return undefined
    const alias = aliases[name]
    const placeholder = `${sigil}${alias}`
    return this.bytesByPlaceholder.has(placeholder) ? undefined : placeholder
  }

  /** Count operators/functions of the expression being compiled. */
  operator(count = 1): void {
    this.usage.operators += count
  }

  /** Start measuring one expression; `endExpression` returns what it used. */
  beginExpression(): void {
    this.usage = { operators: 0, substitutionBytes: 0 }
    this.usedInExpression = new Set()
  }

  endExpression(): ExpressionUsage {
    return { ...this.usage }
  }

  private use(placeholder: string): void {
    if (this.usedInExpression.has(placeholder)) return
    this.usedInExpression.add(placeholder)
    this.usage.substitutionBytes += this.bytesByPlaceholder.get(placeholder) ?? 0
  }

  private count(placeholder: string, bytes: number): void {
    // Our placeholders are short; the check guards hand-made contexts and future naming changes.
    if (utf8Length(placeholder) > MAX_PLACEHOLDER_BYTES) {
      throw new ExpressionError('PlaceholderTooLong', `Placeholder ${placeholder.slice(0, 40)}... is over ${MAX_PLACEHOLDER_BYTES} bytes.`)
    }
    this.substitutionBytes += bytes
    if (this.substitutionBytes > MAX_SUBSTITUTION_BYTES) {
      throw new ExpressionError(
        'SubstitutionsTooLarge',
        `Expression names and values together exceed DynamoDB's 2 MB limit (${this.substitutionBytes} bytes so far). Send large values as item attributes (PutItem) rather than expression values, or split the update.`,
      )
    }
  }

  /** `ExpressionAttributeNames` / `ExpressionAttributeValues`, each left out when empty. */
  toParams(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, AttributeValue> } {
    const out: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, AttributeValue> } = {}
    if (this.aliasByName.size > 0) out.ExpressionAttributeNames = { ...this.names }
    if (this.placeholderByJson.size > 0) out.ExpressionAttributeValues = { ...this.values }
    return out
  }
}
