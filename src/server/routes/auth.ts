import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LoginRequest, LoginResponse, DomainError } from '../../domain';
import { bearerToken } from '../http/auth';
import { NO_CONTENT, route } from '../http/route';
import { login } from '../services/auth';
import type { LoginThrottlePolicy } from '../services/login-throttle';
import { deleteSession } from '../services/sessions';
import { normaliseUsername } from '../services/users';
import type { Storage } from '../storage';

export interface AuthRouteOptions {
  storage: Storage;
  sessionTtlHours: number;
  loginThrottle: LoginThrottlePolicy;
  deviceLeaseDays: number;
}

/** Refusals of a login that are worth a line of their own in the log: someone may be guessing. */
const FAILED_LOGIN_CODES = new Set(['INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'RATE_LIMITED', 'DEVICE_LOST']);

/**
 * A failed login's log line names the username tried and the client address, never the password, so an
 * operator can see a guessing campaign and whom it aims at (the request line itself names no user).
 */
function logFailedLogin(request: FastifyRequest, username: string, error: unknown): void {
  if (error instanceof DomainError && FAILED_LOGIN_CODES.has(error.code)) {
    request.log.warn({ event: 'login_failed', username, address: request.ip, code: error.code }, 'login failed');
  }
}

export function authRoutes({ storage, sessionTtlHours, loginThrottle, deviceLeaseDays }: AuthRouteOptions) {
  return async (app: FastifyInstance) => {
    app.post(
      '/api/auth/login',
      route({ body: LoginRequest, response: LoginResponse }, async ({ body, request }) => {
        const userAgent = request.headers['user-agent'];
        const origin = { address: request.ip, userAgent: typeof userAgent === 'string' && userAgent !== '' ? userAgent : null };
        try {
          return await login(storage.db, body, origin, { sessionTtlHours, throttle: loginThrottle, deviceLeaseDays });
        } catch (error) {
          logFailedLogin(request, normaliseUsername(body.username), error);
          throw error;
        }
      }),
    );

    // Works with an expired token too: a device back online after weeks must still be able to sign out.
    app.post(
      '/api/auth/logout',
      route({ response: NO_CONTENT }, async ({ request }) => {
        const token = bearerToken(request);
        if (token === null) throw new DomainError('UNAUTHENTICATED');
        await deleteSession(storage.db, token);
        return undefined;
      }),
    );
  };
}
