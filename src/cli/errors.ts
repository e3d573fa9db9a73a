/**
 * Turns any thrown error into what the CLI prints: a stable code, a one-line reason and, where
 * we know one, what to do about it. Never a stack trace (that is --verbose's job).
 */
import type { TableInUse } from './command.ts'
import { redactUrlPasswords } from './endpoint.ts'

export interface ErrorDescription {
  code: string
  message: string
  hint?: string
}

const HINTS: Record<string, string> = {
  ResourceNotFoundException: 'check the table name (`dbtooling table:list`) and the region/endpoint (`dbtooling config`)',
  ResourceInUseException: 'the table already exists or is being changed; wait with `dbtooling table:wait <table>`',
  ConditionalCheckFailedException: 'the condition did not hold for the stored item; read it with `dbtooling get`',
  ValidationException: 'compare the request with the table (`dbtooling table:describe`)',
  CredentialsProviderError: 'set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, pass --profile, or use --endpoint-url local for the embedded engine',
  UnrecognizedClientException: 'the credentials are not valid for this endpoint; check --profile and the region',
  ProvisionedThroughputExceededException: 'the table is throttling; retry later or raise its capacity',
  ConfigError: 'fix the config file or flag named above (`dbtooling config` shows the resolved values)',
  NetworkError: 'check the endpoint URL and that the server is running (`dbtooling status` for the embedded engine)',
  TimeoutError: 'the endpoint did not answer in time; check it, or raise timeoutMs in the config',
}

/** Hints for a ValidationException, by what its message says (first match wins). */
const VALIDATION_HINTS: [RegExp, string][] = [
  [/item size|maximum allowed size/i, 'a DynamoDB item is at most 400 KB, attribute names included: store large values elsewhere (e.g. S3) and keep a reference'],
  [/table ?name|invalid table|must be at least 3 characters/i, 'table names are 3 to 255 characters of a-z, A-Z, 0-9, _, - and .'],
  [/key element does not match|missing the key|key.*schema/i, 'the key must hold exactly the table\'s key attributes with their types (`dbtooling table:describe`)'],
  [/expression|placeholder|ExpressionAttribute/i, 'check the expression and that each #name and :value it uses is given with --names / --values'],
]

/** The error as the CLI prints it; `table` (the table in use) names a missing table and where its name came from. */
export function describeError(error: unknown, table: TableInUse = {}): ErrorDescription {
  if (error instanceof Error) {
    const fields = error as Error & { code?: unknown; hint?: unknown; requestId?: unknown }
    const code = typeof fields.code === 'string' ? fields.code : error.name || 'Error'
    const requestId = typeof fields.requestId === 'string' ? ` (request id ${fields.requestId})` : ''
    if (code === 'ResourceNotFoundException' && table.name) {
      return {
        code,
        message: `table ${table.name} does not exist (${table.origin ?? 'the table in use'}): ${firstLine(error.message)}${requestId}`,
        hint: `create it with \`dbtooling table:create ${table.name}\`, or name another with --table (\`dbtooling table:list\` lists the tables at this endpoint)`,
      }
    }
    const hint = typeof fields.hint === 'string' ? fields.hint : code === 'ValidationException' ? validationHint(error.message) : HINTS[code]
    return { code, message: firstLine(error.message) + requestId, ...(hint ? { hint } : {}) }
  }
  return { code: 'Error', message: firstLine(String(error)) }
}

function validationHint(message: string): string | undefined {
  return VALIDATION_HINTS.find(([pattern]) => pattern.test(message))?.[1] ?? HINTS.ValidationException
}

function firstLine(text: string): string {
  const line = redactUrlPasswords(text.split('\n')[0] ?? '')
  return line.length > 500 ? line.slice(0, 497) + '...' : line
}
