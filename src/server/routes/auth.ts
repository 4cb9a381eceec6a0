import type { FastifyInstance } from 'fastify';
import { LoginRequest, LoginResponse, DomainError } from '../../domain';
import { bearerToken } from '../http/auth';
import { NO_CONTENT, route } from '../http/route';
import { login } from '../services/auth';
import { deleteSession } from '../services/sessions';
import { normaliseUsername } from '../services/users';
import type { Storage } from '../storage';

export interface AuthRouteOptions {
  storage: Storage;
  sessionTtlHours: number;
  loginRateLimit: { max: number; windowMs: number };
}

/** Counted per client address and username, so one office sharing an IP does not lock everyone out. */
function loginRateKey(request: { ip: string; body: unknown }): string {
  const body = request.body;
  const username =
    typeof body === 'object' && body !== null && 'username' in body && typeof body.username === 'string'
      ? normaliseUsername(body.username)
      : '';
  return `${request.ip}|${username}`;
}

export function authRoutes({ storage, sessionTtlHours, loginRateLimit }: AuthRouteOptions) {
  return async (app: FastifyInstance) => {
    app.post(
      '/api/auth/login',
      {
        config: {
          rateLimit: {
            max: loginRateLimit.max,
            timeWindow: loginRateLimit.windowMs,
            // After body parsing, so the username is known.
            hook: 'preHandler',
            keyGenerator: loginRateKey,
            errorResponseBuilder: () => new DomainError('RATE_LIMITED'),
          },
        },
      },
      route({ body: LoginRequest, response: LoginResponse }, ({ body }) => login(storage.db, body, sessionTtlHours)),
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
