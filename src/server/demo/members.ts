import { randomUUID } from 'node:crypto';
import { EMPTY_PROFILE, type FamilyContact, type Gender, type Member, type MemberStatus, type ServiceNeed } from '../../domain';
import { syntheticName, syntheticSurname } from './names';
import type { Random } from './prng';

/** Six-storey walk-ups in four 小区; each demo worker looks after one of them. */
export const DEMO_COMPOUNDS = ['光明花园', '红旗新村', '和平里小区', '东风小区'] as const;
export const DEMO_MEMBER_COUNT = 60;

const HOBBIES = ['书法', '太极拳', '象棋', '京剧', '园艺', '摄影', '合唱', '钓鱼', '读报', '二胡', '围棋', '国画', '散步', '养花'];
const SERVICE_NEEDS: readonly ServiceNeed[] = ['daily_care', 'emotional', 'health', 'legal', 'policy'];
const AWAY_PLACES = ['海南三亚', '广西北海', '上海（随女儿居住）', '海南海口'];
const OLD_UNITS = ['市水利局', '市第一人民医院', '区教育局', '市机械厂', '市邮政局'];
/** Positions in the generated list with a status other than 在册, spread out so every worker meets some. */
const SPECIAL_STATUS: Record<number, MemberStatus> = { 7: 'away', 19: 'away', 33: 'away', 48: 'away', 25: 'deceased', 52: 'deceased', 41: 'transferred' };

export interface DemoOrgs {
  communityId: string;
  establishedBranchId: string;
  nonEstablishedBranchId: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const date = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
const daysAfter = (instant: Date, days: number) => new Date(instant.getTime() + days * 86_400_000);

function mobile(random: Random): string {
  return `1${random.pick(['3', '5', '8'])}${random.int(0, 9)}${pad(random.int(0, 9999), 4)}${pad(random.int(0, 9999), 4)}`;
}

function familyContact(random: Random, surname: string, gender: Gender): FamilyContact {
  const relation = random.pick(['儿子', '女儿', '儿子', '女儿', '儿媳', '女婿', '老伴', '侄子']);
  const relativeGender: Gender =
    relation === '老伴' ? (gender === 'male' ? 'female' : 'male') : ['儿子', '女婿', '侄子'].includes(relation) ? 'male' : 'female';
  const sameSurname = ['儿子', '女儿', '侄子'].includes(relation);
  return {
    name: syntheticName(random, relativeGender, sameSurname ? surname : syntheticSurname(random)),
    relation,
    phone: mobile(random),
  };
}

/** 张晓明 is the member the walkthroughs and end-to-end tests look for: 独居, 80+, paired with worker1. */
function zhangXiaoming(orgs: DemoOrgs, updatedAt: string): Member {
  return {
    id: randomUUID(),
    communityId: orgs.communityId,
    branchId: orgs.establishedBranchId,
    name: '张晓明',
    gender: 'male',
    birthDate: '1941-03-12',
    phone: '13905716688',
    address: { compound: DEMO_COMPOUNDS[0], building: '3', unit: '2', room: '302' },
    familyContact: { name: '张伟', relation: '儿子', phone: '13805719900' },
    isPartyMember: true,
    joinedPartyOn: '1965-07-01',
    risks: { livingAlone: true, emptyNest: false, bedridden: false, disabled: false },
    status: 'active',
    diedOn: null,
    away: null,
    transfer: null,
    profile: EMPTY_PROFILE,
    duesChannel: 'this_branch',
    proposedBaseFen: null,
    hobbies: ['书法', '读报'],
    serviceNeeds: ['daily_care', 'health'],
    notes: '听力较差，敲门请稍等片刻',
    updatedAt,
  };
}

export function demoMembers(random: Random, orgs: DemoOrgs, now: Date): Member[] {
  const updatedAt = now.toISOString();
  const members = [zhangXiaoming(orgs, updatedAt)];
  const names = new Set(members.map((m) => m.name));
  while (members.length < DEMO_MEMBER_COUNT) {
    const index = members.length;
    const gender: Gender = random.chance(0.5) ? 'male' : 'female';
    const surname = syntheticSurname(random);
    let name = syntheticName(random, gender, surname);
    while (names.has(name)) name = syntheticName(random, gender, surname);
    names.add(name);

    const birthYear = random.int(1936, 1962);
    const isPartyMember = random.chance(0.83);
    const established = random.chance(0.6);
    const status = SPECIAL_STATUS[index] ?? 'active';
    const livingAlone = random.chance(0.2);
    const notes = [
      isPartyMember && !established ? `组织关系在原单位（${random.pick(OLD_UNITS)}）` : '',
      status === 'deceased' ? '已故，保留历史记录' : '',
      status === 'transferred' ? '已迁居外区，组织关系转出' : '',
    ].filter(Boolean);

    members.push({
      id: randomUUID(),
      communityId: orgs.communityId,
      branchId: isPartyMember ? (established ? orgs.establishedBranchId : orgs.nonEstablishedBranchId) : null,
      name,
      gender,
      birthDate: date(birthYear, random.int(1, 12), random.int(1, 28)),
      phone: random.chance(0.92) ? mobile(random) : null,
      address: {
        compound: random.pick(DEMO_COMPOUNDS),
        building: String(random.int(1, 12)),
        unit: String(random.int(1, 3)),
        room: `${random.int(1, 6)}0${random.int(1, 2)}`,
      },
      familyContact: random.chance(0.85) ? familyContact(random, surname, gender) : null,
      isPartyMember,
      joinedPartyOn: isPartyMember ? date(birthYear + random.int(18, 40), random.int(1, 12), random.int(1, 28)) : null,
      risks: {
        livingAlone,
        emptyNest: !livingAlone && random.chance(0.3),
        bedridden: random.chance(0.05),
        disabled: random.chance(0.08),
      },
      status,
      // A few months ago, so the demo ledger shows dues closing after the month of death.
      diedOn: status === 'deceased' ? daysAfter(now, -random.int(60, 200)).toISOString().slice(0, 10) : null,
      away:
        status === 'away'
          ? {
              place: random.pick(AWAY_PLACES),
              from: daysAfter(now, -random.int(10, 60)).toISOString().slice(0, 10),
              phone: mobile(random),
              expectedReturn: random.chance(0.75) ? daysAfter(now, random.int(20, 150)).toISOString().slice(0, 10) : null,
            }
          : null,
      transfer:
        status === 'transferred'
          ? { direction: 'out', on: daysAfter(now, -random.int(30, 300)).toISOString().slice(0, 10), place: '外区（已迁居）' }
          : null,
      profile: EMPTY_PROFILE,
      duesChannel: isPartyMember && !established ? 'original_unit' : 'this_branch',
      proposedBaseFen: null,
      hobbies: random.some(HOBBIES, 3),
      serviceNeeds: random.some(SERVICE_NEEDS, 2),
      notes: notes.join('；'),
      updatedAt,
    });
  }
  return members;
}
