/**
 * A small YAML emitter for JSON-shaped data (CloudFormation templates): block mappings and
 * sequences, scalars quoted whenever plain style could be read as something else.
 */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

export function toYaml(value: unknown): string {
  return `${lines(value as Json, 0).join('\n')}\n`
}

function lines(value: Json, indent: number): string[] {
  const pad = ' '.repeat(indent)
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`]
    return value.flatMap((item) => {
      if (isBlock(item)) {
        const [first, ...rest] = lines(item, indent + 2)
        return [`${pad}- ${(first as string).slice(indent + 2)}`, ...rest]
      }
      return [`${pad}- ${scalar(item)}`]
    })
  }
  if (isObject(value)) {
    const entries = Object.entries(value)
    if (entries.length === 0) return [`${pad}{}`]
    return entries.flatMap(([key, item]) => (isBlock(item) ? [`${pad}${scalar(key)}:`, ...lines(item, indent + 2)] : [`${pad}${scalar(key)}: ${scalar(item)}`]))
  }
  return [`${pad}${scalar(value)}`]
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Non-empty collections go on their own lines; scalars and empty ones stay inline. */
function isBlock(value: Json): boolean {
  return (Array.isArray(value) && value.length > 0) || (isObject(value) && Object.keys(value).length > 0)
}

// Words YAML 1.1 and 1.2 read as booleans or null, which must stay strings.
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i
const NUMBER_LIKE = /^[-+]?(?:\.?\d|\.(?:inf|nan)$)|^0[xob]/i

function scalar(value: Json): string {
  if (value === null) return 'null'
  if (typeof value === 'boolean' || typeof value === 'number') return String(value)
  if (Array.isArray(value)) return '[]'
  if (typeof value === 'object') return '{}'
  const plain = value !== '' && !RESERVED.test(value) && !NUMBER_LIKE.test(value) && /^[A-Za-z0-9_/.$(][^\n]*$/.test(value) &&
    !/[:#]\s|\s$|[:]$|[{}[\],&*!|>'"%@`]/.test(value)
  return plain ? value : JSON.stringify(value)
}
