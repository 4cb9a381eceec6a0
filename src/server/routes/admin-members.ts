import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminMemberDetail, AdminMemberList, Id, Member, MemberInput, MemberStatusChange } from '../../domain';
import { currentUser, requireRole } from '../http/auth';
import { route } from '../http/route';
import { communityMemberDetail, createCommunityMember, listCommunityMembers, updateCommunityMember } from '../services/admin-members';
import { changeMemberStatus } from '../services/member-status';
import type { Storage } from '../storage';

const Params = z.object({ id: Id });

/** The administrator's 花名册 (src/domain/admin-api.ts): the admin's own community only. */
export function adminMemberRoutes(storage: Storage) {
  const db = storage.db;
  return async (app: FastifyInstance) => {
    const options = { preHandler: requireRole(db, 'admin') };
    app.get('/api/admin/members', options, route({ response: AdminMemberList }, ({ request }) => listCommunityMembers(db, currentUser(request))));
    app.get(
      '/api/admin/members/:id',
      options,
      route({ params: Params, response: AdminMemberDetail }, ({ params, request }) => communityMemberDetail(db, currentUser(request), params.id)),
    );
    app.post(
      '/api/admin/members',
      options,
      route({ body: MemberInput, response: Member }, async ({ body, request, reply }) => {
        const member = await createCommunityMember(db, currentUser(request), body);
        reply.code(201);
        return member;
      }),
    );
    app.put(
      '/api/admin/members/:id',
      options,
      route({ params: Params, body: MemberInput, response: Member }, ({ params, body, request }) => updateCommunityMember(db, currentUser(request), params.id, body)),
    );
    app.post(
      '/api/admin/members/:id/status',
      options,
      route({ params: Params, body: MemberStatusChange, response: AdminMemberDetail }, async ({ params, body, request }) => {
        const admin = currentUser(request);
        await changeMemberStatus(db, { memberId: params.id, change: body, by: admin });
        return communityMemberDetail(db, admin, params.id);
      }),
    );
  };
}
