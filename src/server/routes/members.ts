import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Id, Member } from '../../domain';
import { currentUser, requireAuth } from '../http/auth';
import { appSource } from '../http/audit-source';
import { recordView } from '../services/audit';
import { route } from '../http/route';
import { memberInScope } from '../services/members';
import type { Storage } from '../storage';

const MemberParams = z.object({ id: Id });

export function memberRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/members/:id',
      { preHandler: requireAuth(storage.db) },
      route({ params: MemberParams, response: Member }, async ({ params, request }) => {
        const user = currentUser(request);
        const member = await memberInScope(storage.db, user, params.id);
        await recordView(storage.db, user, appSource(request), { kind: 'member', recordId: member.id, memberId: member.id });
        return member;
      }),
    );
  };
}
