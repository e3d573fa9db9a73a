import { expect, test } from 'bun:test'
import { closeSync, openSync } from 'node:fs'
import { isatty } from 'node:tty'
import { isTerminal } from '../../src/cli/tty.ts'

test('isTerminal answers as node:tty does, for a file, /dev/null and this process\'s stdio', () => {
  const fds = [openSync(import.meta.path, 'r'), openSync('/dev/null', 'r')]
  try {
    for (const fd of [...fds, 0, 1, 2]) expect({ fd, terminal: isTerminal(fd) }).toEqual({ fd, terminal: isatty(fd) })
    expect(isTerminal(fds[0]!)).toBe(false)
    expect(isTerminal(fds[1]!)).toBe(false) // a character device, but not a terminal
  } finally {
    for (const fd of fds) closeSync(fd)
  }
})

test('isTerminal is true on a pseudo-terminal (the binding, not a stat of the fd)', () => {
  // `script` runs a command on a fresh pty; skipped where util-linux's script is missing.
  if (!Bun.which('script')) return
  const probe = `import { isTerminal } from ${JSON.stringify(import.meta.dir + '/../../src/cli/tty.ts')}; console.log(isTerminal(1) ? 'tty' : 'no-tty')`
  const run = Bun.spawnSync(['script', '-qec', `${process.execPath} -e ${JSON.stringify(probe).replaceAll('$', '\\$')}`, '/dev/null'])
  expect(run.stdout.toString()).toContain('tty')
  expect(run.stdout.toString()).not.toContain('no-tty')
})
