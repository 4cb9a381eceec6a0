import type { FastifyInstance } from 'fastify';
import { PullQuery, PushRequest, type PullResponse, type PushResponse } from '../../domain';
import { currentUser, requireAuth } from '../http/auth';
import { refuseOutdatedProtocol, requireCurrentProtocol } from '../http/protocol';
import { parseInput } from '../http/validate';
import { pullChanges } from '../services/sync-pull';
import { pushMutations } from '../services/sync-push';
import type { Storage } from '../storage';

export function syncRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.post(
      '/api/sync/push',
      { preHandler: [requireCurrentProtocol, requireAuth(storage.db)] },
      async (request): Promise<PushResponse> => {
        const push = parseInput(PushRequest, request.body);
        return pushMutations(storage.db, currentUser(request), push, request.log);
      },
    );

    app.get(
      '/api/sync/pull',
      { preHandler: [refuseOutdatedProtocol, requireAuth(storage.db)] },
      async (request): Promise<PullResponse> => {
        const query = parseInput(PullQuery, request.query);
        return pullChanges(storage.db, currentUser(request), query);
      },
    );
  };
}
