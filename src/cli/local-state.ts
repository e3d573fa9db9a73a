/**
 * Where a detached embedded engine is recorded, so later invocations (stop, status, logs, and
 * every command that defaults to the local engine) find it through a file, not memory.
 */
// Bun.file/Bun.write rather than node:fs: every command reads this state, and importing node:fs
// costs each one about a millisecond of cold start.
import { join, resolve } from 'node:path'

export interface LocalState {
  pid: number
  port: number
  host: string
  endpoint: string
  dbPath: string
  inMemory: boolean
  logFile: string
  startedAt: string
}

export const STATE_DIR = '.dbtooling'
export const DEFAULT_DB_PATH = join(STATE_DIR, 'local.sqlite')

export function statePath(cwd: string): string {
  return resolve(cwd, STATE_DIR, 'server.json')
}

export function logPath(cwd: string): string {
  return resolve(cwd, STATE_DIR, 'server.log')
}

export async function writeState(cwd: string, state: LocalState): Promise<void> {
  // Bun.write creates the missing .dbtooling folder.
  await Bun.write(statePath(cwd), JSON.stringify(state, null, 2) + '\n')
}

export async function removeState(cwd: string): Promise<void> {
  try {
    await Bun.file(statePath(cwd)).unlink()
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'
  }
}

/** The recorded server if its process is still alive; a stale file is removed. */
export async function readState(cwd: string): Promise<LocalState | undefined> {
  const path = statePath(cwd)
  if (!(await Bun.file(path).exists())) return undefined
  let state: LocalState
  try {
    state = (await Bun.file(path).json()) as LocalState
  } catch {
    await removeState(cwd)
    return undefined
  }
  if (!processAlive(state.pid)) {
    await removeState(cwd)
    return undefined
  }
  return state
}
