#!/usr/bin/env bun
import { runCli, EXIT } from '../src/cli/main.ts'
import { commandGroups } from '../src/cli/registry.ts'

const controller = new AbortController()
process.on('SIGINT', () => {
  // First Ctrl-C asks the command to stop at a safe point; a second one leaves at once.
  if (controller.signal.aborted) process.exit(EXIT.interrupted)
  process.stderr.write('\ninterrupted: stopping (press Ctrl-C again to quit now)\n')
  controller.abort()
})

const stdout = {
  write: (t: string) => void process.stdout.write(t),
  isTTY: process.stdout.isTTY,
  columns: process.stdout.columns,
  drain: () => (process.stdout.writableNeedDrain ? new Promise<void>(resolve => process.stdout.once('drain', () => resolve())) : Promise.resolve()),
}
const stderr = { write: (t: string) => void process.stderr.write(t), isTTY: process.stderr.isTTY }
const code = await runCli(process.argv.slice(2), commandGroups, {
  stdout,
  stderr,
  stdin: () => new Response(Bun.stdin.stream()).text(),
  stdinStream: () => Bun.stdin.stream(),
  prompt: process.stdin.isTTY ? async q => prompt(q) : undefined,
}, controller.signal)
process.exit(code)
