/**
 * The servers the scenario suite runs against. Each target starts (or shares) a server and
 * yields its endpoint; scenarios are written once and run on every available target with the
 * same assertions.
 */
import { startLocal } from '../../src/local/server.ts'
import { dynamodbLocal, dynamodbLocalAvailable } from './dynamodb-local.ts'

export interface RunningTarget {
  endpoint: string
  stop(): Promise<void>
}

export interface Target {
  name: string
  available: boolean
  /** Starts the target for one scenario (DynamoDB Local is shared across the run). */
  start(): Promise<RunningTarget>
}

export const targets: Target[] = [
  {
    name: 'dynamodb-local',
    available: dynamodbLocalAvailable,
    start: async () => ({ endpoint: (await dynamodbLocal()).endpoint, stop: async () => {} }),
  },
  {
    // A fresh in-memory engine per scenario: it starts in milliseconds.
    name: 'embedded',
    available: true,
    start: async () => {
      const server = await startLocal({ port: 0, inMemory: true })
      return { endpoint: server.endpoint, stop: () => server.stop() }
    },
  },
]

if (process.env.DBTOOLING_TEST_ENDPOINT) {
  const url = process.env.DBTOOLING_TEST_ENDPOINT
  targets.push({ name: `endpoint ${url}`, available: true, start: async () => ({ endpoint: url, stop: async () => {} }) })
}

/** Dummy credentials for emulators: they need a signed request, not a valid one. */
export const testCredentials = { accessKeyId: 'dbtoolingtest', secretAccessKey: 'dbtoolingtestsecret' }
export const testRegion = 'us-east-1'

let counter = 0
/** A table name unique within this run, so tests never collide on a shared emulator. */
export function uniqueTableName(prefix = 't'): string {
  counter += 1
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`
}
