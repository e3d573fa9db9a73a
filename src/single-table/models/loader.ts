/**
 * Finds Stacks model files, imports them (with stand-ins for the Stacks packages when those are
 * not installed) and returns checked `ModelDefinition`s. Every file must yield a model; a file
 * that does not is an error, never skipped.
 */
import { existsSync, statSync } from 'node:fs'
import { basename, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { SingleTableError } from '../errors.ts'
import { looksLikeModel, normalizeModel } from './normalize.ts'
import { installStacksShims } from './stacks-shims.ts'
import type { ModelDefinition } from './types.ts'
import { validateModels } from './validate.ts'

export interface LoadModelsOptions {
  /** Directory file names in errors are shown relative to; default the working directory. */
  cwd?: string
  /** Set false to never install the Stacks stand-ins (imports of missing packages then fail). */
  shims?: boolean
}

/** Model files under `dir`: `*.ts`, `*.js`, `*.mjs`, recursively, skipping tests and declarations. */
export function discoverModelFiles(dir: string): string[] {
  const files: string[] = []
  for (const file of new Bun.Glob('**/*.{ts,js,mjs}').scanSync({ cwd: dir, onlyFiles: true })) {
    if (/\.(d|test|spec)\.[mc]?[tj]s$/.test(file)) continue
    files.push(resolve(dir, file))
  }
  return files.sort()
}

/** The model files under `path` (resolved against `cwd`); a missing folder or an empty one is an error. */
export function modelFilesUnder(path: string, cwd: string): { dir: string; files: string[] } {
  const dir = resolve(cwd, path)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SingleTableError('MODELS_PATH_NOT_FOUND', `models path ${path} is not a directory (resolved to ${dir})`, { file: path })
  }
  const files = discoverModelFiles(dir)
  if (files.length === 0) {
    throw new SingleTableError('MODEL_NOT_FOUND', `no model files (*.ts) under ${path}`, { file: path })
  }
  return { dir, files }
}

/** Loads every model under `path` (default `app/models`). */
export async function loadModels(path = 'app/models', options: LoadModelsOptions = {}): Promise<ModelDefinition[]> {
  const cwd = options.cwd ?? process.cwd()
  const { dir, files } = modelFilesUnder(path, cwd)
  if (options.shims !== false) installStacksShims(dir)

  const models: ModelDefinition[] = []
  for (const file of files) {
    const shown = relative(cwd, file) || file
    models.push(...(await loadModelFile(file, shown)))
  }
  return validateModels(models)
}

/** Imports one model file; `shown` is the name used in errors. */
export async function loadModelFile(file: string, shown: string): Promise<ModelDefinition[]> {
  let mod: Record<string, unknown>
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new SingleTableError('MODEL_IMPORT_FAILED', `${shown}: failed to import: ${reason}`, { file: shown, cause })
  }
  const fallbackName = basename(file).replace(/\.[mc]?[tj]s$/, '')
  if (mod.default !== undefined) {
    if (!looksLikeModel(mod.default)) {
      throw new SingleTableError(
        'INVALID_MODEL',
        `${shown}: the default export is not a model (expected defineModel({...}) or an object with name and attributes)`,
        { file: shown, field: 'default' },
      )
    }
    return [normalizeModel(mod.default, { file: shown, fallbackName })]
  }
  const named = Object.entries(mod).filter(([, value]) => looksLikeModel(value))
  if (named.length === 0) {
    throw new SingleTableError('MODEL_NOT_FOUND', `${shown}: exports no model (expected export default defineModel({...}) or an exported model object)`, {
      file: shown,
    })
  }
  return named.map(([key, value]) => normalizeModel(value, { file: shown, fallbackName: key }))
}
