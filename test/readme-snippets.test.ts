/**
 * Every ```ts block of README.md compiles and runs as written. Each block becomes a module that is
 * type-checked with the project's strict tsconfig (one tsc run for all) and executed by Bun in a
 * scratch folder holding the blog app's models, against a fresh in-memory embedded engine with the
 * tables the README uses. The one substitution: the README's DynamoDB Local address
 * (http://127.0.0.1:8000, port 8000) becomes that engine's. A block whose first line starts with
 * `// not run:` (it needs AWS, or a CDK app) is type-checked only; `// not type-checked:` skips both
 * and says why.
 */
import { describe, expect, test } from 'bun:test'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DynamoDBClient } from '../src/dynamodb/client.ts'
import { startLocal } from '../src/local/server.ts'

const ROOT = resolve(import.meta.dir, '..')
const SNIPPETS = join(ROOT, '.cache', 'readme-snippets')

interface Snippet {
  line: number
  code: string
  run: boolean
  typeCheck: boolean
}

function readmeSnippets(text: string): Snippet[] {
  const lines = text.split('\n')
  const snippets: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts') continue
    const start = i + 1
    while (lines[++i]!.trim() !== '```');
    const code = lines.slice(start, i).join('\n')
    const first = code.split('\n')[0]!.trim()
    const typeCheck = !first.startsWith('// not type-checked:')
    snippets.push({ line: start + 1, code, typeCheck, run: typeCheck && !first.startsWith('// not run:') })
  }
  return snippets
}

const snippets = readmeSnippets(await Bun.file(join(ROOT, 'README.md')).text())
const file = (s: Snippet) => join(SNIPPETS, `readme-line-${s.line}.ts`)

// The tables the README's examples read and write.
const TABLES: Record<string, string[]> = { Users: ['pk'], app: ['pk', 'sk'], Posts: ['pk', 'sk'] }

describe('README snippets', () => {
  test('there are snippets, and every one is type-checked or says why not', () => {
    expect(snippets.length).toBeGreaterThan(10)
    for (const s of snippets.filter(s => !s.typeCheck)) expect(s.code.split('\n')[0]).toMatch(/^\/\/ not type-checked: \S/)
  })

  test('all type-check with the project tsconfig', async () => {
    rmSync(SNIPPETS, { recursive: true, force: true })
    mkdirSync(SNIPPETS, { recursive: true })
    // `export {}` keeps every snippet a module (top-level await, no shared globals).
    for (const s of snippets) if (s.typeCheck) writeFileSync(file(s), `${s.code}\nexport {}\n`)
    writeFileSync(join(SNIPPETS, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['*.ts'], exclude: [] }))
    const tsc = Bun.spawn([join(ROOT, 'node_modules', '.bin', 'tsc'), '-p', join(SNIPPETS, 'tsconfig.json')], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' })
    const [out, code] = await Promise.all([new Response(tsc.stdout).text(), tsc.exited])
    // Name the README line of each error, not the scratch file.
    expect(out.replace(/readme-line-(\d+)\.ts/g, 'README.md snippet at line $1')).toBe('')
    expect(code).toBe(0)
  }, 300_000)

  for (const s of snippets.filter(s => s.run)) {
    test(`the snippet at README.md line ${s.line} runs against the embedded engine`, async () => {
      const engine = await startLocal({ port: 0, inMemory: true })
      const dir = mkdtempSync(join(tmpdir(), 'dbtooling-readme-'))
      try {
        const client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'readme', secretAccessKey: 'readme' } })
        for (const [name, key] of Object.entries(TABLES)) {
          await client.createTable({
            TableName: name,
            BillingMode: 'PAY_PER_REQUEST',
            KeySchema: key.map((k, i) => ({ AttributeName: k, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
            AttributeDefinitions: key.map(k => ({ AttributeName: k, AttributeType: 'S' })),
          })
        }
        client.close()
        cpSync(join(ROOT, 'fixtures', 'models', 'blog'), join(dir, 'app', 'models'), { recursive: true })
        const port = new URL(engine.endpoint).port
        const code = s.code.replaceAll('http://127.0.0.1:8000', engine.endpoint).replaceAll('port: 8000', `port: ${Number(port) + 1}`)
        writeFileSync(join(dir, 'snippet.ts'), code)
        // Resolve 'dbtooling' to this checkout, as an installed package would.
        mkdirSync(join(dir, 'node_modules'))
        symlinkSync(ROOT, join(dir, 'node_modules', 'dbtooling'))
        const child = Bun.spawn([process.execPath, 'snippet.ts'], {
          cwd: dir,
          env: { PATH: process.env.PATH ?? '', HOME: dir, AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint, AWS_ACCESS_KEY_ID: 'readme', AWS_SECRET_ACCESS_KEY: 'readme', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' },
          stdout: 'pipe',
          stderr: 'pipe',
        })
        const [stderr, exit] = await Promise.all([new Response(child.stderr).text(), child.exited])
        expect(stderr.replace(/\/tmp\/dbtooling-readme-\w+\/snippet\.ts/g, `README.md:${s.line}`)).not.toMatch(/error|Error/)
        expect(exit).toBe(0)
      } finally {
        await engine.stop()
        rmSync(dir, { recursive: true, force: true })
      }
    }, 120_000)
  }
})
