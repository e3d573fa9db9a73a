/**
 * What importing each package entry costs: the modules it loads and its cold import time.
 *
 *   bun scripts/bench/imports.ts [--runs 15] [--root <checkout>] [--entry name=path ...]
 *
 * Entries default to package.json's `exports` of the checkout (`--root`, default this one), so the
 * same script measures an older checkout that has only `"."`; `--entry` adds files by path.
 *
 * Modules: a fresh `bun` process imports the entry with a runtime loader plugin that sees every
 * source file Bun loads (static imports; a lazy `import()` only counts once it runs, which importing
 * never does), plus the builtins (`bun:*`, `node:*`) those files import. Time: the median, over
 * `--runs` fresh processes without the plugin, of `performance.now()` around `await import(entry)`
 * (Bun's own start-up is not in it).
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    root: { type: 'string', default: resolve(import.meta.dir, '../..') },
    entry: { type: 'string', multiple: true, default: [] },
    child: { type: 'string' },
    count: { type: 'boolean', default: false },
  },
})

if (args.child !== undefined) {
  const files = new Set<string>()
  if (args.count) {
    Bun.plugin({
      name: 'count-modules',
      setup(build) {
        build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async ({ path }) => {
          files.add(path)
          return { contents: await Bun.file(path).text(), loader: path.endsWith('x') ? 'tsx' : path.endsWith('.ts') ? 'ts' : 'js' }
        })
      },
    })
  }
  const started = performance.now()
  await import(args.child)
  const ms = performance.now() - started
  const builtins = new Set<string>()
  const transpiler = new Bun.Transpiler({ loader: 'ts' })
  for (const file of files) {
    for (const record of transpiler.scanImports(await Bun.file(file).text())) {
      if (record.kind !== 'dynamic-import' && /^(bun|node):/.test(record.path)) builtins.add(record.path)
    }
  }
  console.log(JSON.stringify({ ms, modules: files.size, builtins: [...builtins].sort(), engine: [...files].some(f => f.includes('/src/local/')) }))
  process.exit(0)
}

const root = resolve(args.root)
const pkg = (await Bun.file(resolve(root, 'package.json')).json()) as { name: string; exports: Record<string, string | { import?: string; default?: string }> }
const entries: [string, string][] = []
for (const [key, target] of Object.entries(pkg.exports)) {
  if (key.endsWith('.json')) continue
  const file = typeof target === 'string' ? target : (target.import ?? target.default)
  if (file !== undefined) entries.push([key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`, resolve(root, file)])
}
for (const spec of args.entry) {
  const at = spec.indexOf('=')
  entries.push(at < 0 ? [spec, resolve(root, spec)] : [spec.slice(0, at), resolve(root, spec.slice(at + 1))])
}

interface ChildResult {
  ms: number
  modules: number
  builtins: string[]
  engine: boolean
}
function child(file: string, count: boolean): ChildResult {
  const result = Bun.spawnSync([process.execPath, import.meta.path, '--child', file, ...(count ? ['--count'] : [])], { stdout: 'pipe', stderr: 'pipe' })
  if (result.exitCode !== 0) throw new Error(`importing ${file} failed:\n${result.stderr.toString()}`)
  return JSON.parse(result.stdout.toString()) as ChildResult
}

const runs = Number(args.runs)
const times = new Map<string, number[]>(entries.map(([name]) => [name, []]))
// Interleaved, so load drift on a shared machine hits every entry alike.
for (let r = 0; r < runs; r++) for (const [name, file] of entries) times.get(name)!.push(child(file, false).ms)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

console.log(`\nImport cost per entry (${root}; median of ${runs} fresh processes; Bun ${Bun.version})\n`)
console.log('| entry | modules loaded | builtins | embedded engine loaded | cold import (median) |')
console.log('|---|---|---|---|---|')
for (const [name, file] of entries) {
  const counted = child(file, true)
  console.log(`| ${name} | ${counted.modules} | ${counted.builtins.join(' ') || '-'} | ${counted.engine ? 'yes' : 'no'} | ${median(times.get(name)!).toFixed(1)} ms |`)
}
