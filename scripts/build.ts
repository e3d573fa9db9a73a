/**
 * Builds the self-contained binary: dist/dbtooling (bun build --compile) with the flags in
 * compile-flags.ts; falls back to a compile without bytecode if this Bun version rejects it.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { BYTECODE_FLAG, COMPILE_FLAGS } from './compile-flags.ts'

const root = resolve(import.meta.dir, '..')
mkdirSync(resolve(root, 'dist'), { recursive: true })
const target = [resolve(root, 'bin/dbtooling.ts'), '--outfile', resolve(root, 'dist/dbtooling')]

let result = Bun.spawnSync(['bun', 'build', ...COMPILE_FLAGS, BYTECODE_FLAG, ...target], { cwd: root, stdout: 'inherit', stderr: 'inherit' })
if (result.exitCode !== 0) {
  console.error('build: --bytecode failed, retrying without it')
  result = Bun.spawnSync(['bun', 'build', ...COMPILE_FLAGS, ...target], { cwd: root, stdout: 'inherit', stderr: 'inherit' })
}
// The source maps are embedded in the binary; the copies written beside it are not needed.
for (const map of new Bun.Glob('*.map').scanSync(resolve(root, 'dist'))) rmSync(resolve(root, 'dist', map))
process.exit(result.exitCode ?? 1)
