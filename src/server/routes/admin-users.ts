import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminCreateUser, AdminSetPassword, AdminUserList, AdminUserRow, Id } from '../../domain';
import { currentUser, requireRole } from '../http/auth';
import { appSource } from '../http/audit-source';
import { NO_CONTENT, route } from '../http/route';
import { createCommunityUser, listCommunityUsers, resetPassword, setUserDisabled } from '../services/admin-users';
import type { Storage } from '../storage';

const Params = z.object({ id: Id });

/** The administrator's users (src/domain/admin-api.ts): the admin's own community only. */
export function adminUserRoutes(storage: Storage) {
  const db = storage.db;
  return async (app: FastifyInstance) => {
    const options = { preHandler: requireRole(db, 'admin') };
    app.get('/api/admin/users', options, route({ response: AdminUserList }, ({ request }) => listCommunityUsers(db, currentUser(request))));
    app.post(
      '/api/admin/users',
      options,
      route({ body: AdminCreateUser, response: AdminUserRow }, async ({ body, request, reply }) => {
        const row = await createCommunityUser(db, currentUser(request), body, appSource(request));
        reply.code(201);
        return row;
      }),
    );
    app.post(
      '/api/admin/users/:id/password',
      options,
      route({ params: Params, body: AdminSetPassword, response: NO_CONTENT }, async ({ params, body, request }) => {
        await resetPassword(db, currentUser(request), params.id, body.password, appSource(request));
        return undefined;
      }),
    );
    app.post(
      '/api/admin/users/:id/disable',
      options,
      route({ params: Params, response: AdminUserRow }, ({ params, request }) => setUserDisabled(db, currentUser(request), params.id, true, appSource(request))),
    );
    app.post(
      '/api/admin/users/:id/enable',
      options,
      route({ params: Params, response: AdminUserRow }, ({ params, request }) => setUserDisabled(db, currentUser(request), params.id, false, appSource(request))),
    );
  };
}
