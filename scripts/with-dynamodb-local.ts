/**
 * Runs one command next to a fresh DynamoDB Local: starts the emulator in memory on a free loopback
 * port, runs the command with DBTOOLING_ENDPOINT (and AWS_ENDPOINT_URL_DYNAMODB) pointing at it,
 * stops the emulator, and exits with the command's exit code.
 *
 *   bun scripts/with-dynamodb-local.ts -- <command> [args...]
 *
 * Dummy credentials and a region are supplied when the environment has none: DynamoDB Local checks
 * that a request is signed, not by whom.
 */
import { startDynamoDBLocal } from './dynamodb-local.ts'

const separator = process.argv.indexOf('--')
const command = separator >= 0 ? process.argv.slice(separator + 1) : process.argv.slice(2)
if (command.length === 0) {
  console.error('usage: bun scripts/with-dynamodb-local.ts -- <command> [args...]')
  process.exit(2)
}

let local: Awaited<ReturnType<typeof startDynamoDBLocal>>
try {
  local = await startDynamoDBLocal()
} catch (error) {
  console.error(`with-dynamodb-local: ${(error as Error).message}`)
  process.exit(1)
}

const env: Record<string, string | undefined> = {
  ...process.env,
  DBTOOLING_ENDPOINT: local.endpoint,
  AWS_ENDPOINT_URL_DYNAMODB: local.endpoint,
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID || 'local',
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY || 'local',
  AWS_REGION: process.env.AWS_REGION || 'us-east-1',
}
const child = Bun.spawn(command, { env, stdin: 'inherit', stdout: 'inherit', stderr: 'inherit' })
// Pass Ctrl-C / termination on to the command, then clean up after it exits.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
await child.exited
await local.stop()
process.exit(child.exitCode ?? 1)
