/**
 * What the service functions throw for a request they refuse: a stable code, the reason naming
 * the field or table, and what to do. `input` marks the caller's mistake (the CLI exits 2, an MCP
 * tool reports invalid arguments); otherwise the state of the table is the cause.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly input = false,
  ) {
    super(message)
    this.name = 'ServiceError'
  }
}
