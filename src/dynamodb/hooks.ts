/**
 * The client's hook chain: a few functions around every `send`, lighter than the SDKs' middleware
 * stacks. Hooks run like nested middleware: `beforeSend` in registration order, `afterReceive` in
 * reverse, and a hook whose `beforeSend` completed always gets its `afterReceive`, whatever happened
 * further in (a later hook throwing, the request failing). Enough for request counting, tracing,
 * consumed-capacity reports, audit logs and the model layer's hooks.
 */
import type { OperationName } from './operations.ts'
import type { OperationInput, OperationOutput } from './types/index.ts'

/**
 * One operation's wire request, before it is signed. Narrow on `operation` to type `input`
 * (`if (ctx.operation === 'Query') ctx.input.KeyConditionExpression`). Mutate or replace `input` to
 * change what is sent; the operation is fixed, because the caller's result type depends on it.
 */
export type SendContext = { [Op in OperationName]: { readonly operation: Op; input: OperationInput<Op> } }[OperationName]

/** The same call once it settled: the output or the error, how long it took and how many attempts. */
export type ReceiveContext = {
  [Op in OperationName]: {
    readonly operation: Op
    /** The request as sent (after every `beforeSend`). */
    readonly input: OperationInput<Op>
    /** DynamoDB's wire output when the call succeeded, else undefined. */
    readonly output: OperationOutput<Op> | undefined
    /** True when the call failed: `error` is what the caller would get. */
    readonly failed: boolean
    /** The service or transport error, or what an inner hook threw. */
    readonly error: unknown
    /** Milliseconds from handing the request to the transport until its answer was parsed, retries included. */
    readonly durationMs: number
    /** Attempts the transport made (1 without retries); 0 when a `beforeSend` stopped the request. */
    readonly attempts: number
  }
}[OperationName]

export interface ClientHook {
  /** Before signing and sending; may read, change or replace `ctx.input`. Throwing stops the request. */
  beforeSend?(ctx: SendContext): void | Promise<void>
  /** After the call settled; sees the output or the error. Throwing replaces the result with that error. */
  afterReceive?(ctx: ReceiveContext): void | Promise<void>
}

/** What one wire call reports back to the chain. */
export interface WireResult {
  output: object
  attempts: number
}

interface CallState {
  readonly operation: OperationName
  input: object
  output: object | undefined
  failed: boolean
  error: unknown
  durationMs: number
  attempts: number
}

/**
 * Runs `send` inside `hooks`. One state object serves both phases, so a hook can correlate its two
 * calls by identity (e.g. a WeakMap from context to span). Errors are never swallowed: a hook's
 * error propagates as thrown, and an outer hook's `afterReceive` sees it as `ctx.error`.
 */
export async function sendThroughHooks(hooks: readonly ClientHook[], operation: OperationName, input: object, send: (input: object) => Promise<WireResult>): Promise<object> {
  const state: CallState = { operation, input, output: undefined, failed: false, error: undefined, durationMs: 0, attempts: 0 }
  // The typed views of the one state object: the mapped unions cannot be built generically.
  const sendView = state as unknown as SendContext
  const receiveView = state as unknown as ReceiveContext
  let entered = 0
  try {
    for (; entered < hooks.length; entered++) await hooks[entered]!.beforeSend?.(sendView)
  } catch (error) {
    state.failed = true
    state.error = error
  }
  if (!state.failed) {
    const started = performance.now()
    try {
      const result = await send(state.input)
      state.output = result.output
      state.attempts = result.attempts
    } catch (error) {
      state.failed = true
      state.error = error
      state.attempts = attemptsOf(error)
    }
    state.durationMs = performance.now() - started
  }
  for (let i = entered - 1; i >= 0; i--) {
    const hook = hooks[i]!
    if (hook.afterReceive === undefined) continue
    try {
      await hook.afterReceive(receiveView)
    } catch (error) {
      state.failed = true
      state.error = error
      state.output = undefined
    }
  }
  if (state.failed) throw state.error
  return state.output!
}

/** Transport and service errors say how many attempts they took; anything else took one. */
function attemptsOf(error: unknown): number {
  const attempts = (error as { attempts?: unknown } | null)?.attempts
  return typeof attempts === 'number' ? attempts : 1
}
