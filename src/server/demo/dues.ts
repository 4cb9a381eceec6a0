import { randomUUID } from 'node:crypto';
import { DEFAULT_DUES_POLICY, collectionMonth, type DuesAssessment, type Member } from '../../domain';
import { addDuesAssessments, saveDuesPolicy } from '../services/dues-terms';
import type { Db } from '../storage/tables';
import type { Random } from './prng';

/**
 * The demo's dues year is the year it is started in (Beijing time), so the secretary's screens, which open on
 * the current year, show living books and workers can collect this month's dues.
 */
export function demoDuesYear(now: Date = new Date()): number {
  return Number(collectionMonth(now.toISOString()).slice(0, 4));
}

/**
 * The established branch's terms for the demo year: bases spread over 3,000–9,000 元, including the cliff
 * at exactly 5,000.00 and 5,000.01 元, three members on the fixed 0.2 元 and one exempt. Members of the
 * non-established branch pay at their old work unit (channel original_unit).
 */
export function demoAssessments(random: Random, members: readonly Member[], establishedBranchId: string, year: number): DuesAssessment[] {
  const partyMembers = members.filter((m) => m.isPartyMember && m.branchId !== null);
  let established = 0;
  return partyMembers.map((member): DuesAssessment => {
    const base = {
      id: randomUUID(),
      memberId: member.id,
      branchId: member.branchId ?? establishedBranchId,
      year,
      effectiveFrom: `${year}-01`,
      reducedFen: null,
      relief: null,
    };
    if (member.branchId !== establishedBranchId) {
      return { ...base, baseFen: random.int(300_000, 900_000), category: 'normal', channel: 'original_unit' };
    }
    const terms = establishedTerms(established++, random);
    return { ...base, baseFen: random.int(300_000, 900_000), category: 'normal', channel: 'this_branch', ...terms };
  });
}

/** The n-th party member of the established branch: a few fixed positions show the rule's edge cases. */
function establishedTerms(position: number, random: Random): Partial<DuesAssessment> {
  switch (position) {
    case 1:
      return { baseFen: 500_000 };
    case 2:
      return { baseFen: 500_001 };
    case 3:
    case 5:
    case 8:
      return { baseFen: random.int(150_000, 250_000), category: 'fixed' };
    case 6:
      return { baseFen: random.int(150_000, 250_000), category: 'exempt' };
    default:
      return {};
  }
}

/** Idempotent: does nothing when the branch already has its policy (then its assessments exist too). */
export async function seedDemoDues(db: Db, members: readonly Member[], establishedBranchId: string, random: Random, year: number): Promise<boolean> {
  const existing = await db.selectFrom('dues_policies').select('branch_id').where('branch_id', '=', establishedBranchId).executeTakeFirst();
  if (existing) return false;
  await saveDuesPolicy(db, { branchId: establishedBranchId, ...DEFAULT_DUES_POLICY });
  await addDuesAssessments(db, demoAssessments(random, members, establishedBranchId, year));
  return true;
}
