/**
 * Just enough reading of generated expressions to classify a step: the document paths a
 * projection or an update expression names, resolved through ExpressionAttributeNames, and
 * whether two of them overlap (one is a prefix of the other).
 */

type Names = Record<string, string> | undefined

/** `#a.b[1]` -> ['a', 'b', '[1]'] */
export function segments(path: string, names: Names): string[] {
  return path
    .trim()
    .split('.')
    .flatMap((part) => {
      const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part)
      const head = m?.[1] ?? part
      const indexes = m?.[2]?.match(/\[\d+\]/g) ?? []
      return [head.startsWith('#') ? (names?.[head] ?? head) : head, ...indexes]
    })
}

/** Splits on commas outside parentheses. */
function topLevel(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i))
      start = i + 1
    }
  }
  out.push(text.slice(start))
  return out.map((s) => s.trim()).filter(Boolean)
}

export function projectionPaths(expression: string, names: Names): string[][] {
  return topLevel(expression).map((p) => segments(p, names))
}

/** The paths an update expression writes or removes. */
export function updateTargets(expression: string, names: Names): string[][] {
  const out: string[][] = []
  for (const clause of expression.split(/\b(?=SET |REMOVE |ADD |DELETE )/)) {
    const [keyword, ...rest] = clause.trim().split(' ')
    const body = rest.join(' ')
    for (const action of topLevel(body)) {
      const target = keyword === 'SET' ? action.split('=')[0]! : action.split(' ')[0]!
      out.push(segments(target, names))
    }
  }
  return out
}

export function overlapping(paths: string[][]): boolean {
  for (let i = 0; i < paths.length; i++)
    for (let j = i + 1; j < paths.length; j++) {
      const [a, b] = [paths[i]!, paths[j]!]
      const n = Math.min(a.length, b.length)
      if (a.slice(0, n).join('\u0000') === b.slice(0, n).join('\u0000')) return true
    }
  return false
}

/** DynamoDB's canonical text of a number: no exponent, no leading or trailing zeros. */
export function canonicalNumber(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim())
  if (!m) return text
  const digits = `${m[2] ?? ''}${m[3] ?? ''}`
  const point = (m[2] ?? '').length + Number(m[4] ?? 0)
  const lead = digits.search(/[1-9]/)
  if (lead < 0) return '0'
  const trimmed = digits.slice(lead).replace(/0+$/, '')
  const at = point - lead
  const body = at <= 0 ? `0.${'0'.repeat(-at)}${trimmed}` : at >= trimmed.length ? trimmed + '0'.repeat(at - trimmed.length) : `${trimmed.slice(0, at)}.${trimmed.slice(at)}`
  return (m[1] === '-' ? '-' : '') + body
}
