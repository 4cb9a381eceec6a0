import { randomUUID } from 'node:crypto';
import { Organisation, type BranchType, type OrgKind, type User, DomainError, parseInput } from '../../domain';
import { nowIso } from './clock';
import { organisationFromRow } from '../storage/rows';
import type { Db } from '../storage/tables';

const KIND_ZH: Record<OrgKind, string> = { street: '街道', community: '社区', branch: '党支部' };

/** Validates first (so a bad parent id reads as a validation error), then checks the parent's kind. */
async function insertOrganisation(db: Db, candidate: Organisation, parentKind: OrgKind | null): Promise<Organisation> {
  const org = parseInput(Organisation, candidate);
  if (parentKind !== null && org.parentId !== null) await requireOrganisation(db, org.parentId, parentKind);
  await db
    .insertInto('organisations')
    .values({
      id: org.id,
      kind: org.kind,
      name: org.name,
      parent_id: org.parentId,
      branch_type: org.branchType,
      created_at: nowIso(),
    })
    .execute();
  return org;
}

/** The organisation with this id, which must be of the expected kind (a branch's parent is a community). */
export async function requireOrganisation(db: Db, id: string, kind: OrgKind): Promise<Organisation> {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.kind !== kind) {
    throw new DomainError('NOT_FOUND', { message: `未找到编号为 ${id} 的${KIND_ZH[kind]}` });
  }
  return organisationFromRow(row);
}

export async function createStreet(db: Db, name: string): Promise<Organisation> {
  return insertOrganisation(db, { id: randomUUID(), kind: 'street', name, parentId: null, branchType: null }, null);
}

export async function createCommunity(db: Db, streetId: string, name: string): Promise<Organisation> {
  return insertOrganisation(
    db,
    { id: randomUUID(), kind: 'community', name, parentId: streetId, branchType: null },
    'street',
  );
}

export async function createBranch(
  db: Db,
  communityId: string,
  branchType: BranchType,
  name: string,
): Promise<Organisation> {
  return insertOrganisation(
    db,
    { id: randomUUID(), kind: 'branch', name, parentId: communityId, branchType },
    'community',
  );
}

export async function listOrganisations(db: Db): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(organisationFromRow);
}

/** The user's community, its street and its branches — a secretary sees only their own branch. */
export async function visibleOrganisations(db: Db, user: User): Promise<Organisation[]> {
  const community = await requireOrganisation(db, user.communityId, 'community');
  let branches = db
    .selectFrom('organisations')
    .selectAll()
    .where('kind', '=', 'branch')
    .where('parent_id', '=', community.id);
  if (user.role === 'secretary') branches = branches.where('id', '=', user.branchId ?? '');
  const [street, branchRows] = await Promise.all([
    community.parentId
      ? db.selectFrom('organisations').selectAll().where('id', '=', community.parentId).executeTakeFirst()
      : undefined,
    branches.orderBy('name').orderBy('id').execute(),
  ]);
  return [...(street ? [organisationFromRow(street)] : []), community, ...branchRows.map(organisationFromRow)];
}
