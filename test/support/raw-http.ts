/**
 * A tiny HTTP/1.1 server on node:net for tests that need what Bun.serve cannot do cleanly: drop
 * the connection without any response (a reset), or hold a request forever (a stall). Handles
 * keep-alive and Content-Length bodies, which is all fetch sends for string bodies.
 */
import { createServer, type Server, type Socket } from 'node:net'

export interface RawRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: string
}

export interface RawResponse {
  status: number
  headers?: Record<string, string>
  body?: string | Uint8Array
}

/** `reset`: destroy the socket with no response. `stall`: never answer (until the server closes). */
export type RawReply = RawResponse | 'reset' | 'stall'

export interface RawServer {
  url: string
  port: number
  close(): Promise<void>
}

const REASONS: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 403: 'Forbidden', 500: 'Internal Server Error', 503: 'Service Unavailable' }

export async function rawHttpServer(handler: (request: RawRequest) => RawReply | Promise<RawReply>): Promise<RawServer> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    let buffer = Buffer.alloc(0)
    let busy = false
    const pump = async () => {
      if (busy) return
      busy = true
      try {
        for (;;) {
          const end = buffer.indexOf('\r\n\r\n')
          if (end < 0) return
          const head = buffer.subarray(0, end).toString('latin1').split('\r\n')
          const [method = 'GET', path = '/'] = head[0]!.split(' ')
          const headers: Record<string, string> = {}
          for (const line of head.slice(1)) {
            const colon = line.indexOf(':')
            if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
          }
          const length = Number(headers['content-length'] ?? 0)
          if (buffer.length < end + 4 + length) return
          const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8')
          buffer = buffer.subarray(end + 4 + length)
          let reply: RawReply
          try {
            reply = await handler({ method, path, headers, body })
          } catch {
            reply = 'reset' // a handler that fails drops the connection, like a crashed server
          }
          if (reply === 'reset') {
            socket.destroy()
            return
          }
          if (reply === 'stall') return // this connection never answers again
          if (socket.destroyed) return
          socket.write(serialize(reply))
        }
      } finally {
        busy = false
      }
    }
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      void pump().then(() => {
        if (buffer.indexOf('\r\n\r\n') >= 0 && !socket.destroyed) void pump()
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

function serialize(response: RawResponse): Buffer {
  const body = response.body === undefined ? Buffer.alloc(0) : Buffer.from(response.body)
  let head = `HTTP/1.1 ${response.status} ${REASONS[response.status] ?? 'Status'}\r\n`
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (name.toLowerCase() !== 'content-length' && name.toLowerCase() !== 'transfer-encoding') head += `${name}: ${value}\r\n`
  }
  head += `content-length: ${body.length}\r\n\r\n`
  return Buffer.concat([Buffer.from(head, 'latin1'), body])
}
