import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { EMPTY_PROFILE, type Member, type Organisation, type User } from '../../src/domain';
import { addMembers } from '../../src/server/services/members';
import { createBranch, createCommunity, createStreet } from '../../src/server/services/organisations';
import { addPairings } from '../../src/server/services/pairings';
import { createUser, disableUser, type NewUser } from '../../src/server/services/users';
import type { DatabaseSchema } from '../../src/server/storage';

export const FIXTURE_PASSWORD = 'fixture-pass-1';

/**
 * Two communities under one street. 光明社区 has an established branch (B1), a non-established one (B2)
 * and members of neither; 朝阳社区 exists to prove that admins and workers never see across communities.
 *
 *   worker1: primary m1 (B1), m4 (B2), m6 (no branch); ended pairing with m2 — must not see m2
 *   worker2: primary m2, m3 (B1), m5 (B2); backup m1
 *   secretary1: branch B1 → m1, m2, m3
 *   admin1: 光明社区 → m1..m7
 *   worker3 / admin2: 朝阳社区 → x1, x2
 */
export interface Fixtures {
  street: Organisation;
  community: Organisation;
  branch1: Organisation;
  branch2: Organisation;
  otherCommunity: Organisation;
  otherBranch: Organisation;
  users: Record<'worker1' | 'worker2' | 'worker3' | 'secretary1' | 'admin1' | 'admin2' | 'retired1', User>;
  members: Record<'m1' | 'm2' | 'm3' | 'm4' | 'm5' | 'm6' | 'm7' | 'x1' | 'x2', Member>;
}

export function fixtureMember(overrides: Partial<Member> & Pick<Member, 'communityId' | 'name'>): Member {
  const branchId = overrides.branchId ?? null;
  return {
    id: randomUUID(),
    branchId,
    gender: 'female',
    birthDate: '1945-06-01',
    phone: '13800000000',
    address: { compound: '光明花园', building: '1', unit: '1', room: '101' },
    familyContact: null,
    isPartyMember: branchId !== null,
    joinedPartyOn: branchId !== null ? '1970-07-01' : null,
    risks: { livingAlone: false, emptyNest: false, bedridden: false, disabled: false },
    status: 'active',
    diedOn: null,
    away: null,
    transfer: null,
    profile: EMPTY_PROFILE,
    duesChannel: 'this_branch',
    proposedBaseFen: null,
    hobbies: [],
    serviceNeeds: [],
    notes: '',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export async function seedFixtures(db: Kysely<DatabaseSchema>): Promise<Fixtures> {
  const street = await createStreet(db, '测试街道');
  const community = await createCommunity(db, street.id, '光明社区');
  const branch1 = await createBranch(db, community.id, 'established', '第一党支部');
  const branch2 = await createBranch(db, community.id, 'non_established', '非建制党支部');
  const otherCommunity = await createCommunity(db, street.id, '朝阳社区');
  const otherBranch = await createBranch(db, otherCommunity.id, 'established', '朝阳党支部');

  const user = (username: string, role: NewUser['role'], communityId: string, branchId: string | null = null) =>
    createUser(db, { username, password: FIXTURE_PASSWORD, displayName: `测试${username}`, role, communityId, branchId });
  const [worker1, worker2, worker3, secretary1, admin1, admin2, retired1] = await Promise.all([
    user('worker1', 'worker', community.id),
    user('worker2', 'worker', community.id),
    user('worker3', 'worker', otherCommunity.id),
    user('secretary1', 'secretary', community.id, branch1.id),
    user('admin1', 'admin', community.id),
    user('admin2', 'admin', otherCommunity.id),
    user('retired1', 'worker', community.id),
  ]);
  await disableUser(db, 'retired1');

  const here = (name: string, branchId: string | null) => fixtureMember({ communityId: community.id, name, branchId });
  const members = {
    m1: here('王一', branch1.id),
    m2: here('李二', branch1.id),
    m3: here('张三', branch1.id),
    m4: here('赵四', branch2.id),
    m5: here('钱五', branch2.id),
    m6: here('孙六', null),
    m7: here('周七', null),
    x1: fixtureMember({ communityId: otherCommunity.id, name: '吴八', branchId: otherBranch.id }),
    x2: fixtureMember({ communityId: otherCommunity.id, name: '郑九', branchId: null }),
  };
  await addMembers(db, Object.values(members));

  const since = '2025-01-01T00:00:00.000Z';
  const pairing = (workerId: string, memberId: string, role: 'primary' | 'backup', endedAt: string | null = null) => ({
    id: randomUUID(),
    workerId,
    memberId,
    role,
    since,
    endedAt,
  });
  await addPairings(db, [
    pairing(worker1.id, members.m1.id, 'primary'),
    pairing(worker1.id, members.m4.id, 'primary'),
    pairing(worker1.id, members.m6.id, 'primary'),
    pairing(worker1.id, members.m2.id, 'primary', '2025-06-01T00:00:00.000Z'),
    pairing(worker2.id, members.m2.id, 'primary'),
    pairing(worker2.id, members.m3.id, 'primary'),
    pairing(worker2.id, members.m5.id, 'primary'),
    pairing(worker2.id, members.m1.id, 'backup'),
    pairing(worker3.id, members.x1.id, 'primary'),
  ]);

  return {
    street,
    community,
    branch1,
    branch2,
    otherCommunity,
    otherBranch,
    users: { worker1, worker2, worker3, secretary1, admin1, admin2, retired1 },
    members,
  };
}
