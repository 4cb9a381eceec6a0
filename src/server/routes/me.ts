import type { FastifyInstance } from 'fastify';
import { MeResponse } from '../../domain';
import { currentUser, requireAuth } from '../http/auth';
import { route } from '../http/route';
import { visibleOrganisations } from '../services/organisations';
import { colleaguesOf } from '../services/users';
import type { Storage } from '../storage';

export function meRoutes(storage: Storage, deviceLeaseDays: number) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/me',
      { preHandler: requireAuth(storage.db) },
      route({ response: MeResponse }, async ({ request }) => {
        const user = currentUser(request);
        const [organisations, colleagues] = await Promise.all([visibleOrganisations(storage.db, user), colleaguesOf(storage.db, user)]);
        // A device in good standing (one with a wipe pending is refused before this) extends its lease on contact.
        return { user, organisations, colleagues, ...(request.authDeviceId === null ? {} : { device: { leaseDays: deviceLeaseDays } }) };
      }),
    );
  };
}
