import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminMemberDetail, AdminMemberList, Id, Member, MemberInput, MemberStatusChange } from '../../domain';
import { currentUser, requireRole } from '../http/auth';
import { appSource } from '../http/audit-source';
import { recordView } from '../services/audit';
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
    app.get(
      '/api/admin/members',
      options,
      route({ response: AdminMemberList }, async ({ request }) => {
        const admin = currentUser(request);
        const rows = await listCommunityMembers(db, admin);
        // The whole roster seen: a count, not a list of thousands of ids.
        await recordView(db, admin, appSource(request), { kind: 'member', details: { count: rows.length } });
        return rows;
      }),
    );
    app.get(
      '/api/admin/members/:id',
      options,
      route({ params: Params, response: AdminMemberDetail }, async ({ params, request }) => {
        const admin = currentUser(request);
        const detail = await communityMemberDetail(db, admin, params.id);
        await recordView(db, admin, appSource(request), { kind: 'member', recordId: detail.member.id, memberId: detail.member.id });
        return detail;
      }),
    );
    app.post(
      '/api/admin/members',
      options,
      route({ body: MemberInput, response: Member }, async ({ body, request, reply }) => {
        const member = await createCommunityMember(db, currentUser(request), body, appSource(request));
        reply.code(201);
        return member;
      }),
    );
    app.put(
      '/api/admin/members/:id',
      options,
      route({ params: Params, body: MemberInput, response: Member }, ({ params, body, request }) => updateCommunityMember(db, currentUser(request), params.id, body, appSource(request))),
    );
    app.post(
      '/api/admin/members/:id/status',
      options,
      route({ params: Params, body: MemberStatusChange, response: AdminMemberDetail }, async ({ params, body, request }) => {
        const admin = currentUser(request);
        await changeMemberStatus(db, { memberId: params.id, change: body, by: admin, source: appSource(request) });
        return communityMemberDetail(db, admin, params.id);
      }),
    );
  };
}
