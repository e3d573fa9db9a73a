/**
 * Every package.json export ships declarations and JavaScript generated at pack time
 * (scripts/pack.ts), with Bun kept on the sources; `bun run check:consumer` (CI) installs the packed
 * package into a strict consumer project and type-checks it.
 */
import { expect, test } from 'bun:test'
import pkg from '../package.json'
import { packageEntries } from '../scripts/pack.ts'

test('each export: types → generated declarations, bun → its source, import/default → generated JavaScript', async () => {
  const entries = packageEntries()
  expect(entries.length).toBe(Object.keys(pkg.exports).length - 1)
  for (const e of entries) {
    expect(await Bun.file(e.source).exists()).toBe(true)
    const conditions = (pkg.exports as Record<string, unknown>)[e.subpath] as Record<string, string>
    // TypeScript takes the first condition it knows: types must come first.
    expect(Object.keys(conditions)).toEqual(['types', 'bun', 'import', 'default'])
    expect(conditions).toEqual({ types: `./${e.types}`, bun: `./${e.source}`, import: `./${e.js}`, default: `./${e.js}` })
  }
  expect(pkg.types).toBe('./dist/pkg/types/index.d.ts')
  expect(pkg.files).toContain('dist/pkg')
  expect(pkg.scripts.prepack).toBe('bun scripts/pack.ts')
})
