/**
 * Start-up of `dbtooling mcp` (stdio): wall time from spawn to the `initialize` answer on stdout,
 * next to `dbtooling version` as the floor of any start, runs interleaved so load drift hits both.
 * Reports min and median of each and the load average (on a loaded machine every start is slower).
 *
 *   bun scripts/bench/mcp-start.ts [binary=dist/dbtooling] [runs=15]
 */
import { loadavg } from 'node:os'
import { resolve } from 'node:path'

const binary = resolve(process.argv[2] ?? 'dist/dbtooling')
const runs = Number(process.argv[3] ?? 15)
const env = { PATH: process.env.PATH ?? '', HOME: '/tmp' }
const initialize = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } })}\n`

async function mcpInitialize(): Promise<number> {
  const started = performance.now()
  const child = Bun.spawn([binary, 'mcp', '--endpoint-url', 'http://127.0.0.1:9'], { stdin: 'pipe', stdout: 'pipe', stderr: 'ignore', cwd: '/tmp', env })
  child.stdin.write(initialize)
  void child.stdin.flush()
  const reader = child.stdout.getReader()
  let text = ''
  while (!text.includes('\n')) {
    const { value, done } = await reader.read()
    if (done) throw new Error('dbtooling mcp exited before answering initialize')
    text += new TextDecoder().decode(value)
  }
  const ms = performance.now() - started
  if (!text.includes('"protocolVersion"')) throw new Error(`unexpected answer: ${text}`)
  void child.stdin.end()
  await child.exited
  return ms
}

async function version(): Promise<number> {
  const started = performance.now()
  await Bun.spawn([binary, 'version'], { stdout: 'ignore', stderr: 'ignore', cwd: '/tmp', env }).exited
  return performance.now() - started
}

const floor: number[] = []
const mcp: number[] = []
for (let i = 0; i < runs; i++) {
  floor.push(await version())
  mcp.push(await mcpInitialize())
}
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return { min: +sorted[0]!.toFixed(1), median: +sorted[Math.floor(sorted.length / 2)]!.toFixed(1) }
}
console.log(JSON.stringify({ runs, loadAverage: +loadavg()[0]!.toFixed(1), version: stats(floor), mcpInitialize: stats(mcp) }))
