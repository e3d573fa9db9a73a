/**
 * End to end on every test target (DynamoDB Local, the embedded engine): the access-pattern suite
 * (access-pattern-suite.ts) on the table derived from each fixture app's models.
 */
import { afterAll, describe, test } from 'bun:test'
import { targets } from '../support/targets.ts'
import { analyticsSeed, blogSeed, runApp } from './access-pattern-suite.ts'
import { ANALYTICS, BLOG } from './helpers.ts'

for (const target of targets) {
  describe.skipIf(!target.available)(`single-table design on ${target.name}`, () => {
    const counts: Record<string, unknown> = {}
    afterAll(() => {
      if (Object.keys(counts).length > 0) console.info(`[single-table e2e ${target.name}]`, JSON.stringify(counts))
    })

    test('blog: every access pattern returns exactly the expected items, in order', async () => {
      counts.blog = await runApp(target, BLOG, blogSeed())
    }, 60_000)

    test('analytics: every access pattern returns exactly the expected items, in order', async () => {
      counts.analytics = await runApp(target, ANALYTICS, analyticsSeed())
    }, 60_000)
  })
}
