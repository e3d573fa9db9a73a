/**
 * Type tests of the model layer, checked by `tsc` (CI's type-check step), never run: every
 * `@ts-expect-error` line must be an error, or tsc fails on the unused directive.
 */
import { createOrm } from '../../src/orm/index.ts'
import { defineModel, schema } from '../../src/single-table/models/stacks-shims.ts'

const User = defineModel({
  name: 'User',
  traits: { useUuid: true, useTimestamps: true, useSoftDeletes: true },
  belongsTo: ['Team'],
  attributes: {
    name: { required: true, validation: { rule: schema.string().min(2) } },
    email: { required: true, unique: true, validation: { rule: schema.string().email() } },
    password: { required: true, hidden: true },
    role: { default: 'member', validation: { rule: schema.enum(['owner', 'admin', 'member']) } },
    age: { nullable: true, cast: 'integer' },
    score: { fillable: false, cast: 'float' },
  },
})
const Team = defineModel({ name: 'Team', hasMany: ['User'], attributes: { name: { required: true } } })

export async function typed(): Promise<void> {
  const db = await createOrm({ models: { User, Team } })
  const user = await db.models.User.create({ name: 'Ada', email: 'ada@example.com', password: 'secret123', role: 'admin' })
  const email: string = user.email
  const role: 'owner' | 'admin' | 'member' = user.role
  const age: number | null = user.age
  const created: Date = user.createdAt
  const teamId: string | number = user.teamId
  void [email, role, age, created, teamId]

  // @ts-expect-error unknown attribute
  await db.models.User.create({ name: 'Ada', email: 'a@b.c', password: 'secret123', nickname: 'x' })
  // @ts-expect-error wrong value type
  await db.models.User.create({ name: 42, email: 'a@b.c', password: 'secret123' })
  // @ts-expect-error missing required attribute (password)
  await db.models.User.create({ name: 'Ada', email: 'a@b.c' })
  // @ts-expect-error not fillable
  await db.models.User.create({ name: 'Ada', email: 'a@b.c', password: 'secret123', score: 1 })
  // @ts-expect-error not one of the enum values
  await db.models.User.create({ name: 'Ada', email: 'a@b.c', password: 'secret123', role: 'king' })
  // @ts-expect-error no such model
  void db.models.Post

  const json = user.toJSON()
  const name: string = json.name
  void name
  // @ts-expect-error hidden attributes are not in toJSON()'s type
  void json.password

  const admins = await db.models.User.where('role', 'admin').latest().get()
  const first: string | undefined = admins[0]?.email
  void first
  // @ts-expect-error unknown attribute in where
  db.models.User.where('nickname', 'x')
  // @ts-expect-error wrong value type in where
  db.models.User.where('age', 'old')
  const emails: string[] = await db.models.User.query().pluck('email')
  void emails
  // @ts-expect-error update takes fillable attributes only
  await user.update({ score: 3 })

  const untyped = await createOrm({ models: 'app/models' })
  const anyModel = await untyped.model('Whatever').find('1')
  void anyModel?.getAttribute('anything')
}
