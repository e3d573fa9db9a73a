/**
 * Where DynamoDB Local's answer differs from DynamoDB's in form only, the differential tests
 * rewrite Local's answer into DynamoDB's before comparing (the engine answers as DynamoDB does;
 * the rewrite is a no-op on its answers). Differences of substance are not rewritten here: they
 * are recorded with DynamoDB's answer and the reason in test/local/cases/*.json.
 */

/** Local's missing-table wording, anywhere in an answer (also PartiQL batch errors). */
const LOCAL_NOT_FOUND = '"Cannot do operations on a non-existent table"'
const NOT_FOUND = '"Requested resource not found"'

/** Errors the service framework raises carry its namespace in DynamoDB; Local puts them under DynamoDB's. */
const FRAMEWORK_ERRORS = ['UnknownOperationException', 'SerializationException', 'MissingAuthenticationTokenException']

export function asDynamoDB(body: Record<string, unknown>): Record<string, unknown> {
  let out = body
  if (typeof body.__type === 'string') {
    // DynamoDB's error bodies spell the message in lower case; Local's `Message` is its own.
    out = {}
    for (const [key, value] of Object.entries(body)) out[key === 'Message' ? 'message' : key] = value
    const type = body.__type.slice(body.__type.indexOf('#') + 1)
    if (FRAMEWORK_ERRORS.includes(type)) out.__type = `com.amazon.coral.service#${type}`
  }
  const text = JSON.stringify(out)
  return text.includes(LOCAL_NOT_FOUND) ? (JSON.parse(text.replaceAll(LOCAL_NOT_FOUND, NOT_FOUND)) as Record<string, unknown>) : out
}
