import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DUES_POLICY, type DuesAssessment, type DuesPolicy } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { listAssessmentsOf, policyOf } from '../../src/app/repositories/dues-repository';
import { branchRecords } from '../../src/app/repositories/ledger-repository';
import { resetDevice } from './support/app-harness';
import { BRANCH_ID, ZHANG_XIAOMING, uuid } from './support/fixtures';

/**
 * The device quotes and keeps the books with the terms the server holds: a policy or a 核定 set on the tablet
 * and refused by the server is in force nowhere — the policy gives way to the last one the server confirmed.
 */
beforeEach(async () => {
  await resetDevice();
});

const confirmed: DuesPolicy = { branchId: BRANCH_ID, ...DEFAULT_DUES_POLICY, maxMonthsPerPayment: 3 };
const refused: DuesPolicy = { ...confirmed, maxMonthsPerPayment: 12 };

function assessment(n: number, baseFen: number): DuesAssessment {
  return {
    id: uuid(0xa00 + n),
    memberId: ZHANG_XIAOMING.id,
    branchId: BRANCH_ID,
    year: 2026,
    effectiveFrom: '2026-01',
    baseFen,
    category: 'normal',
    channel: 'this_branch',
    reducedFen: null,
    relief: null,
    assessedAt: `2026-01-0${n}T02:00:00.000Z`,
  };
}

describe('terms the server refused', () => {
  it('a refused policy gives way to the one the server last confirmed, in the quote and in the books', async () => {
    await db.duesPolicies.put({
      id: BRANCH_ID,
      branchId: BRANCH_ID,
      payload: refused,
      syncState: 'rejected',
      rejection: { code: 'VALIDATION_FAILED', message: '提交的数据不正确' },
      confirmedPayload: confirmed,
    } as never);
    expect((await policyOf(BRANCH_ID))?.maxMonthsPerPayment).toBe(3);
    expect((await branchRecords(BRANCH_ID)).policy.maxMonthsPerPayment).toBe(3);

    // Never confirmed before: the domain's default, as on the server.
    await db.duesPolicies.put({ id: BRANCH_ID, branchId: BRANCH_ID, payload: refused, syncState: 'rejected', rejection: null, confirmedPayload: null } as never);
    expect(await policyOf(BRANCH_ID)).toBeNull();
    expect((await branchRecords(BRANCH_ID)).policy.maxMonthsPerPayment).toBe(DEFAULT_DUES_POLICY.maxMonthsPerPayment);
  });

  it('a refused 核定 is not among those the quote chooses from', async () => {
    const kept = assessment(1, 300_000);
    const refusedTerms = assessment(2, 620_000);
    const row = (a: DuesAssessment, syncState: 'confirmed' | 'rejected') => ({
      id: a.id,
      memberId: a.memberId,
      branchId: a.branchId,
      effectiveFrom: a.effectiveFrom,
      at: a.effectiveFrom,
      payload: a,
      syncState,
      rejection: null,
    });
    await db.duesAssessments.bulkPut([row(kept, 'confirmed'), row(refusedTerms, 'rejected')] as never);
    expect(await listAssessmentsOf(ZHANG_XIAOMING.id)).toEqual([kept]);
  });
});
