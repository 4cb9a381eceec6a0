import { z } from 'zod';
import { Id, IsoDate, IsoInstant, YearMonth } from './common';
import { VisitTier } from './plan/visit-settings';

/**
 * Coverage (月探访率, docs/DOMAIN.md §9) and festival campaigns' progress as the server answers them (issue 12).
 * Every count is of members, never of visits. The administrator sees their community; a branch secretary sees
 * their own branch (the `community` totals are then the branch's); a worker is refused (403).
 *
 *   GET /api/coverage?month=YYYY-MM                       → Coverage (the contract other tools read: keep it stable)
 *   GET /api/coverage/history?month=YYYY-MM&months=1..24  → CoverageHistory (the scope's totals, month by month)
 *   GET /api/coverage/not-visited?month=YYYY-MM           → NotVisitedList (members due and not visited in person)
 *   GET /api/admin/campaigns/:id/progress                 → CampaignProgress (admin; 404 outside the community)
 *
 * A month is a Shanghai calendar month, no later than the current one; anything else is 400 VALIDATION_FAILED.
 */

export const CoverageQuery = z.object({ month: YearMonth });
export type CoverageQuery = z.infer<typeof CoverageQuery>;

/** Longest history one request may ask for: two years of a chart. */
export const MAX_COVERAGE_HISTORY_MONTHS = 24;

export const CoverageHistoryQuery = z.object({
  /** The last month of the history (the chart's right end). */
  month: YearMonth,
  months: z.coerce.number().int().min(1).max(MAX_COVERAGE_HISTORY_MONTHS).default(12),
});
export type CoverageHistoryQuery = z.infer<typeof CoverageHistoryQuery>;

const Count = z.number().int().min(0);

/**
 * The counts of one line. `members`: in the line's care that month (not gone before it began); `visited`: of
 * them, visited in person in the month (reached, §9) — for a worker, by that worker; `phoned`: reached by phone
 * or video in the month (counted apart); `due`: due a visit in person that month; `overdue`: due, not visited in
 * person, and past the tier's longest interval (by the month's end, or today for the current month).
 * `dueVisited` (beyond the contract): due and visited, so that the rate dueVisited ÷ due never passes 100 %.
 */
export const CoverageCounts = z.object({
  members: Count,
  visited: Count,
  phoned: Count,
  due: Count,
  overdue: Count,
  dueVisited: Count,
});
export type CoverageCounts = z.infer<typeof CoverageCounts>;

/** What a device reported with its last complete pull: how fresh its worker's figure is. */
export const CoverageDevice = z.object({
  lastSyncAt: IsoInstant.nullable(),
  /** Records still in its outbox; null when the app did not say. */
  pending: Count.nullable(),
  oldestPendingAt: IsoInstant.nullable(),
  appVersion: z.string().nullable(),
});
export type CoverageDevice = z.infer<typeof CoverageDevice>;

/** A worker's line: the members whose primary worker they are (pairing in force at the month's end or today). */
export const CoverageWorker = CoverageCounts.extend({
  workerId: Id,
  name: z.string(),
  devices: z.array(CoverageDevice),
});
export type CoverageWorker = z.infer<typeof CoverageWorker>;

export const CoverageBranch = CoverageCounts.extend({
  branchId: Id,
  name: z.string(),
});
export type CoverageBranch = z.infer<typeof CoverageBranch>;

/** The highest tier (§4) against its 100 % target: its members due that month, and how many were visited. */
export const CoverageHighRisk = z.object({ members: Count, visited: Count });
export type CoverageHighRisk = z.infer<typeof CoverageHighRisk>;

export const CoverageTotals = CoverageCounts.extend({ highRisk: CoverageHighRisk });
export type CoverageTotals = z.infer<typeof CoverageTotals>;

export const Coverage = z.object({
  month: YearMonth,
  /** The day the figures are read on: the month's last day, or today (Shanghai) for the current month. */
  asOf: IsoDate,
  workers: z.array(CoverageWorker),
  branches: z.array(CoverageBranch),
  community: CoverageTotals,
});
export type Coverage = z.infer<typeof Coverage>;

export const CoverageHistory = z.object({
  months: z.array(CoverageTotals.extend({ month: YearMonth, asOf: IsoDate })),
});
export type CoverageHistory = z.infer<typeof CoverageHistory>;

/** A member due a visit in person in the month and not visited in person (phoned or not). */
export const NotVisitedMember = z.object({
  memberId: Id,
  name: z.string(),
  branchId: Id.nullable(),
  tier: VisitTier,
  /** The primary worker at the month's end (or today); null: none. */
  workerId: Id.nullable(),
  /** The Shanghai day of the last visit in person before the month; null: none recorded. */
  lastInPersonOn: IsoDate.nullable(),
  phoned: z.boolean(),
  overdue: z.boolean(),
  away: z.boolean(),
});
export type NotVisitedMember = z.infer<typeof NotVisitedMember>;

/** Overdue first, then tier (high, key, general), then the longest without a visit. */
export const NotVisitedList = z.object({
  month: YearMonth,
  asOf: IsoDate,
  members: z.array(NotVisitedMember),
});
export type NotVisitedList = z.infer<typeof NotVisitedList>;

/** Visited ÷ cohort of one line of a campaign's progress. */
export const CampaignProgressLine = z.object({ cohort: Count, visited: Count });

/** What the campaign's visits delivered: how many items, and the 慰问金 in fen. */
export const CampaignDelivered = z.object({ items: Count, cashFen: Count });
export type CampaignDelivered = z.infer<typeof CampaignDelivered>;

/**
 * A campaign's progress (§9): its cohort read on the day asked (its last day once it is over), and the members
 * visited by a festival visit in its window that names it or no campaign. Workers by primary pairing.
 */
export const CampaignProgress = CampaignProgressLine.extend({
  campaignId: Id,
  asOf: IsoDate,
  delivered: CampaignDelivered,
  workers: z.array(CampaignProgressLine.extend({ workerId: Id, name: z.string(), delivered: CampaignDelivered })),
  branches: z.array(CampaignProgressLine.extend({ branchId: Id, name: z.string(), delivered: CampaignDelivered })),
});
export type CampaignProgress = z.infer<typeof CampaignProgress>;
