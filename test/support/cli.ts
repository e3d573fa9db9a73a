/**
 * Runs the real CLI as a child process: `bun bin/dbtooling.ts`, or the compiled binary when
 * DBTOOLING_BIN points at one (CI's smoke run uses that to test the shipped file).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dir, '../..')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export async function runDbtooling(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<CliRun> {
  const child = spawnDbtooling(args, options)
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  return { code, stdout, stderr }
}

/** The CLI as a running child process (stdout and stderr piped), for tests that signal it mid-run. */
export function spawnDbtooling(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; stdin?: string } = {}) {
  const command = process.env.DBTOOLING_BIN ? [process.env.DBTOOLING_BIN] : [process.execPath, resolve(ROOT, 'bin/dbtooling.ts')]
  // A clean environment: no AWS settings from the developer's shell leak into assertions.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: options.env?.HOME ?? emptyHome(), NO_COLOR: '1' }
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v
  return Bun.spawn([...command, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    stdin: options.stdin === undefined ? 'ignore' : new TextEncoder().encode(options.stdin),
    stdout: 'pipe',
    stderr: 'pipe',
  })
}

let home: string | undefined
/** A HOME with no ~/.aws, so the developer's own profiles never leak into a test. */
function emptyHome(): string {
  home ??= mkdtempSync(join(tmpdir(), 'dbtooling-home-'))
  return home
}
