import { CredentialsProviderError } from './error.ts'
import { parseExpiration } from './remote.ts'
import type { Credentials } from './types.ts'
import { createCredentials } from './value.ts'

const PROVIDER = 'credential_process'

/**
 * Runs a profile's `credential_process` command through the shell and reads its JSON output
 * (`Version: 1`, `AccessKeyId`, `SecretAccessKey`, optional `SessionToken` and `Expiration`).
 * Neither its stdout nor its stderr goes into errors: either may carry secrets.
 */
export async function runCredentialProcess(profile: string, command: string, env: Record<string, string | undefined>): Promise<Credentials> {
  const shell = process.platform === 'win32' ? ['cmd.exe', '/d', '/s', '/c', command] : ['/bin/sh', '-c', command]
  let stdout: string
  let exitCode: number
  try {
    const childEnv = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined))
    const child = Bun.spawn(shell, { env: childEnv, stdout: 'pipe', stderr: 'ignore', stdin: 'ignore' })
    ;[stdout, exitCode] = await Promise.all([new Response(child.stdout).text(), child.exited])
  } catch (error) {
    throw new CredentialsProviderError(PROVIDER, `credential_process of profile [${profile}] could not be started`, { cause: error })
  }
  if (exitCode !== 0) {
    throw new CredentialsProviderError(
      PROVIDER,
      `credential_process of profile [${profile}] exited with code ${exitCode}; run the command in a shell to see its error`,
    )
  }
  let body: Record<string, unknown>
  try {
    body = JSON.parse(stdout) as Record<string, unknown>
  } catch {
    throw new CredentialsProviderError(PROVIDER, `credential_process of profile [${profile}] did not print JSON`)
  }
  if (body.Version !== 1) {
    throw new CredentialsProviderError(PROVIDER, `credential_process of profile [${profile}] printed Version ${JSON.stringify(body.Version)}; only Version 1 is supported`)
  }
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = body
  if (typeof AccessKeyId !== 'string' || typeof SecretAccessKey !== 'string') {
    throw new CredentialsProviderError(PROVIDER, `credential_process of profile [${profile}] printed no AccessKeyId/SecretAccessKey`)
  }
  const expiration = parseExpiration(PROVIDER, Expiration)
  if (expiration !== undefined && expiration.getTime() <= Date.now()) {
    throw new CredentialsProviderError(PROVIDER, `credential_process of profile [${profile}] returned credentials that already expired`)
  }
  return createCredentials({
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: typeof SessionToken === 'string' ? SessionToken : undefined,
    expiration,
  })
}
