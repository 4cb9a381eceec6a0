import { showConfirmDialog } from 'vant';
import { useI18n } from 'vue-i18n';
import { formatYuan, handoverPayments, type CashHandover, type DuesPayment } from '../../domain';
import { useLedgerStore } from '../stores/ledger-store';

/**
 * Naming each member and amount a cash handover lists, and confirming it only after the confirming side has seen
 * the count and the counted total (docs/DOMAIN.md §3.12): a confirmation is a record that cannot be taken back,
 * and one stray tap once confirmed cash nobody had counted (issue 13).
 */
export function useHandoverConfirm(memberName: (memberId: string) => string) {
  const { t } = useI18n();
  const ledger = useLedgerStore();

  /** "张晓明 25.00 元 · 李建国 50.00 元": whose money the handover holds, in its own order. */
  function membersLine(handover: Pick<CashHandover, 'paymentIds'>, payments: readonly DuesPayment[]): string {
    return handoverPayments(handover, payments)
      .map((p) => t('ledger.handover.member', { name: memberName(p.memberId), amount: formatYuan(p.amountFen) }))
      .join(' · ');
  }

  /** Asks first; records the confirmation only on 确认无误. Returns whether it was recorded. */
  async function confirm(handover: CashHandover, payments: readonly DuesPayment[], side: 'secretary' | 'worker', who: string): Promise<boolean> {
    try {
      await showConfirmDialog({
        title: t(side === 'secretary' ? 'ledger.handover.confirmTitleSecretary' : 'ledger.handover.confirmTitleWorker'),
        message: t('ledger.handover.confirmMessage', {
          who,
          month: handover.month,
          count: handover.paymentIds.length,
          amount: formatYuan(handover.countedFen),
          members: membersLine(handover, payments),
        }),
        confirmButtonText: t('ledger.handover.confirmYes'),
        cancelButtonText: t('common.cancel'),
      });
    } catch {
      return false;
    }
    await ledger.confirmHandover(handover);
    return true;
  }

  return { membersLine, confirm };
}
