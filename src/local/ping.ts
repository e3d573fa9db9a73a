/**
 * Is a DynamoDB endpoint up? One unsigned-but-authorized ListTables: emulators check that an
 * Authorization header is present, not that it is valid. Used to wait for local servers.
 */
export async function endpointAnswers(endpoint: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
      signal: AbortSignal.timeout(timeoutMs),
    })
    await res.arrayBuffer()
    return res.status === 200
  } catch {
    return false
  }
}
