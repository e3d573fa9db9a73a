/**
 * One DynamoDB Local per test run, started on first use and stopped when the run ends
 * (see preload.ts). Under CI=true a missing Java fails the run instead of skipping.
 */
import { javaAvailable, JavaMissingError, startDynamoDBLocal, type DynamoDBLocal } from '../../scripts/dynamodb-local.ts'

const inCI = process.env.CI === 'true'

/** True when DynamoDB Local tests should run; false outside CI without Java, or when skipped on purpose. */
export const dynamodbLocalAvailable: boolean = (javaAvailable() || inCI) && !(process.env.DBTOOLING_NO_DYNAMODB_LOCAL === '1' && !inCI)

if (!javaAvailable()) {
  if (inCI) throw new JavaMissingError()
  console.warn(`[dbtooling tests] ${new JavaMissingError().message} Skipping DynamoDB Local tests.`)
}

let running: Promise<DynamoDBLocal> | undefined

export function dynamodbLocal(): Promise<DynamoDBLocal> {
  running ??= startDynamoDBLocal()
  return running
}

export async function stopDynamoDBLocal(): Promise<void> {
  if (!running) return
  const local = await running.catch(() => undefined)
  running = undefined
  await local?.stop()
}
