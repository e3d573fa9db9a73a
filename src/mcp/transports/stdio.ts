/**
 * stdio transport: newline-delimited JSON-RPC on stdin/stdout, what desktop assistants spawn.
 * stdout carries protocol messages only; everything else goes to stderr. Requests run
 * concurrently so a long call can be cancelled by a later notification.
 */
import { ErrorCode, errorResponse, type JsonRpcMessage } from '../protocol.ts'
import { Session, type McpServer } from '../server.ts'

export interface StdioOptions {
  input?: ReadableStream<Uint8Array>
  write?: (line: string) => void
}

/** Serves until the input ends, then waits for the calls in flight. */
export async function serveStdio(server: McpServer, options: StdioOptions = {}): Promise<void> {
  const input = options.input ?? Bun.stdin.stream()
  const write = options.write ?? ((line: string) => void process.stdout.write(line))
  const session = new Session()
  const send = (message: JsonRpcMessage) => write(`${JSON.stringify(message)}\n`)
  session.notify = send
  const pending = new Set<Promise<void>>()
  const decoder = new TextDecoder()
  let buffered = ''
  const dispatch = (line: string) => {
    if (!line.trim()) return
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      send(errorResponse(null, ErrorCode.ParseError, 'Parse error: each line must be one JSON-RPC message'))
      return
    }
    const task = server.handle(value, session).then(response => {
      if (response) send(response)
    })
    pending.add(task)
    void task.finally(() => pending.delete(task))
  }
  for await (const chunk of input) {
    buffered += decoder.decode(chunk, { stream: true })
    let newline = buffered.indexOf('\n')
    while (newline >= 0) {
      dispatch(buffered.slice(0, newline))
      buffered = buffered.slice(newline + 1)
      newline = buffered.indexOf('\n')
    }
  }
  dispatch(buffered)
  await Promise.all(pending)
  session.close()
}
