import { ERRORS, type ErrorCode } from '../../domain';

/** The server answered with an error body (or at least an error status). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }

  /** The stored session is no longer accepted; distinct from a wrong password at login. */
  get isSessionRejected(): boolean {
    return this.code === 'UNAUTHENTICATED' || this.code === 'SESSION_EXPIRED';
  }
}

/** No answer at all: no signal, server unreachable, or too slow. The request may be retried later. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

/** The server answered 2xx with something that does not match the shared schema. */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
}

/** What the interface needs to know about a failure: one code, translated by the views. */
export type AppErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE' | 'UNKNOWN' | 'UNSENT_OTHER_USER' | 'DEVICE_KEY_STALE' | 'PIN_WRONG';

export function toAppErrorCode(error: unknown): AppErrorCode {
  if (error instanceof ApiError) return error.code;
  if (error instanceof NetworkError) return 'NETWORK';
  if (error instanceof InvalidResponseError) return 'BAD_RESPONSE';
  return 'UNKNOWN';
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

/** When a body carries no known code (a proxy's 502 page, say), the status still tells what happened. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    default:
      return 'INTERNAL';
  }
}
