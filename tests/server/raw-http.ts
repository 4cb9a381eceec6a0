import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface RawAnswer {
  status: number;
  /** Lower-case names; a repeated header keeps its last value. */
  headers: Record<string, string>;
  body: string;
}

/** Listens on a free loopback port: what inject() cannot show (Node's own parser) needs a real socket. */
export async function listenOnLoopback(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/**
 * Sends bytes exactly as given (malformed on purpose) and reads the first answer. Requests that reach a route
 * should say `Connection: close`; the server closes by itself after a parser error.
 */
export function rawRequest(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const timer = setTimeout(() => finish(new Error('no answer within 5 s')), 5000);
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const received = Buffer.concat(chunks);
      // A reset after the answer was written (the server drops a broken connection) still leaves the answer.
      if (received.length > 0) {
        try {
          resolve(parseAnswer(received));
          return;
        } catch (parseError) {
          reject(parseError as Error);
          return;
        }
      }
      reject(error ?? new Error('connection closed without an answer'));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One whole answer is enough: a keep-alive connection would otherwise stay open.
      if (completeAnswer(Buffer.concat(chunks))) finish();
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (error) => finish(error));
  });
}

function split(received: Buffer): { head: string; body: Buffer } | null {
  const end = received.indexOf('\r\n\r\n');
  if (end < 0) return null;
  return { head: received.subarray(0, end).toString('latin1'), body: received.subarray(end + 4) };
}

function completeAnswer(received: Buffer): boolean {
  const parts = split(received);
  if (parts === null) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(parts.head);
  return length !== null && parts.body.length >= Number(length[1]);
}

/** Status, headers and a body of exactly Content-Length bytes (a wrong length fails here, as it would a client). */
function parseAnswer(received: Buffer): RawAnswer {
  const parts = split(received);
  if (parts === null) throw new Error(`not an HTTP answer: ${received.toString('latin1').slice(0, 200)}`);
  const [statusLine = '', ...lines] = parts.head.split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine);
  if (status === null) throw new Error(`bad status line: ${statusLine}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = headers['content-length'];
  if (length === undefined) return { status: Number(status[1]), headers, body: parts.body.toString('utf8') };
  if (parts.body.length < Number(length)) throw new Error(`body shorter than Content-Length ${length}`);
  return { status: Number(status[1]), headers, body: parts.body.subarray(0, Number(length)).toString('utf8') };
}
