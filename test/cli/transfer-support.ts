/** Shared pieces of the export/import tests: a DocumentClient that sees the CLI's tables, tables, items. */
import { DocumentClient } from '../../src/dynamodb/document.ts'
import { NumberValue } from '../../src/dynamodb/marshall.ts'
import { uniqueTableName } from '../support/targets.ts'

/** Per-request timeout for the tests' clients and (DBTOOLING_TIMEOUT_MS) the CLI under test. */
export const SLOW_EMULATOR_TIMEOUT_MS = 120_000
export const cliEnv = { DBTOOLING_TIMEOUT_MS: String(SLOW_EMULATOR_TIMEOUT_MS) }

/**
 * The CLI signs loopback requests as access key "local" in us-east-1 (src/cli/connect.ts), and
 * DynamoDB Local keeps one database per access key and region: the tests must use the same.
 */
export function cliDocumentClient(endpoint: string): DocumentClient {
  // DynamoDB Local on a loaded shared machine can take over 10 s for a 1 MB Scan page.
  return new DocumentClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, timeoutMs: SLOW_EMULATOR_TIMEOUT_MS })
}

export async function createTable(doc: DocumentClient, prefix: string): Promise<string> {
  const table = uniqueTableName(prefix)
  await doc.client.send('CreateTable', {
    TableName: table,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
    BillingMode: 'PAY_PER_REQUEST',
  } as never)
  return table
}

export async function deleteTables(doc: DocumentClient, tables: string[]): Promise<void> {
  await Promise.all(tables.map(t => doc.client.send('DeleteTable', { TableName: t } as never).catch(() => undefined)))
}

type Item = Record<string, unknown>

/** Every item of a table, sorted by key: what two tables are compared by. */
export async function tableItems(doc: DocumentClient, table: string): Promise<Item[]> {
  const items = await doc.scanAll({ table })
  return items.sort((a, b) => (a.pk === b.pk ? Number(a.sk) - Number(b.sk) : String(a.pk) < String(b.pk) ? -1 : 1))
}

const bytes = (...b: number[]) => new Uint8Array(b)

/** Item i of the varied data set: every DynamoDB type, spread over the items by i % 8. */
export function variedItem(i: number): Item {
  const item: Item = { pk: `P#${i % 499}`, sk: i, name: `item ${i}` }
  const kind = i % 8
  if (kind === 0 || kind === 7) {
    item.big = new NumberValue(`${'1234567890'.repeat(3)}1234567${i % 10}`) // 38 digits
    item.tiny = new NumberValue('-0.0000000000000000000000000000000000012345678901234567890123456789012345678')
    item.huge = new NumberValue('9.9999999999999999999999999999999999999E+125')
  }
  if (kind === 1 || kind === 7) {
    item.dec = i / 16
    item.neg = -i * 1.25
    item.float = 0.1 + i / 1000
    item.safe = Number.MAX_SAFE_INTEGER - i
  }
  if (kind === 2 || kind === 7) {
    item.ss = new Set(['a', `b${i}`, 'with "quote", comma'])
    item.ns = new Set([1, i + 2, 2.5, new NumberValue('99999999999999999999999999999999999999')])
    item.bs = new Set([bytes(1, 2, i % 256), bytes(0), bytes(255, 254)])
  }
  if (kind === 3 || kind === 7) {
    item.bin = bytes(i % 256, 0, 255, 10, 13)
    item.empty = bytes()
  }
  if (kind === 4 || kind === 7) {
    item.map = {
      list: [1, 'two', null, true, false, [new Set(['nested'])], { deep: { deeper: [bytes(9)] } }],
      $N: 'not a tag: a map with other keys',
      tagLike: { $N: '12' },
      tagLike2: { $M: { $SS: ['x'] } },
      emptyMap: {},
      emptyList: [],
    }
  }
  if (kind === 5 || kind === 7) {
    item.nothing = null
    item.yes = true
    item.no = false
    item.blank = ''
    item.unicode = 'ü€𝄞 日本'
    item.csvish = 'a,"b"\r\nc\nd'
  }
  if (kind === 6) item.list = [new NumberValue('12345678901234567890123456789012345678'), 'x', [1, [2, [3]]], { a: null }]
  return item
}
