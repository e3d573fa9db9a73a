/**
 * Builds the self-contained binary: dist/dbtooling (bun build --compile).
 * Minified with bytecode so cold start stays low; falls back to a plain compile if the
 * bytecode step is rejected by this Bun version.
 */
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'

const root = resolve(import.meta.dir, '..')
mkdirSync(resolve(root, 'dist'), { recursive: true })
const base = ['bun', 'build', '--compile', '--minify', resolve(root, 'bin/dbtooling.ts'), '--outfile', resolve(root, 'dist/dbtooling')]

// --format=esm: bin/dbtooling.ts uses top-level await, which the default (CommonJS) bytecode rejects.
// Bytecode roughly halves cold start (scripts/bench/cold-start.ts measures it). --splitting keeps each
// lazily imported command group (src/cli/registry.ts) in its own chunk: without it the bundler wraps
// every module in a lazy initializer that the bytecode cache does not cover, and nothing is saved.
let result = Bun.spawnSync([...base.slice(0, 3), '--bytecode', '--format=esm', '--splitting', ...base.slice(3)], { cwd: root, stdout: 'inherit', stderr: 'inherit' })
if (result.exitCode !== 0) {
  console.error('build: --bytecode failed, retrying without it')
  result = Bun.spawnSync(base, { cwd: root, stdout: 'inherit', stderr: 'inherit' })
}
process.exit(result.exitCode ?? 1)
