import type { FastifyInstance } from 'fastify';
import { FormsResponse, VISIT_TEMPLATES } from '../../domain';
import { requireAuth } from '../http/auth';
import { route } from '../http/route';
import type { Storage } from '../storage';

/** The versioned visit forms, wrapped in an object so the answer can grow; devices cache them for offline use. */
export function formRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/forms',
      { preHandler: requireAuth(storage.db) },
      route({ response: FormsResponse }, async () => ({ templates: VISIT_TEMPLATES })),
    );
  };
}
