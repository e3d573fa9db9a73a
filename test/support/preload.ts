import { afterAll } from 'bun:test'
import { stopDynamoDBLocal } from './dynamodb-local.ts'

// Hooks registered in a preload apply to the whole run: one emulator, stopped once at the end.
afterAll(async () => {
  await stopDynamoDBLocal()
})
