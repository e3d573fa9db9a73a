import { afterAll, expect, test } from 'bun:test'
import * as scopedModule from '../../src/scoped/index.ts'
import { ConfigurationError, getDocClient, initClient, putEntity, queryByAlias, resetClient, scopedTableSchema, ScopedValidationError, indexEntity, type StorableEntity } from '../../src/scoped/index.ts'
import { startLocal } from '../../src/local/server.ts'
import { testCredentials, testRegion } from '../support/targets.ts'

afterAll(() => resetClient())

test('before initClient every call says how to fix it', () => {
  resetClient()
  expect(() => getDocClient()).toThrow(new ConfigurationError('DynamoDB client not initialized. Call initClient() first.'))
  expect(() => putEntity({ entity: { model: 'x' } })).toThrow(ConfigurationError)
})

test('the published names are exported', () => {
  for (const name of ['initClient', 'getDocClient', 'APEX', 'SEPARATOR', 'INDEX_SCOPE', 'INDEX_ALIAS', 'INDEX_CLASS', 'INDEX_TYPE', 'INDEX_XID', 'putEntity', 'getEntity', 'updateEntity', 'deleteEntity', 'archiveEntity', 'destroyEntity', 'calculateScope', 'indexEntity', 'buildIndexScope', 'buildIndexAlias', 'buildIndexClass', 'buildIndexType', 'buildIndexXid', 'queryByScope', 'queryByAlias', 'queryByClass', 'queryByType', 'queryByXid', 'seedEntityIfNotExists', 'seedEntities', 'exportEntities', 'exportEntitiesToJson', 'scopedTableSchema']) {
    expect(scopedModule).toHaveProperty(name)
  }
  expect([scopedModule.APEX, scopedModule.SEPARATOR, scopedModule.INDEX_SCOPE, scopedModule.INDEX_XID]).toEqual(['@', '#', 'indexScope', 'indexXid'])
})

test('indexEntity suffixes archived and deleted records and drops keys of absent fields', () => {
  const base: StorableEntity = { model: 'm', id: '1', scope: '@', sequence: 1, createdAt: '', updatedAt: '' }
  expect(indexEntity<StorableEntity>({ ...base, alias: 'a', indexClass: 'stale' })).toEqual({ ...base, alias: 'a', indexScope: '@#m', indexAlias: '@#m#a' })
  expect(indexEntity({ ...base, deletedAt: 't', archivedAt: 't' }).indexScope).toBe('@#m#archived#deleted')
})

test('scopedTableSchema and validation errors name the field', async () => {
  expect(scopedTableSchema('t').GlobalSecondaryIndexes.map(g => g.KeySchema[1]!.AttributeName)).toEqual(['sequence', 'sequence', 'sequence', 'sequence', 'sequence'])
  const server = await startLocal({ port: 0, inMemory: true })
  try {
    initClient({ tableName: 'scoped-module', endpoint: server.endpoint, region: testRegion, credentials: testCredentials })
    expect(scopedTableSchema().TableName).toBe('scoped-module')
    await getDocClient().client.send('CreateTable', scopedTableSchema())
    await putEntity({ entity: { model: 'user', alias: 'ada', name: 'Ada' } })
    expect((await queryByAlias({ model: 'user', scope: '@', alias: 'ada' }))?.name).toBe('Ada')
    const bad = await Promise.resolve().then(() => putEntity({ entity: { model: '@alias#user', alias: 'x' } })).catch(e => e)
    expect(bad).toBeInstanceOf(ScopedValidationError)
    expect(bad.field).toBe('model')
    await expect(Promise.resolve().then(() => queryByAlias({ model: 'user', scope: '@' } as never))).rejects.toThrow(/alias is required/)
  } finally {
    resetClient()
    await server.stop()
  }
})
