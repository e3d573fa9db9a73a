import { describe, expect, test } from 'bun:test'
import { UsageError } from '../../src/cli/command.ts'
import { addRawExpression } from '../../src/cli/raw-expression.ts'

describe('raw --filter/--condition expressions', () => {
  test('merges the flags with generated placeholders and keeps only the used ones', () => {
    const generated = { KeyConditionExpression: '#n0 = :v0', ExpressionAttributeNames: { '#n0': 'pk' }, ExpressionAttributeValues: { ':v0': { S: 'A' } } }
    const out = addRawExpression(generated, 'FilterExpression', '#s = :s1 AND size(#t.#u) > :s10', '{"#s":"status","#t":"a","#u":"b"}', '{":s1":"x",":s10":3}')
    expect(out.ExpressionAttributeNames).toEqual({ '#n0': 'pk', '#s': 'status', '#t': 'a', '#u': 'b' })
    expect(out.ExpressionAttributeValues).toEqual({ ':v0': { S: 'A' }, ':s1': { S: 'x' }, ':s10': { N: '3' } })
  })

  test('a placeholder that is only a prefix of a used one is unused', () => {
    expect(() => addRawExpression({}, 'FilterExpression', '#status = :s10', '{"#s":"x","#status":"status"}', '{":s10":1}')).toThrow(UsageError)
    expect(() => addRawExpression({}, 'FilterExpression', '#status = :s10', '{"#status":"status"}', '{":s1":1,":s10":1}')).toThrow('--values :s1 is not used')
  })
})
