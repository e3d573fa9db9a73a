/**
 * Stand-ins for `@stacksjs/orm`, `@stacksjs/validation` and `@stacksjs/types`, so Stacks model
 * files load in a project that does not install Stacks. The `schema` builder records every rule
 * as plain data (`{ type, rules }`) instead of validating, so dbtooling can enforce the rules itself.
 * When a real package is installed (node_modules at or above the models folder) it is used instead.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { RecordedRule, ValidationSpec } from './types.ts'

/** Marks builder objects created by the stand-in `schema`. */
const RULE_SPEC: unique symbol = Symbol.for('dbtooling.schema.spec') as never

/**
 * `defineModel` of the stand-in ORM: models are plain objects, so it is the identity. `const`
 * keeps the literal types, from which the model layer infers attribute types (src/orm/types.ts).
 */
export function defineModel<const T>(model: T): T {
  return model
}

declare const RULE_VALUE: unique symbol

/**
 * The type side of a recorded rule: `schema.string().email()` is a `TypedRule<string>`,
 * `schema.enum(['a', 'b'])` a `TypedRule<'a' | 'b'>`. At run time it is the recording builder.
 */
export interface TypedRule<T> {
  readonly [RULE_SPEC]: ValidationSpec
  /** Phantom: never present at run time. */
  readonly [RULE_VALUE]?: T
  required(): TypedRule<T>
  optional(): TypedRule<T>
  nullable(): TypedRule<T | null>
  min(value: number): TypedRule<T>
  max(value: number): TypedRule<T>
  length(value: number): TypedRule<T>
  email(): TypedRule<T>
  url(): TypedRule<T>
  regex(pattern: RegExp): TypedRule<T>
  matches(pattern: RegExp): TypedRule<T>
  integer(): TypedRule<T>
  positive(): TypedRule<T>
  negative(): TypedRule<T>
  in(values: readonly T[]): TypedRule<T>
  alpha(): TypedRule<T>
  alphanumeric(): TypedRule<T>
  uuid(): TypedRule<T>
  startsWith(prefix: string): TypedRule<T>
  endsWith(suffix: string): TypedRule<T>
  lowercase(): TypedRule<T>
  uppercase(): TypedRule<T>
}

/**
 * The stand-in `schema`'s starters, typed. Other starters and rules still record at run time (as
 * type `any`, not enforced); the types list the ones dbtooling enforces.
 */
export interface SchemaStandIn {
  string(): TypedRule<string>
  number(): TypedRule<number>
  integer(): TypedRule<number>
  boolean(): TypedRule<boolean>
  date(): TypedRule<Date>
  array(): TypedRule<unknown[]>
  object(): TypedRule<Record<string, unknown>>
  email(): TypedRule<string>
  url(): TypedRule<string>
  enum<const V extends readonly (string | number)[]>(values: V): TypedRule<V[number]>
}

export interface RuleBuilder {
  readonly [RULE_SPEC]: ValidationSpec
  [rule: string]: unknown
}

function builder(spec: ValidationSpec): RuleBuilder {
  const target = { [RULE_SPEC]: spec } as RuleBuilder
  return new Proxy(target, {
    get(obj, prop) {
      if (prop === RULE_SPEC) return spec
      // Not a promise, not a string: keep the builder inert for await, String(), inspect and JSON.
      if (typeof prop === 'symbol' || prop === 'then') return undefined
      if (prop === 'toJSON') return () => spec
      return (...args: unknown[]) => builder(record(spec, prop, args))
    },
  })
}

function record(spec: ValidationSpec, name: string, args: unknown[]): ValidationSpec {
  const rule: RecordedRule = { name, args }
  return { ...spec, rules: [...spec.rules, rule] }
}

function base(type: ValidationSpec['type']): (...args: unknown[]) => RuleBuilder {
  return () => builder({ type, rules: [] })
}

/** The stand-in `schema` of `@stacksjs/validation`. Unknown starters record as type `any`. */
export const schema: SchemaStandIn = new Proxy(
  {
    string: base('string'),
    number: base('number'),
    integer: (): RuleBuilder => builder({ type: 'number', rules: [{ name: 'integer', args: [] }] }),
    boolean: base('boolean'),
    date: base('date'),
    array: base('array'),
    object: base('object'),
    email: (): RuleBuilder => builder({ type: 'string', rules: [{ name: 'email', args: [] }] }),
    url: (): RuleBuilder => builder({ type: 'string', rules: [{ name: 'url', args: [] }] }),
    enum: (values: unknown): RuleBuilder =>
      builder({ type: 'enum', rules: [], values: Array.isArray(values) ? [...(values as (string | number)[])] : [] }),
  } as Record<string, (...args: unknown[]) => RuleBuilder>,
  {
    get(obj, prop) {
      if (typeof prop === 'symbol' || prop === 'then') return undefined
      return obj[prop] ?? ((...args: unknown[]) => builder({ type: 'any', rules: [{ name: prop, args }] }))
    },
  },
) as unknown as SchemaStandIn

/** Reads a rule recorded by the stand-in builder; `undefined` for anything else. */
export function recordedSpec(value: unknown): ValidationSpec | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined
  const spec = (value as Partial<RuleBuilder>)[RULE_SPEC]
  return spec && typeof spec === 'object' ? spec : undefined
}

const SHIMMED_PACKAGES = ['@stacksjs/orm', '@stacksjs/validation', '@stacksjs/types'] as const

const moduleExports: Record<(typeof SHIMMED_PACKAGES)[number], Record<string, unknown>> = {
  '@stacksjs/orm': { defineModel },
  '@stacksjs/validation': { schema },
  // only types live here (`Model`); type imports are erased, so the module can be empty
  '@stacksjs/types': {},
}

const installed = new Set<string>()

/**
 * Installed means present in a node_modules folder at or above `fromDir`. Not Bun.resolveSync:
 * with no node_modules around, Bun auto-installs from the registry on resolve, which would pull
 * the real Stacks packages (and their dependencies) into a cache just to load a model file.
 */
function resolvable(pkg: string, fromDir: string): boolean {
  let dir = resolve(fromDir)
  for (;;) {
    if (existsSync(join(dir, 'node_modules', pkg, 'package.json'))) return true
    const parent = dirname(dir)
    if (parent === dir) return false
    dir = parent
  }
}

/**
 * Registers a Bun runtime plugin answering the Stacks packages that do not resolve from
 * `fromDir`. Returns the packages now served by stand-ins. Safe to call more than once.
 */
export function installStacksShims(fromDir: string): string[] {
  const missing = SHIMMED_PACKAGES.filter((pkg) => !installed.has(pkg) && !resolvable(pkg, fromDir))
  if (missing.length > 0) {
    Bun.plugin({
      name: `dbtooling-stacks-shims-${installed.size}`,
      setup(build) {
        for (const pkg of missing) {
          build.module(pkg, () => ({ exports: moduleExports[pkg], loader: 'object' }))
        }
      },
    })
    for (const pkg of missing) installed.add(pkg)
  }
  return SHIMMED_PACKAGES.filter((pkg) => installed.has(pkg))
}
