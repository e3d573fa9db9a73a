#!/usr/bin/env bun
import { runCli, EXIT } from '../src/cli/main.ts'
import { commandGroups } from '../src/cli/registry.ts'
import { isTerminal } from '../src/cli/tty.ts'
import { installPackageShims } from '../src/cli/package-shims.ts'

// A config or model file may import 'dbtooling' where no node_modules has it (the standalone binary).
installPackageShims()

const controller = new AbortController()
process.on('SIGINT', () => {
  // First Ctrl-C asks the command to stop at a safe point; a second one leaves at once.
  if (controller.signal.aborted) process.exit(EXIT.interrupted)
  process.stderr.write('\ninterrupted: stopping (press Ctrl-C again to quit now)\n')
  controller.abort()
})

// Bun's file sinks rather than process.stdout/stderr: creating those Node streams costs about a third
// of a one-shot command's cold start. stderr is flushed at once so messages keep their order.
const out = Bun.stdout.writer()
const err = Bun.stderr.writer()
const stdout = {
  write: (t: string) => void out.write(t),
  isTTY: isTerminal(1),
  columns: isTerminal(1) ? process.stdout.columns : undefined,
  drain: async () => void (await out.flush()),
}
const stderr = {
  write: (t: string) => {
    err.write(t)
    void err.flush()
  },
  isTTY: isTerminal(2),
}
const code = await runCli(process.argv.slice(2), commandGroups, {
  stdout,
  stderr,
  stdin: () => new Response(Bun.stdin.stream()).text(),
  stdinStream: () => Bun.stdin.stream(),
  prompt: isTerminal(0)
    ? async q => {
        await out.flush()
        return prompt(q)
      }
    : undefined,
}, controller.signal)
await Promise.all([out.flush(), err.flush()])
process.exit(code)
