import { addDays, type Campaign, type FollowUpClosure, type Member, type MemberEvent, type Visit, type VisitSettings } from '../../src/domain';
import { DEFAULT_VISIT_SETTINGS } from '../../src/domain';

/**
 * A worker's (or a community's) members with two years of visits as the guidance asks for them: the high tier
 * visited weekly, the key tier twice a month (a visit, then a call), everyone else monthly (a visit a quarter, calls
 * between); a follow-up on one visit in five (most done, some closed by a closure), a 住院 now and then, a few
 * events, two years of festival campaigns, the community's settings and one branch override. Deterministic.
 */

const COMMUNITY = 'c0c0c0c0-0000-4000-8000-000000000001';
const BRANCHES = ['b1b1b1b1-0000-4000-8000-000000000001', 'b2b2b2b2-0000-4000-8000-000000000002'];
const WORKER = 'a0a0a0a0-0000-4000-8000-000000000001';

function id(prefix: number, n: number): string {
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** mulberry32: the same books every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 09:00 + h on a Beijing day, as UTC. */
function at(day: string, hour: number): string {
  return `${addDays(day, hour >= 8 ? 0 : -1)}T${String((hour + 16) % 24).padStart(2, '0')}:15:00.000Z`;
}

export interface PlanData {
  members: Member[];
  visits: Visit[];
  events: MemberEvent[];
  closures: FollowUpClosure[];
  campaigns: Campaign[];
  settings: VisitSettings[];
}

function member(i: number, rnd: () => number, today: string): Member {
  const tier = i % 10 === 0 ? 'high' : i % 10 < 4 ? 'key' : 'general';
  const party = i % 5 !== 0;
  const status = i % 40 === 7 ? 'away' : i % 97 === 11 ? 'deceased' : 'active';
  return {
    id: id(1, i + 1),
    communityId: COMMUNITY,
    branchId: party ? BRANCHES[i % 2]! : null,
    name: `成员${i + 1}`,
    gender: i % 2 === 0 ? 'male' : 'female',
    birthDate: addDays('1946-01-01', Math.floor(rnd() * 9000) - 6000),
    phone: '13800000000',
    address: { compound: ['光明花园', '红旗新村', '和平里小区'][i % 3]!, building: String(1 + (i % 12)), unit: String(1 + (i % 3)), room: String(101 + (i % 6) * 100) },
    familyContact: null,
    isPartyMember: party,
    joinedPartyOn: party ? addDays('1968-01-01', Math.floor(rnd() * 3000)) : null,
    risks: { livingAlone: tier === 'high', emptyNest: tier === 'key', bedridden: i % 50 === 0, disabled: false },
    status,
    diedOn: status === 'deceased' ? addDays(today, -40) : null,
    away: status === 'away' ? { place: '海南', from: addDays(today, -20), expectedReturn: null, phone: null } : null,
    transfer: null,
    profile: { ethnicity: null, formerUnit: null, formerPosition: null, retirement: null, idMasked: null },
    duesChannel: 'this_branch',
    proposedBaseFen: null,
    hobbies: [],
    serviceNeeds: [],
    notes: '',
    updatedAt: `${today}T00:00:00.000Z`,
  };
}

export function planData(memberCount: number, today: string, seed = 12): PlanData {
  const rnd = random(seed);
  const data: PlanData = { members: [], visits: [], events: [], closures: [], campaigns: [], settings: [] };
  let visitNo = 0;
  for (let i = 0; i < memberCount; i++) {
    const m = member(i, rnd, today);
    data.members.push(m);
    const every = i % 10 === 0 ? 7 : i % 10 < 4 ? 15 : 30;
    for (let back = 730 - Math.floor(rnd() * every); back >= 0; back -= every) {
      const day = addDays(today, -back);
      const inPerson = every === 7 || (every === 15 ? back % 30 < 15 : back % 90 < 30);
      const n = ++visitNo;
      const followUp = n % 5 === 0;
      const visit: Visit = {
        id: id(2, n),
        memberId: m.id,
        visitorIds: [WORKER],
        type: inPerson ? (n % 23 === 0 ? 'festival' : 'regular') : 'phone',
        occurredAt: at(day, 9 + (n % 8)),
        outcome: rnd() < 0.03 ? 'in_hospital' : rnd() < 0.05 && inPerson ? 'not_home' : 'met',
        templateId: inPerson ? 'regular' : 'phone',
        templateVersion: 1,
        livingSituation: '身体尚可，子女每周探望',
        homeSafety: inPerson ? { gas: 'ok', electricity: 'ok', heating: 'ok', smokeAlarm: 'present' } : null,
        needs: [],
        solvedOnSpot: '',
        followUps: followUp ? [{ what: '联系物业修楼道灯', owner: '王芳', deadline: addDays(day, 14), status: rnd() < 0.7 ? 'done' : 'open' }] : [],
        itemsDelivered: [],
        notes: '',
        amends: null,
        recordedAt: at(day, 20),
        campaignId: null,
      };
      data.visits.push(visit);
      if (followUp && visit.followUps[0]!.status === 'open' && rnd() < 0.5) {
        data.closures.push({ id: id(3, n), memberId: m.id, visitId: visit.id, index: 0, note: '', closedBy: WORKER, closedAt: at(addDays(day, 10), 15) });
      }
      // A correction now and then: the amended visit replaces the original in the plan.
      if (n % 50 === 0) data.visits.push({ ...visit, id: id(4, n), notes: '更正', amends: visit.id, recordedAt: at(addDays(day, 1), 20) });
    }
    if (rnd() < 0.08) {
      data.events.push({ id: id(5, i + 1), memberId: m.id, kind: rnd() < 0.5 ? 'hospitalised' : 'bereavement', occurredOn: addDays(today, -Math.floor(rnd() * 300)), note: '', recordedBy: WORKER, recordedAt: at(today, 8) });
    }
  }
  const festivals = [-700, -600, -520, -450, -360, -240, -150, -60, -3];
  festivals.forEach((start, n) =>
    data.campaigns.push({
      id: id(6, n + 1),
      communityId: COMMUNITY,
      kind: 'other',
      name: `节日慰问${n + 1}`,
      startsOn: addDays(today, start),
      endsOn: addDays(today, start + 20),
      cohort: n % 3 === 0 ? { type: 'everyone' } : n % 3 === 1 ? { type: 'party' } : { type: 'risk', flags: ['livingAlone', 'advancedAge'] },
      delivery: { kind: 'gift', description: '米和油', amountFen: null },
      createdBy: WORKER,
      createdAt: at(addDays(today, start - 5), 10),
      cancelledAt: null,
    }),
  );
  data.settings.push(
    { id: id(7, 1), communityId: COMMUNITY, branchId: null, values: DEFAULT_VISIT_SETTINGS, updatedBy: WORKER, updatedAt: at(addDays(today, -400), 10) },
    { id: id(7, 2), communityId: COMMUNITY, branchId: BRANCHES[1]!, values: { ...DEFAULT_VISIT_SETTINGS, phoneEveryDays: 14 }, updatedBy: WORKER, updatedAt: at(addDays(today, -100), 10) },
  );
  return data;
}
