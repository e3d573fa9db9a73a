/** DynamoDB's wire format for one value (API version 2012-08-10). */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string | Uint8Array }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: Record<string, AttributeValue> }
  | { L: AttributeValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: (string | Uint8Array)[] }

/** An item (or key) in wire format. */
export type AttributeMap = Record<string, AttributeValue>
