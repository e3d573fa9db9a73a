import { afterAll, setDefaultTimeout } from 'bun:test'
import { stopDynamoDBLocal } from './dynamodb-local.ts'

// DynamoDB Local needs a few seconds to boot the JVM on a cold, busy machine; hooks included.
setDefaultTimeout(60_000)

// Hooks registered in a preload apply to the whole run: one emulator, stopped once at the end.
afterAll(async () => {
  await stopDynamoDBLocal()
})
