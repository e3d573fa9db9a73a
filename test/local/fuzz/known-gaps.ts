/**
 * Known engine gaps: classes of steps on which the engine is known to answer differently from
 * DynamoDB Local. Each entry is an open engine bug (see the repro in its reason), printed on
 * every run and counted when hit, so CI stays green while the gap stays visible. A gap either
 * excludes steps from generation (when the engine's different answer would also change state),
 * tolerates a specific pair of answers (when neither side wrote anything), or rewrites both
 * answers before comparing. Delete an entry once the engine is fixed.
 */
import type { Step } from './generator.ts'
import { canonical, type Answer } from './normalize.ts'
import { updateTargets } from './paths.ts'
import type { TableDef } from './schema.ts'

export interface KnownGap {
  id: string
  /** `engine`: an open engine bug. `deliberate`: a difference the README's embedded engine
   * section lists with its reason (e.g. DynamoDB Local departs from DynamoDB, the engine follows DynamoDB). */
  side: 'engine' | 'deliberate'
  reason: string
  exclude?(step: Step, table: TableDef): boolean
  tolerate?(step: Step, ours: Answer, theirs: Answer): boolean
  rewrite?(view: unknown): unknown
}

type Names = Record<string, string> | undefined
const message = (a: Answer) => String(a.body.message ?? a.body.Message ?? '')
const type = (a: Answer) => String(a.body.__type ?? '').replace(/^.*#/, '')
/** Which validation a message comes from, ignoring DynamoDB's generic prefix. */
const checkOf = (m: string) => m.replace(/^One or more parameter values (were|are) (in)?valid:? /, '').slice(0, 24)
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
const UPDATE_ERRORS = new Set([
  'The provided expression refers to an attribute that does not exist in the item',
  'An operand in the update expression has an incorrect data type',
  'The document path provided in the update expression is invalid for update',
  'DynamoDB only supports precision up to 38 digits',
  'Number overflow. Attempting to store a number with magnitude larger than supported range',
])

/** Every (expression, names) pair of a kind in a request, wherever it sits. */
function expressions(input: Record<string, unknown>, field: string): [string, Names][] {
  const out: [string, Names][] = []
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!node || typeof node !== 'object') return
    const o = node as Record<string, unknown>
    if (typeof o[field] === 'string') out.push([o[field] as string, o.ExpressionAttributeNames as Names])
    for (const [k, v] of Object.entries(o)) if (k !== 'Item' && k !== 'Key' && k !== 'ExpressionAttributeValues') visit(v)
  }
  visit(input)
  return out
}

export const KNOWN_GAPS: KnownGap[] = [
  {
    id: 'overlapping-paths-naming',
    side: 'deliberate',
    reason: 'a ProjectionExpression or UpdateExpression with overlapping paths: both refuse it, but DynamoDB Local often names a pair that does not overlap. "DELETE l :v0 ADD #n :v2 SET l[5] = if_not_exists(l[5], :v1), f = l[5]" -> DynamoDB Local "... path one: [l], path two: [n]", the engine "... path one: [l], path two: [l, [5]]"; projection "#l, l[0], ss, m.x.y" -> DynamoDB Local "[l], [m, x, y]", the engine "[l], [l, [0]]"; it may also say "conflict" where the engine says "overlap" (README: deliberate)',
    tolerate: (_step, ours, theirs) => {
      const kind = (m: string) => /^Invalid (Projection|Update)Expression: Two document paths (overlap|conflict)/.exec(m)?.[1]
      return kind(message(ours)) !== undefined && kind(message(ours)) === kind(message(theirs))
    },
  },
  {
    id: 'update-error-precedence',
    side: 'deliberate',
    reason: 'an UpdateExpression with two faults reports a different one. "SET n = list_append(n, :l), l[5] = list_append(:m, if_not_exists(l[5], :e))" on a missing item: DynamoDB Local "The provided expression refers to an attribute that does not exist in the item" (operands are resolved before target paths), engine "The document path provided in the update expression is invalid for update"; likewise "incorrect data type" vs "refers to an attribute that does not exist"',
    tolerate: (_step, ours, theirs) => type(ours) === 'ValidationException' && type(theirs) === 'ValidationException' && message(ours) !== message(theirs) && [message(ours), message(theirs)].every((m) => UPDATE_ERRORS.has(m)),
  },
  {
    id: 'lsi-key-type-on-update',
    side: 'deliberate',
    reason: 'UpdateItem "SET lr = if_not_exists(lr, :n) + :m" where lr is an LSI sort key of type S (new item): DynamoDB Local 200 and stores a number in lr; the engine 400 "One or more parameter values were invalid: Type mismatch for Index Key", as DynamoDB does (README: deliberate, "an update that would store a value of the wrong type in an index key attribute"). Excluded, as the two would hold different data',
    exclude: (step, table) => table.indexes.some((ix) => ix.kind === 'LSI') && expressions(step.input, 'UpdateExpression').some(([e, n]) => updateTargets(e, n).some((p) => p[0] === 'lr')),
  },
  {
    id: 'binary-in-message',
    side: 'deliberate',
    reason: 'Query "... #spr BETWEEN :a AND :b" with binary bounds in the wrong order: DynamoDB Local prints the operands as "{B:java.nio.HeapByteBuffer[pos=0 lim=1 cap=1]}", the engine as "{B:Ag==}" (README: deliberate, binaries in error messages)',
    tolerate: (_step, ours, theirs) => type(ours) === 'ValidationException' && message(theirs).includes('java.nio.HeapByteBuffer') && message(ours).replace(/\{B:[^}]*\}/g, '') === message(theirs).replace(/\{B:[^}]*\}/g, ''),
  },
  {
    id: 'delete-missing-capacity',
    side: 'deliberate',
    reason: 'DeleteItem of a missing item without ReturnConsumedCapacity TOTAL/INDEXES: DynamoDB Local adds ConsumedCapacity {CapacityUnits: 1} unasked, the engine answers {} as DynamoDB documents (README: deliberate; consumed-capacity-when-asked.json)',
    tolerate: (step, ours, theirs) => {
      if (step.op !== 'DeleteItem' || ['TOTAL', 'INDEXES'].includes(String(step.input.ReturnConsumedCapacity)) || ours.status !== 200 || !theirs.body.ConsumedCapacity) return false
      const { ConsumedCapacity: _unasked, ...rest } = theirs.body
      return same(ours.body, rest)
    },
  },
]

const hits = new Map<string, number>()

export function excludedByKnownGap(step: Step, table: TableDef): boolean {
  const gap = KNOWN_GAPS.find((g) => g.exclude?.(step, table))
  if (gap) recordGap(gap.id)
  return gap !== undefined
}

/** Both views rewritten by every rewriting gap; the ids of those that changed anything. */
export function rewriteViews(a: unknown, b: unknown): { a: unknown; b: unknown; applied: string[] } {
  const applied: string[] = []
  for (const gap of KNOWN_GAPS) {
    if (!gap.rewrite) continue
    const [x, y] = [gap.rewrite(a), gap.rewrite(b)]
    if (JSON.stringify(x) !== JSON.stringify(a) || JSON.stringify(y) !== JSON.stringify(b)) applied.push(gap.id)
    a = x
    b = y
  }
  return { a, b, applied }
}

export function toleratingGap(step: Step, ours: Answer, theirs: Answer): KnownGap | undefined {
  return KNOWN_GAPS.find((g) => g.tolerate?.(step, ours, theirs))
}

export function recordGap(id: string): void {
  hits.set(id, (hits.get(id) ?? 0) + 1)
}

export function describeKnownGaps(): string {
  if (!KNOWN_GAPS.length) return 'fuzz: no known gaps'
  return ['fuzz: known gaps (excluded, tolerated or normalized so CI stays green; engine = open engine bug, deliberate = listed in the README):', ...KNOWN_GAPS.map((g) => `  - [${g.side}] ${g.id}: ${g.reason}`)].join('\n')
}

export function gapHits(): string {
  return [...hits].map(([id, n]) => `${id} x${n}`).join(', ') || 'none'
}
