/**
 * Arbitrary-precision DynamoDB numbers. DynamoDB keeps up to 38 significant digits and a
 * magnitude between 1E-130 and 9.9999999999999999999999999999999999999E+125; a JS number keeps
 * about 15-17. NumberValue carries the decimal string untouched so no digit is ever lost.
 */
import { MarshallError } from './marshall-error.ts'
import { MAX_SIGNIFICANT_DIGITS, numberProblem, parseDecimal, type Decimal } from './value-rules.ts'

/** Why DynamoDB would reject this decimal, or undefined when it is acceptable. */
export function numberRuleBroken(text: string): string | undefined {
  const decimal = parseDecimal(text)
  if (decimal === undefined) return `${JSON.stringify(text)} is not a decimal number`
  return decimalRuleBroken(decimal, text)
}

function decimalRuleBroken(decimal: Decimal, text: string): string | undefined {
  switch (numberProblem(decimal)) {
    case undefined:
      return undefined
    case 'precision':
      return `number ${abbreviate(text)} has ${decimal.digits.length} significant digits; DynamoDB keeps at most ${MAX_SIGNIFICANT_DIGITS}`
    default:
      return `number ${abbreviate(text)} is out of DynamoDB's range (magnitude 1E-130 to 9.9999999999999999999999999999999999999E+125, or 0)`
  }
}

function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 28)}…${text.slice(-28)}` : text
}

/** Canonical text of a decimal, used to compare two spellings of one value ("1.50" vs "1.5"). */
function canonical(decimal: Decimal): string {
  return decimal.digits === '' ? '0' : `${decimal.negative ? '-' : ''}${decimal.digits}e${decimal.exponent}`
}

/**
 * True when `value` (a JS number) is exactly the decimal `text`, i.e. reading it as a number
 * loses nothing. Any decimal of ≤ 15 significant digits is exact, which is the common case.
 */
export function numberIsExact(text: string, value: number): boolean {
  if (!Number.isFinite(value)) return false
  if (String(value) === text) return true
  const decimal = parseDecimal(text)
  const back = parseDecimal(String(value))
  return decimal !== undefined && back !== undefined && canonical(decimal) === canonical(back)
}

/** An integer decimal as a bigint, or undefined when it has a fractional part. */
export function decimalToBigInt(text: string): bigint | undefined {
  const decimal = parseDecimal(text)
  if (decimal === undefined) return undefined
  if (decimal.digits === '') return 0n
  const zeros = decimal.exponent - decimal.digits.length
  if (zeros < 0) return undefined
  const magnitude = BigInt(decimal.digits + '0'.repeat(zeros))
  return decimal.negative ? -magnitude : magnitude
}

export class NumberValue {
  /** The decimal exactly as given (validated), e.g. "12345678901234567890.123456789". */
  readonly value: string

  /** Validates like `NumberValue.from`; throws MarshallError (code InvalidNumber). */
  constructor(value: string | number | bigint | NumberValue) {
    this.value = NumberValue.validate(value)
  }

  static from(value: string | number | bigint | NumberValue): NumberValue {
    return value instanceof NumberValue ? value : new NumberValue(value)
  }

  /** The N string for a number-like input, validated against DynamoDB's rules. */
  static validate(value: string | number | bigint | NumberValue): string {
    if (value instanceof NumberValue) return value.value
    let text: string
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new MarshallError('InvalidNumber', `${value} is not a finite number; DynamoDB has no NaN or Infinity`)
      text = String(value)
    } else if (typeof value === 'bigint') {
      text = value.toString()
    } else if (typeof value === 'string') {
      text = value
    } else {
      throw new MarshallError('InvalidNumber', `a NumberValue is made from a string, number or bigint, not ${typeof value}`)
    }
    const broken = numberRuleBroken(text)
    if (broken !== undefined) throw new MarshallError('InvalidNumber', broken)
    return text === '-0' ? '0' : text
  }

  /** True when `toNumber()` would not round. */
  isExactNumber(): boolean {
    return numberIsExact(this.value, Number(this.value))
  }

  /** The value as a JS number; throws (InexactNumber) rather than round. */
  toNumber(): number {
    const n = Number(this.value)
    if (!numberIsExact(this.value, n)) {
      throw new MarshallError('InexactNumber', `number ${abbreviate(this.value)} has no exact JS number; use .value or toBigInt()`)
    }
    return n
  }

  /** The value as a bigint; throws (InexactNumber) when it has a fractional part. */
  toBigInt(): bigint {
    const n = decimalToBigInt(this.value)
    if (n === undefined) throw new MarshallError('InexactNumber', `number ${abbreviate(this.value)} is not an integer`)
    return n
  }

  toString(): string {
    return this.value
  }

  toJSON(): string {
    return this.value
  }

  get [Symbol.toStringTag](): string {
    return 'NumberValue'
  }

  /** Shown by console.log / Bun.inspect as NumberValue(123…). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `NumberValue(${this.value})`
  }
}
