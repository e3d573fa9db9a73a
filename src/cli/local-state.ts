/**
 * Where a detached embedded engine is recorded, so later invocations (stop, status, logs, and
 * every command that defaults to the local engine) find it through a file, not memory.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

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
  const path = statePath(cwd)
  mkdirSync(dirname(path), { recursive: true })
  await Bun.write(path, JSON.stringify(state, null, 2) + '\n')
}

export function removeState(cwd: string): void {
  rmSync(statePath(cwd), { force: true })
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
  if (!existsSync(path)) return undefined
  let state: LocalState
  try {
    state = (await Bun.file(path).json()) as LocalState
  } catch {
    removeState(cwd)
    return undefined
  }
  if (!processAlive(state.pid)) {
    removeState(cwd)
    return undefined
  }
  return state
}
