/**
 * The servers the scenario suite runs against. Each target yields an endpoint; scenarios are
 * written once and run on every available target with the same assertions.
 */
import { dynamodbLocal, dynamodbLocalAvailable } from './dynamodb-local.ts'

export interface Target {
  name: string
  available: boolean
  endpoint(): Promise<string>
}

export const targets: Target[] = [
  { name: 'dynamodb-local', available: dynamodbLocalAvailable, endpoint: async () => (await dynamodbLocal()).endpoint },
]

if (process.env.DBTOOLING_TEST_ENDPOINT) {
  const url = process.env.DBTOOLING_TEST_ENDPOINT
  targets.push({ name: `endpoint ${url}`, available: true, endpoint: async () => url })
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
