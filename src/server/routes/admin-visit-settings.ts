import type { FastifyInstance } from 'fastify';
import { AdminVisitSettings, AdminVisitSettingsInput } from '../../domain';
import { currentUser, requireRole } from '../http/auth';
import { route } from '../http/route';
import { communityVisitSettings, saveVisitSettings } from '../services/visit-settings';
import type { Storage } from '../storage';

/** The community's visit settings and branch overrides (src/domain/plan/plan-api.ts). */
export function adminVisitSettingsRoutes(storage: Storage) {
  const db = storage.db;
  return async (app: FastifyInstance) => {
    const options = { preHandler: requireRole(db, 'admin') };
    app.get('/api/admin/visit-settings', options, route({ response: AdminVisitSettings }, ({ request }) => communityVisitSettings(db, currentUser(request))));
    app.put(
      '/api/admin/visit-settings',
      options,
      route({ body: AdminVisitSettingsInput, response: AdminVisitSettings }, ({ body, request }) => saveVisitSettings(db, currentUser(request), body)),
    );
  };
}
