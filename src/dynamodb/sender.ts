import type { OperationName } from './operations.ts'
import type { OperationInput, OperationOutput } from './types/index.ts'

/** What the document layer needs from the low-level client: one typed wire-format call. */
export type Sender = <Op extends OperationName>(operation: Op, input: OperationInput<Op>, options?: { signal?: AbortSignal }) => Promise<OperationOutput<Op>>
