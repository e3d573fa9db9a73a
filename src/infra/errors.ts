/** The typed error of the infrastructure outputs: names the setting or flag and the fix. */
export class InfraError extends Error {
  readonly code = 'InfraError'
  constructor(message: string, readonly field?: string) {
    super(message)
    this.name = 'InfraError'
  }
}
