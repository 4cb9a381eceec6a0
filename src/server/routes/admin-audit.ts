import type { FastifyInstance } from 'fastify';
import { AuditPage, AuditQuery } from '../../domain';
import { currentUser, requireRole } from '../http/auth';
import { route } from '../http/route';
import { listAudit } from '../services/audit-read';
import type { Storage } from '../storage';

/**
 * The audit trail for the community's administrator (docs/DOMAIN.md §6): newest first, filtered, a page at a
 * time. A worker or secretary is refused FORBIDDEN before the query is read; the community is the session's.
 */
export function adminAuditRoutes(storage: Storage) {
  const db = storage.db;
  return async (app: FastifyInstance) => {
    app.get(
      '/api/admin/audit',
      { preHandler: requireRole(db, 'admin') },
      route({ query: AuditQuery, response: AuditPage }, ({ query, request }) => listAudit(db, currentUser(request), query)),
    );
  };
}
