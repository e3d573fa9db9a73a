/** Expression cases shared by the differential test: each runs on DynamoDB Local and on ours. */
import type { AttributeMap, AttributeValue } from '../../src/dynamodb/attribute-value.ts'

export interface Case {
  item?: AttributeMap
  expression: string
  values?: Record<string, AttributeValue>
  names?: Record<string, string>
  /** UpdateItem only: a ConditionExpression checked before the update. */
  condition?: string
}

const N = (n: string): AttributeValue => ({ N: n })
const S = (s: string): AttributeValue => ({ S: s })
const L = (...items: AttributeValue[]): AttributeValue => ({ L: items })
const M = (map: Record<string, AttributeValue>): AttributeValue => ({ M: map })
const B = (...bytes: number[]): AttributeValue => ({ B: Buffer.from(bytes).toString('base64') })

const rich: AttributeMap = {
  n: N('4'), s: S('hello'), b: B(1, 2, 3), t: { BOOL: true }, z: { NULL: true },
  l: L(N('0'), S('one'), M({ x: N('2') })), m: M({ a: S('q'), inner: M({ deep: N('7') }), list: L(N('1'), N('2')) }),
  ss: { SS: ['a', 'b'] }, ns: { NS: ['1', '2.5'] }, bs: { BS: [Buffer.from([1]).toString('base64')] },
  status: S('active'), 'with space': S('x'),
}

const v = (values: Record<string, AttributeValue>) => values

export const updateCases: Case[] = [
  // SET values, paths, arithmetic
  { item: rich, expression: 'SET a = :v', values: v({ ':v': S('x') }) },
  { item: rich, expression: 'SET n = n + :v', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'SET n = :v - n', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'SET n = n + :v', values: v({ ':v': N('0.00000000000000000000000000000000001') }) },
  { item: { n: N('1.50') }, expression: 'SET n = n + :v', values: v({ ':v': N('1.50') }) },
  { item: { n: N('1.5') }, expression: 'SET n = n - :v', values: v({ ':v': N('1.5') }) },
  { item: { n: N('12.30') }, expression: 'SET n = n - :v', values: v({ ':v': N('0') }) },
  { item: { n: N('1E+30') }, expression: 'SET n = n + :v', values: v({ ':v': N('0') }) },
  { item: { n: N('1E+30') }, expression: 'SET n = n + :v', values: v({ ':v': N('1E-10') }) },
  { item: { n: N('99999999999999999999999999999999999999') }, expression: 'SET n = n + :v', values: v({ ':v': N('1') }) },
  { item: { n: N('-99999999999999999999999999999999999999') }, expression: 'SET n = n - :v', values: v({ ':v': N('1') }) },
  { item: { n: N('12345678901234567890123456789012345678') }, expression: 'SET n = n + :v', values: v({ ':v': N('-12345678901234567890123456789012345677') }) },
  { item: { n: N('0.1') }, expression: 'SET n = n + :v', values: v({ ':v': N('0.2') }) },
  { item: { n: N('9.9999999999999999999999999999999999999E+125') }, expression: 'SET n = n + :v', values: v({ ':v': N('1E+125') }) },
  { item: { n: N('1E-100') }, expression: 'SET n = n + :v', values: v({ ':v': N('0') }) },
  { item: { n: N('-0.15') }, expression: 'SET n = n + :v', values: v({ ':v': N('0.05') }) },
  { item: rich, expression: 'SET a = :v + :w', values: v({ ':v': N('1'), ':w': N('2') }) },
  { item: rich, expression: 'SET a = s + :v', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'SET a = :s + :v', values: v({ ':v': N('1'), ':s': S('x') }) },
  { item: rich, expression: 'SET a = absent + :v', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'SET a = absent' },
  { item: rich, expression: 'SET a = m.inner.deep, b2 = l[2].x, c = m.list[1]' },
  { item: rich, expression: 'SET m.inner.deep = :v, m.newkey = :v, l[1] = :v', values: v({ ':v': N('9') }) },
  { item: rich, expression: 'SET m.nope.deep = :v', values: v({ ':v': N('9') }) },
  { item: rich, expression: 'SET s.x = :v', values: v({ ':v': N('9') }) },
  { item: rich, expression: 'SET l[10] = :v', values: v({ ':v': N('9') }) },
  { item: rich, expression: 'SET l[10] = :v, l[7] = :w', values: v({ ':v': N('9'), ':w': N('8') }) },
  { item: rich, expression: 'SET m[0] = :v', values: v({ ':v': N('9') }) },
  { item: rich, expression: 'SET l[2].x = :v, l[2].y = :v', values: v({ ':v': N('9') }) },
  { item: rich, expression: 'SET #s = :v, #w = :v', values: v({ ':v': S('x') }), names: { '#s': 'status', '#w': 'with space' } },
  { item: rich, expression: 'SET status = :v', values: v({ ':v': S('x') }) },
  { item: rich, expression: 'SET a = :v, a = :v', values: v({ ':v': S('x') }) },
  { item: rich, expression: 'SET m.a = :v, m = :v', values: v({ ':v': S('x') }) },
  { item: rich, expression: 'SET m.a = :v, m[0] = :v', values: v({ ':v': S('x') }) },
  { item: rich, expression: 'SET #a = :v REMOVE a', values: v({ ':v': S('x') }), names: { '#a': 'a' } },
  { item: rich, expression: 'SET a = :v SET b = :v', values: v({ ':v': S('x') }) },
  { item: rich, expression: 'set a = :v remove s add n :one delete ss :ss', values: v({ ':v': S('x'), ':one': N('1'), ':ss': { SS: ['a'] } }) },
  { item: rich, expression: 'SET a = :v + :v + :v', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'SET a = :v,', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'SET a = :v REMOVE', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'SET a :v', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'UPSERT a = :v', values: v({ ':v': N('1') }) },
  { item: rich, expression: '', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'SET a = :undefined', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'SET #undefined = :v', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'SET a = :v', values: v({ ':v': N('1'), ':unused': N('2') }) },
  { item: rich, expression: 'SET a = :v', values: v({ ':v': N('1') }), names: { '#unused': 'x' } },
  { item: rich, expression: 'SET a = size(s)' },
  { item: rich, expression: 'SET a = nosuchfn(s)' },
  // functions
  { item: rich, expression: 'SET l = list_append(l, :v)', values: v({ ':v': L(S('x')) }) },
  { item: rich, expression: 'SET l = list_append(:v, l)', values: v({ ':v': L(S('x')) }) },
  { item: rich, expression: 'SET l = list_append(l, :v)', values: v({ ':v': S('x') }) },
  { item: rich, expression: 'SET l = list_append(s, :v)', values: v({ ':v': L(S('x')) }) },
  { item: rich, expression: 'SET nl = list_append(if_not_exists(nl, :e), :v)', values: v({ ':v': L(S('x')), ':e': L() }) },
  { item: rich, expression: 'SET n = if_not_exists(n, :v), c = if_not_exists(c, :v)', values: v({ ':v': N('0') }) },
  { item: rich, expression: 'SET c = if_not_exists(c, :v) + :one', values: v({ ':v': N('0'), ':one': N('1') }) },
  { item: rich, expression: 'SET c = if_not_exists(:v, c)', values: v({ ':v': N('0') }) },
  { item: rich, expression: 'SET c = if_not_exists(c)', values: v({ ':v': N('0') }) },
  // REMOVE
  { item: rich, expression: 'REMOVE s, m.a, l[0], nothere' },
  { item: rich, expression: 'REMOVE l[0], l[2], l[9]' },
  { item: rich, expression: 'REMOVE m.nope.a' },
  { item: rich, expression: 'REMOVE s.a' },
  { item: rich, expression: 'REMOVE absent[0]' },
  { item: rich, expression: 'SET l[1] = :v REMOVE l[0]', values: v({ ':v': S('x') }) },
  { item: rich, expression: 'SET l[7] = :v REMOVE l[0]', values: v({ ':v': S('x') }) },
  // ADD / DELETE
  { item: rich, expression: 'ADD n :v', values: v({ ':v': N('1.50') }) },
  { item: { n: N('1.50') }, expression: 'ADD n :v', values: v({ ':v': N('1.50') }) },
  { item: { n: N('1.5') }, expression: 'ADD n :v', values: v({ ':v': N('-1.5') }) },
  { item: { n: N('1E+2') }, expression: 'ADD n :v', values: v({ ':v': N('1') }) },
  { item: { n: N('1E+30') }, expression: 'ADD n :v', values: v({ ':v': N('1E-10') }) },
  { item: rich, expression: 'ADD newnum :v', values: v({ ':v': N('1E+2') }) },
  { item: rich, expression: 'ADD s :v', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'ADD n :v', values: v({ ':v': S('x') }) },
  { item: rich, expression: 'ADD n :v', values: v({ ':v': L() }) },
  { item: rich, expression: 'ADD ss :v', values: v({ ':v': { SS: ['c', 'a', 'B', 'é', '😀', '\uffff'] } }) },
  { item: rich, expression: 'ADD ns :v', values: v({ ':v': { NS: ['10', '-5', '0.50', '1E+2', '2.50'] } }) },
  { item: rich, expression: 'ADD bs :v', values: v({ ':v': { BS: ['AA==', '/w==', 'AQI='] } }) },
  { item: rich, expression: 'ADD newset :v', values: v({ ':v': { SS: ['z', 'a'] } }) },
  { item: rich, expression: 'ADD ss :v', values: v({ ':v': { NS: ['1'] } }) },
  { item: rich, expression: 'ADD m.newnum :v, m.inner.deep :v, l[0] :v', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'ADD nope.newnum :v', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'ADD n s', values: v({ ':v': N('1') }) },
  { item: rich, expression: 'DELETE ss :v', values: v({ ':v': { SS: ['a'] } }) },
  { item: rich, expression: 'DELETE ss :v', values: v({ ':v': { SS: ['a', 'b', 'c'] } }) },
  { item: rich, expression: 'DELETE ns :v', values: v({ ':v': { NS: ['1.0'] } }) },
  { item: rich, expression: 'DELETE nothere :v', values: v({ ':v': { SS: ['a'] } }) },
  { item: rich, expression: 'DELETE nope.x :v', values: v({ ':v': { SS: ['a'] } }) },
  { item: rich, expression: 'DELETE ss :v', values: v({ ':v': { NS: ['1'] } }) },
  { item: rich, expression: 'DELETE ss :v', values: v({ ':v': S('a') }) },
  { item: rich, expression: 'DELETE n :v', values: v({ ':v': N('1') }) },
  // with a condition, on a absent item
  { expression: 'SET a = :v', condition: 'attribute_not_exists(pk)', values: v({ ':v': S('x') }) },
  { expression: 'ADD counter :one', condition: 'attribute_exists(pk)', values: v({ ':one': N('1') }) },
  { item: rich, expression: 'SET n = n + :one', condition: 'n < :max', values: v({ ':one': N('1'), ':max': N('5') }) },
  { item: rich, expression: 'SET n = n + :one', condition: 'n > :max', values: v({ ':one': N('1'), ':max': N('5') }) },
  { expression: 'SET a = absent' },
  { expression: 'REMOVE a' },
]

export const conditionCases: Case[] = [
  ...(
    [
      ['n = :four', true], ['n <> :four', false], ['n < :five', true], ['n <= :four', true], ['n > :four', false], ['n >= :four', true],
      ['n BETWEEN :four AND :five', true], ['n IN (:five, :four)', true], ['n IN (:five)', false],
      ['s = :str', true], ['s < :str', false], ['s > :four', false], ['s <> :four', true], ['absent <> :four', true], ['absent = :four', false],
      ['absent < :four', false], ['NOT absent < :four', true], ['absent <> absent2', true],
      ['attribute_exists(n) AND attribute_not_exists(absent)', true], ['attribute_exists(m.inner.deep)', true], ['attribute_exists(m.inner.nope)', false],
      ['attribute_exists(l[2].x)', true], ['attribute_exists(l[3])', false], ['attribute_exists(s[0])', false], ['attribute_exists(l.x)', false],
      ['attribute_type(n, :typeN)', true], ['attribute_type(s, :typeN)', false], ['attribute_type(absent, :typeN)', false],
      ['begins_with(s, :prefix)', true], ['begins_with(s, :str)', true], ['begins_with(absent, :prefix)', false], ['begins_with(b, :bprefix)', true],
      ['begins_with(:str, s)', true], ['begins_with(l, :prefix)', false],
      ['contains(s, :ell)', true], ['contains(ss, :a)', true], ['contains(ss, :ell)', false], ['contains(ns, :two5)', true],
      ['contains(l, :one)', true], ['contains(l, :mapx)', true], ['contains(b, :b2)', true], ['contains(n, :four)', false],
      ['contains(ss, :ss)', false], ['contains(:str, s)', true],
      ['size(s) = :five', true], ['size(l) = :three', true], ['size(m) = :three', true], ['size(ss) = :two', true], ['size(b) = :three', true],
      ['size(n) = :one', false], ['NOT size(n) = :one', true], ['size(absent) < :five', false], ['size(:str) = :five', true],
      ['size(emoji) = :two', true], ['size(accent) = :one', true],
      ['n = :four OR n = :five AND s = :nope', true], ['(n = :four OR n = :five) AND s = :nope', false],
      ['NOT n = :five AND s = :str', true], ['NOT (n = :four AND s = :nope)', true], ['NOT NOT n = :four', true],
      ['n = :four and s = :str or not t = :true', true], ['t = :true', true], ['z = :null', true], ['t < :true', false],
      ['ns = :nsReordered', true], ['l = :listNumbers', false], ['m.list = :listNumbers', true], ['m.inner = :innerMap', true],
      ['(n) = :four', true], ['(:four) = n', true], ['(size(s)) = :five', true], ['size((s)) = :five', true],
      ['(n = :four)', true], ['((n = :four))', false], ['(((n = :four) AND s = :str))', false], ['((n)) = :four', false],
      ['NOT ((n = :four))', false], ['(NOT (n = :four))', false], ['(n = :four) AND (s = :str)', true],
      ['#st = :active', true], ['#ws = :x', true], ['m.#a = :q', true],
    ] as [string, boolean][]
  ).map(([expression]) => ({ item: rich, expression })),
  { item: rich, expression: 'status = :active' },
  { item: rich, expression: 'm.status = :active' },
  { item: rich, expression: 'n = = :four' },
  { item: rich, expression: 'n = ' },
  { item: rich, expression: 'n.x.y =' },
  { item: rich, expression: '(n = :four' },
  { item: rich, expression: 'n-x = :four' },
  { item: rich, expression: '1a = :four' },
  { item: rich, expression: '_a = :four' },
  { item: rich, expression: 'é = :four' },
  { item: rich, expression: 'n = :four x y z' },
  { item: rich, expression: 'n' },
  { item: rich, expression: '' },
  { item: rich, expression: 'ATTRIBUTE_EXISTS(n)' },
  { item: rich, expression: 'nosuch(n)' },
  { item: rich, expression: 'size(n)' },
  { item: rich, expression: 'list_append(n, :four) = :four' },
  { item: rich, expression: 'if_not_exists(n, :four) = :four' },
  { item: rich, expression: 'attribute_exists(:four)' },
  { item: rich, expression: 'attribute_exists(size(n))' },
  { item: rich, expression: 'attribute_exists(n, s)' },
  { item: rich, expression: 'begins_with(s)' },
  { item: rich, expression: 'begins_with(s, :four)' },
  { item: rich, expression: 'attribute_type(n, :bogus)' },
  { item: rich, expression: 'attribute_type(n, :four)' },
  { item: rich, expression: 'n < :true' },
  { item: rich, expression: 'n BETWEEN :five AND :four' },
  { item: rich, expression: 'n BETWEEN :four AND :str' },
  { item: rich, expression: 'n BETWEEN :four AND :true' },
  { item: rich, expression: 'n BETWEEN :four' },
  { item: rich, expression: 'size(:four) = :four' },
  { item: rich, expression: 'n = n' },
  { item: rich, expression: 'n <= n' },
  { item: rich, expression: 'm.a = m.a' },
  { item: rich, expression: '#n = n', names: { '#n': 'n' } },
  { item: rich, expression: 'n BETWEEN n AND :four' },
  { item: rich, expression: 'n IN (:four, n)' },
  { item: rich, expression: 'begins_with(s, s)' },
  { item: rich, expression: 'contains(s, s)' },
  { item: rich, expression: `n IN (${Array.from({ length: 100 }, () => ':four').join(', ')})` },
  { item: rich, expression: `n IN (${Array.from({ length: 101 }, () => ':four').join(', ')})` },
  { item: rich, expression: `n${'.b'.repeat(31)} = :four` },
  { item: rich, expression: `n${'.b'.repeat(32)} = :four` },
  { item: rich, expression: `n${'[0]'.repeat(33)} = :four` },
  { item: rich, expression: `l[99999999999] = :four` },
  { item: rich, expression: `l[00] = :four` },
  { item: rich, expression: `n = :four${' '.repeat(4096 - 9)}` },
  { item: rich, expression: `n = :four${' '.repeat(4097 - 9)}` },
  { item: rich, expression: 'n = :undefined' },
  { item: rich, expression: '#undefined = :four' },
  { item: rich, expression: 'n = :four AND' },
  { item: rich, expression: ':undefined = status' },
  { expression: 'attribute_not_exists(pk)' },
  { expression: 'attribute_exists(pk)' },
  { expression: 'n <> :four' },
  { expression: 'NOT n = :four' },
]

const conditionValues: Record<string, AttributeValue> = {
  ':four': N('4'), ':five': N('5'), ':one': N('1'), ':two': N('2'), ':three': N('3'), ':two5': N('2.50'),
  ':str': S('hello'), ':prefix': S('he'), ':ell': S('ell'), ':a': S('a'), ':nope': S('nope'), ':active': S('active'), ':x': S('x'), ':q': S('q'),
  ':typeN': S('N'), ':bogus': S('FOO'), ':bprefix': B(1, 2), ':b2': B(2), ':true': { BOOL: true }, ':null': { NULL: true },
  ':mapx': M({ x: N('2') }), ':ss': { SS: ['a'] }, ':nsReordered': { NS: ['2.50', '1.0'] }, ':listNumbers': L(N('1.0'), N('2')),
  ':innerMap': M({ deep: N('7') }),
}
const conditionNames: Record<string, string> = { '#st': 'status', '#ws': 'with space', '#a': 'a' }

// Give every case exactly the placeholders it uses, so "unused" errors only appear where intended.
for (const c of conditionCases) {
  if (!c.item) c.item = undefined
  else c.item = { ...c.item, emoji: S('😀'), accent: S('é') }
  if (c.values === undefined) c.values = pick(conditionValues, c.expression.match(/:\w+/g))
  if (c.names === undefined) c.names = pick(conditionNames, c.expression.match(/#\w+/g))
}

function pick<T>(from: Record<string, T>, keys: string[] | null): Record<string, T> | undefined {
  const out: Record<string, T> = {}
  for (const key of keys ?? []) if (key in from) out[key] = from[key]!
  return Object.keys(out).length > 0 ? out : undefined
}

export const projectionCases: Case[] = [
  'n', 's, n', 'm.inner.deep', 'm.inner', 'l[2].x, l[0]', 'l[2], l[0]', 'l[5]', 'm.list[1], m.a', 'absent, n', 'l[0].x', 's.x',
  '#st, #ws', 'status', 'm, m.a', 'l[0], l[0]', 'm.a, m[0]', 'n,', ', n', '', 'm.#undefined', 'n.#unused2',
].map((expression) => ({
  item: rich,
  expression,
  names: pick({ '#st': 'status', '#ws': 'with space', '#unused2': 'x' }, expression.match(/#\w+/g)),
}))
projectionCases.push({ item: rich, expression: 'n', names: { '#extra': 'x' } })

export const keyConditionCases: Case[] = [
  ['pk = :p', { ':p': S('a') }], ['sk = :s', { ':s': N('1') }], ['pk = :p AND sk = :s', { ':p': S('a'), ':s': N('1') }],
  [':p = pk', { ':p': S('a') }], ['pk = :p AND :s < sk', { ':p': S('a'), ':s': N('1') }],
  ['pk = :p OR sk = :s', { ':p': S('a'), ':s': N('1') }], ['NOT pk = :p', { ':p': S('a') }], ['pk < :p', { ':p': S('a') }],
  ['pk = :p AND x = :s', { ':p': S('a'), ':s': N('1') }], ['pk = :p AND pk = :p', { ':p': S('a') }],
  ['pk = :p AND sk = :s AND sk = :s', { ':p': S('a'), ':s': N('1') }], ['pk IN (:p)', { ':p': S('a') }], ['pk <> :p', { ':p': S('a') }],
  ['begins_with(pk, :p)', { ':p': S('a') }], ['pk = :p AND begins_with(sk, :s)', { ':p': S('a'), ':s': N('1') }],
  ['pk = :p AND sk BETWEEN :s AND :t', { ':p': S('a'), ':s': N('1'), ':t': N('2') }],
  ['pk = :p AND sk BETWEEN :t AND :s', { ':p': S('a'), ':s': N('1'), ':t': N('2') }],
  ['(pk = :p) AND (sk > :s)', { ':p': S('a'), ':s': N('1') }], ['pk.x = :p', { ':p': S('a') }],
  ['pk = :p AND sk = :s', { ':p': N('1'), ':s': N('1') }], ['pk = :p AND sk = :s', { ':p': S('a'), ':s': S('1') }],
  ['pk = :p AND sk = sk', { ':p': S('a') }], ['pk = size(:p)', { ':p': S('a') }], ['x = :p', { ':p': S('a') }],
  ['pk = :p AND sk <> :s', { ':p': S('a'), ':s': N('1') }], ['pk = :p AND contains(sk, :s)', { ':p': S('a'), ':s': N('1') }],
  ['#k = :p', { ':p': S('a') }, { '#k': 'pk' }], ['pk = :p AND sk <= :s', { ':p': S('a'), ':s': N('1') }],
  ['pk = :p AND sk >= :s', { ':p': S('a'), ':s': N('1') }], ['pk = :p', { ':p': S('a'), ':q': S('b') }],
  ['pk = :p AND attribute_exists(sk)', { ':p': S('a') }], ['pk = :p AND', { ':p': S('a') }],
].map(([expression, values, names]) => ({ expression: expression as string, values: values as Record<string, AttributeValue>, names: names as Record<string, string> | undefined }))
