import {
  LoginResponse,
  Member,
  MeResponse,
  Organisation,
  Pairing,
  PullResponse,
  type Change,
  type User,
} from '../../../src/domain';

/** Ids are fixed so paging by id is predictable; every one is a valid v4 UUID. */
export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const COMMUNITY_ID = uuid(0xc0);
export const BRANCH_ID = uuid(0xb1);

export const ORGANISATIONS: Organisation[] = [
  Organisation.parse({ id: uuid(0xa0), kind: 'street', name: '和平街道', parentId: null, branchType: null }),
  Organisation.parse({ id: COMMUNITY_ID, kind: 'community', name: '光明社区', parentId: uuid(0xa0), branchType: null }),
  Organisation.parse({
    id: BRANCH_ID,
    kind: 'branch',
    name: '光明社区离退休干部第一党支部',
    parentId: COMMUNITY_ID,
    branchType: 'established',
  }),
];

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: uuid(0x1001),
    username: 'worker1',
    displayName: '刘芳',
    role: 'worker',
    communityId: COMMUNITY_ID,
    branchId: null,
    ...overrides,
  };
}

/** Parsed with the shared schema, so a fixture the server could never send fails here and not in a view. */
export function makeMember(overrides: Partial<Member> & Pick<Member, 'id' | 'name'>): Member {
  return Member.parse({
    communityId: COMMUNITY_ID,
    branchId: BRANCH_ID,
    gender: 'male',
    birthDate: '1950-03-15',
    phone: '13800000000',
    address: { compound: '光明小区', building: '3', unit: '1', room: '101' },
    familyContact: null,
    isPartyMember: true,
    joinedPartyOn: '1975-07-01',
    risks: { livingAlone: false, emptyNest: false, bedridden: false, disabled: false },
    status: 'active',
    diedOn: null,
    away: null,
    hobbies: [],
    serviceNeeds: [],
    notes: '',
    updatedAt: '2026-01-05T02:30:00.000Z',
    ...overrides,
  });
}

/**
 * Seven people in two compounds. Ages are far from the 80 threshold so 高龄 does not flip with the calendar.
 * Walking order: 李建国, 赵德胜, 张晓明, 陈志强, 王秀英, 肖明远, 张建华.
 */
export const ZHANG_XIAOMING = makeMember({
  id: uuid(1),
  name: '张晓明',
  birthDate: '1938-05-12',
  phone: '138 1234-5678',
  address: { compound: '光明小区', building: '3', unit: '2', room: '502' },
  familyContact: { name: '张丽', relation: '女儿', phone: '13987654321' },
  risks: { livingAlone: true, emptyNest: false, bedridden: false, disabled: false },
  hobbies: ['书法', '京剧'],
  serviceNeeds: ['health', 'daily_care'],
  notes: '耳背，敲门要用力',
});
export const LI_JIANGUO = makeMember({
  id: uuid(2),
  name: '李建国',
  address: { compound: '光明小区', building: '3', unit: '1', room: '301' },
  risks: { livingAlone: false, emptyNest: true, bedridden: false, disabled: false },
});
export const WANG_XIUYING = makeMember({
  id: uuid(3),
  name: '王秀英',
  gender: 'female',
  birthDate: '1936-11-02',
  address: { compound: '光明小区', building: '10', unit: '1', room: '101' },
  risks: { livingAlone: false, emptyNest: false, bedridden: true, disabled: true },
});
export const ZHAO_DESHENG = makeMember({
  id: uuid(4),
  name: '赵德胜',
  address: { compound: '光明小区', building: '3', unit: '2', room: '201' },
  status: 'away',
  away: { place: '海南三亚', from: null, expectedReturn: '2026-04-01', phone: null },
});
export const CHEN_ZHIQIANG = makeMember({
  id: uuid(5),
  name: '陈志强',
  isPartyMember: false,
  joinedPartyOn: null,
  branchId: null,
  address: { compound: '光明小区', building: '3', unit: '2', room: '1201' },
  risks: { livingAlone: true, emptyNest: false, bedridden: false, disabled: false },
});
export const XIAO_MINGYUAN = makeMember({
  id: uuid(6),
  name: '肖明远',
  address: { compound: '幸福小区', building: '1', unit: '1', room: '101' },
  status: 'deceased',
});
export const ZHANG_JIANHUA = makeMember({
  id: uuid(7),
  name: '张建华',
  birthDate: '1939-01-20',
  address: { compound: '幸福小区', building: '2', unit: '1', room: '402' },
  status: 'transferred',
});

export const ROSTER: Member[] = [
  ZHANG_XIAOMING,
  LI_JIANGUO,
  WANG_XIUYING,
  ZHAO_DESHENG,
  CHEN_ZHIQIANG,
  XIAO_MINGYUAN,
  ZHANG_JIANHUA,
];
export const WALKING_ORDER = ['李建国', '赵德胜', '张晓明', '陈志强', '王秀英', '肖明远', '张建华'];

export function pairingFor(member: Member, workerId: string, role: 'primary' | 'backup' = 'primary'): Pairing {
  return Pairing.parse({
    id: uuid(0x5000 + Number.parseInt(member.id.slice(-4), 16)),
    workerId,
    memberId: member.id,
    role,
    since: '2025-09-01T00:00:00.000Z',
  });
}

/** The community's workers and its secretary, as /api/me names them (makeUser's 刘芳 among them). */
export const COLLEAGUES = [
  { id: uuid(0x1001), displayName: '刘芳', role: 'worker' as const },
  { id: uuid(0x1002), displayName: '王芳', role: 'worker' as const },
  { id: uuid(0x2001), displayName: '王书记', role: 'secretary' as const },
];

/**
 * A server's lifeboat key pair for tests (a P-256 key made once for them): devices get the public half at login,
 * tests that open a lifeboat file use the private `d`.
 */
export const TEST_LIFEBOAT_KEY = {
  keyId: 'test-lifeboat-key',
  publicKey: { kty: 'EC', crv: 'P-256', x: 'fsYCETsCq3L1G1dz16HcUWKId7BatGpIB2I7-q-XPuM', y: 'HI3LEDPxXtrHiymNjaWkapnXuPKxavIciP9HhONbPP4' },
} as const;
export const TEST_LIFEBOAT_PRIVATE_D = 'Z9U3F2KMZkRXcnYkM3eV0NRyzKa99d9yMTgVuMxwzY0';

/** The device secret a test server gives every device of a user (32 bytes, base64url). */
export function deviceSecretOf(user: User): string {
  // The id's 32 hex digits as 32 bytes: each user's differs.
  return btoa(user.id.replace(/-/g, '')).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A login's answer; with the device's client id, also its grant and the lifeboat key, as the server gives them. */
export function loginResponse(user: User = makeUser(), clientId = '00000000-0000-4000-8000-00000000d001'): LoginResponse {
  return LoginResponse.parse({
    token: `token-${user.username}-${'x'.repeat(40)}`,
    expiresAt: '2030-01-01T00:00:00.000Z',
    user,
    device: { id: clientId, secret: deviceSecretOf(user), leaseDays: 14 },
    lifeboatKey: TEST_LIFEBOAT_KEY,
  });
}

export function meResponse(user: User = makeUser()): MeResponse {
  return MeResponse.parse({ user, organisations: ORGANISATIONS, colleagues: COLLEAGUES });
}

/**
 * Pages a change log as the server does: `pageSize` changes a page, asked for by the cursor of the page before
 * (0 first), each answer saying how many changes remain after it. Keyed by the cursor asked from.
 */
export function pullPages(changes: Change[], pageSize: number, options: { scope?: string; reset?: boolean } = {}): Map<number, PullResponse> {
  const pages = new Map<number, PullResponse>();
  let cursor = 0;
  for (let i = 0; i < changes.length || i === 0; i += pageSize) {
    const slice = changes.slice(i, i + pageSize);
    const hasMore = i + pageSize < changes.length;
    const next = slice.at(-1)?.version ?? cursor;
    pages.set(
      cursor,
      PullResponse.parse({
        changes: slice,
        cursor: next,
        hasMore,
        remaining: hasMore ? changes.length - i - slice.length : 0,
        reset: i === 0 && (options.reset ?? false),
        scope: options.scope ?? 'scope-1',
      }),
    );
    cursor = next;
    if (!hasMore) break;
  }
  return pages;
}

/** What the server answers a pull with nothing new after the device's cursor. */
export function nothingToPull(cursor = 0, scope = 'scope-1'): PullResponse {
  return { changes: [], cursor, hasMore: false, remaining: 0, reset: false, scope };
}
