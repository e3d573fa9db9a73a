/** Accessors and mutators (`get`/`set` on an attribute), on every test target. */
import { describe, expect, test } from 'bun:test'
import { DynamoDBClient } from '../../src/dynamodb/client.ts'
import { DocumentClient } from '../../src/dynamodb/document.ts'
import { createOrm } from '../../src/orm/index.ts'
import { targets, testCredentials, testRegion, uniqueTableName } from '../support/targets.ts'

for (const target of targets.filter((t) => t.available)) {
  describe(`accessors and mutators [${target.name}]`, () => {
    test('set transforms what is stored, get what is read; keys and toJSON see the same', async () => {
      const running = await target.start()
      try {
        const client = new DynamoDBClient({ endpoint: running.endpoint, region: testRegion, credentials: testCredentials })
        const db = await createOrm({
          models: {
            Member: {
              name: 'Member',
              traits: { useUuid: true },
              attributes: {
                email: { required: true, unique: true, set: (v: unknown) => String(v).trim().toLowerCase() },
                name: { required: true, get: (v: unknown) => String(v).toUpperCase() },
              },
            },
          },
          client: new DocumentClient(client),
          table: uniqueTableName('accessors'),
          config: {},
        })
        await client.createTable(db.schema.table)
        const m = await db.models.Member.create({ email: '  Ada@Example.COM ', name: 'ada' })
        expect(m.email).toBe('ada@example.com')
        expect(m.name).toBe('ADA')
        expect(m.toJSON()).toMatchObject({ email: 'ada@example.com', name: 'ADA' })
        const stored = await db.doc.get({ table: db.table, key: { pk: `MEMBER#${m.id}`, sk: `MEMBER#${m.id}` } })
        expect(stored?.name).toBe('ada')
        // the unique sentinel holds the mutated value: another spelling of the same address is taken
        await expect(db.models.Member.create({ email: 'ADA@example.com', name: 'x' })).rejects.toThrow(/taken/)
        expect((await db.models.Member.where('email', 'ada@example.com').first())?.name).toBe('ADA')
        db.close()
      } finally {
        await running.stop()
      }
    })
  })
}
