import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PullQuery, PushRequest, PushResponse } from '../../domain';
import { currentUser, requireAuth } from '../http/auth';
import { refuseOutdatedProtocol, requireCurrentProtocol } from '../http/protocol';
import { route } from '../http/route';
import { pullChangesJson } from '../services/sync-pull';
import { PushQueue } from '../services/push-queue';
import { DEFAULT_LATE_RECORD_GRACE_DAYS, type PushOptions } from '../services/sync-push';
import type { Storage } from '../storage';

/**
 * A PullResponse already written as JSON text, each record's stored JSON spliced in (a first sync sends
 * thousands): its shape is the splice's (services/sync-pull.ts), held to PullResponse key for key by
 * tests/server/sync-pull-answer.test.ts, so it is not parsed again here.
 */
const PullResponseText = z.string();

export function syncRoutes(storage: Storage, options: PushOptions = { lateRecordGraceDays: DEFAULT_LATE_RECORD_GRACE_DAYS }) {
  return async (app: FastifyInstance) => {
    // Pushes arriving together are applied in one transaction (group commit), each answered as if alone.
    const pushes = new PushQueue(storage.db, options);
    app.post(
      '/api/sync/push',
      // A device told to wipe itself still pushes what it made (docs/DOMAIN.md §6); every other route refuses it.
      { preHandler: [requireCurrentProtocol, requireAuth(storage.db, { duringWipe: true })] },
      route({ body: PushRequest, response: PushResponse }, ({ body, request }) => pushes.push(currentUser(request), body, request.log, request.ip)),
    );

    app.get(
      '/api/sync/pull',
      { preHandler: [refuseOutdatedProtocol, requireAuth(storage.db)] },
      route({ query: PullQuery, response: PullResponseText }, async ({ query, request, reply }) => {
        reply.type('application/json; charset=utf-8');
        return pullChangesJson(storage.db, currentUser(request), query, request.ip);
      }),
    );
  };
}
