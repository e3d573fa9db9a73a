/**
 * Cold start of the compiled binary doing one `get`, next to a `bun build --compile` of a one-shot
 * AWS SDK v3 GetItem script, against a loopback server that answers GetItem with a canned item.
 * Runs are interleaved so load drift hits every binary alike; reports median and p90 wall time,
 * CPU time and peak RSS (GNU time when present) and the binary sizes next to Bun's own runtime.
 *
 *   bun scripts/bench/cold-start.ts [--runs 20] [--skip-build]
 *
 * Builds dist/dbtooling with `bun run build` (minified, bytecode), plus, into the git-ignored
 * scripts/bench/.deps: the same binary without --bytecode (to show what bytecode buys) and the SDK
 * binary, compiled with the same flags as ours. The SDK is installed there at run time.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { crc32 } from '../../src/aws/crc32.ts'
import { BYTECODE_FLAG, COMPILE_FLAGS } from '../compile-flags.ts'

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, 'skip-build': { type: 'boolean', default: false } },
})
const RUNS = Number(args.runs)
const root = resolve(import.meta.dir, '../..')
const deps = join(import.meta.dir, '.deps')
const ourBinary = join(root, 'dist', 'dbtooling')
const ourPlainBinary = join(deps, 'dbtooling-no-bytecode')
const sdkScript = join(deps, 'sdk-get.ts')
const sdkBinary = join(deps, 'sdk-get')
// Two floors for context: an empty compiled program (what Bun itself costs) and a compiled bare
// signRequest + fetch (what one signed request costs with nothing else loaded).
const emptyScript = join(deps, 'empty.ts')
const emptyBinary = join(deps, 'empty')
const bareScript = join(deps, 'bare-get.ts')
const bareBinary = join(deps, 'bare-get')
// The same plus node:util's parseArgs over the same argv: the least any CLI built as the issue asks
// (parseArgs) can cost, before it reads a config, loads its commands or prints anything.
const parsedScript = join(deps, 'parsed-get.ts')
const parsedBinary = join(deps, 'parsed-get')

function run(cmd: string[], cwd = root): void {
  const result = Bun.spawnSync(cmd, { cwd, stdout: 'pipe', stderr: 'pipe' })
  if (result.exitCode !== 0) throw new Error(`${cmd.join(' ')} failed:\n${result.stderr.toString()}${result.stdout.toString()}`)
}

/** Compiles with scripts/build.ts's flags (compile-flags.ts), falling back without bytecode. */
function compile(entry: string, outfile: string, cwd: string, bytecode = true): boolean {
  const base = ['bun', 'build', ...COMPILE_FLAGS, entry, '--outfile', outfile]
  if (bytecode) {
    const withBytecode = Bun.spawnSync([...base.slice(0, 2), BYTECODE_FLAG, ...base.slice(2)], { cwd, stdout: 'pipe', stderr: 'pipe' })
    if (withBytecode.exitCode === 0) return true
    console.log(`--bytecode failed for ${entry}: ${withBytecode.stderr.toString().trim().slice(0, 300)}; compiling without it`)
  }
  run(base, cwd)
  return false
}

// --- the binaries -------------------------------------------------------------------------------
if (!existsSync(join(deps, 'node_modules', '@aws-sdk', 'client-dynamodb'))) {
  console.log('installing @aws-sdk/client-dynamodb into scripts/bench/.deps ...')
  run(['npm', 'install', '--prefix', deps, '--no-save', '--silent', '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'])
}
// The SDK's lightest path: client-dynamodb alone, static credentials in code (no provider chain).
writeFileSync(sdkScript, `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
const client = new DynamoDBClient({
  endpoint: process.argv[2],
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
})
const out = await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }))
console.log(JSON.stringify(out.Item))
`)
writeFileSync(emptyScript, `console.log('Ada Lovelace')\n`)
const signedGet = (endpoint: string) => `import { signRequest } from ${JSON.stringify(join(root, 'src', 'aws', 'sigv4.ts'))}
const url = ${endpoint} + '/'
const body = JSON.stringify({ TableName: 't', Key: { pk: { S: 'a' } } })
const { headers } = signRequest(
  { method: 'POST', url, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' }, body },
  { credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, region: 'us-east-1', service: 'dynamodb' },
)
const response = await fetch(url, { method: 'POST', headers, body })
console.log(JSON.stringify(JSON.parse(await response.text()).Item))
`
writeFileSync(bareScript, signedGet('process.argv[2]'))
writeFileSync(parsedScript, `import { parseArgs } from 'node:util'
const { values } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: true,
  options: { 'endpoint-url': { type: 'string' }, table: { type: 'string' }, json: { type: 'boolean' } } })
${signedGet("values['endpoint-url']")}`)
let sdkBytecode = true
if (!args['skip-build']) {
  console.log('building dist/dbtooling (bun run build) ...')
  run(['bun', 'run', 'build'])
  console.log('compiling the comparison binaries into scripts/bench/.deps ...')
  compile(join(root, 'bin', 'dbtooling.ts'), ourPlainBinary, root, false)
  sdkBytecode = compile(sdkScript, sdkBinary, deps)
  compile(emptyScript, emptyBinary, deps)
  compile(bareScript, bareBinary, deps)
  compile(parsedScript, parsedBinary, deps)
}
for (const file of [ourBinary, ourPlainBinary, sdkBinary, emptyBinary, bareBinary, parsedBinary]) if (!existsSync(file)) throw new Error(`${file} is missing (run without --skip-build)`)

// --- the canned DynamoDB ----------------------------------------------------------------------------
const ITEM = { pk: { S: 'a' }, name: { S: 'Ada Lovelace' }, born: { N: '1815' }, tags: { SS: ['math', 'poetry'] } }
const RESPONSE = JSON.stringify({ Item: ITEM })
const headers = {
  'content-type': 'application/x-amz-json-1.0',
  'x-amzn-requestid': 'COLDSTARTREQUESTID00000000000000000000000000000000000',
  'x-amz-crc32': String(crc32(new TextEncoder().encode(RESPONSE))),
}
let served = 0
const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  async fetch(req) {
    const body = await req.text()
    if (req.headers.get('x-amz-target') !== 'DynamoDB_20120810.GetItem' || !req.headers.get('authorization')?.startsWith('AWS4-HMAC-SHA256 ')) {
      return new Response(JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message: `unexpected request ${body}` }), { status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' } })
    }
    served++
    return new Response(RESPONSE, { headers })
  },
})
const endpoint = `http://127.0.0.1:${server.port}`

// Both run from an empty folder with an empty HOME: no config file, no ~/.aws, nothing cached.
const work = mkdtempSync(join(tmpdir(), 'dbtooling-cold-'))
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: work,
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_REGION: 'us-east-1',
  NO_COLOR: '1',
}

interface Contender { name: string; file: string; argv: string[] }
const contenders: Contender[] = [
  { name: 'dist/dbtooling (bun run build)', file: ourBinary, argv: [ourBinary, 'get', '{"pk":"a"}', '--endpoint-url', endpoint, '--table', 't', '--json'] },
  { name: 'dbtooling (no bytecode)', file: ourPlainBinary, argv: [ourPlainBinary, 'get', '{"pk":"a"}', '--endpoint-url', endpoint, '--table', 't', '--json'] },
  { name: `aws-sdk v3 GetItem${sdkBytecode ? ' (bytecode)' : ' (no bytecode)'}`, file: sdkBinary, argv: [sdkBinary, endpoint] },
  { name: 'floor: bare signRequest + fetch', file: bareBinary, argv: [bareBinary, endpoint] },
  { name: 'floor: parseArgs + signRequest + fetch', file: parsedBinary, argv: [parsedBinary, 'get', '{"pk":"a"}', '--endpoint-url', endpoint, '--table', 't', '--json'] },
  { name: 'floor: empty program', file: emptyBinary, argv: [emptyBinary] },
]

interface Sample { wallMs: number; cpuMs: number; rssBytes: number }
// Peak RSS comes from GNU time when present: Bun.spawn starts children sharing this process's memory
// until exec, so their own ru_maxrss never reads below this benchmark's RSS (~30 MB). The wrapper adds
// ~1-2 ms of wall and CPU time to every binary alike; CPU is the rusage of the wrapper and the binary.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined
const timeFile = join(work, 'time.out')
async function once(c: Contender): Promise<Sample> {
  const argv = gnuTime ? [gnuTime, '-f', '%M', '-o', timeFile, ...c.argv] : c.argv
  const started = performance.now()
  const child = Bun.spawn(argv, { cwd: work, env, stdout: 'pipe', stderr: 'pipe' })
  const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  const wallMs = performance.now() - started
  if (code !== 0 || !out.includes('Ada Lovelace')) throw new Error(`${c.name} exited ${code}: ${out}${err}`)
  const usage = child.resourceUsage()
  if (!usage) throw new Error('no resource usage for the child')
  const rssBytes = gnuTime ? Number((await Bun.file(timeFile).text()).trim()) * 1024 : usage.maxRSS
  return { wallMs, cpuMs: Number(usage.cpuTime.total) / 1000, rssBytes }
}

// Warm the page cache for every binary, then interleave.
for (const c of contenders) for (let i = 0; i < 2; i++) await once(c)
const loadStart = loadavg().map(x => x.toFixed(2)).join(' ')
const samples = new Map<string, Sample[]>(contenders.map(c => [c.name, []]))
for (let i = 0; i < RUNS; i++) {
  for (let k = 0; k < contenders.length; k++) {
    const c = contenders[(k + i) % contenders.length]!
    samples.get(c.name)!.push(await once(c))
  }
}
const loadEnd = loadavg().map(x => x.toFixed(2)).join(' ')
server.stop(true)
rmSync(work, { recursive: true, force: true })

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
}
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
const bunSize = statSync(process.execPath).size
const stats = contenders.map(c => {
  const list = samples.get(c.name)!
  return {
    name: c.name,
    median: quantile(list.map(s => s.wallMs), 0.5),
    p90: quantile(list.map(s => s.wallMs), 0.9),
    cpu: quantile(list.map(s => s.cpuMs), 0.5),
    rss: quantile(list.map(s => s.rssBytes), 0.5),
    rssMax: Math.max(...list.map(s => s.rssBytes)),
    size: statSync(c.file).size,
  }
})

console.log(`\nCold start, one GetItem against a loopback server (${RUNS} interleaved runs each, ${served} requests served; peak RSS from ${gnuTime ? 'GNU time' : 'Bun.spawn rusage (reads high)'}; Bun ${Bun.version}, ${cpus().length} cores, load average ${loadStart} -> ${loadEnd})\n`)
console.log('| binary | wall median | wall p90 | CPU median | peak RSS median (max) | size | size above bun |')
console.log('|---|---|---|---|---|---|---|')
for (const s of stats) {
  console.log(`| ${s.name} | ${s.median.toFixed(1)} ms | ${s.p90.toFixed(1)} ms | ${s.cpu.toFixed(1)} ms | ${mb(s.rss)} MB (${mb(s.rssMax)}) | ${mb(s.size)} MB | ${mb(s.size - bunSize)} MB |`)
}
console.log(`| bun ${Bun.version} runtime (${process.execPath}) | | | | | ${mb(bunSize)} MB | |`)
const ours = stats[0]!
const sdk = stats[2]!
console.log(`\nSDK / dbtooling: wall ${(sdk.median / ours.median).toFixed(2)}x (goal >= 3x), peak RSS ${(sdk.rss / ours.rss).toFixed(2)}x (goal >= 2x); dbtooling is ${mb(ours.size - bunSize)} MB above bun (goal < 8 MB)`)
const floor = stats.find(s => s.name.startsWith('floor: parseArgs'))!
console.log(`budget: 3x needs <= ${(sdk.median / 3).toFixed(1)} ms and half the memory <= ${mb(sdk.rss / 2)} MB; parseArgs + one signed fetch alone take ${floor.median.toFixed(1)} ms and ${mb(floor.rss)} MB`)
process.exit(0)
