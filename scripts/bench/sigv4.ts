/**
 * SigV4 signing throughput: signs a typical DynamoDB GetItem request over and over and prints
 * signatures per second and microseconds per signature (median of several rounds).
 *
 *   bun scripts/bench/sigv4.ts [--n 100000] [--rounds 5]
 *
 * Cases: the hot path (cached signing key, fresh Date per request as the transport does), the same
 * with a session token, and a cache miss on every request (four extra HMACs for key derivation).
 */
import { parseArgs } from 'node:util'
import { signRequest, type SignableRequest, type SignOptions } from '../../src/aws/sigv4.ts'

const { values: args } = parseArgs({ options: { n: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '5' } } })
const n = Number(args.n)
const rounds = Number(args.rounds)

const body = JSON.stringify({
  TableName: 'Users',
  Key: { pk: { S: 'USER#8f14e45f-ceea-467f-a0e6-2b1b6c1c0c7e' }, sk: { S: 'PROFILE' } },
  ConsistentRead: true,
  ProjectionExpression: '#n, #e, createdAt',
  ExpressionAttributeNames: { '#n': 'name', '#e': 'email' },
})
const request: SignableRequest = {
  method: 'POST',
  url: 'https://dynamodb.us-east-1.amazonaws.com/',
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' },
  body,
}
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
const options: SignOptions = { credentials, region: 'us-east-1', service: 'dynamodb' }
const withToken: SignOptions = { ...options, credentials: { ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjE'.repeat(40) } }

// More regions than the cache holds, cycled in order: every signature derives its key afresh.
const coldOptions: SignOptions[] = Array.from({ length: 64 }, (_, i) => ({ ...options, region: `region-${i}` }))

type Case = { name: string; run: (i: number) => string }
const cases: Case[] = [
  { name: 'GetItem, cached key', run: () => signRequest(request, { ...options, date: new Date() }).headers.authorization! },
  { name: 'GetItem + session token', run: () => signRequest(request, { ...withToken, date: new Date() }).headers.authorization! },
  { name: 'GetItem, key derived each time', run: (i) => signRequest(request, { ...coldOptions[i & 63]!, date: new Date() }).headers.authorization! },
]

/** Median wall and CPU nanoseconds per signature; CPU time is the steadier figure on a busy machine. */
function measure(run: (i: number) => string): { wall: number; cpu: number } {
  let sink = 0
  for (let i = 0; i < Math.min(n, 20000); i++) sink += run(i).length // warm up the JIT
  const wall: number[] = []
  const cpu: number[] = []
  for (let r = 0; r < rounds; r++) {
    const start = Bun.nanoseconds()
    const startCpu = process.cpuUsage()
    for (let i = 0; i < n; i++) sink += run(i).length
    const used = process.cpuUsage(startCpu)
    wall.push((Bun.nanoseconds() - start) / n)
    cpu.push(((used.user + used.system) * 1000) / n)
  }
  if (sink === 0) throw new Error('unreachable: keeps the signatures alive')
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  return { wall: median(wall), cpu: median(cpu) }
}

console.log(`SigV4 signing, ${n} signatures x ${rounds} rounds (median), Bun ${Bun.version}, body ${body.length} bytes`)
console.log('case'.padEnd(34) + 'signatures/s'.padStart(14) + 'µs/signature'.padStart(14) + 'CPU µs/sig'.padStart(12))
for (const { name, run } of cases) {
  const { wall, cpu } = measure(run)
  console.log(name.padEnd(34) + Math.round(1e9 / wall).toLocaleString('en-US').padStart(14) + (wall / 1000).toFixed(2).padStart(14) + (cpu / 1000).toFixed(2).padStart(12))
}
