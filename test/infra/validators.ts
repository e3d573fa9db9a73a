/**
 * The real tools the infrastructure outputs are checked with, installed at test time into
 * .cache/infra-validators by scripts/infra-validators.ts. Under CI=true a failed install fails
 * the tests; elsewhere (no registry at hand) they are skipped with a warning.
 */
import { installValidators, VALIDATORS } from '../../scripts/infra-validators.ts'

let dir: string | undefined
let failure: string | undefined
try {
  dir = installValidators()
} catch (error) {
  failure = (error as Error).message
  if (process.env.CI === 'true') throw new Error(`CI: the infrastructure validators could not be installed: ${failure}`)
  console.warn(`infra validator tests skipped: ${failure}`)
}

export const validatorsAvailable = dir !== undefined
export const validatorVersions = VALIDATORS
export const validatorsDir = dir ?? ''

/** A validator package, loaded from the install folder (never from the project's node_modules). */
export function tool<T = any>(name: string): T {
  if (!dir) throw new Error(`validators not installed: ${failure}`)
  return require(Bun.resolveSync(name, dir)) as T
}
