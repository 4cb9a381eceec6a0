import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminCampaignList, Campaign, CampaignInput, Id } from '../../domain';
import { currentUser, requireRole } from '../http/auth';
import { route } from '../http/route';
import { cancelCampaign, createCampaign, listCampaigns } from '../services/campaigns';
import type { Storage } from '../storage';

const Params = z.object({ id: Id });

/** Festival campaigns of the administrator's community (src/domain/plan/plan-api.ts). */
export function adminCampaignRoutes(storage: Storage) {
  const db = storage.db;
  return async (app: FastifyInstance) => {
    const options = { preHandler: requireRole(db, 'admin') };
    app.get('/api/admin/campaigns', options, route({ response: AdminCampaignList }, ({ request }) => listCampaigns(db, currentUser(request))));
    app.post(
      '/api/admin/campaigns',
      options,
      route({ body: CampaignInput, response: Campaign }, async ({ body, request, reply }) => {
        const campaign = await createCampaign(db, currentUser(request), body);
        reply.code(201);
        return campaign;
      }),
    );
    app.post(
      '/api/admin/campaigns/:id/cancel',
      options,
      route({ params: Params, response: Campaign }, ({ params, request }) => cancelCampaign(db, currentUser(request), params.id)),
    );
  };
}
