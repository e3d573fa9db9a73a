/**
 * The condition builders as one namespace object, so callers can write `cond.eq('a', 1)`
 * without bringing `eq`, `and`, `not` ... into scope as bare names.
 */
import {
  and,
  attributeExists,
  attributeNotExists,
  attributeType,
  beginsWith,
  between,
  contains,
  eq,
  ge,
  gt,
  in_,
  le,
  lt,
  ne,
  not,
  or,
} from './condition.ts'
import { attr, size, value } from './operands.ts'

export const cond = Object.freeze({
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  between,
  in_,
  beginsWith,
  contains,
  attributeExists,
  attributeNotExists,
  attributeType,
  and,
  or,
  not,
  attr,
  value,
  size,
})
