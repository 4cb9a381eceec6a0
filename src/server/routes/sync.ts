import type { FastifyInstance } from 'fastify';
import { PullQuery, PushRequest, type PushResponse } from '../../domain';
import { currentUser, requireAuth } from '../http/auth';
import { refuseOutdatedProtocol, requireCurrentProtocol } from '../http/protocol';
import { parseInput } from '../http/errors';
import { pullChangesJson } from '../services/sync-pull';
import { PushQueue } from '../services/push-queue';
import type { Storage } from '../storage';

export function syncRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    // Pushes arriving together are applied in one transaction (group commit), each answered as if alone.
    const pushes = new PushQueue(storage.db);
    app.post(
      '/api/sync/push',
      { preHandler: [requireCurrentProtocol, requireAuth(storage.db)] },
      async (request): Promise<PushResponse> => {
        const push = parseInput(PushRequest, request.body);
        return pushes.push(currentUser(request), push, request.log);
      },
    );

    app.get(
      '/api/sync/pull',
      { preHandler: [refuseOutdatedProtocol, requireAuth(storage.db)] },
      async (request, reply) => {
        const query = parseInput(PullQuery, request.query);
        // A PullResponse already written as JSON (records spliced in as stored): sent as it is.
        return reply.type('application/json; charset=utf-8').send(await pullChangesJson(storage.db, currentUser(request), query));
      },
    );
  };
}
