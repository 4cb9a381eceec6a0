import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Id, type Member } from '../../domain';
import { currentUser, requireAuth } from '../http/auth';
import { parseInput } from '../http/errors';
import { memberInScope } from '../services/members';
import type { Storage } from '../storage';

const MemberParams = z.object({ id: Id });

export function memberRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get('/api/members/:id', { preHandler: requireAuth(storage.db) }, async (request): Promise<Member> => {
      const { id } = parseInput(MemberParams, request.params);
      return memberInScope(storage.db, currentUser(request), id);
    });
  };
}
