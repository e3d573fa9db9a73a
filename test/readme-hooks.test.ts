/**
 * The README's client-hooks snippet, run as written (in a fresh process, from the package, so its
 * `dbtooling/document` import resolves to this checkout): what it prints is what the README says.
 */
import { expect, test } from 'bun:test'
import { resolve } from 'node:path'

const root = resolve(import.meta.dir, '..')

/** The first ```ts block after `heading` in README.md. */
async function snippetAfter(heading: string): Promise<string> {
  const readme = await Bun.file(resolve(root, 'README.md')).text()
  const at = readme.indexOf(`\n${heading}\n`)
  expect(at).toBeGreaterThan(-1)
  const match = /```ts\n([\s\S]*?)\n```/.exec(readme.slice(at))
  if (!match) throw new Error(`no ts block after ${heading}`)
  return match[1]!
}

test('README: Client hooks', async () => {
  const code = await snippetAfter('### Client hooks')
  const result = Bun.spawnSync([process.execPath, '-e', code], { cwd: root, stdout: 'pipe', stderr: 'pipe' })
  expect(result.stderr.toString()).toBe('')
  expect(result.stdout.toString()).toBe('GetItem: 0.5 RCU in 1 attempt(s)\n{\n  CreateTable: 1,\n  PutItem: 1,\n  GetItem: 2,\n}\n')
  // The comments in the snippet say the same.
  expect(code).toContain('// GetItem: 0.5 RCU in 1 attempt(s)')
  expect(code).toContain('// { CreateTable: 1, PutItem: 1, GetItem: 2 }')
  expect(result.exitCode).toBe(0)
})
