/**
 * The subset of JSON Schema the tools declare (type, properties, required, enum, items, minimum,
 * maximum, additionalProperties), and a checker for it: arguments are checked before a tool runs,
 * and every problem names its path.
 */
export interface JsonSchema {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array' | readonly ('object' | 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'null')[]
  description?: string
  properties?: Record<string, JsonSchema>
  required?: readonly string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  enum?: readonly unknown[]
  minimum?: number
  maximum?: number
  minLength?: number
  default?: unknown
}

/** The problems of `value` against `schema`, each as "path: what is wrong". */
export function validate(schema: JsonSchema, value: unknown, path = 'arguments'): string[] {
  const problems: string[] = []
  const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type]
  if (types && !types.some(t => matches(t, value))) return [`${path}: expected ${types.join(' or ')}, got ${describe(value)}`]
  if (schema.enum && !schema.enum.some(e => e === value)) problems.push(`${path}: expected one of ${schema.enum.map(e => JSON.stringify(e)).join(', ')}`)
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${path}: must be at least ${schema.minimum}`)
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${path}: must be at most ${schema.maximum}`)
  }
  if (typeof value === 'string' && schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${path}: must not be empty`)
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => problems.push(...validate(schema.items!, v, `${path}[${i}]`)))
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>
    for (const field of schema.required ?? []) if (record[field] === undefined) problems.push(`${path}.${field}: required`)
    for (const [field, v] of Object.entries(record)) {
      const sub = schema.properties?.[field]
      if (sub) problems.push(...validate(sub, v, `${path}.${field}`))
      else if (schema.additionalProperties === false) problems.push(`${path}.${field}: unknown field (expected ${Object.keys(schema.properties ?? {}).join(', ') || 'none'})`)
      else if (typeof schema.additionalProperties === 'object') problems.push(...validate(schema.additionalProperties, v, `${path}.${field}`))
    }
  }
  return problems
}

function matches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'array':
      return Array.isArray(value)
    case 'integer':
      return Number.isInteger(value)
    case 'null':
      return value === null
    default:
      return typeof value === type
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value
}
