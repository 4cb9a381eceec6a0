import { randomUUID } from 'node:crypto';
import { Campaign, DomainError, dayInShanghai, parseInput, type CampaignInput, type User } from '../../domain';
import { appendChanges, communityChange } from '../storage/change-log';
import type { Db } from '../storage/tables';
import { nowIso } from './clock';
import { requireBranchOfCommunity } from './community-scope';

/**
 * Festival campaigns (节日慰问, docs/DOMAIN.md §9): opened by the administrator for their community, pulled by
 * every device of it, and open from their start to their end date (Asia/Shanghai) — they close by themselves;
 * cancelling ends one early. A campaign is never deleted: the visits made for it keep naming it.
 */
export async function listCampaigns(db: Db, admin: User): Promise<Campaign[]> {
  const rows = await db
    .selectFrom('campaigns')
    .select('data')
    .where('community_id', '=', admin.communityId)
    .orderBy('starts_on', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => Campaign.parse(JSON.parse(row.data)));
}

export async function createCampaign(db: Db, admin: User, input: CampaignInput): Promise<Campaign> {
  return db.transaction().execute(async (trx) => {
    // A branch's campaign is for a branch of this community (another's: NOT_FOUND, as for one that does not exist).
    if (input.cohort.type === 'branch') await requireBranchOfCommunity(trx, admin.communityId, input.cohort.branchId);
    const now = nowIso();
    const campaign = parseInput(Campaign, { ...input, id: randomUUID(), communityId: admin.communityId, createdBy: admin.id, createdAt: now, cancelledAt: null });
    await appendChanges(trx, [communityChange('campaign', campaign.id, admin.communityId, 'upsert')], now);
    await trx
      .insertInto('campaigns')
      .values({
        id: campaign.id,
        community_id: campaign.communityId,
        starts_on: campaign.startsOn,
        ends_on: campaign.endsOn,
        cancelled_at: null,
        data: JSON.stringify(campaign),
        created_at: now,
      })
      .execute();
    return campaign;
  });
}

/**
 * Ends a campaign early: from now it is no longer open, and the plans drop its items on the next pull. Again:
 * answered as it stands. A campaign already over stays as it was — cancelling it would rewrite what was
 * open when (its progress, the visits made for it).
 */
export async function cancelCampaign(db: Db, admin: User, campaignId: string): Promise<Campaign> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('campaigns').select('data').where('id', '=', campaignId).where('community_id', '=', admin.communityId).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', { message: '未找到该慰问活动' });
    const campaign = Campaign.parse(JSON.parse(row.data));
    if (campaign.cancelledAt !== null) return campaign;
    const now = nowIso();
    if (campaign.endsOn < dayInShanghai(now)) {
      throw new DomainError('VALIDATION_FAILED', { message: `该活动已于 ${campaign.endsOn} 结束，不能再取消` });
    }
    const cancelled: Campaign = { ...campaign, cancelledAt: now };
    await appendChanges(trx, [communityChange('campaign', campaign.id, admin.communityId, 'upsert')], now);
    await trx.updateTable('campaigns').set({ cancelled_at: now, data: JSON.stringify(cancelled) }).where('id', '=', campaign.id).execute();
    return cancelled;
  });
}
