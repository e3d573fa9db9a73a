/**
 * Plain syntax trees of DynamoDB expressions. Placeholders (#name, :value) stay unresolved here;
 * they are looked up in an RequestPlaceholders when an expression is bound or evaluated.
 */
import type { ExpressionKind } from './placeholders.ts'

/** One step of a document path: an attribute name (bare or `#placeholder`) or a list index. */
export type PathElement = { type: 'name'; name: string; placeholder: boolean } | { type: 'index'; index: number }

export interface PathNode {
  elements: PathElement[]
}

export type Operand =
  | { kind: 'path'; path: PathNode }
  | { kind: 'value'; placeholder: string }
  | { kind: 'size'; operand: Operand }

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>='

export type BooleanFunction = 'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains'

export type ConditionTerm =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'function'; name: BooleanFunction; args: Operand[] }
  | { kind: 'and' | 'or'; left: ConditionTerm; right: ConditionTerm }
  | { kind: 'not'; operand: ConditionTerm }

/** A parsed ConditionExpression / FilterExpression / KeyConditionExpression. */
export interface ConditionNode {
  kind: 'condition'
  source: ExpressionKind
  root: ConditionTerm
}

/** Right-hand side of a SET action. */
export type UpdateOperand =
  | { kind: 'path'; path: PathNode }
  | { kind: 'value'; placeholder: string }
  | { kind: 'if_not_exists'; path: PathNode; fallback: UpdateOperand }
  | { kind: 'list_append'; left: UpdateOperand; right: UpdateOperand }
  | { kind: 'arithmetic'; op: '+' | '-'; left: UpdateOperand; right: UpdateOperand }

export type UpdateAction =
  | { kind: 'SET'; path: PathNode; value: UpdateOperand }
  | { kind: 'REMOVE'; path: PathNode }
  | { kind: 'ADD'; path: PathNode; placeholder: string }
  | { kind: 'DELETE'; path: PathNode; placeholder: string }

/** A parsed UpdateExpression; actions keep the order they were written in. */
export interface UpdateNode {
  kind: 'update'
  actions: UpdateAction[]
}

/** A path with placeholders resolved: attribute names and list indexes. */
export type ResolvedPath = (string | number)[]
