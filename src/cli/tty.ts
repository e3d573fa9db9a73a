/**
 * Whether a file descriptor is a terminal. `node:tty` would answer too, but importing it loads
 * Node's whole stream stack: about 2.5 ms and 5 MB of a one-shot command's cold start
 * (scripts/bench/cold-start.ts). Bun's `tty_wrap` binding answers natively; `node:tty` stays the
 * fallback for a runtime without it.
 */
type IsTerminal = (fd: number) => boolean

let check: IsTerminal | undefined

export function isTerminal(fd: number): boolean {
  check ??= nativeCheck() ?? (require('node:tty') as { isatty: IsTerminal }).isatty
  return check(fd)
}

function nativeCheck(): IsTerminal | undefined {
  try {
    const binding = (process as unknown as { binding(name: string): { isTTY?: unknown } }).binding('tty_wrap')
    return typeof binding.isTTY === 'function' ? (binding.isTTY as IsTerminal) : undefined
  } catch {
    // No binding on this runtime: node:tty below.
    return undefined
  }
}
