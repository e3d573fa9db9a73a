/**
 * A loopback proxy in front of a DynamoDB endpoint that injects the failures real networks and a
 * busy DynamoDB produce: throttling (HTTP 400 with DynamoDB's exact error body), 500s, connections
 * reset before the request reaches DynamoDB, connections reset after DynamoDB applied the request
 * (the response is lost), and stalls longer than any sane per-attempt timeout.
 */
import { mulberry32 } from './random.ts'
import { rawHttpServer, type RawReply, type RawRequest } from './raw-http.ts'

export type FaultKind = 'throttle' | 'server-error' | 'reset' | 'lost-response' | 'stall'
export const FAULT_KINDS: readonly FaultKind[] = ['throttle', 'server-error', 'reset', 'lost-response', 'stall']

const THROTTLE_BODY = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
  message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
})
const SERVER_ERROR_BODY = JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' })

export interface FaultProxyOptions {
  /** The real endpoint, e.g. DynamoDB Local's. */
  upstream: string
  /** Share of requests that get a fault, 0..1. */
  faultRate: number
  /** Which faults to draw from, uniformly. Default all. */
  kinds?: readonly FaultKind[]
  /** Seed for the fault dice, so a failing run can be replayed. */
  seed?: number
}

export interface FaultProxy {
  url: string
  /** Requests seen, and faults injected per kind. */
  stats: { requests: number; forwarded: number; upstreamErrors: number; faults: Record<FaultKind, number> }
  faultRate: number
  close(): Promise<void>
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const kinds = options.kinds ?? FAULT_KINDS
  const random = mulberry32(options.seed ?? 1)
  const stats = { requests: 0, forwarded: 0, upstreamErrors: 0, faults: { throttle: 0, 'server-error': 0, reset: 0, 'lost-response': 0, stall: 0 } as Record<FaultKind, number> }
  const upstream = options.upstream.replace(/\/$/, '')

  const forward = async (request: RawRequest): Promise<RawReply> => {
    stats.forwarded += 1
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) {
      if (name !== 'host' && name !== 'content-length' && name !== 'connection') headers[name] = value
    }
    let response: Response
    let body: Uint8Array
    try {
      response = await fetch(upstream + request.path, { method: request.method, headers, body: request.body })
      body = await response.bytes()
    } catch {
      // The upstream itself dropped the connection (seen with DynamoDB Local under load): pass
      // that on as a reset rather than inventing an answer.
      stats.upstreamErrors += 1
      return 'reset'
    }
    const out: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection' && name !== 'content-encoding') out[name] = value
    })
    return { status: response.status, headers: out, body }
  }

  const proxy: FaultProxy = {
    url: '',
    stats,
    faultRate: options.faultRate,
    close: async () => {},
  }

  const server = await rawHttpServer(async (request) => {
    stats.requests += 1
    if (random() >= proxy.faultRate) return forward(request)
    const kind = kinds[Math.floor(random() * kinds.length)]!
    stats.faults[kind] += 1
    const json = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `fault-${stats.requests}` }
    switch (kind) {
      case 'throttle':
        return { status: 400, headers: json, body: THROTTLE_BODY }
      case 'server-error':
        return { status: 500, headers: json, body: SERVER_ERROR_BODY }
      case 'reset':
        return 'reset'
      case 'lost-response':
        await forward(request) // DynamoDB applies the write; the client never hears about it
        return 'reset'
      case 'stall':
        return 'stall'
    }
  })
  proxy.url = server.url
  proxy.close = server.close
  return proxy
}
