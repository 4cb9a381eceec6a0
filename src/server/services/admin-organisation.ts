import { Organisation, changedFields, type AdminBranchInput, type AdminOrganisation, type User, DomainError, parseInput } from '../../domain';
import { organisationFromRow, userFromRow } from '../storage/rows';
import type { Db } from '../storage/tables';
import { auditActor, recordAudit, UNKNOWN_APP_SOURCE, type AuditSource } from './audit';
import { requireBranchOfCommunity } from './community-scope';
import { createBranch, requireOrganisation } from './organisations';

/**
 * The administrator's organisation (issue 11 §5): their street and community, the community's branches
 * (建制 / 非建制) with their secretaries. Streets and communities are the server operator's (CLI): an admin
 * belongs to one community and changes only its branches. Devices learn the new names with the session
 * (GET /api/me), not the change log.
 */
export async function communityOrganisation(db: Db, admin: User): Promise<AdminOrganisation> {
  const community = await requireOrganisation(db, admin.communityId, 'community');
  if (community.parentId === null) throw new DomainError('NOT_FOUND', { message: '未找到该社区所属的街道' });
  const [street, branches, secretaries] = await Promise.all([
    requireOrganisation(db, community.parentId, 'street'),
    db.selectFrom('organisations').selectAll().where('kind', '=', 'branch').where('parent_id', '=', community.id).execute(),
    db
      .selectFrom('users')
      .selectAll()
      .where('community_id', '=', community.id)
      .where('role', '=', 'secretary')
      .where('disabled', '=', 0)
      .execute(),
  ]);
  return {
    street,
    community,
    // Sorted here: the engines' collations order Chinese names differently.
    branches: branches.sort(byNameThenId).map((row) => ({
      branch: organisationFromRow(row),
      secretaries: secretaries
        .filter((s) => s.branch_id === row.id)
        .map(userFromRow)
        .sort((a, b) => byNameThenId({ name: a.displayName, id: a.id }, { name: b.displayName, id: b.id })),
    })),
  };
}

function byNameThenId(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id.localeCompare(b.id);
}

/** Branch names are what a roster's 党支部 column is matched by: two branches of a community never share one. */
async function requireFreeName(db: Db, communityId: string, name: string, except: string | null): Promise<void> {
  let query = db.selectFrom('organisations').select('id').where('kind', '=', 'branch').where('parent_id', '=', communityId).where('name', '=', name);
  if (except !== null) query = query.where('id', '!=', except);
  if (await query.executeTakeFirst()) {
    throw new DomainError('CONFLICT', { message: `本社区已有名为「${name}」的党支部`, details: [{ path: 'name', message: '名称已被使用' }] });
  }
}

export async function createCommunityBranch(db: Db, admin: User, input: AdminBranchInput, source: AuditSource = UNKNOWN_APP_SOURCE): Promise<Organisation> {
  return db.transaction().execute(async (trx) => {
    await requireFreeName(trx, admin.communityId, input.name, null);
    const branch = await createBranch(trx, admin.communityId, input.type, input.name);
    await recordAudit(trx, auditActor(admin, source), [{ action: 'organisation.create', kind: 'organisation', communityId: admin.communityId, recordId: branch.id, details: { orgKind: 'branch' } }]);
    return branch;
  });
}

/** Renames a branch or changes its type; dues channels stay per member in the 核定 (docs/DOMAIN.md §3.5). */
export async function updateCommunityBranch(db: Db, admin: User, branchId: string, input: AdminBranchInput, source: AuditSource = UNKNOWN_APP_SOURCE): Promise<Organisation> {
  return db.transaction().execute(async (trx) => {
    const branch = await requireBranchOfCommunity(trx, admin.communityId, branchId);
    await requireFreeName(trx, admin.communityId, input.name, branch.id);
    const updated = parseInput(Organisation, { ...branch, name: input.name, branchType: input.type });
    await trx.updateTable('organisations').set({ name: updated.name, branch_type: updated.branchType }).where('id', '=', branch.id).execute();
    const fields = changedFields(branch, updated);
    await recordAudit(trx, auditActor(admin, source), [{ action: 'organisation.update', kind: 'organisation', communityId: admin.communityId, recordId: branch.id, details: { fields } }]);
    return updated;
  });
}
