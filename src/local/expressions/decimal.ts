/**
 * Exact decimal numbers as DynamoDB (and DynamoDB Local, which is Java `BigDecimal`) handle them:
 * an unscaled integer and a scale (value = unscaled × 10^-scale). Never goes through JS floats, so
 * 38-digit numbers compare and add exactly.
 */
import { canonicalDecimal, numberProblem, parseDecimal as parseNumberText, splitDecimal } from '../../dynamodb/value-rules.ts'
import { validationError } from '../errors.ts'

export interface Decimal {
  /** value = unscaled × 10^(-scale) */
  readonly unscaled: bigint
  readonly scale: number
}

/**
 * Parses DynamoDB's number text ("1.50", "-1e5", ".5") keeping its scale (1.50 has scale 2, as
 * BigDecimal does); undefined when it is not a number. The syntax is the client's (value-rules.ts).
 */
export function parseDecimal(text: string): Decimal | undefined {
  const split = splitDecimal(text)
  if (!split || !Number.isSafeInteger(split.exponent)) return undefined
  const digits = (split.whole + split.fraction).replace(/^0+(?=\d)/, '')
  const unscaled = BigInt(digits === '' ? '0' : digits)
  return { unscaled: split.negative ? -unscaled : unscaled, scale: split.fraction.length - split.exponent }
}

/** Like parseDecimal but throws a ValidationException for text that is not a number. */
export function decimalOf(text: string): Decimal {
  const value = parseDecimal(text)
  if (!value) throw validationError(`The parameter cannot be converted to a numeric value: ${text}`)
  return value
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n)
}

/** Drops trailing zeros of the unscaled value (Java's stripTrailingZeros; zero becomes 0 scale 0). */
export function stripTrailingZeros(value: Decimal): Decimal {
  if (value.unscaled === 0n) return { unscaled: 0n, scale: 0 }
  let { unscaled, scale } = value
  while (unscaled % 10n === 0n) {
    unscaled /= 10n
    scale -= 1
  }
  return { unscaled, scale }
}

export function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale)
  const left = a.unscaled * pow10(scale - a.scale)
  const right = b.unscaled * pow10(scale - b.scale)
  return left < right ? -1 : left > right ? 1 : 0
}

/** Number of significant digits (precision) after dropping trailing zeros. */
export function precisionOf(value: Decimal): number {
  const stripped = stripTrailingZeros(value)
  const digits = (stripped.unscaled < 0n ? -stripped.unscaled : stripped.unscaled).toString()
  return digits.length
}

/**
 * Decimal exponent of the most significant digit (1.5 → 0, 150 → 2, 0.05 → -2), or undefined for zero.
 */
export function magnitudeOf(value: Decimal): number | undefined {
  if (value.unscaled === 0n) return undefined
  const digits = (value.unscaled < 0n ? -value.unscaled : value.unscaled).toString()
  return digits.length - 1 - value.scale
}

/**
 * Exact sum keeping the larger scale, like Java's BigDecimal.add in DynamoDB Local (1.5 + 1.50 is
 * "3.00", 1.5 - 1.5 is "0.0"). Items are stored with canonical numbers, so only literal values
 * bring trailing zeros. Results beyond 38 significant digits or outside DynamoDB's range are
 * ValidationExceptions rather than rounded.
 */
export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale)
  const sum = { unscaled: a.unscaled * pow10(scale - a.scale) + b.unscaled * pow10(scale - b.scale), scale }
  assertStorable(sum)
  return sum
}

export function negateDecimal(value: Decimal): Decimal {
  return { unscaled: -value.unscaled, scale: value.scale }
}

/** Throws DynamoDB's errors for numbers it cannot store (more than 38 digits, beyond 1E-130..1E+126). */
export function assertStorable(value: Decimal): void {
  const stripped = stripTrailingZeros(value)
  const digits = stripped.unscaled === 0n ? '' : (stripped.unscaled < 0n ? -stripped.unscaled : stripped.unscaled).toString()
  throwProblem(numberProblem({ negative: stripped.unscaled < 0n, digits, exponent: digits.length - stripped.scale }))
}

const PROBLEM_MESSAGES = {
  precision: 'DynamoDB only supports precision up to 38 digits',
  overflow: 'Number overflow. Attempting to store a number with magnitude larger than supported range',
  underflow: 'Number underflow. Attempting to store a number with magnitude smaller than supported range',
} as const

function throwProblem(problem: keyof typeof PROBLEM_MESSAGES | undefined): void {
  if (problem) throw validationError(PROBLEM_MESSAGES[problem])
}

/** Java's BigDecimal.toPlainString: no exponent, scale kept (0.0 stays "0.0", 1E+2 becomes "100"). */
export function formatDecimal(value: Decimal): string {
  const negative = value.unscaled < 0n
  let digits = (negative ? -value.unscaled : value.unscaled).toString()
  if (value.scale <= 0) {
    if (value.unscaled !== 0n) digits += '0'.repeat(-value.scale)
    return (negative ? '-' : '') + digits
  }
  if (digits.length <= value.scale) digits = '0'.repeat(value.scale - digits.length + 1) + digits
  const point = digits.length - value.scale
  return (negative ? '-' : '') + digits.slice(0, point) + '.' + digits.slice(point)
}

/**
 * Java's BigDecimal.toString, which DynamoDB Local uses for the members of number sets it keeps
 * as sent: scale kept, exponent form below 1E-6 or for a negative scale ("0.0000001" → "1E-7",
 * "1e2" → "1E+2", "-1.20E-3" → "-0.00120", ".5" → "0.5").
 */
export function formatJavaDecimal(value: Decimal): string {
  const negative = value.unscaled < 0n
  const digits = (negative ? -value.unscaled : value.unscaled).toString()
  const adjusted = digits.length - 1 - value.scale
  if (value.scale >= 0 && adjusted >= -6) return formatDecimal(value)
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
  return `${negative ? '-' : ''}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`
}

/**
 * Canonical text of a stored number ("1.50" → "1.5", "1e2" → "100"), or a ValidationException as
 * DynamoDB Local words it for text that is not a number or breaks the precision or range rule.
 */
export function normalizeNumber(text: string): string {
  const decimal = parseNumberText(text)
  if (!decimal) throw validationError('A value provided cannot be converted into a number')
  throwProblem(numberProblem(decimal))
  return canonicalDecimal(decimal)
}
