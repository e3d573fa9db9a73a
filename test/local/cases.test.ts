/**
 * Request sequences in test/local/cases/*.json, replayed step by step against DynamoDB Local and
 * the engine; every answer must match after normalization. `$T` becomes a fresh table name.
 * Add a case file to pin down a behaviour: [["Operation", {input}, "label"], ...].
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { uniqueTableName } from '../support/targets.ts'
import { both, comparable, engineServer } from './support.ts'

afterAll(async () => {
  await (await engineServer()).stop()
})

const dir = join(import.meta.dir, 'cases')
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()

describe.skipIf(!dynamodbLocalAvailable)('recorded cases: engine vs DynamoDB Local', () => {
  for (const file of files) {
    test(file, async () => {
      const table = uniqueTableName('case')
      const text = (await Bun.file(join(dir, file)).text()).replaceAll('$T', table)
      const steps = JSON.parse(text) as [string, unknown, string?][]
      for (const [operation, input, label] of steps) {
        const { ours, theirs } = await both(operation, input)
        expect({ step: `${operation} ${label ?? ''}`, ...(comparable(ours) as object) }).toEqual({ step: `${operation} ${label ?? ''}`, ...(comparable(theirs) as object) })
      }
    }, 120_000)
  }
})
