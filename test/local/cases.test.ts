/**
 * Request sequences in test/local/cases/*.json, replayed step by step against DynamoDB Local and
 * the engine; every answer must match after normalization. `$T` becomes a fresh table name.
 * Add a case file to pin down a behaviour: [["Operation", {input}, "label"], ...].
 *
 * Where DynamoDB Local is not DynamoDB, a step carries DynamoDB's documented answer and the reason:
 * ["Operation", {input}, "label", {"expect": {"status": 400, "body": {...}}, "why": "..."}]; the
 * engine must give that answer (Local still runs the step, so both keep the same state).
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { uniqueTableName } from '../support/targets.ts'
import { both, comparable, engineServer, normalize } from './support.ts'

afterAll(async () => {
  await (await engineServer()).stop()
})

const dir = join(import.meta.dir, 'cases')
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()

function unordered(answer: unknown): unknown {
  const { status, body } = answer as { status: number; body: Record<string, unknown> }
  return { status, body: Array.isArray(body.Items) ? { ...body, Items: body.Items.map((i) => JSON.stringify(i)).sort() } : body }
}

interface Documented {
  expect: { status: number; body: Record<string, unknown> }
  why: string
}

describe.skipIf(!dynamodbLocalAvailable)('recorded cases: engine vs DynamoDB Local', () => {
  for (const file of files) {
    test(file, async () => {
      const table = uniqueTableName('case')
      const text = (await Bun.file(join(dir, file)).text()).replaceAll('$T', table)
      const steps = JSON.parse(text) as [string, unknown, string?, Documented?][]
      for (const [operation, input, label, documented] of steps) {
        const { ours, theirs } = await both(operation, input)
        const step = `${operation} ${label ?? ''}`
        const reference = documented ? { status: documented.expect.status, body: normalize(documented.expect.body) } : comparable(theirs)
        // Scan order is the implementation's own: its items are compared as a multiset.
        const view = (answer: unknown) => (operation === 'Scan' ? unordered(answer) : answer)
        expect({ step, ...(view(comparable(ours)) as object) }).toEqual({ step, ...(view(reference) as object) })
      }
    }, 120_000)
  }
})
