import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CampaignProgress, Id } from '../../domain';
import { currentUser, requireRole } from '../http/auth';
import { route } from '../http/route';
import { campaignProgress } from '../services/campaign-progress';
import type { Storage } from '../storage';

const Params = z.object({ id: Id });

/** A festival campaign's progress (src/domain/coverage-api.ts), for the administrator of its community. */
export function campaignProgressRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/admin/campaigns/:id/progress',
      { preHandler: requireRole(storage.db, 'admin') },
      route({ params: Params, response: CampaignProgress }, ({ params, request }) => campaignProgress(storage.db, currentUser(request), params.id)),
    );
  };
}
