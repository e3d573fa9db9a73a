/**
 * Replays a scenario against DynamoDB Local and a fresh in-memory engine, step by step, and
 * stops at the first difference. `shrink` then deletes steps (delta debugging: halves, then
 * quarters, ... then single steps) for as long as the same step still differs, so a report
 * holds only the steps that matter.
 */
import { Engine } from '../../../src/local/engine.ts'
import { createHandler } from '../../../src/local/server.ts'
import { TABLE, type Scenario, type Step } from './generator.ts'
import { recordGap, rewriteViews, toleratingGap } from './known-gaps.ts'
import { canonical, classify, sortItems, view, type Answer } from './normalize.ts'
import { createTableInput } from './schema.ts'

const AUTH = 'AWS4-HMAC-SHA256 Credential=x/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0'

export type Send = (operation: string, input: unknown) => Promise<Answer>

function request(operation: string, input: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}`, authorization: AUTH },
    body: JSON.stringify(input),
  }
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

export function httpSender(endpoint: string): Send {
  return async (operation, input) => answer(await fetch(endpoint, request(operation, input)))
}

/** A fresh in-memory engine answering in-process (no socket), and how to close it. */
export function engineSender(): { send: Send; close(): void } {
  const engine = new Engine({ inMemory: true })
  const handler = createHandler(engine)
  return { send: async (operation, input) => answer(await handler(new Request('http://engine/', request(operation, input)))), close: () => engine.close() }
}

export interface Mismatch {
  /** Index into the replayed steps; -1 is CreateTable. */
  index: number
  step: Step | { op: 'CreateTable'; kind: 'CreateTable'; input: Record<string, unknown> }
  detail: string
  ours: unknown
  theirs: unknown
}

export interface RunResult {
  requests: number
  mismatch?: Mismatch
}

const withTable = <T>(value: T, name: string): T => JSON.parse(JSON.stringify(value).replaceAll(JSON.stringify(TABLE), JSON.stringify(name))) as T
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Equal answers, or a difference a known gap accounts for (counted when `record`). */
function agree(step: Step, ours: Answer, theirs: Answer, va: unknown, vb: unknown, record: boolean): boolean {
  if (same(va, vb)) return true
  const rewritten = rewriteViews(va, vb)
  const gaps = same(rewritten.a, rewritten.b) ? rewritten.applied : [toleratingGap(step, ours, theirs)?.id].filter((id) => id !== undefined)
  if (record) gaps.forEach(recordGap)
  return gaps.length > 0
}

/** Every page (and segment) of a read on one side, folded into one comparable answer. */
async function readAll(send: Send, step: Step, order?: string): Promise<{ answer: Answer; requests: number }> {
  const segments = Number(step.input.TotalSegments ?? 0)
  const items: unknown[] = []
  const keys: unknown[] = []
  let count = 0
  let scanned = 0
  let pages = 0
  let requests = 0
  for (let segment = 0; segment < Math.max(segments, 1); segment++) {
    let start: unknown
    do {
      const input = { ...step.input, ...(segments ? { Segment: segment } : {}), ...(start ? { ExclusiveStartKey: start } : {}) }
      const page = await send(step.op, input)
      requests++
      if (page.status !== 200) return { answer: page, requests }
      pages++
      const got = (page.body.Items ?? []) as Record<string, unknown>[]
      items.push(...got)
      if (order) keys.push(...got.map((i) => i[order] ?? null))
      count += Number(page.body.Count ?? 0)
      scanned += Number(page.body.ScannedCount ?? 0)
      start = page.body.LastEvaluatedKey
    } while (start && pages < 500)
  }
  const body: Record<string, unknown> = { Items: sortItems(items), Count: count, ScannedCount: scanned }
  // Page counts depend only on Limit and item counts, except across parallel-scan segments,
  // whose split between segments is the implementation's own.
  if (!segments || segments === 1) body.Pages = pages
  if (order) body.IndexSortKeyOrder = keys
  return { answer: { status: 200, body }, requests }
}

/** The index's sort key attribute, whose order an index Query must keep. */
function orderAttribute(scenario: Scenario, step: Step): string | undefined {
  if (step.op !== 'Query') return undefined
  const name = step.input.IndexName
  return scenario.table.indexes.find((ix) => ix.name === name)?.range?.name
}

export async function run(scenario: Scenario, steps: Step[], theirs: Send, tableName: string, record = false): Promise<RunResult> {
  const engine = engineSender()
  const ours = engine.send
  let requests = 0
  const both = async (op: string, input: unknown) => {
    requests += 2
    const [a, b] = await Promise.all([ours(op, input), theirs(op, input)])
    return { a, b }
  }
  try {
    const create = withTable(createTableInput(scenario.table, TABLE), tableName)
    const created = await both('CreateTable', create)
    if (!same(view('CreateTable', created.a, tableName), view('CreateTable', created.b, tableName)) || created.b.status !== 200) {
      return { requests, mismatch: { index: -1, step: { op: 'CreateTable', kind: 'CreateTable', input: createTableInput(scenario.table, TABLE) }, detail: classify(created.a, created.b), ours: view('CreateTable', created.a, tableName), theirs: view('CreateTable', created.b, tableName) } }
    }
    for (const [index, step] of steps.entries()) {
      const input = withTable(step.input, tableName)
      if (step.read === 'unordered') {
        const concrete = { ...step, input }
        const order = orderAttribute(scenario, step)
        const [a, b] = await Promise.all([readAll(ours, concrete, order), readAll(theirs, concrete, order)])
        requests += a.requests + b.requests
        const va = view(step.op, a.answer, tableName)
        const vb = view(step.op, b.answer, tableName)
        if (!agree(step, a.answer, b.answer, va, vb, record)) return { requests, mismatch: { index, step, detail: classify(a.answer, b.answer), ours: va, theirs: vb } }
        continue
      }
      let start: unknown
      let page = 0
      do {
        const { a, b } = await both(step.op, start ? { ...input, ExclusiveStartKey: start } : input)
        const va = view(step.op, a, tableName)
        const vb = view(step.op, b, tableName)
        if (!agree(step, a, b, va, vb, record)) {
          const where = page ? ` (page ${page + 1}, ExclusiveStartKey ${JSON.stringify(canonical(start))})` : ''
          return { requests, mismatch: { index, step, detail: classify(a, b) + where, ours: va, theirs: vb } }
        }
        start = step.read === 'pages' ? b.body.LastEvaluatedKey : undefined
        page++
      } while (start && page < 500)
    }
    return { requests }
  } finally {
    engine.close()
    await theirs('DeleteTable', { TableName: tableName }).catch(() => undefined)
  }
}

export interface ShrinkOptions {
  theirs: Send
  tableName: () => string
  deadline: number
}

/** Removes steps before the failing one while that step still differs first. */
export async function shrink(scenario: Scenario, mismatch: Mismatch, options: ShrinkOptions): Promise<{ steps: Step[]; mismatch: Mismatch; replays: number }> {
  let steps = scenario.steps.slice(0, mismatch.index + 1)
  let current = mismatch
  let replays = 0
  if (mismatch.index < 0) return { steps: [], mismatch, replays }
  for (let chunk = Math.ceil((steps.length - 1) / 2); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    let start = 0
    while (start < steps.length - 1 && Date.now() < options.deadline) {
      const candidate = [...steps.slice(0, start), ...steps.slice(Math.min(start + chunk, steps.length - 1))]
      replays++
      const result = await run(scenario, candidate, options.theirs, options.tableName())
      if (result.mismatch && result.mismatch.index === candidate.length - 1) {
        steps = candidate
        current = result.mismatch
      } else start += chunk
    }
    if (chunk === 1) break
  }
  return { steps, mismatch: current, replays }
}

/** Long strings (the oversized-item case) elided so a report stays readable. */
function elide(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'string' && v.length > 1000 ? `<${v.length} chars: ${v.slice(0, 20)}...>` : v)))
}

/** A reproduction in the shape of test/local/cases/*.json, plus both answers of the last step. */
export function formatRepro(scenario: Scenario, steps: Step[], mismatch: Mismatch): string {
  const replay = [['CreateTable', createTableInput(scenario.table, TABLE), 'table'], ...steps.map((s) => [s.op, s.input, s.kind + (s.read === 'exact' ? '' : ` (read: ${s.read})`)])]
  return [
    `seed ${scenario.seed}: ${mismatch.step.kind} differs: ${mismatch.detail}`,
    `minimal sequence (${steps.length} of ${scenario.steps.length} steps; a test/local/cases file once long strings are restored):`,
    `[\n${(elide(replay) as unknown[]).map((s) => `  ${JSON.stringify(s)}`).join(',\n')}\n]`,
    `engine:          ${JSON.stringify(elide(mismatch.ours))}`,
    `DynamoDB Local:  ${JSON.stringify(elide(mismatch.theirs))}`,
  ].join('\n')
}
