import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VISIT_SETTINGS,
  MemberEventKind,
  VisitOutcome,
  VisitType,
  addDays,
  computePlan,
  followUpTarget,
  planTabs,
  type Campaign,
  type FollowUpClosure,
  type Member,
  type MemberEvent,
  type PlanInput,
  type PlanItem,
  type Visit,
} from '../../src/domain';
import { validMember } from './fixtures';
import { BRANCH, COMMUNITY, WORKER, at, settingsRow, uuid } from './plan-fixtures';

/**
 * Generated communities: members of every tier and status, two years of visits (corrections, follow-ups,
 * outcomes of every kind), events, closures, campaigns and settings, on days around the turn of a year.
 */

const dayAround = (base: string, before: number, after: number) => fc.integer({ min: -before, max: after }).map((n) => addDays(base, n));

const memberArb = (index: number, today: string) =>
  fc
    .record({
      birthDate: dayAround('1945-06-15', 9000, 7000),
      risks: fc.record({ livingAlone: fc.boolean(), emptyNest: fc.boolean(), bedridden: fc.boolean(), disabled: fc.boolean() }),
      party: fc.boolean(),
      joinedAfter: fc.integer({ min: 18 * 365, max: 40 * 365 }),
      status: fc.constantFrom('active', 'active', 'active', 'away', 'deceased', 'transferred'),
      statusDay: fc.option(dayAround(today, 60, 0), { nil: null }),
      room: fc.integer({ min: 101, max: 602 }),
    })
    .map(({ birthDate, risks, party, joinedAfter, status, statusDay, room }): Member => {
      const joined = addDays(birthDate, joinedAfter);
      return validMember({
        id: uuid(index + 1),
        birthDate,
        risks,
        isPartyMember: party,
        joinedPartyOn: party ? joined : null,
        branchId: party ? BRANCH : null,
        address: { compound: '光明小区', building: String((index % 3) + 1), unit: '1', room: String(room) },
        status: status as Member['status'],
        diedOn: status === 'deceased' ? statusDay : null,
        away: status === 'away' ? { place: '海南', from: statusDay, expectedReturn: null, phone: null } : null,
        transfer: status === 'transferred' && statusDay ? { direction: 'out', on: statusDay, place: '济南' } : null,
      });
    });

interface Raw {
  member: number;
  day: number;
  hour: number;
  type: Visit['type'];
  outcome: Visit['outcome'];
  followUps: { deadline: number; done: boolean }[];
  amends: number | null;
  campaign: number | null;
  lateHours: number;
}

const rawVisit = fc.record({
  member: fc.nat(),
  // Half of the visits fall in the last two months, where triggers and their answers meet.
  day: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 730 })),
  hour: fc.integer({ min: 6, max: 21 }),
  type: fc.constantFrom(...VisitType.options),
  outcome: fc.constantFrom(...VisitOutcome.options),
  followUps: fc.array(fc.record({ deadline: fc.integer({ min: -10, max: 40 }), done: fc.boolean() }), { maxLength: 2 }),
  amends: fc.option(fc.nat(), { freq: 6, nil: null }),
  campaign: fc.option(fc.nat(2), { nil: null }),
  lateHours: fc.integer({ min: 0, max: 72 }),
});

const scenario = fc
  .record({
    today: dayAround('2026-12-29', 40, 10),
    memberCount: fc.integer({ min: 1, max: 6 }),
    seeds: fc.array(rawVisit, { maxLength: 40 }),
    events: fc.array(fc.record({ member: fc.nat(), kind: fc.constantFrom(...MemberEventKind.options), back: fc.integer({ min: 0, max: 40 }) }), { maxLength: 5 }),
    closures: fc.array(fc.record({ visit: fc.nat(), index: fc.nat(1), back: fc.integer({ min: 0, max: 20 }) }), { maxLength: 6 }),
    campaigns: fc.array(
      fc.record({
        start: fc.integer({ min: -30, max: 10 }),
        length: fc.integer({ min: 0, max: 30 }),
        cohort: fc.constantFrom<Campaign['cohort']>({ type: 'everyone' }, { type: 'party' }, { type: 'risk', flags: ['livingAlone', 'advancedAge'] }, { type: 'branch', branchId: BRANCH }),
        cancelled: fc.option(fc.integer({ min: -20, max: 0 }), { freq: 4, nil: null }),
      }),
      { maxLength: 3 },
    ),
    highTarget: fc.integer({ min: 1, max: 30 }),
    custom: fc.boolean(),
  })
  .chain((s) => fc.tuple(fc.constant(s), fc.tuple(...Array.from({ length: s.memberCount }, (_, i) => memberArb(i, s.today)))))
  .map(([s, members]): PlanInput => {
    const visits: Visit[] = [];
    s.seeds.forEach((raw: Raw, i) => {
      const member = members[raw.member % members.length]!;
      const day = addDays(s.today, -raw.day);
      const occurredAt = at(day, raw.hour, i % 60);
      const earlier = visits.filter((v) => v.memberId === member.id);
      const amends = raw.amends !== null && earlier.length > 0 ? earlier[raw.amends % earlier.length]!.id : null;
      const recordedAt = new Date(Math.min(Date.parse(occurredAt) + raw.lateHours * 3_600_000, Date.parse(at(s.today, 22)))).toISOString();
      visits.push({
        id: uuid(1000 + i),
        memberId: member.id,
        visitorIds: [WORKER],
        type: raw.type,
        occurredAt,
        outcome: raw.outcome,
        templateId: raw.type,
        templateVersion: 1,
        livingSituation: '',
        homeSafety: null,
        needs: [],
        solvedOnSpot: '',
        followUps: raw.followUps.map((f, n) => ({ what: `事项${n}`, owner: '王芳', deadline: addDays(day, f.deadline), status: f.done ? 'done' : 'open' })),
        itemsDelivered: [],
        notes: '',
        amends,
        recordedAt,
        campaignId: raw.type === 'festival' && raw.campaign !== null && raw.campaign < s.campaigns.length ? uuid(3000 + raw.campaign) : null,
      });
    });
    const events: MemberEvent[] = s.events.map((e, i) => {
      const member = members[e.member % members.length]!;
      const occurredOn = addDays(s.today, -e.back);
      return { id: uuid(2000 + i), memberId: member.id, kind: e.kind, occurredOn, note: '', recordedBy: WORKER, recordedAt: at(occurredOn, 20) };
    });
    const withFollowUps = visits.filter((v) => v.followUps.length > 0);
    const closures: FollowUpClosure[] =
      withFollowUps.length === 0
        ? []
        : s.closures.map((c, i) => {
            const v = withFollowUps[c.visit % withFollowUps.length]!;
            return { id: uuid(4000 + i), memberId: v.memberId, visitId: v.id, index: c.index % v.followUps.length, note: '', closedBy: WORKER, closedAt: at(addDays(s.today, -c.back), 12) };
          });
    const campaigns: Campaign[] = s.campaigns.map((c, i) => {
      const startsOn = addDays(s.today, c.start);
      return {
        id: uuid(3000 + i),
        communityId: COMMUNITY,
        kind: 'other',
        name: `活动${i}`,
        startsOn,
        endsOn: addDays(startsOn, c.length),
        cohort: c.cohort,
        delivery: { kind: 'gift', description: '慰问品', amountFen: null },
        createdBy: WORKER,
        createdAt: at(startsOn, 8),
        cancelledAt: c.cancelled === null ? null : at(addDays(s.today, c.cancelled), 9),
      };
    });
    const cadence = { ...DEFAULT_VISIT_SETTINGS.cadence, high: { targetDays: s.highTarget, maxDays: 30 } };
    return { today: s.today, members, visits, events, closures, campaigns, settings: s.custom ? [settingsRow(5000, null, { cadence })] : [] };
  });

const ONE_OPEN_PER_MEMBER = new Set<PlanItem['reason']>(['cadence', 'phone', 'sick', 'event']);

/** The visit that answers an item, recorded late today (after every generated visit). */
function answering(item: PlanItem, today: string): Visit {
  const type = item.resolvedByTypes[0]!;
  return {
    id: uuid(9999),
    memberId: item.memberId,
    visitorIds: [WORKER],
    type,
    occurredAt: at(today, 23),
    outcome: 'met',
    templateId: type,
    templateVersion: 1,
    livingSituation: '',
    homeSafety: null,
    needs: [],
    solvedOnSpot: '',
    followUps: [],
    itemsDelivered: [],
    notes: '',
    amends: null,
    recordedAt: at(today, 23),
    campaignId: item.reason === 'campaign' ? item.source!.id : null,
  };
}

describe('the plan, over generated communities (DOMAIN.md §4)', () => {
  it('holds each member at most once per reason, source and window, and one open recurring or 四必访 item each', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const items = computePlan(input);
        expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
        const ids = new Set(input.members.map((m) => m.id));
        const open = new Set<string>();
        for (const item of items) {
          expect(ids.has(item.memberId)).toBe(true);
          expect(item.from <= item.due).toBe(true);
          if (item.state === 'open') {
            expect(item.from <= addDays(input.today, 7)).toBe(true);
            const slot = ONE_OPEN_PER_MEMBER.has(item.reason) ? `${item.memberId}:${item.reason}` : item.key;
            expect(open.has(slot)).toBe(false);
            open.add(slot);
          } else {
            expect(item.state === 'not_applicable' || item.resolvedBy !== null).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives a member away, deceased or transferred no home-visit item', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const status = new Map(input.members.map((m) => [m.id, m.status]));
        for (const item of computePlan(input)) {
          if (item.state !== 'open') continue;
          const s = status.get(item.memberId);
          expect(s === 'deceased' || s === 'transferred').toBe(false);
          if (s === 'away') expect(item.reason === 'follow_up' || item.resolvedByTypes.includes('phone')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('resolves an item of today or overdue when the visit it asks for is recorded, under the same key', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), (input, pick) => {
        const items = computePlan(input);
        const tabs = planTabs(items, input.today);
        // Today's and overdue items; a recurring window is answered by the next contact even before it opens.
        const recurring = tabs.week.filter((i) => i.reason === 'cadence' || i.reason === 'phone');
        const actionable = [...new Set([...tabs.overdue, ...tabs.today, ...recurring])].filter((i) => i.resolvedByTypes.length > 0);
        fc.pre(actionable.length > 0);
        const item = actionable[pick % actionable.length]!;
        const visit = answering(item, input.today);
        const after = computePlan({ ...input, visits: [...input.visits, visit] });
        expect(after.find((i) => i.key === item.key)).toEqual({ ...item, state: 'done', resolvedBy: visit.id });
      }),
      { numRuns: 400 },
    );
  });

  it('is done only by a record of its own member, made after what opened the item, of a type it names', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const visits = new Map(input.visits.map((v) => [v.id, v]));
        const events = new Map(input.events.map((e) => [e.id, e]));
        const closures = new Map(input.closures.map((c) => [c.id, c]));
        for (const item of computePlan(input)) {
          if (item.state !== 'done') continue;
          const closure = closures.get(item.resolvedBy!);
          if (closure) {
            expect([item.reason, closure.memberId]).toEqual(['follow_up', item.memberId]);
            continue;
          }
          const by = visits.get(item.resolvedBy!)!;
          expect(by.memberId).toBe(item.memberId);
          if (item.reason === 'follow_up') {
            expect(by.id).toBe(item.source!.id);
            continue;
          }
          expect(item.resolvedByTypes).toContain(by.type);
          expect(by.outcome === 'met' || by.outcome === 'in_hospital').toBe(true);
          const source = item.source!;
          if (source.kind === 'visit') expect(Date.parse(by.occurredAt)).toBeGreaterThan(Date.parse(visits.get(source.id)!.occurredAt));
          if (source.kind === 'member_event') expect(at(events.get(source.id)!.occurredOn, 0) <= by.occurredAt).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('resolves a follow-up when a closure names it', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), (input, pick) => {
        const open = computePlan(input).filter((i) => i.reason === 'follow_up' && i.state === 'open');
        fc.pre(open.length > 0);
        const item = open[pick % open.length]!;
        const target = followUpTarget(item)!;
        expect(target.visitId).toBe(item.source!.id);
        const closure = { id: uuid(9998), memberId: item.memberId, ...target, note: '', closedBy: WORKER, closedAt: at(input.today, 23) };
        const after = computePlan({ ...input, closures: [...input.closures, closure] });
        expect(after.find((i) => i.key === item.key)).toEqual({ ...item, state: 'done', resolvedBy: closure.id });
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order records are held in', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), (input, seed) => {
        const shuffle = <T>(list: readonly T[]) => [...list].map((v, i) => ({ v, k: Math.sin(seed + i) })).sort((a, b) => a.k - b.k).map(({ v }) => v);
        const again = computePlan({ ...input, visits: shuffle(input.visits), events: shuffle(input.events), closures: shuffle(input.closures), campaigns: shuffle(input.campaigns) });
        expect(again).toEqual(computePlan(input));
      }),
      { numRuns: 200 },
    );
  });
});
