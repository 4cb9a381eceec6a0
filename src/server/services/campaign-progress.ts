import {
  Campaign,
  DomainError,
  addDays,
  campaignAsOf,
  countsInCampaign,
  dayInShanghai,
  festivalVisitCounts,
  settingsForBranch,
  shanghaiDay,
  type CampaignDelivered,
  type CampaignProgress,
  type User,
  type Visit,
} from '../../domain';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';
import { amendedVisits, communitySettings, coverageBranches, coverageWorkers, primaryWorkers, scopeMembers, type CoverageScope } from './coverage-facts';

/**
 * A festival campaign's progress (docs/DOMAIN.md §9) for the administrator of its community: of the members its
 * cohort holds, how many a festival visit answered (festivalVisitCounts: one naming the campaign, or naming none
 * on a day it was open, that reached the member), per worker (the member's primary worker) and per branch, and
 * what those visits delivered. Another community's campaign is 404, like one that does not exist.
 */
export async function campaignProgress(db: Db, admin: User, campaignId: string, now: string = nowIso()): Promise<CampaignProgress> {
  const row = await db.selectFrom('campaigns').select('data').where('id', '=', campaignId).where('community_id', '=', admin.communityId).executeTakeFirst();
  if (row === undefined) throw new DomainError('NOT_FOUND');
  const campaign = Campaign.parse(JSON.parse(row.data));
  const asOf = campaignAsOf(campaign, dayInShanghai(now));
  const scope: CoverageScope = { communityId: admin.communityId, branchId: null };
  // Pairings as they stood at the end of the day the progress is read on (now, while the campaign runs).
  const endOfAsOf = `${asOf}T16:00:00.000Z`;
  const pairedAt = now < endOfAsOf ? now : endOfAsOf;
  const [members, settings, workerOf, visits, branches] = await Promise.all([
    scopeMembers(db, scope),
    communitySettings(db, scope.communityId),
    primaryWorkers(db, scope, pairedAt),
    festivalVisits(db, campaign),
    coverageBranches(db, scope),
  ]);

  // Each member's visits that answer the campaign.
  const answered = new Map<string, Visit[]>();
  for (const visit of visits) {
    if (!festivalVisitCounts(campaign, visit, shanghaiDay(visit.occurredAt))) continue;
    answered.set(visit.memberId, [...(answered.get(visit.memberId) ?? []), visit]);
  }

  const none = () => ({ cohort: 0, visited: 0, delivered: { items: 0, cashFen: 0 } });
  const total = none();
  const byWorker = new Map<string, ReturnType<typeof none>>();
  const byBranch = new Map<string, ReturnType<typeof none>>();
  for (const { id, branchId, member } of members) {
    const own = answered.get(id) ?? [];
    const advancedAge = settingsForBranch(branchId, settings).advancedAge;
    if (!countsInCampaign(campaign, member, asOf, advancedAge, own.length > 0)) continue;
    const lines = [total];
    const workerId = workerOf.get(id);
    if (workerId !== undefined) lines.push(lineOf(byWorker, workerId, none));
    if (branchId !== null) lines.push(lineOf(byBranch, branchId, none));
    for (const line of lines) {
      line.cohort += 1;
      if (own.length > 0) line.visited += 1;
      for (const visit of own) addDelivered(line.delivered, visit);
    }
  }

  const workers = (await coverageWorkers(db, scope, new Set(byWorker.keys()))).filter((w) => byWorker.has(w.id));
  return {
    campaignId: campaign.id,
    asOf,
    ...total,
    workers: workers.map((w) => ({ workerId: w.id, name: w.name, ...byWorker.get(w.id)! })),
    branches: branches.filter((b) => byBranch.has(b.id)).map((b) => ({ branchId: b.id, name: b.name, ...byBranch.get(b.id)! })),
  };
}

function lineOf<T>(lines: Map<string, T>, key: string, make: () => T): T {
  let line = lines.get(key);
  if (line === undefined) lines.set(key, (line = make()));
  return line;
}

/** Every item handed over counts; 慰问金 adds its amount in fen. */
function addDelivered(delivered: CampaignDelivered, visit: Visit): void {
  for (const item of visit.itemsDelivered) {
    delivered.items += 1;
    if (item.kind === 'cash' && item.amountFen !== null) delivered.cashFen += item.amountFen;
  }
}

/**
 * The community's festival visits that may answer the campaign — those naming it, and those naming none made in
 * its window (Shanghai days) — except visits an amendment replaced. festivalVisitCounts has the last word.
 */
async function festivalVisits(db: Db, campaign: Campaign): Promise<Visit[]> {
  // Two reads, each on its index: by the campaign (visits_campaign), and the window's visits of each member
  // (visits_member_time, the type read from the index) of which only the festival ones are fetched.
  const [amended, named, unnamed] = await Promise.all([
    amendedVisits(db),
    db.selectFrom('visits').select(['id', 'data']).where('campaign_id', '=', campaign.id).where('visit_type', '=', 'festival').execute(),
    db
      .selectFrom('members')
      .crossJoin('visits')
      .whereRef('visits.member_id', '=', 'members.id')
      .select(['visits.id', 'visits.data'])
      .where('members.community_id', '=', campaign.communityId)
      .where('visits.occurred_at', '>=', `${addDays(campaign.startsOn, -1)}T16:00:00.000Z`)
      .where('visits.occurred_at', '<', `${campaign.endsOn}T16:00:00.000Z`)
      .where('visits.visit_type', '=', 'festival')
      .where('visits.campaign_id', 'is', null)
      .execute(),
  ]);
  return [...named, ...unnamed].filter((row) => !amended.has(row.id)).map((row) => JSON.parse(row.data) as Visit);
}
