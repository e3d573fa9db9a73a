/**
 * The expression trees: plain, frozen, readonly data. Builders assemble them, compile.ts turns
 * them into wire strings. Nothing here knows about placeholders or marshalling.
 */
import type { Path } from './paths.ts'

// ---- operands --------------------------------------------------------------------------------

/** Another attribute, e.g. the right-hand side of `a = b`. */
export interface PathOperand {
  readonly kind: 'path'
  readonly path: Path
}
/** A JS value, sent as a `:v` placeholder (marshalled at compile time). */
export interface ValueOperand {
  readonly kind: 'value'
  readonly value: unknown
}
/** `size(path)`: conditions only. */
export interface SizeOperand {
  readonly kind: 'size'
  readonly path: Path
}
/** A value supplied when the tree is compiled (`CompileOptions.params`), by name: `param('userId')`. */
export interface ParamOperand {
  readonly kind: 'param'
  readonly name: string
}
/** A string of literal text and params, joined when compiled: `template('USER#', param('userId'))`. */
export interface TemplateOperand {
  readonly kind: 'template'
  readonly parts: readonly (string | ParamOperand)[]
}
export type Operand = PathOperand | ValueOperand | SizeOperand | ParamOperand | TemplateOperand

// ---- conditions (ConditionExpression, FilterExpression, KeyConditionExpression) -------------

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>='
export type AttributeTypeName = 'S' | 'SS' | 'N' | 'NS' | 'B' | 'BS' | 'BOOL' | 'NULL' | 'L' | 'M'

export interface CompareCondition {
  readonly kind: 'compare'
  readonly op: Comparator
  readonly left: Operand
  readonly right: Operand
}
export interface BetweenCondition {
  readonly kind: 'between'
  readonly subject: Operand
  readonly low: Operand
  readonly high: Operand
}
export interface InCondition {
  readonly kind: 'in'
  readonly subject: Operand
  readonly options: readonly Operand[]
}
export interface ExistsCondition {
  readonly kind: 'attribute_exists' | 'attribute_not_exists'
  readonly path: Path
}
export interface AttributeTypeCondition {
  readonly kind: 'attribute_type'
  readonly path: Path
  readonly type: AttributeTypeName
}
export interface StringFunctionCondition {
  readonly kind: 'begins_with' | 'contains'
  readonly path: Path
  readonly operand: Operand
}
export interface LogicalCondition {
  readonly kind: 'and' | 'or'
  readonly conditions: readonly Condition[]
}
export interface NotCondition {
  readonly kind: 'not'
  readonly condition: Condition
}
export type Condition =
  | CompareCondition
  | BetweenCondition
  | InCondition
  | ExistsCondition
  | AttributeTypeCondition
  | StringFunctionCondition
  | LogicalCondition
  | NotCondition

/** A validated key condition: partition-key equality, and optionally one sort-key condition. */
export interface KeyCondition {
  readonly kind: 'key_condition'
  readonly partition: CompareCondition
  readonly sort?: CompareCondition | BetweenCondition | StringFunctionCondition
}

// ---- updates ---------------------------------------------------------------------------------

/*
 * DynamoDB Local and DynamoDB accept exactly this nesting (checked against the emulator):
 * if_not_exists may hold a path, a value or another if_not_exists; list_append and +/- take
 * those operands too, but list_append and arithmetic never nest inside anything.
 */
export interface IfNotExistsOperand {
  readonly kind: 'if_not_exists'
  readonly path: Path
  readonly value: UpdateOperand
}
/** What may appear inside if_not_exists, list_append or on either side of `+`/`-`. */
export type UpdateOperand = PathOperand | ValueOperand | IfNotExistsOperand
export interface ListAppendOperand {
  readonly kind: 'list_append'
  readonly left: UpdateOperand
  readonly right: UpdateOperand
}
export interface ArithmeticOperand {
  readonly kind: 'arithmetic'
  readonly op: '+' | '-'
  readonly left: UpdateOperand
  readonly right: UpdateOperand
}
/** The right-hand side of `SET path = ...`. */
export type UpdateValue = UpdateOperand | ListAppendOperand | ArithmeticOperand

export type UpdateAction =
  | { readonly kind: 'set'; readonly path: Path; readonly value: UpdateValue }
  | { readonly kind: 'remove'; readonly path: Path }
  | { readonly kind: 'add'; readonly path: Path; readonly value: ValueOperand }
  | { readonly kind: 'delete'; readonly path: Path; readonly value: ValueOperand }

export interface UpdateExpression {
  readonly kind: 'update'
  readonly actions: readonly UpdateAction[]
}

// ---- projections -----------------------------------------------------------------------------

export interface Projection {
  readonly kind: 'projection'
  readonly paths: readonly Path[]
}

// ---- construction ----------------------------------------------------------------------------

/**
 * Marks nodes made by our builders, so a value position can tell `attr('x')` from a user value
 * that merely looks like a node. Non-enumerable: invisible to JSON, equality checks and spreads.
 */
const BUILT = Symbol('dbtooling.expression')

export function node<T extends object>(value: T): T {
  Object.defineProperty(value, BUILT, { value: true, enumerable: false })
  return Object.freeze(value)
}

export function isBuilt(value: unknown): value is { readonly kind: string } {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BUILT] === true
}
