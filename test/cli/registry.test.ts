import { expect, test } from 'bun:test'
import { commandGroups } from '../../src/cli/registry.ts'

// The registry names each group's commands so that running one loads only its own file.
test('every command group lists exactly the commands its file defines, in order', async () => {
  for (const group of commandGroups) expect((await group.load()).map(c => c.name)).toEqual(group.names)
  const names = commandGroups.flatMap(g => g.names)
  expect(new Set(names).size).toBe(names.length)
})
