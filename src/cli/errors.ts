/**
 * Turns any thrown error into what the CLI prints: a stable code, a one-line reason and, where
 * we know one, what to do about it. Never a stack trace (that is --verbose's job).
 */
export interface ErrorDescription {
  code: string
  message: string
  hint?: string
}

const HINTS: Record<string, string> = {
  ResourceNotFoundException: 'check the table name (`dbtooling table:list`) and the region/endpoint (`dbtooling config`)',
  ResourceInUseException: 'the table already exists or is being changed; wait with `dbtooling table:wait <table>`',
  ConditionalCheckFailedException: 'the condition did not hold for the stored item; read it with `dbtooling get`',
  ValidationException: 'check the key, expression and attribute names against the table (`dbtooling table:describe`)',
  CredentialsProviderError: 'set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, pass --profile, or use --endpoint-url local for the embedded engine',
  UnrecognizedClientException: 'the credentials are not valid for this endpoint; check --profile and the region',
  ProvisionedThroughputExceededException: 'the table is throttling; retry later or raise its capacity',
  ConfigError: 'fix the config file or flag named above (`dbtooling config` shows the resolved values)',
  NetworkError: 'check the endpoint URL and that the server is running (`dbtooling status` for the embedded engine)',
  TimeoutError: 'the endpoint did not answer in time; check it, or raise timeoutMs in the config',
}

export function describeError(error: unknown): ErrorDescription {
  if (error instanceof Error) {
    const fields = error as Error & { code?: unknown; hint?: unknown; requestId?: unknown }
    const code = typeof fields.code === 'string' ? fields.code : error.name || 'Error'
    const hint = typeof fields.hint === 'string' ? fields.hint : HINTS[code]
    const requestId = fields.requestId
    const message = firstLine(error.message) + (typeof requestId === 'string' ? ` (request id ${requestId})` : '')
    return { code, message, hint }
  }
  return { code: 'Error', message: firstLine(String(error)) }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? ''
  return line.length > 500 ? line.slice(0, 497) + '...' : line
}
