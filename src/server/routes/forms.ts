import type { FastifyInstance } from 'fastify';
import { VISIT_TEMPLATES, type VisitTemplate } from '../../domain';
import { requireAuth } from '../http/auth';
import type { Storage } from '../storage';

export interface FormsResponse {
  templates: readonly VisitTemplate[];
}

/** The versioned visit forms, wrapped in an object so the answer can grow; devices cache them for offline use. */
export function formRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get('/api/forms', { preHandler: requireAuth(storage.db) }, async (): Promise<FormsResponse> => ({ templates: VISIT_TEMPLATES }));
  };
}
