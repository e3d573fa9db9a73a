/**
 * The one way the CLI shows an item (get, put/update/delete --return, query, scan): typed JSON,
 * as export writes it, so numbers stay exact and sets, binaries and maps keep their types.
 */
import type { Output } from './output.ts'
import { typedJson } from './transfer/typed-json.ts'

/** An item as a JSON document: `--json` results and JSON lines. */
export const itemDocument = typedJson

/** An item as one line of JSON. */
export function itemLine(item: Record<string, unknown>): string {
  return JSON.stringify(typedJson(item))
}

/** An item for a person: indented typed JSON on stdout. */
export function printItem(out: Output, item: Record<string, unknown>): void {
  out.line(JSON.stringify(typedJson(item), null, 2))
}
