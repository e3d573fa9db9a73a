/**
 * --verbose prints the stack of an unexpected error with readable function names and source
 * locations, also from the compiled binary (DBTOOLING_BIN, as CI runs this folder): the release
 * build keeps identifiers and embeds its source map.
 */
import { expect, test } from 'bun:test'
import { runDbtooling } from '../support/cli.ts'

test('a --verbose error shows the functions and source files it passed through', async () => {
  const run = await runDbtooling(['get', '{"pk":"a"}', '--table', 't', '--endpoint-url', 'http://127.0.0.1:1', '--verbose'], {
    env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'us-east-1' },
  })
  expect(run.code).not.toBe(0)
  expect(run.stderr).toMatch(/at (async )?attempt \(.*src\/aws\/http\.ts:\d+:\d+\)/)
  expect(run.stderr).toMatch(/at (async )?send \(.*src\/dynamodb\/client\.ts:\d+:\d+\)/)
})
