import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computePlan, type PlanItem } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { closeFollowUp, planRecords, recordMemberEvent } from '../../src/app/repositories/plan-repository';
import { submitVisit } from '../../src/app/repositories/visit-repository';
import { PlanTracker } from '../../src/app/stores/plan-tracker';
import { resetDevice } from './support/app-harness';
import { LI_JIANGUO, ROSTER, WANG_XIUYING, ZHANG_XIAOMING, makeUser, uuid } from './support/fixtures';
import { campaign, seedPulled } from './support/plan-seed';
import { makeVisit } from './support/records';
import { seedRoster, seedSession } from './support/seed';

/**
 * The tracker reads only the rows a write touched and recomputes only their members: whatever happens on the
 * device, its plan must be the one computePlan gives over everything read afresh.
 */
const TODAY = '2026-03-10';
const sorted = (items: readonly PlanItem[]) => [...items].sort((a, b) => (a.key < b.key ? -1 : 1));

async function fullPlan(): Promise<PlanItem[]> {
  return sorted(computePlan({ today: TODAY, ...(await planRecords()) }));
}

let tracker: PlanTracker;
let updates = 0;

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
  updates = 0;
  tracker = new PlanTracker(TODAY, () => updates++);
  await tracker.start();
});
afterEach(() => tracker.stop());

describe('PlanTracker', () => {
  it('starts with the plan of everything on the device', async () => {
    expect(sorted(tracker.items())).toEqual(await fullPlan());
    expect(tracker.items().length).toBeGreaterThan(0);
  });

  it('follows a visit, an event and a closure written here, a refusal, a pulled campaign and a member leaving', async () => {
    const visit = makeVisit(1, { memberId: ZHANG_XIAOMING.id, occurredAt: '2026-03-09T02:00:00.000Z', recordedAt: '2026-03-09T03:00:00.000Z', followUps: [{ what: '修灯', owner: '刘芳', deadline: '2026-03-10', status: 'open' }] });
    await submitVisit(visit);
    await tracker.settled();
    expect(sorted(tracker.items())).toEqual(await fullPlan());
    expect(tracker.items().some((i) => i.memberId === ZHANG_XIAOMING.id && i.reason === 'cadence' && i.state === 'done')).toBe(true);

    await recordMemberEvent({ id: uuid(0xe1), memberId: LI_JIANGUO.id, kind: 'hospitalised', occurredOn: '2026-03-09', note: '', recordedBy: makeUser().id, recordedAt: '2026-03-10T01:00:00.000Z' });
    await closeFollowUp({ id: uuid(0xe2), memberId: ZHANG_XIAOMING.id, visitId: visit.id, index: 0, note: '', closedBy: makeUser().id, closedAt: '2026-03-10T01:00:00.000Z' });
    await tracker.settled();
    expect(sorted(tracker.items())).toEqual(await fullPlan());

    // The server refused the visit: it resolved nothing after all.
    await db.visits.update(visit.id, { syncState: 'rejected' });
    await tracker.settled();
    expect(sorted(tracker.items())).toEqual(await fullPlan());

    await seedPulled([{ entity: 'campaign', data: campaign() }]);
    await db.members.delete(WANG_XIUYING.id);
    await tracker.settled();
    expect(sorted(tracker.items())).toEqual(await fullPlan());
    expect(tracker.items().some((i) => i.memberId === WANG_XIUYING.id)).toBe(false);
    expect(tracker.items().some((i) => i.reason === 'campaign')).toBe(true);

    // A logout clears the device: nothing is left.
    await Promise.all(db.tables.map((table) => table.clear()));
    await tracker.settled();
    expect(tracker.items()).toEqual([]);
  });

  it('agrees with a full recomputation after any sequence of visits', async () => {
    const memberIds = ROSTER.map((m) => m.id);
    let n = 100;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            member: fc.integer({ min: 0, max: memberIds.length - 1 }),
            daysBack: fc.integer({ min: 0, max: 120 }),
            type: fc.constantFrom('regular' as const, 'phone' as const, 'sick' as const),
            outcome: fc.constantFrom('met' as const, 'in_hospital' as const, 'not_home' as const),
            refused: fc.boolean(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (writes) => {
          for (const w of writes) {
            const day = new Date(Date.parse(`${TODAY}T02:00:00.000Z`) - w.daysBack * 86_400_000).toISOString();
            const visit = makeVisit(n++, {
              memberId: memberIds[w.member]!,
              type: w.type,
              templateId: w.type,
              outcome: w.type === 'phone' && w.outcome === 'not_home' ? 'met' : w.outcome,
              homeSafety: null,
              occurredAt: day,
              recordedAt: day,
            });
            await submitVisit(visit);
            if (w.refused) await db.visits.update(visit.id, { syncState: 'rejected' });
          }
          await tracker.settled();
          expect(sorted(tracker.items())).toEqual(await fullPlan());
        },
      ),
      { numRuns: 15 },
    );
  });
});
