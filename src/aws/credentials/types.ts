/** AWS credentials as every provider returns them. `expiration` is set for temporary ones. */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: Date
}

/** Resolves credentials; providers that fetch temporary ones are wrapped to cache and refresh. */
export type CredentialProvider = () => Promise<Credentials>
