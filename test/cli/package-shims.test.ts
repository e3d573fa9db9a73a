/**
 * A config file that imports `dbtooling` and its subpaths, as the README shows, loads where no
 * node_modules has the package: a temp folder, with the CLI from source or the compiled binary
 * (DBTOOLING_BIN, as CI runs this folder).
 */
import { expect, test } from 'bun:test'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pkg from '../../package.json'
import { PACKAGE_ENTRIES } from '../../src/cli/package-shims.ts'
import { runDbtooling } from '../support/cli.ts'

const subpaths = Object.keys(pkg.exports).filter(key => key !== './package.json').map(key => (key === '.' ? 'dbtooling' : `dbtooling/${key.slice(2)}`))

test('every package.json export has a stand-in', () => {
  expect(Object.keys(PACKAGE_ENTRIES).sort()).toEqual(subpaths.sort())
})

test("a config importing 'dbtooling' and every subpath loads with no node_modules", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbtooling-config-'))
  const imports = subpaths.map((s, i) => `import * as m${i} from '${s}'`).join('\n')
  writeFileSync(join(dir, 'dbtooling.config.ts'), `import { defineConfig } from 'dbtooling'
${imports}
const loaded = [${subpaths.map((_, i) => `m${i}`).join(', ')}].every(m => Object.keys(m).length > 0)
export default defineConfig({ region: 'eu-west-3', table: { name: loaded ? 'every-subpath-loaded' : 'missing' } })
`)
  const run = await runDbtooling(['config', '--json'], { cwd: dir })
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  const config = JSON.parse(run.stdout)
  expect(config.region).toBe('eu-west-3')
  expect(config.tableName).toBe('every-subpath-loaded')
})
