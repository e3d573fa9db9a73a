/**
 * Do `dbtooling export` and `import` stream in constant memory and linear time? Fills a table on the
 * embedded engine (served by `dist/dbtooling start`, file-backed, in its own process) at growing sizes,
 * up to a million items; at each size exports it with the compiled binary, imports the file into a
 * fresh table (with a checkpoint, as a resumable run keeps one), and records time, rate and peak RSS
 * (GNU time) of both, checking that every item reached the file and the new table once.
 *
 *   bun scripts/bench/transfer.ts [--items 1000000] [--steps 10000,100000,1000000] [--format jsonl] [--segments 4]
 *
 * Builds dist/dbtooling first when it is missing. Everything lives in a temporary folder, removed at
 * the end.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { DocumentClient } from '../../src/dynamodb/document.ts'

const { values: args } = parseArgs({
  options: {
    items: { type: 'string', default: '1000000' },
    steps: { type: 'string', default: '10000,100000,1000000' },
    format: { type: 'string', default: 'jsonl' },
    segments: { type: 'string', default: '4' },
  },
})
const steps = args.steps!.split(',').map(Number).filter(n => n > 0 && n <= Number(args.items)).sort((a, b) => a - b)
const root = resolve(import.meta.dir, '../..')
const binary = join(root, 'dist', 'dbtooling')
const gnuTime = '/usr/bin/time'
if (!existsSync(gnuTime)) throw new Error('needs GNU time at /usr/bin/time for peak RSS')
if (!existsSync(binary)) {
  console.log('building dist/dbtooling ...')
  if (Bun.spawnSync(['bun', 'run', 'build'], { cwd: root, stdout: 'inherit', stderr: 'inherit' }).exitCode !== 0) throw new Error('build failed')
}

const work = mkdtempSync(join(tmpdir(), 'dbtooling-transfer-'))
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, NO_COLOR: '1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' }
const server = Bun.spawn([binary, 'start', '--port', '0', '--db-path', join(work, 'bench.sqlite'), '--json'], { cwd: work, env, stdout: 'pipe', stderr: 'inherit' })
let endpoint: string | undefined
try {
  const reader = server.stdout.getReader()
  let text = ''
  while (!text.includes('}')) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`dbtooling start exited: ${text}`)
    text += new TextDecoder().decode(value)
  }
  reader.releaseLock()
  endpoint = (JSON.parse(text.slice(0, text.lastIndexOf('}') + 1)) as { endpoint: string }).endpoint

  const TABLE = 'export_memory'
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  const doc = new DocumentClient(client)
  const createTable = (name: string) => client.createTable({
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    BillingMode: 'PAY_PER_REQUEST',
  })
  await createTable(TABLE)
  const item = (i: number) => ({ pk: `user#${i}`, sk: 'PROFILE', name: `User number ${i}`, visits: i % 1000, active: i % 3 === 0, tags: new Set(['a', `g${i % 7}`]) })

  console.log(`engine at ${endpoint}; export with ${binary} (--format ${args.format} --segments ${args.segments}); Bun ${Bun.version}, load average ${loadavg().map(x => x.toFixed(2)).join(' ')}\n`)
  console.log('| items | export time | export items/s | export peak RSS | import time | import items/s | import peak RSS |')
  console.log('|---:|---:|---:|---:|---:|---:|---:|')
  let loaded = 0
  for (const target of steps) {
    // Load in slices so this process's own memory stays flat too.
    while (loaded < target) {
      const n = Math.min(10_000, target - loaded)
      await doc.batchWrite(Array.from({ length: n }, (_, k) => ({ table: TABLE, put: item(loaded + k) })), { concurrency: 8 })
      loaded += n
    }
    const out = join(work, `export.${args.format}`)
    const timeFile = join(work, 'time.out')
    const started = performance.now()
    const run = Bun.spawnSync([gnuTime, '-f', '%M', '-o', timeFile, binary, 'export', TABLE, '--format', args.format!, '--output', out, '--segments', args.segments!, '--endpoint-url', endpoint, '--json'], { cwd: work, env })
    const seconds = (performance.now() - started) / 1000
    if (run.exitCode !== 0) throw new Error(`export failed: ${run.stderr.toString()}`)
    const rssMb = Number((await Bun.file(timeFile).text()).trim()) / 1024
    const lines = Number(Bun.spawnSync(['wc', '-l', out]).stdout.toString().trim().split(/\s+/)[0])
    const expected = args.format === 'csv' ? target + 1 : target
    if (lines !== expected) throw new Error(`export wrote ${lines} lines for ${target} items`)

    const copy = `${TABLE}_${target}`
    await createTable(copy)
    const importStarted = performance.now()
    const imported = Bun.spawnSync([gnuTime, '-f', '%M', '-o', timeFile, binary, 'import', copy, out, '--format', args.format!, '--checkpoint', join(work, 'import.ckpt'), '--endpoint-url', endpoint, '--json'], { cwd: work, env })
    const importSeconds = (performance.now() - importStarted) / 1000
    if (imported.exitCode !== 0) throw new Error(`import failed: ${imported.stderr.toString()}`)
    const importRssMb = Number((await Bun.file(timeFile).text()).trim()) / 1024
    const count = await doc.scanCount({ table: copy })
    if (count !== target) throw new Error(`import wrote ${count} items for ${target}`)
    await client.deleteTable({ TableName: copy })

    const rate = (s: number) => Math.round(target / s).toLocaleString('en-US')
    console.log(`| ${target.toLocaleString('en-US')} | ${seconds.toFixed(1)} s | ${rate(seconds)} | ${rssMb.toFixed(1)} MB | ${importSeconds.toFixed(1)} s | ${rate(importSeconds)} | ${importRssMb.toFixed(1)} MB |`)
    rmSync(out, { force: true })
  }
  client.close()
} finally {
  server.kill('SIGTERM')
  await server.exited
  rmSync(work, { recursive: true, force: true })
}
