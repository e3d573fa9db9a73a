import { describe, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, findConfigFile, resolveConfig, validateConfig } from '../src/config.ts'

describe('config resolution', () => {
  test('precedence: flags > DBTOOLING_* > AWS env > environment > file > defaults', async () => {
    const file = { region: 'file-region', endpoint: 'http://file:1', environments: { staging: { region: 'env-region', endpoint: 'http://staging:1' } } }
    const base = await resolveConfig({ file, env: {} })
    expect(base.region).toBe('file-region')
    expect(base.sources.region).toBe('config')
    const staged = await resolveConfig({ file, env: { DBTOOLING_ENV: 'staging' } })
    expect(staged.region).toBe('env-region')
    expect(staged.sources.region).toBe('environment:staging')
    const aws = await resolveConfig({ file, env: { DBTOOLING_ENV: 'staging', AWS_REGION: 'aws-region' } })
    expect(aws.region).toBe('aws-region')
    const own = await resolveConfig({ file, env: { AWS_REGION: 'aws-region', DBTOOLING_REGION: 'own-region' } })
    expect(own.region).toBe('own-region')
    expect(own.sources.region).toBe('env:DBTOOLING_REGION')
    const flag = await resolveConfig({ file, env: { DBTOOLING_REGION: 'own-region' }, flags: { region: 'flag-region' } })
    expect(flag.region).toBe('flag-region')
    expect(flag.sources.region).toBe('flag')
    const defaults = await resolveConfig({ file: {}, env: {} })
    expect(defaults.region).toBe('us-east-1')
    expect(defaults.sources.region).toBe('default')
  })

  test('an unknown environment lists the defined ones', async () => {
    await expect(resolveConfig({ file: { environments: { staging: {} } }, env: {}, flags: { env: 'prod' } })).rejects.toThrow('defined: staging')
  })

  test('table prefix and suffix decorate configured names, not an explicit --table', async () => {
    const file = { table: { name: 'app', prefix: 'dev-', suffix: '-v1' } }
    expect((await resolveConfig({ file, env: {} })).tableName).toBe('dev-app-v1')
    expect((await resolveConfig({ file, env: {}, flags: { table: 'exact' } })).tableName).toBe('exact')
  })

  test('singleTableDesign is the resolved design: the section, the table settings and the defaults', async () => {
    const defaults = await resolveConfig({ file: {}, env: {} })
    expect(defaults.singleTableDesign).toMatchObject({ tableName: 'dbtooling', partitionKey: 'pk', delimiter: '#', billing: 'PAY_PER_REQUEST', ttlAttribute: 'expiresAt', stream: false })
    const file = { table: { name: 'app', billingMode: 'PROVISIONED' as const, readCapacity: 2, writeCapacity: 4, stream: 'KEYS_ONLY' as const }, singleTableDesign: { gsiCount: 3 } }
    const design = (await resolveConfig({ file, env: {}, flags: { table: 'other' } })).singleTableDesign
    expect(design).toMatchObject({ tableName: 'other', gsiCount: 3, billing: { readCapacityUnits: 2, writeCapacityUnits: 4 }, stream: 'KEYS_ONLY' })
    // a design the single-table layer rejects is a ConfigError naming the section's key
    const bad = resolveConfig({ file: { singleTableDesign: { delimiter: '{' } }, env: {} })
    await expect(bad).rejects.toBeInstanceOf(ConfigError)
    await expect(bad).rejects.toMatchObject({ key: 'singleTableDesign.delimiter' })
    // an existing table may be named by ARN: the CreateTable name rule is checked when a table is derived
    expect((await resolveConfig({ file: {}, env: {}, flags: { table: 'arn:aws:dynamodb:us-east-1:123456789012:table/app' } })).tableName).toStartWith('arn:')
  })

  test('validation names the key, the bad value and the allowed values', () => {
    expect(() => validateConfig({ table: { stream: 'ALL' } })).toThrow(/table\.stream is "ALL"; expected .*NEW_AND_OLD_IMAGES/)
    expect(() => validateConfig({ regoin: 'x' })).toThrow(/unknown key regoin/)
    expect(() => validateConfig({ endpoint: 'localhost:8000' })).toThrow(/endpoint/)
    expect(() => validateConfig({ maxAttempts: 0 })).toThrow(ConfigError)
    expect(() => validateConfig({ environments: { prod: { table: { billingMode: 'PROVISIONED' } } } })).toThrow(/readCapacity/)
  })

  test('deployment settings: PITR, SSE, contributor insights and auto scaling are checked', () => {
    const scaling = { read: { min: 5, max: 50, targetUtilization: 70 }, write: { min: 5, max: 20, targetUtilization: 70 }, indexes: { GSI1: { read: { min: 1, max: 10, targetUtilization: 50 } } } }
    validateConfig({ table: { billingMode: 'PROVISIONED', readCapacity: 5, writeCapacity: 5, pointInTimeRecovery: true, contributorInsights: true, sse: 'AWS_MANAGED', autoScaling: scaling } })
    validateConfig({ table: { sse: { kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' } } })
    validateConfig({ table: { sse: { kmsKeyParameter: 'TableKeyArn' } } })
    expect(() => validateConfig({ table: { sse: 'KMS' } })).toThrow(/table\.sse is "KMS"; expected "AWS_OWNED", "AWS_MANAGED"/)
    expect(() => validateConfig({ table: { sse: { kmsKeyArn: 'alias/mine' } } })).toThrow(/table\.sse/)
    expect(() => validateConfig({ table: { pointInTimeRecovery: 'yes' } })).toThrow(/table\.pointInTimeRecovery is "yes"; expected true or false/)
    expect(() => validateConfig({ table: { autoScaling: { read: { min: 10, max: 5, targetUtilization: 70 } } } })).toThrow(/table\.autoScaling\.read\.max is 5; expected an integer of at least min \(10\)/)
    expect(() => validateConfig({ table: { autoScaling: { read: { min: 1, max: 5, targetUtilization: 95 } } } })).toThrow(/targetUtilization is 95; expected a percentage from 20 to 90/)
    expect(() => validateConfig({ table: { autoScaling: { indexes: { GSI1: { reads: {} } } } } })).toThrow(/unknown key table\.autoScaling\.indexes\.GSI1\.reads/)
    expect(() => validateConfig({ table: { billingMode: 'PAY_PER_REQUEST', autoScaling: {} } })).toThrow(/autoScaling needs table\.billingMode PROVISIONED/)
  })

  test('the config file is found from the working directory upward; .ts files load', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dbtooling-config-'))
    const deep = join(root, 'a', 'b')
    mkdirSync(deep, { recursive: true })
    writeFileSync(join(root, 'dbtooling.config.ts'), "export default { region: 'ap-south-1', table: { name: 'found' } }\n")
    expect(await findConfigFile(deep)).toBe(join(root, 'dbtooling.config.ts'))
    const resolved = await resolveConfig({ cwd: deep, env: {} })
    expect(resolved.region).toBe('ap-south-1')
    expect(resolved.tableName).toBe('found')
    await expect(findConfigFile(deep, 'missing.json')).rejects.toThrow(/does not exist/)
  })
})
