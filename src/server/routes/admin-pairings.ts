import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminMoveRequest, AdminPairRequest, AdminPairingList, AdminPairingsResult, Id } from '../../domain';
import { currentUser, requireRole } from '../http/auth';
import { appSource } from '../http/audit-source';
import { route } from '../http/route';
import { activePairingsOfCommunity, endPairingById, moveWorkerPairings, pairMembers } from '../services/pairings';
import type { Storage } from '../storage';

const Params = z.object({ id: Id });

/**
 * The administrator's 结对 (src/domain/admin-api.ts): the admin's own community only. Devices follow on their
 * next sync (change log and scope fingerprint).
 */
export function adminPairingRoutes(storage: Storage) {
  const db = storage.db;
  return async (app: FastifyInstance) => {
    const options = { preHandler: requireRole(db, 'admin') };
    app.get('/api/admin/pairings', options, route({ response: AdminPairingList }, ({ request }) => activePairingsOfCommunity(db, currentUser(request).communityId)));
    app.post(
      '/api/admin/pairings',
      options,
      route({ body: AdminPairRequest, response: AdminPairingsResult }, ({ body, request }) => pairMembers(db, currentUser(request), body, appSource(request))),
    );
    app.post(
      '/api/admin/pairings/move',
      options,
      route({ body: AdminMoveRequest, response: AdminPairingsResult }, ({ body, request }) => moveWorkerPairings(db, currentUser(request), body, appSource(request))),
    );
    app.delete(
      '/api/admin/pairings/:id',
      options,
      route({ params: Params, response: AdminPairingsResult }, ({ params, request }) => endPairingById(db, currentUser(request), params.id, appSource(request))),
    );
  };
}
