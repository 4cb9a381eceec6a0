import { addDays, type Campaign, type Member, type MemberEvent, type PlanInput, type Visit } from '../../src/domain';
import { validMember } from './fixtures';
import { BRANCH, COMMUNITY, WORKER, at, uuid } from './plan-fixtures';

/**
 * A worker's (or a community's) members with two years of visits as the guidance asks them: the high tier weekly,
 * the key tier monthly with a call between, the rest quarterly with a monthly call; a follow-up on one visit in
 * five, a 住院 now and then, events and two campaigns. Deterministic, so the timings compare run to run.
 */
export function plannedCommunity(memberCount: number, today = '2026-11-22'): PlanInput & { members: Member[] } {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const members: Member[] = [];
  const visits: Visit[] = [];
  const events: MemberEvent[] = [];
  let visitNo = 0;
  for (let i = 0; i < memberCount; i++) {
    const tier = i % 10 === 0 ? 'high' : i % 10 < 4 ? 'key' : 'general';
    const member = validMember({
      id: uuid(1 + i),
      birthDate: addDays('1946-01-01', Math.floor(random() * 9000) - 6000),
      risks: { livingAlone: tier === 'high', emptyNest: tier === 'key', bedridden: false, disabled: false },
      joinedPartyOn: addDays('1968-01-01', Math.floor(random() * 3000)),
      branchId: BRANCH,
      address: { compound: '光明小区', building: String(1 + (i % 12)), unit: String(1 + (i % 3)), room: String(101 + (i % 6) * 100) },
    });
    members.push(member);
    const every = tier === 'high' ? 7 : tier === 'key' ? 15 : 30;
    for (let back = 730 - Math.floor(random() * every); back >= 0; back -= every) {
      const day = addDays(today, -back);
      const inPerson = tier === 'high' || (tier === 'key' ? back % 30 < 15 : back % 90 < 30);
      const n = visitNo++;
      visits.push({
        id: uuid(100_000 + n),
        memberId: member.id,
        visitorIds: [WORKER],
        type: inPerson ? 'regular' : 'phone',
        occurredAt: at(day, 9 + (n % 8)),
        outcome: random() < 0.03 ? 'in_hospital' : random() < 0.05 ? 'not_home' : 'met',
        templateId: 'regular',
        templateVersion: 1,
        livingSituation: '身体尚可',
        homeSafety: null,
        needs: [],
        solvedOnSpot: '',
        followUps: n % 5 === 0 ? [{ what: '联系物业', owner: '王芳', deadline: addDays(day, 14), status: random() < 0.8 ? 'done' : 'open' }] : [],
        itemsDelivered: [],
        notes: '',
        amends: null,
        recordedAt: at(day, 20),
        campaignId: null,
      });
    }
    if (random() < 0.1) events.push({ id: uuid(500_000 + i), memberId: member.id, kind: 'bereavement', occurredOn: addDays(today, -Math.floor(random() * 200)), note: '', recordedBy: WORKER, recordedAt: at(today, 8) });
  }
  const campaign = (n: number, startsOn: string, endsOn: string): Campaign => ({
    id: uuid(600_000 + n),
    communityId: COMMUNITY,
    kind: 'other',
    name: `慰问${n}`,
    startsOn,
    endsOn,
    cohort: { type: 'everyone' },
    delivery: { kind: 'gift', description: '慰问品', amountFen: null },
    createdBy: WORKER,
    createdAt: at(startsOn, 8),
    cancelledAt: null,
  });
  const campaigns = [campaign(1, addDays(today, -300), addDays(today, -280)), campaign(2, addDays(today, -5), addDays(today, 20))];
  return { today, members, visits, events, closures: [], campaigns, settings: [] };
}
