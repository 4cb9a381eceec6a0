import type { FastifyInstance } from 'fastify';
import { VISIT_TEMPLATES, type VisitTemplate } from '../../domain';
import { requireAuth } from '../http/auth';
import type { Storage } from '../storage';

/** The versioned visit forms; devices cache them so a visit can be filled in offline. */
export function formRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get('/api/forms', { preHandler: requireAuth(storage.db) }, async (): Promise<readonly VisitTemplate[]> => VISIT_TEMPLATES);
  };
}
