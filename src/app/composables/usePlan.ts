import { storeToRefs } from 'pinia';
import { useI18n } from 'vue-i18n';
import type { RouteLocationRaw } from 'vue-router';
import { FollowUpClosure, MemberEvent, daysBetween, type PlanItem } from '../../domain';
import { closeFollowUp, recordMemberEvent } from '../repositories/plan-repository';
import { usePlanStore } from '../stores/plan-store';
import { useSessionStore } from '../stores/session-store';
import { useSyncStore } from '../stores/sync-store';

/**
 * The plan as the worker reads and acts on it: each item's reason and window in words (zh-CN first), where
 * recording it leads, and marking a follow-up done (a FollowUpClosure through the outbox: the item turns done
 * at once, offline, and the closure reaches the server with the next sync).
 */
export function usePlan() {
  const store = usePlanStore();
  const { today, tabs, counts, loaded, membersById } = storeToRefs(store);
  const session = useSessionStore();
  const { t } = useI18n();

  function reasonText(item: PlanItem): string {
    switch (item.reason) {
      case 'cadence':
        return t('plan.reason.cadence', { tier: t(`plan.tier.${item.tier ?? 'general'}`) });
      case 'event':
        return t('plan.reason.event', { detail: t(`plan.event.kind.${item.detail ?? 'other'}`) });
      case 'follow_up':
      case 'campaign':
      case 'birthday':
        return t(`plan.reason.${item.reason}`, { detail: item.detail ?? '' });
      default:
        return t(`plan.reason.${item.reason}`);
    }
  }

  /** Where the item stands against today: overdue by n days, due today, due by a day, or opening later. */
  function windowText(item: PlanItem): string {
    const day = today.value;
    if (item.state !== 'open') return t(`plan.state.${item.state}`);
    if (item.due < day) return t('plan.window.overdue', { n: daysBetween(item.due, day) });
    if (item.due === day) return t('plan.window.dueToday');
    if (item.from > day) return t('plan.window.from', { date: item.from });
    return t('plan.window.dueOn', { date: item.due });
  }

  /** The visit form, opened on the type that resolves the item (a call for a phone item, 节日慰问 for a campaign). */
  function recordRoute(item: PlanItem): RouteLocationRaw | null {
    const type = item.resolvedByTypes[0];
    if (type === undefined) return null;
    return { name: 'visit', params: { id: item.memberId }, query: { type } };
  }

  /**
   * A follow-up item names its visit as source and the follow-up's position in the key's part (`…#<index>:…`,
   * plan-context.ts's itemKey): the closure needs both.
   */
  function followUpOf(item: PlanItem): { visitId: string; index: number } | null {
    if (item.reason !== 'follow_up' || item.source?.kind !== 'visit') return null;
    const match = item.key.match(new RegExp(`:visit:${item.source.id}#(\\d+):`));
    return match ? { visitId: item.source.id, index: Number(match[1]) } : null;
  }

  async function markDone(item: PlanItem, note: string): Promise<void> {
    const target = followUpOf(item);
    const user = session.user;
    if (target === null || !user) return;
    await closeFollowUp(
      FollowUpClosure.parse({
        id: crypto.randomUUID(),
        memberId: item.memberId,
        visitId: target.visitId,
        index: target.index,
        note: note.trim(),
        closedBy: user.id,
        closedAt: new Date().toISOString(),
      }),
    );
    await useSyncStore().noteWrite();
  }

  /** 四必访: an event recorded here calls for its visit in the plan at once (住院 → a sick visit). */
  async function recordEvent(event: Omit<MemberEvent, 'id' | 'recordedBy' | 'recordedAt'>): Promise<void> {
    const user = session.user;
    if (!user) return;
    await recordMemberEvent(MemberEvent.parse({ ...event, id: crypto.randomUUID(), recordedBy: user.id, recordedAt: new Date().toISOString() }));
    await useSyncStore().noteWrite();
  }

  return {
    today,
    tabs,
    counts,
    loaded,
    isWorker: () => store.isWorker,
    memberOf: (id: string) => membersById.value.get(id) ?? null,
    itemsOf: (memberId: string) => store.itemsOf(memberId),
    reasonText,
    windowText,
    recordRoute,
    followUpOf,
    markDone,
    recordEvent,
  };
}
