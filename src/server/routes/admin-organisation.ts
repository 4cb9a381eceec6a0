import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminBranchInput, AdminOrganisation, Id, Organisation } from '../../domain';
import { currentUser, requireRole } from '../http/auth';
import { appSource } from '../http/audit-source';
import { route } from '../http/route';
import { communityOrganisation, createCommunityBranch, updateCommunityBranch } from '../services/admin-organisation';
import type { Storage } from '../storage';

const Params = z.object({ id: Id });

/** The administrator's street, community and branches (src/domain/admin-api.ts). */
export function adminOrganisationRoutes(storage: Storage) {
  const db = storage.db;
  return async (app: FastifyInstance) => {
    const options = { preHandler: requireRole(db, 'admin') };
    app.get('/api/admin/organisation', options, route({ response: AdminOrganisation }, ({ request }) => communityOrganisation(db, currentUser(request))));
    app.post(
      '/api/admin/branches',
      options,
      route({ body: AdminBranchInput, response: Organisation }, async ({ body, request, reply }) => {
        const branch = await createCommunityBranch(db, currentUser(request), body, appSource(request));
        reply.code(201);
        return branch;
      }),
    );
    app.put(
      '/api/admin/branches/:id',
      options,
      route({ params: Params, body: AdminBranchInput, response: Organisation }, ({ params, body, request }) => updateCommunityBranch(db, currentUser(request), params.id, body, appSource(request))),
    );
  };
}
