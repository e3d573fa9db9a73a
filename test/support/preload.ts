import { afterAll } from 'bun:test'
import { dynamodbLocal, dynamodbLocalAvailable, stopDynamoDBLocal } from './dynamodb-local.ts'

// One DynamoDB Local for the whole run, booted before any test file so the JVM's start-up never
// counts against a test's or hook's timeout. DBTOOLING_NO_DYNAMODB_LOCAL=1 skips it for quick
// unit-test runs (outside CI only).
if (dynamodbLocalAvailable && !(process.env.DBTOOLING_NO_DYNAMODB_LOCAL === '1' && process.env.CI !== 'true')) {
  await dynamodbLocal()
}

// Hooks registered in a preload apply to the whole run: the emulator is stopped once at the end.
afterAll(async () => {
  await stopDynamoDBLocal()
})
