import { describe, expect, test } from 'bun:test'
import { deriveSchema, type DerivedSchema, type EntityDefinition, type ModelDefinition } from '../../src/index.ts'
import { normalizeModel } from '../../src/single-table/models/normalize.ts'
import { ANALYTICS, BLOG, caught, fixtureModels } from './helpers.ts'

/** The schema as data (factories dropped), for snapshots. */
const plain = (schema: DerivedSchema): unknown => JSON.parse(JSON.stringify(schema))
const entity = (schema: DerivedSchema, name: string): EntityDefinition => {
  const e = schema.entities.find((x) => x.name === name)
  if (!e) throw new Error(`no entity ${name}`)
  return e
}
const keys = (e: EntityDefinition): string[] => [
  `${e.keys.pk.template} / ${e.keys.sk.template}`,
  ...e.indexKeys.map((k) => `${k.index}: ${k.pk ? `${k.pk.template} / ` : ''}${k.sk.template}`),
]
const models = (...raw: object[]): ModelDefinition[] => raw.map((r) => normalizeModel(r))

describe('blog', async () => {
  const schema = deriveSchema(await fixtureModels(BLOG), { tableName: 'blog' })

  test('snapshot (deterministic)', async () => {
    expect(plain(schema)).toMatchSnapshot()
    expect(plain(deriveSchema(await fixtureModels(BLOG), { tableName: 'blog' }))).toEqual(plain(schema))
  })

  test('CreateTable input: base key, three shared GSIs, on-demand, no LSI, no stream', () => {
    expect(schema.table.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ])
    expect(schema.table.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['GSI1', 'GSI2', 'GSI3'])
    expect(schema.table.AttributeDefinitions.map((a) => a.AttributeName)).toEqual(['pk', 'sk', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'])
    expect(schema.table.BillingMode).toBe('PAY_PER_REQUEST')
    expect(schema.table.LocalSecondaryIndexes).toBeUndefined()
    expect(schema.table.StreamSpecification).toBeUndefined()
    expect(schema.ttl).toBeUndefined()
  })

  test('one entity per model plus one edge per belongsToMany pair', () => {
    expect(schema.entities.map((e) => `${e.name}:${e.kind}`)).toEqual([
      'Comment:model', 'Post:model', 'Profile:model', 'Project:model', 'Role:model', 'Tag:model', 'Team:model', 'User:model',
      'PostTag:edge', 'RoleUser:edge',
    ])
  })

  test('keys: own partition for models with children, the parent collection for leaves', () => {
    expect(keys(entity(schema, 'User'))).toEqual([
      'USER#{id} / USER#{id}',
      'GSI1: USER#shard-{shard} / USER#{createdAt}#{id}',
      'GSI2: TEAM#{teamId} / USER#{createdAt}#{id}',
      'GSI3: USER#role#{role} / {createdAt}#{id}',
    ])
    expect(keys(entity(schema, 'Comment'))[0]).toBe('POST#{postId} / COMMENT#{id}')
    expect(keys(entity(schema, 'Comment'))[2]).toBe('GSI2: USER#{userId} / COMMENT#{createdAt}#{id}')
    expect(keys(entity(schema, 'Profile'))[0]).toBe('USER#{userId} / PROFILE#{id}')
    expect(keys(entity(schema, 'Project'))[0]).toBe('TEAM#{teamId} / PROJECT#{id}')
    expect(entity(schema, 'Comment').parent).toEqual({ model: 'Post', foreignKey: 'postId' })
  })

  test('belongsToMany: adjacency-list edges with an inverted index', () => {
    expect(keys(entity(schema, 'PostTag'))).toEqual(['POST#{postId} / TAG#{tagId}', 'GSI1: TAG#{tagId} / POST#{postId}'])
    expect(keys(entity(schema, 'RoleUser'))).toEqual(['ROLE#{roleId} / USER#{userId}', 'GSI1: USER#{userId} / ROLE#{roleId}'])
  })

  test('unique attributes become sentinel templates', () => {
    expect(schema.entities.flatMap((e) => e.uniques.map((u) => u.template))).toEqual([
      'UNIQUE#Post#slug#{slug}', 'UNIQUE#Role#name#{name}', 'UNIQUE#Tag#name#{name}', 'UNIQUE#Team#slug#{slug}', 'UNIQUE#User#email#{email}',
    ])
  })

  test('no entity type shares one partition: list-all is sharded, and the notes say so', () => {
    for (const e of schema.entities.filter((x) => x.kind === 'model')) {
      const listAll = e.indexKeys.find((k) => k.purpose === 'listAll')
      expect(listAll?.pk?.template).toBe(`${e.prefix}#shard-{shard}`)
      expect(e.shards).toBe(4)
    }
    expect(schema.notes.some((n) => n.includes('write-sharded'))).toBe(true)
    expect(schema.notes.some((n) => n.includes('sparse'))).toBe(true)
  })

  test('implied attributes: ids, foreign keys, timestamps, soft deletes, version', () => {
    const names = (n: string): string[] => entity(schema, n).attributes.map((a) => a.name)
    expect(names('Post')).toEqual(['id', 'title', 'slug', 'body', 'status', 'publishedAt', 'views', 'tags', 'userId', 'createdAt', 'updatedAt', 'deletedAt', 'version'])
    expect(entity(schema, 'Comment').attributes.find((a) => a.name === 'postId')).toMatchObject({ required: true, origin: 'foreignKey' })
    expect(entity(schema, 'Comment').attributes.find((a) => a.name === 'userId')).toMatchObject({ required: false, nullable: true })
    expect(entity(schema, 'Project').attributes.find((a) => a.name === 'id')).toMatchObject({ cast: 'integer', required: true })
  })
})

describe('analytics', async () => {
  const schema = deriveSchema(await fixtureModels(ANALYTICS), { tableName: 'analytics' })

  test('snapshot', () => {
    expect(plain(schema)).toMatchSnapshot()
  })

  test('two GSIs, TTL on expiresAt, page views in their site collection', () => {
    expect(schema.table.GlobalSecondaryIndexes?.length).toBe(2)
    expect(schema.ttl).toEqual({ attribute: 'expiresAt' })
    expect(keys(entity(schema, 'PageView'))).toEqual([
      'SITE#{siteId} / PAGEVIEW#{id}',
      'GSI1: PAGEVIEW#shard-{shard} / PAGEVIEW#{id}',
      'GSI2: PAGEVIEW#path#{path} / {occurredAt}#{id}',
    ])
    expect(entity(schema, 'PageView').ttlAttribute).toBe('expiresAt')
  })
})

describe('config and per-model options', () => {
  const base = {
    name: 'Account',
    traits: { useUuid: true, useTimestamps: true },
    hasMany: ['Invoice'],
    attributes: { email: { unique: true } },
  }
  const invoice = {
    name: 'Invoice',
    traits: { useUuid: true, useTimestamps: true },
    belongsTo: ['Account'],
    indexes: [{ name: 'by_account_due', columns: ['accountId', 'dueAt'] }],
    attributes: { dueAt: { cast: 'datetime', required: true }, total: { cast: 'decimal' } },
  }

  test('key names, delimiter, prefix style, billing, stream', () => {
    const schema = deriveSchema(models(base, invoice), {
      tableName: 'billing',
      partitionKey: 'PK',
      sortKey: 'SK',
      delimiter: '|',
      entityTypeAttribute: 'type',
      keyPrefix: 'pascal',
      billing: { readCapacityUnits: 5, writeCapacityUnits: 2 },
      stream: true,
      listShards: 8,
    })
    expect(keys(entity(schema, 'Account'))[0]).toBe('Account|{id} / Account|{id}')
    expect(entity(schema, 'Account').uniques[0]?.template).toBe('UNIQUE|Account|email|{email}')
    expect(entity(schema, 'Account').typeAttribute).toBe('type')
    expect(entity(schema, 'Account').shards).toBe(8)
    expect(schema.table.KeySchema[0]?.AttributeName).toBe('PK')
    expect(schema.table.BillingMode).toBe('PROVISIONED')
    expect(schema.table.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 2 })
    expect(schema.table.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 2 })
    expect(schema.table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' })
  })

  test('an index that re-sorts an item collection becomes an LSI', () => {
    const schema = deriveSchema(models(base, invoice))
    expect(keys(entity(schema, 'Invoice'))).toEqual([
      'ACCOUNT#{accountId} / INVOICE#{id}',
      'LSI1: INVOICE#{dueAt}#{id}',
      'GSI1: INVOICE#shard-{shard} / INVOICE#{createdAt}#{id}',
    ])
    expect(schema.table.LocalSecondaryIndexes).toEqual([
      { IndexName: 'LSI1', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'LSI1SK', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } },
    ])
    // without LSI slots the same order moves to a GSI
    const noLsi = deriveSchema(models(base, invoice), { lsiCount: 0 })
    expect(keys(entity(noLsi, 'Invoice'))[2]).toBe('GSI2: ACCOUNT#{accountId} / INVOICE#{dueAt}#{id}')
  })

  test('dynamodb: { pk, sk, parent, prefix, shards } in the model', () => {
    const schema = deriveSchema(models(
      { ...base, dynamodb: { prefix: 'ACCT', shards: 16 } },
      { ...invoice, indexes: [], dynamodb: { parent: false } },
      { name: 'Event', traits: { useUuid: true }, attributes: { day: { required: true } }, dynamodb: { pk: 'EVENT#{day}', sk: 'EVENT#{id}' } },
    ))
    expect(keys(entity(schema, 'Account'))[0]).toBe('ACCT#{id} / ACCT#{id}')
    expect(entity(schema, 'Account').shards).toBe(16)
    expect(keys(entity(schema, 'Invoice'))).toEqual([
      'INVOICE#{id} / INVOICE#{id}',
      'GSI1: INVOICE#shard-{shard} / INVOICE#{createdAt}#{id}',
      'GSI2: ACCT#{accountId} / INVOICE#{createdAt}#{id}',
    ])
    expect(keys(entity(schema, 'Event'))[0]).toBe('EVENT#{day} / EVENT#{id}')
  })

  test('more indexes than gsiCount: the error names the unserved patterns', async () => {
    const error = await caught(async () => deriveSchema(await fixtureModels(BLOG), { gsiCount: 2 }))
    expect(error.code).toBe('TOO_MANY_INDEXES')
    expect(error.message).toContain('need 3 global secondary indexes')
    expect(error.message).toContain('listPostsByStatus (Post: index posts_status_published_index)')
    expect(error.message).toContain('listUsersByRole (User: index users_role_created_index)')
  })

  test('key pattern clash: same prefix from two names, or a custom key over another entity', async () => {
    const clash = await caught(() => deriveSchema(models({ name: 'Post', attributes: {} }, { name: 'POST', attributes: {} })))
    expect(clash.code).toBe('KEY_PATTERN_CLASH')
    expect(clash.message).toContain('POST#{id}')
    const custom = await caught(() =>
      deriveSchema(models({ name: 'User', attributes: {} }, { name: 'Admin', attributes: {}, dynamodb: { pk: 'USER#{id}', sk: 'USER#{id}' } })),
    )
    expect(custom.code).toBe('KEY_PATTERN_CLASH')
    expect(custom.message).toContain('Admin')
  })

  test('bad key templates and parents name the field', async () => {
    const noId = await caught(() => deriveSchema(models({ name: 'A', attributes: { x: {} }, dynamodb: { pk: 'A#{x}', sk: 'A' } })))
    expect(noId.code).toBe('INVALID_KEY_PATTERN')
    const unknown = await caught(() => deriveSchema(models({ name: 'A', attributes: {}, dynamodb: { pk: 'A#{nope}', sk: 'A#{id}' } })))
    expect(unknown.code).toBe('INVALID_KEY_PATTERN')
    expect(unknown.field).toBe('dynamodb.pk')
    const parent = await caught(() => deriveSchema(models({ name: 'A', attributes: {}, dynamodb: { parent: 'B' } })))
    expect(parent.field).toBe('dynamodb.parent')
    const reserved = await caught(() => deriveSchema(models({ name: 'A', attributes: { pk: {} } })))
    expect(reserved.field).toBe('attributes.pk')
  })

  test('invalid config is an error naming the setting', async () => {
    expect((await caught(() => deriveSchema(models(base, invoice), { gsiCount: 21 }))).message).toContain('singleTableDesign.gsiCount')
    expect((await caught(() => deriveSchema(models(base, invoice), { tableName: 'x' }))).code).toBe('INVALID_CONFIG')
  })
})
