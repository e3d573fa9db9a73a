/**
 * Checkpoint files for resumable export/import. Written atomically (temp file + rename) after
 * every fully written page or chunk, so a crash at any instant leaves the previous consistent
 * state. A checkpoint remembers the options it was made with; resuming with different ones is
 * refused rather than producing a file that mixes two exports.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { CliError, type CommandContext } from '../command.ts'

export interface CheckpointBase {
  kind: 'export' | 'import'
  version: 1
  /** The options that must match on resume. */
  options: Record<string, unknown>
}

export function readCheckpoint<T extends CheckpointBase>(path: string, kind: T['kind'], options: Record<string, unknown>): T | undefined {
  if (!existsSync(path)) return undefined
  let data: T
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as T
  } catch (error) {
    throw new CliError('CheckpointInvalid', `checkpoint ${path} is not readable JSON: ${(error as Error).message}`, `delete ${path} to start over`)
  }
  if (data?.kind !== kind || data.version !== 1) throw new CliError('CheckpointInvalid', `checkpoint ${path} is not a dbtooling ${kind} checkpoint`, `pass another --checkpoint file, or delete ${path}`)
  const changed = Object.keys({ ...options, ...data.options }).filter(k => JSON.stringify(options[k]) !== JSON.stringify(data.options[k]))
  if (changed.length > 0) {
    const what = changed.map(k => `${k} (checkpoint: ${JSON.stringify(data.options[k]) ?? 'unset'}, now: ${JSON.stringify(options[k]) ?? 'unset'})`).join('; ')
    throw new CliError('CheckpointMismatch', `checkpoint ${path} was made with other options: ${what}`, `re-run with the original options to resume, or delete ${path} to start over`)
  }
  return data
}

export function writeCheckpoint(path: string, data: CheckpointBase): void {
  const temp = `${path}.tmp-${process.pid}`
  writeFileSync(temp, JSON.stringify(data) + '\n')
  renameSync(temp, path)
}

export function removeCheckpoint(path: string): void {
  rmSync(path, { force: true })
}

/** A command line a user can paste: words quoted for a POSIX shell only where needed. */
export function shellCommand(words: string[]): string {
  return words.map(w => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ')
}

/** The command being run, rebuilt from its parsed flags: what to type to resume it. */
export function rerunCommand(ctx: CommandContext, command: string): string {
  const words = ['dbtooling', command, ...ctx.args]
  for (const [name, value] of Object.entries(ctx.flags)) {
    if (value === undefined || value === false) continue
    if (value === true) words.push(`--${name}`)
    else for (const v of Array.isArray(value) ? value : [value]) words.push(`--${name}`, String(v))
  }
  const g = ctx.global
  const globals: [string, string | undefined][] = [['endpoint-url', g.endpointUrl], ['region', g.region], ['profile', g.profile], ['env', g.env], ['config', g.config], ['table', g.table]]
  for (const [name, value] of globals) if (value !== undefined) words.push(`--${name}`, value)
  for (const name of ['json', 'quiet', 'yes'] as const) if (g[name]) words.push(`--${name}`)
  return shellCommand(words)
}
