/** JSON arguments for item commands: given inline, as `@file`, or `-`/absent for stdin. */
import { UsageError, type CommandContext } from './command.ts'
import { decodeItem, parseExactJson } from './transfer/typed-json.ts'

/**
 * An item or key argument: typed JSON (`{"$SS": [...]}`, `{"$N": "..."}`, ... as import and export
 * use), numbers kept exact, `__proto__` an ordinary attribute name.
 */
export async function readJsonArgument(ctx: CommandContext, arg: string | undefined, what: string): Promise<Record<string, unknown>> {
  let text: string
  if (arg === undefined || arg === '-') text = await ctx.readStdin()
  else if (arg.startsWith('@')) {
    const file = Bun.file(arg.slice(1))
    if (!(await file.exists())) throw new UsageError(`${what} file ${arg.slice(1)} does not exist`)
    text = await file.text()
  } else text = arg
  if (!text.trim()) throw new UsageError(`${what} is missing: pass it as a JSON argument, @file, or on stdin`)
  let value: unknown
  try {
    value = parseExactJson(text)
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message.replace(/^not valid JSON: /, '')}`, `example: '{"pk":"USER#1","sk":"PROFILE"}'`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${what} must be a JSON object`)
  try {
    return decodeItem(value)
  } catch (error) {
    throw new UsageError(`${what}: ${(error as Error).message}`, 'typed values: {"$N":"<decimal>"}, {"$B":"<base64>"}, {"$SS":[...]}, {"$NS":["1"]}, {"$BS":[...]}, {"$M":{...}}')
  }
}

/**
 * `--values '{":v": 1}'` / `--names '{"#n": "name"}'` for raw DynamoDB expressions, as the AWS CLI
 * takes them; values are typed JSON with exact numbers, as item arguments.
 */
export function parseJsonFlag(value: unknown, flag: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined
  try {
    const parsed = parseExactJson(String(value))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
    return flag === 'values' ? decodeItem(parsed) : (parsed as Record<string, unknown>)
  } catch (error) {
    throw new UsageError(`--${flag} must be a JSON object: ${(error as Error).message}`)
  }
}
