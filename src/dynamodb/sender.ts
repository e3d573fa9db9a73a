/** What the document layer needs from the low-level client: one wire-format call. */
export type Sender = (operation: string, input: object, options?: { signal?: AbortSignal }) => Promise<unknown>
