import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ChangePasswordRequest, Id, SessionList } from '../../domain';
import { currentSessionId, currentUser, requireAuth, requireRole } from '../http/auth';
import { NO_CONTENT, route } from '../http/route';
import { communityUserSessions, endCommunityUserSession } from '../services/admin-users';
import type { LoginThrottlePolicy } from '../services/login-throttle';
import { endSession, listSessions } from '../services/sessions';
import { changeOwnPassword } from '../services/users';
import type { Storage } from '../storage';

const SessionParams = z.object({ id: Id });
const UserSessionParams = z.object({ id: Id, sessionId: Id });

/** One's own sessions and password, and an administrator's view of their community's sessions (src/domain/session-api.ts). */
export function sessionRoutes(storage: Storage, loginThrottle: LoginThrottlePolicy) {
  const db = storage.db;
  return async (app: FastifyInstance) => {
    const signedIn = { preHandler: requireAuth(db) };
    const admin = { preHandler: requireRole(db, 'admin') };

    app.get(
      '/api/me/sessions',
      signedIn,
      route({ response: SessionList }, async ({ request }) => ({ sessions: await listSessions(db, currentUser(request).id, currentSessionId(request)) })),
    );
    app.delete(
      '/api/me/sessions/:id',
      signedIn,
      route({ params: SessionParams, response: NO_CONTENT }, async ({ params, request }) => {
        await endSession(db, currentUser(request).id, params.id);
        return undefined;
      }),
    );
    app.post(
      '/api/me/password',
      signedIn,
      route({ body: ChangePasswordRequest, response: NO_CONTENT }, async ({ body, request }) => {
        const session = { sessionId: currentSessionId(request), address: request.ip, throttle: loginThrottle };
        await changeOwnPassword(db, currentUser(request), session, body.currentPassword, body.newPassword);
        return undefined;
      }),
    );

    app.get(
      '/api/admin/users/:id/sessions',
      admin,
      route({ params: SessionParams, response: SessionList }, async ({ params, request }) => ({
        sessions: await communityUserSessions(db, currentUser(request), params.id, currentSessionId(request)),
      })),
    );
    app.delete(
      '/api/admin/users/:id/sessions/:sessionId',
      admin,
      route({ params: UserSessionParams, response: NO_CONTENT }, async ({ params, request }) => {
        await endCommunityUserSession(db, currentUser(request), params.id, params.sessionId);
        return undefined;
      }),
    );
  };
}
