import { describe, expect, test } from 'bun:test'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runDbtooling } from '../support/cli.ts'

const emptyDir = () => mkdtempSync(join(tmpdir(), 'dbtooling-cli-'))

describe('CLI framework', () => {
  test('--version and version print the package version', async () => {
    const pkg = await Bun.file(join(import.meta.dir, '../../package.json')).json()
    const a = await runDbtooling(['--version'])
    expect(a.code).toBe(0)
    expect(a.stdout.trim()).toBe(`dbtooling ${pkg.version}`)
    const b = await runDbtooling(['version', '--json'])
    expect(JSON.parse(b.stdout)).toEqual({ version: pkg.version })
  })

  test('--help, help <command> and <command> --help come from the same definitions', async () => {
    const main = await runDbtooling(['--help'])
    expect(main.code).toBe(0)
    expect(main.stdout).toContain('Commands:')
    expect(main.stdout).toContain('config')
    const viaHelp = await runDbtooling(['help', 'config'])
    const viaFlag = await runDbtooling(['config', '--help'])
    expect(viaHelp.code).toBe(0)
    expect(viaHelp.stdout).toBe(viaFlag.stdout)
    expect(viaFlag.stdout).toContain('Usage: dbtooling config')
    expect(viaFlag.stdout).toContain('--endpoint-url')
  })

  test('an unknown command is a usage error with the closest match', async () => {
    const r = await runDbtooling(['confg'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('unknown command "confg"')
    expect(r.stderr).toContain('dbtooling config')
  })

  test('an unknown flag is a usage error with the closest match', async () => {
    const r = await runDbtooling(['config', '--jsn'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--jsn")
    expect(r.stderr).toContain('did you mean --json')
  })

  test('config --json is exactly one JSON document with sources', async () => {
    const cwd = emptyDir()
    const r = await runDbtooling(['config', '--json', '--region', 'eu-west-1'], { cwd, env: { AWS_REGION: 'us-west-2' } })
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.region).toBe('eu-west-1')
    expect(doc.sources.region).toBe('flag')
  })

  test('config never prints secrets and says where values came from', async () => {
    const cwd = emptyDir()
    writeFileSync(join(cwd, 'dbtooling.config.json'), JSON.stringify({
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AKIDCONFIG', secretAccessKey: 'super-secret-value' },
      table: { name: 'app', prefix: 'dev-' },
      environments: { production: { production: true, table: { name: 'app', prefix: 'prod-' } } },
    }))
    const r = await runDbtooling(['config', '--json', '--env', 'production'], { cwd })
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('super-secret-value')
    const doc = JSON.parse(r.stdout)
    expect(doc.tableName).toBe('prod-app')
    expect(doc.production).toBe(true)
    expect(doc.sources.production).toBe('environment:production')
    expect(doc.sources.region).toBe('config')
    const human = await runDbtooling(['config'], { cwd })
    expect(human.stdout).not.toContain('super-secret-value')
    expect(human.stdout).toContain('dbtooling.config.json')
  })

  test('an invalid config names the key, the value and the allowed values', async () => {
    const cwd = emptyDir()
    writeFileSync(join(cwd, 'dbtooling.config.json'), JSON.stringify({ table: { billingMode: 'ON_DEMAND' } }))
    const r = await runDbtooling(['config'], { cwd })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('table.billingMode')
    expect(r.stderr).toContain('"ON_DEMAND"')
    expect(r.stderr).toContain('PAY_PER_REQUEST')
    expect(r.stderr).not.toContain('    at ')
  })
})
