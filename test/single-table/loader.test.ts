import { describe, expect, test } from 'bun:test'
import { checkModels, loadModels, SingleTableError, type ModelDefinition } from '../../src/index.ts'
import { ANALYTICS, BLOG, caught, model, modelDir } from './helpers.ts'

const find = (models: ModelDefinition[], name: string): ModelDefinition => {
  const m = models.find((x) => x.name === name)
  if (!m) throw new Error(`no model ${name}`)
  return m
}

describe('loading the fixture apps (Stacks packages not installed: stand-ins)', () => {
  test('blog: eight models, sorted by name, from defineModel and a plain object', async () => {
    const models = await loadModels(BLOG)
    expect(models.map((m) => m.name)).toEqual(['Comment', 'Post', 'Profile', 'Project', 'Role', 'Tag', 'Team', 'User'])
    expect(find(models, 'Post').source).toEndWith('fixtures/models/blog/Post.ts')
  })

  test('the plain-object model (Project) keeps autoIncrement, casts, validation messages and relation options', async () => {
    const project = find(await loadModels(BLOG), 'Project')
    expect(project.autoIncrement).toBe(true)
    expect(project.idType).toBe('integer')
    expect(project.relations).toEqual([{ kind: 'belongsTo', model: 'Team', foreignKey: 'teamId', onDelete: 'cascade', field: 'belongsTo[0]' }])
    const budget = project.attributes.find((a) => a.name === 'budget')
    expect(budget?.cast).toBe('decimal')
    expect(budget?.validation).toEqual({ type: 'number', rules: [{ name: 'min', args: [0] }] })
    expect(project.attributes.find((a) => a.name === 'name')?.validation?.message).toBe('`name` must be a string')
    expect(project.traits.useSeeder).toEqual({ count: 10 })
  })

  test('attributes carry every option, in `order`, with rules recorded as data', async () => {
    const user = find(await loadModels(BLOG), 'User')
    expect(user.attributes.map((a) => a.name)).toEqual(['name', 'email', 'password', 'role', 'age', 'settings'])
    const byName = Object.fromEntries(user.attributes.map((a) => [a.name, a]))
    expect(byName.email).toMatchObject({ required: true, unique: true, fillable: true, hidden: false })
    expect(byName.email?.validation).toEqual({ type: 'string', rules: [{ name: 'email', args: [] }, { name: 'required', args: [] }] })
    expect(byName.password?.hidden).toBe(true)
    expect(byName.role).toMatchObject({ default: 'member', hasDefault: true })
    expect(byName.role?.validation).toEqual({ type: 'enum', rules: [], values: ['owner', 'admin', 'member'] })
    expect(byName.age).toMatchObject({ nullable: true, cast: 'integer' })
    expect(byName.settings).toMatchObject({ cast: 'json', default: {} })
    expect(typeof byName.name?.factory).toBe('function')
    expect(user.relations.map((r) => `${r.kind} ${r.model} ${r.foreignKey}`)).toEqual([
      'hasOne Profile userId',
      'hasMany Post userId',
      'hasMany Comment userId',
      'belongsTo Team teamId',
      'belongsToMany Role userId',
    ])
    expect(user.traits).toMatchObject({ useUuid: true, useTimestamps: true, useSoftDeletes: true, useVersioning: false })
    expect(user.traits.useSearch?.searchable).toEqual(['name', 'email'])
    expect(user.indexes).toEqual([{ name: 'users_role_created_index', columns: ['role', 'createdAt'], unique: false }])
  })

  test('Post attributes follow `order` and keep versioning and the sparse index', async () => {
    const post = find(await loadModels(BLOG), 'Post')
    expect(post.attributes.map((a) => a.name)).toEqual(['title', 'slug', 'body', 'status', 'publishedAt', 'views', 'tags'])
    expect(post.traits.useVersioning).toBe(true)
    expect(post.attributes.find((a) => a.name === 'views')?.fillable).toBe(false)
  })

  test('analytics: TTL trait and the high-volume index', async () => {
    const models = await loadModels(ANALYTICS)
    expect(models.map((m) => m.name)).toEqual(['PageView', 'Site'])
    const pv = find(models, 'PageView')
    expect(pv.traits.useTtl).toEqual({})
    expect(pv.table).toBe('page_views')
    expect(pv.attributes.find((a) => a.name === 'country')?.validation?.rules).toEqual([{ name: 'length', args: [2] }])
  })

  test('named exports and files without a name load too', async () => {
    const dir = modelDir({
      'Note.ts': `export const Note = { name: 'Note', traits: { useUuid: true }, attributes: { text: { required: true } } }`,
      'Label.ts': `export default { table: 'labels', attributes: { text: {} } }`,
    })
    const models = await loadModels(dir)
    expect(models.map((m) => [m.name, m.table])).toEqual([['Label', 'labels'], ['Note', 'notes']])
    expect(find(models, 'Label').idType).toBe('ulid')
  })
})

describe('every problem is an error naming the file and the field', () => {
  test('a file that fails to import', async () => {
    const dir = modelDir({ 'Broken.ts': `import { defineModel } from '@stacksjs/orm'\nthrow new Error('boom in model')\nexport default defineModel({})` })
    const error = await caught(() => loadModels(dir))
    expect(error).toBeInstanceOf(SingleTableError)
    expect(error.code).toBe('MODEL_IMPORT_FAILED')
    expect(error.message).toContain('Broken.ts')
    expect(error.message).toContain('boom in model')
  })

  test('an import of a package that exists nowhere', async () => {
    const dir = modelDir({ 'Odd.ts': `import { x } from '@nowhere/nothing'\nexport default { name: 'Odd', attributes: { a: { default: x } } }` })
    const error = await caught(() => loadModels(dir))
    expect(error.code).toBe('MODEL_IMPORT_FAILED')
    expect(error.message).toContain('Odd.ts')
    expect(error.message).toContain('@nowhere/nothing')
  })

  test('a file that exports no model', async () => {
    const dir = modelDir({ 'Empty.ts': 'export const answer = 42' })
    const error = await caught(() => loadModels(dir))
    expect(error.code).toBe('MODEL_NOT_FOUND')
    expect(error.file).toEndWith('Empty.ts')
  })

  test('an empty or missing folder', async () => {
    expect((await caught(() => loadModels(modelDir({})))).code).toBe('MODEL_NOT_FOUND')
    expect((await caught(() => loadModels('/definitely/not/here'))).code).toBe('MODELS_PATH_NOT_FOUND')
  })

  test('a relation to an unknown model', async () => {
    const dir = modelDir({ 'Post.ts': model('Post', "belongsTo: ['Usr'],"), 'User.ts': model('User', "hasMany: ['Post'],") })
    const error = await caught(() => loadModels(dir))
    expect(error.code).toBe('UNKNOWN_RELATION_MODEL')
    expect(error.file).toEndWith('Post.ts')
    expect(error.field).toBe('belongsTo[0]')
    expect(error.message).toContain('"Usr"')
    expect(error.message).toContain('known: Post, User')
  })

  test('hasMany without the inverse belongsTo', async () => {
    const dir = modelDir({ 'Post.ts': model('Post'), 'User.ts': model('User', "hasMany: ['Post'],") })
    const error = await caught(() => loadModels(dir))
    expect(error.code).toBe('MISSING_INVERSE_RELATION')
    expect(error.file).toEndWith('User.ts')
    expect(error.field).toBe('hasMany[0]')
    expect(error.message).toContain("add belongsTo: ['User'] to Post")
  })

  test('belongsToMany on one side only', async () => {
    const dir = modelDir({ 'Post.ts': model('Post', "belongsToMany: ['Tag'],"), 'Tag.ts': model('Tag') })
    const error = await caught(() => loadModels(dir))
    expect(error.code).toBe('MISSING_INVERSE_RELATION')
    expect(error.field).toBe('belongsToMany[0]')
    expect(error.message).toContain("belongsToMany: ['Post']")
  })

  test('a duplicate entity name', async () => {
    const dir = modelDir({ 'a/User.ts': model('User'), 'b/User.ts': model('User') })
    const error = await caught(() => loadModels(dir))
    expect(error.code).toBe('DUPLICATE_ENTITY')
    expect(error.message).toContain('a/User.ts')
    expect(error.message).toContain('b/User.ts')
  })

  test('a bad attribute option names the attribute', async () => {
    const dir = modelDir({ 'Post.ts': model('Post').replace("title: {", "title: { cast: 'money',") })
    const error = await caught(() => loadModels(dir))
    expect(error.code).toBe('INVALID_MODEL')
    expect(error.field).toBe('attributes.title.cast')
    expect(error.message).toContain('Post.ts')
    expect(error.message).toContain('"money"')
  })

  test('an index over an attribute that does not exist', async () => {
    const dir = modelDir({ 'Post.ts': model('Post', "indexes: [{ name: 'by_x', columns: ['title', 'nope'] }],") })
    const error = await caught(() => loadModels(dir))
    expect(error.code).toBe('INVALID_MODEL')
    expect(error.field).toBe('indexes[0].columns[1]')
  })

  test('an unknown dynamodb option', async () => {
    const dir = modelDir({ 'Post.ts': model('Post', "dynamodb: { partition: 'X' },") })
    const error = await caught(() => loadModels(dir))
    expect(error.field).toBe('dynamodb.partition')
  })
})

describe('real Stacks packages, when installed, are used instead of the stand-ins', () => {
  test('a project with @stacksjs/orm and @stacksjs/validation in node_modules', () => {
    const dir = modelDir({
      'node_modules/@stacksjs/orm/package.json': JSON.stringify({ name: '@stacksjs/orm', type: 'module', main: 'index.js' }),
      'node_modules/@stacksjs/orm/index.js': 'export function defineModel(m) { return { ...m, table: "from_real_orm" } }',
      'node_modules/@stacksjs/validation/package.json': JSON.stringify({ name: '@stacksjs/validation', type: 'module', main: 'index.js' }),
      'node_modules/@stacksjs/validation/index.js': 'export const schema = { string: () => { const rule = { validate: (v) => typeof v === "string", max: () => rule }; return rule } }',
      'app/models/Thing.ts': model('Thing'),
    })
    // a fresh process: stand-ins registered by this test run would otherwise answer first
    const script = `
      import { installStacksShims, loadModels, deriveSchema } from ${JSON.stringify(`${process.cwd()}/src/index.ts`)}
      const shimmed = installStacksShims(${JSON.stringify(`${dir}/app/models`)})
      const [thing] = await loadModels(${JSON.stringify(`${dir}/app/models`)})
      const notes = deriveSchema([thing]).notes.filter((n) => n.includes('not enforced'))
      console.log(JSON.stringify({ shimmed, table: thing.table, validation: thing.attributes[0].validation, notes }))
    `
    const run = Bun.spawnSync(['bun', '-e', script], { cwd: dir, stderr: 'pipe' })
    expect(run.stderr.toString()).toBe('')
    const out = JSON.parse(run.stdout.toString()) as Record<string, unknown>
    expect(out.shimmed).toEqual(['@stacksjs/types'])
    expect(out.table).toBe('from_real_orm')
    expect(out.validation).toEqual({ type: 'external', rules: [] })
    expect(out.notes).toEqual(['Thing.title: its validation rule comes from the real @stacksjs/validation and is not enforced by toItem (types, casts, required and enums still are).'])
  })
})

describe('checkModels: every problem at once, for CI', () => {
  test('a sound app: no problems, the schema and the patterns', async () => {
    const check = await checkModels(BLOG)
    expect(check.problems).toEqual([])
    expect(check.models.length).toBe(8)
    expect(check.patterns?.length).toBe(39)
    expect(check.schema?.table.GlobalSecondaryIndexes?.length).toBe(3)
  })

  test('several broken files and relations are all reported', async () => {
    const dir = modelDir({
      'Broken.ts': 'export default {',
      'Post.ts': model('Post', "belongsTo: ['Usr'], belongsToMany: ['Tag'],"),
      'Tag.ts': model('Tag'),
      'User.ts': model('User', "hasMany: ['Post'],"),
    })
    const check = await checkModels(dir)
    expect(check.problems.map((p) => [p.code, p.field])).toEqual([
      ['MODEL_IMPORT_FAILED', undefined],
      ['UNKNOWN_RELATION_MODEL', 'belongsTo[0]'],
      ['MISSING_INVERSE_RELATION', 'belongsToMany[0]'],
      ['MISSING_INVERSE_RELATION', 'hasMany[0]'],
    ])
    expect(check.schema).toBeUndefined()
  })

  test('derivation problems (index budget) are reported too', async () => {
    const check = await checkModels(BLOG, { gsiCount: 1 })
    expect(check.problems.map((p) => p.code)).toEqual(['TOO_MANY_INDEXES'])
  })
})
