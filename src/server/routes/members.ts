import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Id, Member } from '../../domain';
import { currentUser, requireAuth } from '../http/auth';
import { route } from '../http/route';
import { memberInScope } from '../services/members';
import type { Storage } from '../storage';

const MemberParams = z.object({ id: Id });

export function memberRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/members/:id',
      { preHandler: requireAuth(storage.db) },
      route({ params: MemberParams, response: Member }, ({ params, request }) => memberInScope(storage.db, currentUser(request), params.id)),
    );
  };
}
