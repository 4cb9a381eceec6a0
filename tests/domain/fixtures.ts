import { EMPTY_PROFILE, type Member } from '../../src/domain';

/** A valid member to vary in each test; every test states the one thing it changes. */
export function validMember(overrides: Partial<Member> = {}): Member {
  return {
    id: '0b9a3f0e-7d4c-4c8e-9a51-2f7f3c1d5e01',
    communityId: '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c',
    branchId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    name: '张晓明',
    gender: 'male',
    birthDate: '1944-05-12',
    phone: '13812345678',
    address: { compound: '光明小区', building: '3', unit: '2', room: '502' },
    familyContact: { name: '张丽', relation: '女儿', phone: '13987654321' },
    isPartyMember: true,
    joinedPartyOn: '1968-07-01',
    risks: { livingAlone: true, emptyNest: false, bedridden: false, disabled: false },
    status: 'active',
    diedOn: null,
    away: null,
    transfer: null,
    profile: EMPTY_PROFILE,
    duesChannel: 'this_branch',
    proposedBaseFen: null,
    hobbies: ['书法'],
    serviceNeeds: ['health'],
    notes: '',
    updatedAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  };
}
