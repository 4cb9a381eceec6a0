import type { FastifyInstance } from 'fastify';
import { Coverage, CoverageHistory, CoverageHistoryQuery, CoverageQuery, NotVisitedList } from '../../domain';
import { currentUser, requireRole } from '../http/auth';
import { route } from '../http/route';
import { coverage, coverageHistory, notVisited } from '../services/coverage';
import type { Storage } from '../storage';

/**
 * 月探访率 (docs/DOMAIN.md §9; shapes in src/domain/coverage-api.ts): the administrator's community or the branch
 * secretary's branch; a worker gets 403 before the query is read, a month that is not YYYY-MM or not yet begun 400.
 */
export function coverageRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    const readers = { preHandler: requireRole(storage.db, 'admin', 'secretary') };
    app.get(
      '/api/coverage',
      readers,
      route({ query: CoverageQuery, response: Coverage }, ({ query, request }) => coverage(storage.db, currentUser(request), query.month)),
    );
    app.get(
      '/api/coverage/history',
      readers,
      route({ query: CoverageHistoryQuery, response: CoverageHistory }, ({ query, request }) =>
        coverageHistory(storage.db, currentUser(request), query.month, query.months),
      ),
    );
    app.get(
      '/api/coverage/not-visited',
      readers,
      route({ query: CoverageQuery, response: NotVisitedList }, ({ query, request }) => notVisited(storage.db, currentUser(request), query.month)),
    );
  };
}
