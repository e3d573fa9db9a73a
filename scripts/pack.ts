/**
 * `prepack`: what the published package ships besides its sources, generated, never committed:
 * dist/pkg/lib (each package.json export bundled as ESM JavaScript) and dist/pkg/types
 * (declarations from tsc). The `types` condition points at the declarations, so a consumer's
 * tsconfig (exactOptionalPropertyTypes, noPropertyAccessFromIndexSignature, ...) never compiles
 * our sources; the `bun` condition keeps Bun on the TypeScript sources.
 *
 *   bun scripts/pack.ts            (run by `bun pm pack` / `npm pack` / `npm publish`)
 */
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import pkg from '../package.json'

const root = resolve(import.meta.dir, '..')
const out = resolve(root, 'dist/pkg')

export interface PackageEntry {
  /** `.` or `./scoped` */
  subpath: string
  /** src/index.ts */
  source: string
  /** dist/pkg/lib/index.js */
  js: string
  /** dist/pkg/types/index.d.ts */
  types: string
}

/** The exports that are code (not ./package.json), read from their `bun` condition. */
export function packageEntries(exports: Record<string, unknown> = pkg.exports): PackageEntry[] {
  const entries: PackageEntry[] = []
  for (const [subpath, target] of Object.entries(exports)) {
    if (typeof target !== 'object' || target === null) continue
    const source = (target as Record<string, string>).bun
    if (source === undefined || !source.startsWith('./src/') || !source.endsWith('.ts')) {
      throw new Error(`package.json exports["${subpath}"] needs a "bun" condition pointing at ./src/....ts`)
    }
    const stem = source.slice('./src/'.length, -'.ts'.length)
    entries.push({ subpath, source: source.slice(2), js: `dist/pkg/lib/${stem}.js`, types: `dist/pkg/types/${stem}.d.ts` })
  }
  return entries
}

if (import.meta.main) {
  rmSync(out, { recursive: true, force: true })
  const entries = packageEntries()
  const built = await Bun.build({
    entrypoints: entries.map(e => resolve(root, e.source)),
    root: resolve(root, 'src'),
    outdir: resolve(out, 'lib'),
    target: 'bun',
    format: 'esm',
    splitting: true,
  })
  if (!built.success) {
    for (const log of built.logs) console.error(log)
    process.exit(1)
  }
  const tsc = Bun.spawnSync(['bunx', 'tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdout: 'inherit', stderr: 'inherit' })
  if (tsc.exitCode !== 0) process.exit(tsc.exitCode ?? 1)
  for (const e of entries) {
    for (const file of [e.js, e.types]) {
      if (!(await Bun.file(resolve(root, file)).exists())) throw new Error(`pack: ${file} (for exports["${e.subpath}"]) was not generated`)
    }
  }
  console.log(`pack: ${entries.length} entries in dist/pkg (lib + types)`)
}
