import type { FastifyInstance } from 'fastify';
import { RosterQuery, type RosterPage } from '../../domain';
import { currentUser, requireAuth } from '../http/auth';
import { parseInput } from '../http/errors';
import { rosterPage } from '../services/roster';
import type { Storage } from '../storage';

export function rosterRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get('/api/roster', { preHandler: requireAuth(storage.db) }, async (request): Promise<RosterPage> => {
      const query = parseInput(RosterQuery, request.query);
      return rosterPage(storage.db, currentUser(request), query);
    });
  };
}
