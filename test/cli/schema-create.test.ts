/**
 * `schema --create` applies the config's table settings and is idempotent: run again on a table
 * that matches it says so (exit 0); on a table that differs it lists the drift (exit 1), changing
 * nothing. On the embedded engine and on DynamoDB Local.
 */
import { describe, expect, test } from 'bun:test'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runDbtooling } from '../support/cli.ts'
import { dynamodbLocal, dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { uniqueTableName } from '../support/targets.ts'

const blog = resolve(import.meta.dir, '../../fixtures/models/blog')

const endpoints: { name: string; endpoint: () => Promise<string> }[] = [{ name: 'embedded', endpoint: async () => 'local' }]
if (dynamodbLocalAvailable) endpoints.push({ name: 'dynamodb-local', endpoint: async () => (await dynamodbLocal()).endpoint })

for (const target of endpoints) {
  describe(`schema --create [${target.name}]`, () => {
    test('applies deletion protection and table class, is idempotent, reports drift', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'dbtooling-create-'))
      const models = join(cwd, 'models')
      cpSync(blog, models, { recursive: true })
      const table = uniqueTableName('create')
      writeFileSync(join(cwd, 'dbtooling.config.json'), JSON.stringify({
        endpoint: await target.endpoint(),
        credentials: { accessKeyId: 'dbtoolingtest', secretAccessKey: 'dbtoolingtestsecret' },
        // DynamoDB Local accepts TableClass and ignores it (describes STANDARD), which would be drift
        table: { name: table, deletionProtection: true, ...(target.name === 'embedded' ? { tableClass: 'STANDARD_INFREQUENT_ACCESS' } : {}) },
      }))
      const first = await runDbtooling(['schema', '--create', '--models', models, '--json'], { cwd })
      expect(first.stderr).not.toContain('Error')
      expect(first.code).toBe(0)
      expect(JSON.parse(first.stdout).created).toBe(table)
      const described = JSON.parse((await runDbtooling(['table:describe', table, '--json'], { cwd })).stdout)
      expect(described.DeletionProtectionEnabled ?? described.deletionProtection).toBe(true)

      const again = await runDbtooling(['schema', '--create', '--models', models, '--json'], { cwd })
      expect(again.code).toBe(0)
      expect(JSON.parse(again.stdout)).toMatchObject({ table, created: false, upToDate: true, differences: [] })

      // a second index on User needs a fourth GSI: the live table no longer matches the models
      const user = join(models, 'User.ts')
      const source = await Bun.file(user).text()
      writeFileSync(user, source.replace("{ name: 'users_role_created_index', columns: ['role', 'createdAt'] },", "{ name: 'users_role_created_index', columns: ['role', 'createdAt'] },\n    { name: 'users_age_index', columns: ['age', 'createdAt'] },"))
      expect(await Bun.file(user).text()).not.toBe(source)
      const drift = await runDbtooling(['schema', '--create', '--models', models, '--json'], { cwd })
      expect(drift.code).toBe(1)
      const report = JSON.parse(drift.stdout)
      expect(report.upToDate).toBe(false)
      expect(report.differences.length).toBeGreaterThan(0)
      const text = await runDbtooling(['schema', '--create', '--models', models], { cwd })
      expect(text.code).toBe(1)
      expect(text.stdout + text.stderr).toContain('differs from the models')
    }, 120_000)
  })
}
