/**
 * export and import as a real process against DynamoDB Local: 20,000 varied items (5,000 outside
 * `bun run test:slow`) survive
 * export -> import into another table exactly (jsonl and ddb-json), csv carries what it can,
 * an export interrupted by SIGINT and then killed resumes to a file with every item once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { DocumentClient } from '../../src/dynamodb/document.ts'
import { NumberValue } from '../../src/dynamodb/marshall.ts'
import { runDbtooling } from '../support/cli.ts'
import { dynamodbLocal, dynamodbLocalAvailable } from '../support/dynamodb-local.ts'
import { volume } from '../support/volume.ts'
import { cliDocumentClient, cliEnv, createTable, deleteTables, tableItems, variedItem } from './transfer-support.ts'

const ROOT = resolve(import.meta.dir, '../..')
// 20,000 under `bun run test:slow`; 5,000 still spans many pages, segments and checkpoints.
const COUNT = volume(20_000, 5_000)
const SLOW = 600_000 // DynamoDB Local on a shared 2-core machine: minutes, not seconds, under load
const SMALL = 120_000

describe.skipIf(!dynamodbLocalAvailable)('export/import (DynamoDB Local, real CLI)', () => {
  let endpoint: string
  let doc: DocumentClient
  let source: string
  let sourceItems: Record<string, unknown>[]
  const tables: string[] = []
  const dir = mkdtempSync(join(tmpdir(), 'dbtooling-transfer-'))
  const cli = (args: string[], stdin?: string) => runDbtooling(['--endpoint-url', endpoint, ...args], { stdin, env: cliEnv })
  const table = async (prefix: string) => {
    const name = await createTable(doc, prefix)
    tables.push(name)
    return name
  }

  beforeAll(async () => {
    endpoint = (await dynamodbLocal()).endpoint
    doc = cliDocumentClient(endpoint)
  })
  afterAll(async () => {
    await deleteTables(doc, tables)
  })

  test(`seed ${COUNT} varied items`, async () => {
    source = await table('src')
    const started = performance.now()
    await doc.batchWrite(Array.from({ length: COUNT }, (_, i) => ({ table: source, put: variedItem(i) })), { concurrency: 8 })
    console.log(`[transfer] seeded ${COUNT} items in ${((performance.now() - started) / 1000).toFixed(1)}s`)
    sourceItems = await tableItems(doc, source)
    expect(sourceItems.length).toBe(COUNT)
  }, SLOW)

  for (const format of ['jsonl', 'ddb-json'] as const) {
    test(`${format}: export then import into another table reproduces all ${COUNT} items exactly`, async () => {
      expect(sourceItems?.length).toBe(COUNT)
      const file = join(dir, format === 'jsonl' ? 'all.jsonl' : 'all.ddb.json')
      const exported = await cli(['export', source, '--format', format, '--output', file, '--segments', '4', '--json'])
      expect(exported.stderr).toContain(`exported ${COUNT} items`)
      expect(exported.code).toBe(0)
      const summary = JSON.parse(exported.stdout)
      expect(summary).toMatchObject({ table: source, format, items: COUNT, output: file })
      expect(readFileSync(file, 'utf8').split('\n').length).toBe(COUNT + 1)

      const target = await table(`dst-${format}`)
      const imported = await cli(['import', target, file, '--concurrency', '8', '--json']) // format from the file name
      expect(imported.code).toBe(0)
      const result = JSON.parse(imported.stdout)
      expect(result).toMatchObject({ table: target, format, items: COUNT, malformed: 0, errors: [] })
      console.log(`[transfer] ${format}: export ${Math.round(COUNT / summary.seconds)} items/s, import ${Math.round(COUNT / result.seconds)} items/s`)

      const copied = await tableItems(doc, target)
      expect(copied.length).toBe(COUNT)
      expect(copied).toEqual(sourceItems)
      // Not vacuous: the hard cases are there, with their exact types.
      const seven = copied.find(i => i.sk === 7)!
      expect(seven.big).toEqual(new NumberValue('12345678901234567890123456789012345677'))
      expect(seven.ss).toBeInstanceOf(Set)
      expect(seven.bs).toEqual(new Set([new Uint8Array([1, 2, 7]), new Uint8Array([0]), new Uint8Array([255, 254])]))
      expect((seven.map as Record<string, unknown>).tagLike).toEqual({ $N: '12' })
    }, SLOW)
  }

  test('resume: SIGINT, then a crash with a torn page, then a resumed run gives every item exactly once', async () => {
    expect(sourceItems?.length).toBe(COUNT)
    const reference = readFileSync(join(dir, 'all.jsonl'), 'utf8').split('\n').filter(Boolean).sort()
    const output = join(dir, 'resumed.jsonl')
    const checkpoint = join(dir, 'resumed.ckpt')
    const args = ['export', source, '--output', output, '--checkpoint', checkpoint, '--page-size', '250', '--segments', '3']

    // 1. Ctrl-C once the first pages are written: exit 130 and the exact command to resume.
    const first = await runUntil(args, () => existsSync(checkpoint) && statSync(output).size > 0, 'SIGINT')
    expect(first.code).toBe(130)
    expect(first.stderr).toContain('resume with: dbtooling export')
    expect(first.stderr).toContain(`--checkpoint ${checkpoint}`)
    const afterFirst = checkpointItems(checkpoint)
    expect(afterFirst).toBeGreaterThan(0)
    expect(afterFirst).toBeLessThan(COUNT)

    // 2. The resumed run dies hard (no chance to clean up) after more pages.
    const second = await runUntil(args, () => checkpointItems(checkpoint) > afterFirst, 'SIGKILL')
    expect(second.stderr).toContain(`resuming export of ${source}`)
    expect(second.code).not.toBe(0)
    // A page written after the last checkpoint, cut off mid-line by the crash.
    appendFileSync(output, '{"pk":"P#torn","sk":')

    // 3. Resume to the end.
    const third = await cli(args)
    expect(third.code).toBe(0)
    expect(existsSync(checkpoint)).toBe(false)
    const lines = readFileSync(output, 'utf8').split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.length).toBe(COUNT)
    expect(lines.sort()).toEqual(reference)
  }, SLOW)

  test('csv: header, RFC 4180 quoting, and a round trip of the types csv carries', async () => {
    const src = await table('csv-src')
    const items = Array.from({ length: 60 }, (_, i) => ({
      pk: `C#${i % 7}`,
      sk: i,
      text: i % 3 === 0 ? `comma, "quote"\r\nnewline ${i}` : `plain ${i}`,
      looksNumeric: `00${i}`,
      blank: '',
      n: i % 2 ? i / 4 : -i,
      big: new NumberValue(`9876543210987654321098765432109876543${i % 10}`),
      flag: i % 2 === 0,
      nothing: null,
      nested: { list: [1, 'a', { b: [true, null] }], ss: new Set(['x', 'y']) },
      list: ['l', 2],
    }))
    await doc.batchWrite(items.map(put => ({ table: src, put })))
    const file = join(dir, 'items.csv')
    const exported = await cli(['export', src, '--format', 'csv', '--output', file, '--segments', '1'])
    expect(exported.code).toBe(0)
    const text = readFileSync(file, 'utf8')
    const header = text.split('\r\n')[0]!.split(',')
    expect(header.slice(0, 2)).toEqual(['pk', 'sk']) // key attributes first
    expect(header.sort()).toEqual(['big', 'blank', 'flag', 'list', 'looksNumeric', 'n', 'nested', 'nothing', 'pk', 'sk', 'text'])
    expect(text).toContain('"comma, ""quote""\r\nnewline 0"')
    const dst = await table('csv-dst')
    const imported = await cli(['import', dst, file])
    expect(imported.code).toBe(0)
    expect(await tableItems(doc, dst)).toEqual(await tableItems(doc, src))
  }, SLOW)

  test('csv: columns from a sample; an attribute outside them is an error that says to pass --columns', async () => {
    const src = await table('csv-cols')
    // Columns come from the first 1,000 items; the 1,001st brings a new attribute.
    await doc.batchWrite(Array.from({ length: 1001 }, (_, i) => ({ table: src, put: i === 1000 ? { pk: 'A', sk: i, a: i, extra: 'x' } : { pk: 'A', sk: i, a: i } })), { concurrency: 8 })
    const file = join(dir, 'cols.csv')
    const failed = await cli(['export', src, '--format', 'csv', '-o', file, '--segments', '1', '--page-size', '100'])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('CsvColumns')
    expect(failed.stderr).toContain('--columns pk,sk,a,extra')
    const ok = await cli(['export', src, '--format', 'csv', '-o', file, '--columns', 'a,extra'])
    expect(ok.code).toBe(0)
    const rows = readFileSync(file, 'utf8').split('\r\n')
    expect(rows.slice(0, 3)).toEqual(['pk,sk,a,extra', '"A",0,0,', '"A",1,1,'])
    expect(rows.slice(-2)).toEqual(['"A",1000,1000,"x"', ''])
    // A small table with differing items needs no --columns: the sample covers all of it.
    const small = await table('csv-small')
    await doc.batchWrite([{ table: small, put: { pk: 'B', sk: 1, a: 1 } }, { table: small, put: { pk: 'C', sk: 2, b: true } }])
    const auto = await cli(['export', small, '--format', 'csv', '-o', file, '--page-size', '1'])
    expect(auto.code).toBe(0)
    const lines = readFileSync(file, 'utf8').split('\r\n')
    expect(lines[0]!.split(',').sort()).toEqual(['a', 'b', 'pk', 'sk'])
    expect(lines.length).toBe(4)
  }, SMALL)

  test('import: malformed lines are reported by line number, valid ones written, exit 1; --dry-run writes nothing', async () => {
    const dst = await table('bad')
    const lines = [
      '{"pk":"a","sk":1,"v":1}',
      'not json',
      '{"pk":"b","sk":2,"n":{"$N":"12345678901234567890123456789012345678"}}',
      '{"pk":"c"}',
      '',
      '{"pk":"d","sk":"x"}',
      '{"pk":"e","sk":3,"s":{"$SS":[]}}',
      '{"pk":"a","sk":1,"v":2}', // the same key again: a later line wins, no failed batch
      '{"pk":"f","sk":4,"b":{"$B":"not base64!"}}',
    ]
    const file = join(dir, 'bad.jsonl')
    writeFileSync(file, lines.join('\n') + '\n')

    const dry = await cli(['import', dst, file, '--dry-run', '--json'])
    expect(dry.code).toBe(1)
    const dryResult = JSON.parse(dry.stdout)
    expect(dryResult).toMatchObject({ dryRun: true, items: 3, malformed: 5 })
    expect(dryResult.errors.map((e: { line: number }) => e.line)).toEqual([2, 4, 6, 7, 9])
    expect((await tableItems(doc, dst)).length).toBe(0)

    const run = await cli(['import', dst, file])
    expect(run.code).toBe(1)
    for (const line of [2, 4, 6, 7, 9]) expect(run.stderr).toContain(`line ${line}:`)
    expect(run.stderr).toContain('missing key attribute sk')
    expect(run.stderr).toContain('key attribute sk must be of type N')
    expect(await tableItems(doc, dst)).toEqual([
      { pk: 'a', sk: 1, v: 2 },
      { pk: 'b', sk: 2, n: new NumberValue('12345678901234567890123456789012345678') },
    ])

    const valid = join(dir, 'valid.jsonl')
    writeFileSync(valid, lines.filter((_, i) => [0, 2, 7].includes(i)).join('\n'))
    const dryOk = await cli(['import', dst, valid, '--dry-run'])
    expect(dryOk.code).toBe(0)
    expect(dryOk.stderr).toContain('dry run: 3 valid items, 0 malformed lines')

    const strict = await cli(['import', await table('strict'), file, '--strict', '--json'])
    expect(strict.code).toBe(1)
    expect(JSON.parse(strict.stdout)).toMatchObject({ items: 1, errors: [{ line: 2 }] })
  }, SMALL)

  test('import: interrupted with SIGINT, resumed from the checkpoint, every line written once', async () => {
    expect(sourceItems?.length).toBe(COUNT)
    const file = join(dir, 'part.jsonl')
    writeFileSync(file, readFileSync(join(dir, 'all.jsonl'), 'utf8').split('\n').slice(0, 3000).join('\n') + '\n')
    const dst = await table('resume-import')
    const checkpoint = join(dir, 'import.ckpt')
    const args = ['import', dst, file, '--checkpoint', checkpoint, '--concurrency', '1']
    const first = await runUntil(args, () => existsSync(checkpoint) && checkpointLine(checkpoint) > 0, 'SIGINT')
    expect(first.code).toBe(130)
    expect(first.stderr).toContain('resume with: dbtooling import')
    const done = checkpointLine(checkpoint)
    expect(done).toBeLessThan(3000)
    const resumed = await cli([...args, '--json'])
    expect(resumed.code).toBe(0)
    expect(resumed.stderr).toContain(`lines 1-${done} are done`)
    // Chunks count once, across both runs: 3000 writes for 3000 lines.
    expect(JSON.parse(resumed.stdout)).toMatchObject({ items: 3000, malformed: 0 })
    expect(existsSync(checkpoint)).toBe(false)
    expect((await tableItems(doc, dst)).length).toBe(3000)
  }, SLOW)

  test('export --filter/--names/--values/--project; import of a gzipped ddb-json file (as DynamoDB exports to S3)', async () => {
    const src = await table('filter')
    await doc.batchWrite(Array.from({ length: 30 }, (_, i) => ({ table: src, put: { pk: `F#${i % 3}`, sk: i, status: i % 2 ? 'odd' : 'even', extra: i } })))
    const file = join(dir, 'filtered.ddb.json')
    const r = await cli(['export', src, '--format', 'ddb-json', '-o', file, '--filter', '#s = :s', '--names', '{"#s":"status"}', '--values', '{":s":"odd"}', '--project', 'pk,sk,status', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).items).toBe(15)
    const gz = join(dir, 'filtered.ddb.json.gz')
    writeFileSync(gz, Bun.gzipSync(readFileSync(file)))
    const dst = await table('gz')
    const imported = await cli(['import', dst, gz, '--json'])
    expect(imported.code).toBe(0)
    expect(JSON.parse(imported.stdout)).toMatchObject({ format: 'ddb-json', items: 15 })
    const items = await tableItems(doc, dst)
    expect(items.length).toBe(15)
    for (const item of items) expect(item).toEqual({ pk: item.pk, sk: item.sk, status: 'odd' })
  }, SMALL)

  test('import from stdin with -', async () => {
    const dst = await table('stdin')
    const r = await cli(['import', dst, '-'], '{"pk":"s","sk":1,"set":{"$NS":["1","2"]}}\n{"pk":"s","sk":2}\n')
    expect(r.code).toBe(0)
    expect(await tableItems(doc, dst)).toEqual([{ pk: 's', sk: 1, set: new Set([1, 2]) }, { pk: 's', sk: 2 }])
  }, SMALL)

  async function runUntil(args: string[], ready: () => boolean, signal: 'SIGINT' | 'SIGKILL'): Promise<{ code: number; stderr: string }> {
    const child = Bun.spawn([process.execPath, join(ROOT, 'bin/dbtooling.ts'), '--endpoint-url', endpoint, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', ...cliEnv },
      stdout: 'pipe',
      stderr: 'pipe',
    })
    const stderr = new Response(child.stderr).text()
    void new Response(child.stdout).text()
    for (;;) {
      if (child.exitCode !== null) break
      let isReady = false
      try {
        isReady = ready()
      } catch {
        // a checkpoint being replaced at this instant: look again
      }
      if (isReady) {
        child.kill(signal)
        break
      }
      await Bun.sleep(2)
    }
    return { code: await child.exited, stderr: await stderr }
  }
})

function checkpointItems(path: string): number {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { items: number }).items : 0
}

function checkpointLine(path: string): number {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { line: number }).line : 0
}
