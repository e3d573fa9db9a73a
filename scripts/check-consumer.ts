/**
 * Installs the packed package into a scratch project, as a user would, and type-checks it under the
 * strictest common tsconfig flags (skipLibCheck off, so our declarations are checked too), then runs
 * it with Bun. Packing runs `prepack` (scripts/pack.ts). CI runs this (`.ci/run`).
 *
 *   bun scripts/check-consumer.ts [--tarball dbtooling-x.y.z.tgz]
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { packageEntries } from './pack.ts'

const root = resolve(import.meta.dir, '..')
const { values } = parseArgs({ options: { tarball: { type: 'string' } } })
const work = mkdtempSync(join(tmpdir(), 'dbtooling-consumer-'))

function run(cmd: string[], cwd: string): string {
  const result = Bun.spawnSync(cmd, { cwd, stdout: 'pipe', stderr: 'pipe' })
  const output = result.stdout.toString() + result.stderr.toString()
  if (result.exitCode !== 0) {
    console.error(`check-consumer: ${cmd.join(' ')} failed in ${cwd}:\n${output}`)
    process.exit(1)
  }
  return output
}

let tarball = values.tarball ? resolve(values.tarball) : undefined
if (!tarball) {
  run(['bun', 'pm', 'pack', '--destination', work, '--quiet'], root)
  tarball = join(work, new Bun.Glob('*.tgz').scanSync(work).next().value!)
}
const app = join(work, 'app')
const installed = join(app, 'node_modules', 'dbtooling')
mkdirSync(installed, { recursive: true })
run(['tar', '-xzf', tarball, '-C', installed, '--strip-components=1'], work)
// The consumer's own dev dependencies: Bun's types and TypeScript, taken from this checkout.
mkdirSync(join(app, 'node_modules', '@types'), { recursive: true })
symlinkSync(join(root, 'node_modules', '@types', 'bun'), join(app, 'node_modules', '@types', 'bun'))
symlinkSync(join(root, 'node_modules', 'bun-types'), join(app, 'node_modules', 'bun-types'))

const entries = packageEntries()
const specifiers = entries.map(e => (e.subpath === '.' ? 'dbtooling' : `dbtooling/${e.subpath.slice(2)}`))
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
writeFileSync(join(app, 'app.ts'), `${specifiers.map((s, i) => `import * as m${i} from '${s}'`).join('\n')}
import { DocumentClient, defineConfig, marshall, type DynamoDBClientOptions } from 'dbtooling'

const options: DynamoDBClientOptions = { endpoint: 'local', local: { inMemory: true } }
const doc = new DocumentClient(options)
await doc.client.createTable({
  TableName: 'app',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  BillingMode: 'PAY_PER_REQUEST',
})
await doc.put({ table: 'app', item: { pk: 'a', n: 1 } })
const item = await doc.get({ table: 'app', key: { pk: 'a' } })
doc.close()
const modules = [${specifiers.map((_, i) => `m${i}`).join(', ')}]
const config = defineConfig({ region: 'eu-west-1' })
console.log(JSON.stringify({ item, wire: marshall({ pk: 'a' }), region: config.region, modules: modules.map(m => Object.keys(m).length > 0) }))
`)
const strict = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  skipLibCheck: false,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noEmit: true,
  target: 'ESNext',
  lib: ['ESNext'],
  types: ['bun'],
}
for (const [name, resolution] of [['bundler', { module: 'Preserve', moduleResolution: 'bundler' }], ['nodenext', { module: 'NodeNext', moduleResolution: 'NodeNext' }]] as const) {
  writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { ...strict, ...resolution }, files: ['app.ts'] }, null, 2))
  run([join(root, 'node_modules', '.bin', 'tsc'), '-p', `tsconfig.${name}.json`], app)
  console.log(`check-consumer: type-checks with moduleResolution ${name} and the strict flags`)
}
const output = run(['bun', 'app.ts'], app).trim()
const result = JSON.parse(output.split('\n').at(-1)!)
if (result.item?.n !== 1 || result.modules.includes(false)) {
  console.error(`check-consumer: the app ran but printed ${output}`)
  process.exit(1)
}
console.log(`check-consumer: ${specifiers.join(', ')} install, type-check and run`)
rmSync(work, { recursive: true, force: true })
