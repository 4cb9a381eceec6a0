import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Role, type User, DomainError } from '../../domain';
import { authenticate, NO_IDLE_LIMIT, type SessionPolicy } from '../services/sessions';
import type { Db } from '../storage/tables';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth preHandler on protected routes. */
    authUser: User | null;
    /** The id of the session the request was made with (its list entry), set with authUser. */
    authSessionId: string | null;
    /** The device the session was opened on (services/devices.ts), null without one; set with authUser. */
    authDeviceId: string | null;
  }
  interface FastifyInstance {
    /** The idle limit by role (buildApp decorates the root instance; every route plugin sees it). */
    sessionPolicy: SessionPolicy;
  }
}

/** The opaque token from `Authorization: Bearer <token>`, or null when there is none. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export interface AuthOptions {
  /**
   * Whether the route answers a session whose device must wipe itself (docs/DOMAIN.md §6): only the push (what
   * the device made offline is kept like any other record) and the device's confirmation of its wipe. Every
   * other route refuses such a session 410 DEVICE_WIPE, which tells the device to push, then wipe.
   */
  duringWipe?: boolean;
}

export function requireAuth(db: Db, options: AuthOptions = {}) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request);
    if (token === null) throw new DomainError('UNAUTHENTICATED');
    const { user, sessionId, device } = await authenticate(db, token, request.server.hasDecorator('sessionPolicy') ? request.server.sessionPolicy : NO_IDLE_LIMIT);
    if (device?.wipePending === true && options.duringWipe !== true) throw new DomainError('DEVICE_WIPE');
    request.authUser = user;
    request.authSessionId = sessionId;
    request.authDeviceId = device?.id ?? null;
  };
}

/** requireAuth, then the user's role must be one of `roles`; anyone else is refused FORBIDDEN (the admin's routes). */
export function requireRole(db: Db, ...roles: Role[]) {
  const authenticated = requireAuth(db);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await authenticated(request, reply);
    if (!roles.includes(currentUser(request).role)) throw new DomainError('FORBIDDEN');
  };
}

/** The session of a handler behind requireAuth. */
export function currentSessionId(request: FastifyRequest): string {
  if (request.authSessionId === null) throw new DomainError('UNAUTHENTICATED');
  return request.authSessionId;
}

/** The signed-in user in a handler behind requireAuth. */
export function currentUser(request: FastifyRequest): User {
  if (request.authUser === null) throw new DomainError('UNAUTHENTICATED');
  return request.authUser;
}
