import { STATUS_CODES, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { type ErrorCode, DomainError } from '../../domain';
import { sendError, toDomainError } from './error-handler';
import { NO_STORE } from './security-headers';
import { httpStatus } from './status';

/**
 * Requests refused before any route runs still answer `{ error: { code, message } }` with the usual headers.
 * Fastify's router (a malformed percent-encoding, an over-long path parameter) and Node's HTTP parser (a
 * header over 16 KiB, a broken Content-Length, not HTTP at all) otherwise write bodies of their own, outside
 * every hook, which the app cannot read and which carry no security headers.
 */

/** The router's refusals, worded for the user; the request never names a route, so it is the address that is wrong. */
const ROUTER_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: '请求地址格式不正确',
  FST_ERR_MAX_PARAM_LENGTH: '请求地址中的参数过长',
};

/** Node's parser errors that have a status of their own; any other is a malformed request (400). */
const PARSER_ERRORS: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'PAYLOAD_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

function routerError(error: FastifyError): DomainError | null {
  const message = ROUTER_MESSAGES[error.code];
  return message === undefined ? toDomainError(error) : new DomainError('VALIDATION_FAILED', { message });
}

/** The whole HTTP answer for a connection Node gave up parsing: there is no reply object, only the socket. */
function rawAnswer(error: DomainError, headers: Readonly<Record<string, string>>): string {
  const status = httpStatus(error);
  const body = JSON.stringify(error.toBody());
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    // Bytes, not characters: the message is Chinese.
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Answers a parser error on the socket and closes it, as Node's own handler does. Nothing is written when the
 * peer is gone, or when an answer to an earlier pipelined request is already under way on this socket (its
 * bytes and ours would interleave into garbage).
 */
export function answerClientError(error: { code?: string }, socket: Socket, headers: Readonly<Record<string, string>>): DomainError | null {
  if (error.code === 'ECONNRESET' || socket.destroyed) return null;
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  let answered: DomainError | null = null;
  if (socket.writable && inFlight?.headersSent !== true) {
    answered = new DomainError(PARSER_ERRORS[error.code ?? ''] ?? 'VALIDATION_FAILED');
    socket.write(rawAnswer(answered, headers));
  }
  socket.destroy(error instanceof Error ? error : undefined);
  return answered;
}

/**
 * Fastify options for both kinds of refusal, given the headers every answer carries. Node's own check for a
 * missing Host header is turned off because it answers an empty 400 directly; requireHost() below does it instead.
 */
export function preRoutingErrorOptions(securityHeaders: Readonly<Record<string, string>>): {
  http: ServerOptions;
  frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']>;
  clientErrorHandler: NonNullable<FastifyServerOptions['clientErrorHandler']>;
} {
  // Whatever path was asked for, an error answer is not worth keeping.
  const headers = { ...securityHeaders, ...NO_STORE };
  return {
    http: { requireHostHeader: false },
    frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
      // No onRequest hook ran for this request: set what they would have.
      reply.headers(headers);
      const known = routerError(error);
      if (known === null) request.log.error({ err: error }, 'request failed');
      sendError(reply, known ?? new DomainError('INTERNAL'));
    },
    clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket) {
      const answered = answerClientError(error, socket, headers);
      // The request log never sees these (there is no request): one line, so an operator can tell why a device failed.
      if (answered !== null) this.log.info({ status: httpStatus(answered), code: answered.code, parser: error.code }, 'client error');
    },
  };
}

/** HTTP/1.1 requires Host (RFC 9112 §3.2); refused here so the 400 has the project's shape. */
export function requireHost(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const { httpVersionMajor, httpVersionMinor, headers } = request.raw;
    if (httpVersionMajor === 1 && httpVersionMinor === 1 && headers.host === undefined) {
      done(new DomainError('VALIDATION_FAILED', { message: '请求缺少 Host 头' }));
      return;
    }
    done();
  });
}
