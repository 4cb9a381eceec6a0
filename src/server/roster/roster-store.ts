import { randomUUID } from 'node:crypto';
import { DuesAssessment, compareAssessments } from '../../domain';
import { upsertRows, insertRows } from '../storage/bulk-insert';
import { appendChanges } from '../storage/change-log';
import { memberFromRow, memberToRow } from '../storage/rows';
import type { Db, MembersTable } from '../storage/tables';
import { recordDeathIn } from '../services/member-lifecycle';
import { memberChange } from '../services/members';
import { requireOrganisation } from '../services/organisations';
import type { CommunityState, RosterPlan } from './roster-plan';

/**
 * The community as the import needs it, in three queries whatever the file's size: its branches, all its
 * members (the import matches against them and lists those the file does not mention) and their 核定.
 */
export async function loadCommunity(db: Db, communityId: string): Promise<CommunityState> {
  await requireOrganisation(db, communityId, 'community');
  const [branches, members, assessments] = await Promise.all([
    db
      .selectFrom('organisations')
      .select(['id', 'name', 'branch_type'])
      .where('kind', '=', 'branch')
      .where('parent_id', '=', communityId)
      .orderBy('name')
      .orderBy('id')
      .execute(),
    db.selectFrom('members').selectAll().where('community_id', '=', communityId).orderBy('id').execute(),
    db
      .selectFrom('dues_assessments')
      .innerJoin('members', 'members.id', 'dues_assessments.member_id')
      .select('dues_assessments.data')
      .where('members.community_id', '=', communityId)
      .execute(),
  ]);
  const latest = new Map<string, DuesAssessment>();
  for (const row of assessments) {
    const assessment = DuesAssessment.parse(JSON.parse(row.data));
    const current = latest.get(assessment.memberId);
    if (current === undefined || compareAssessments(assessment, current) > 0) latest.set(assessment.memberId, assessment);
  }
  return {
    communityId,
    branches: branches.map((b) => ({ id: b.id, name: b.name, type: b.branch_type ?? 'established' })),
    members: members.map((row) => ({ member: memberFromRow(row), idNumber: row.id_number })),
    latestBaseFen: new Map([...latest].map(([memberId, a]) => [memberId, a.baseFen])),
  };
}

/**
 * Writes a plan inside the caller's transaction, in a few statements whatever the file's size: the change-log
 * entries first (docs/ARCHITECTURE.md: versions before the writes they number), so devices receive the members
 * on their next pull; new members in multi-row inserts; updates as multi-row upserts on the id; each status
 * change with who made it and when. A death the remarks state is recorded as recordDeath records it (health
 * notes purged, PIPL Art. 47), after the member's other changes.
 */
export async function applyPlan(trx: Db, plan: RosterPlan, actorId: string | null, now: string): Promise<void> {
  const deaths = plan.updates.filter((u) => u.before.status !== 'deceased' && u.merged.member.status === 'deceased');
  const dying = new Set(deaths.map((u) => u.merged.member.id));
  const written = [...plan.creates, ...plan.updates.map((u) => u.merged)];
  await appendChanges(
    trx,
    written.filter((m) => !dying.has(m.member.id)).map((m) => memberChange(m.member)),
    now,
  );
  await insertRows(trx, 'members', plan.creates.map((m) => memberToRow(m.member, m.idNumber)));
  const updated = plan.updates.map((u) => memberToRow(u.merged.member, u.merged.idNumber));
  if (updated.length > 0) {
    const columns = Object.keys(updated[0]!).filter((column): column is Exclude<keyof MembersTable, 'id'> => column !== 'id');
    await upsertRows(trx, 'members', updated, 'id', columns);
  }
  await insertRows(
    trx,
    'member_status_changes',
    written.flatMap(({ member, statusChange }) =>
      statusChange === null
        ? []
        : [
            {
              id: randomUUID(),
              member_id: member.id,
              community_id: member.communityId,
              status: statusChange.status,
              effective_on: statusChange.effectiveOn,
              detail: JSON.stringify(statusChange.detail),
              changed_by: actorId,
              changed_at: now,
            },
          ],
    ),
  );
  for (const death of deaths) {
    const { member } = death.merged;
    if (member.diedOn !== null) await recordDeathIn(trx, member.id, member.diedOn, now);
  }
}
