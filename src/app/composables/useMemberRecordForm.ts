import { showToast } from 'vant';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import type { OutboxRow } from '../db/database';
import { useRecordsStore } from '../stores/records-store';

/**
 * What the forms recording something about a member (a visit, 党费, a consent or a health note) share: the
 * refused entry a form was opened to fix, if any, and the way out — saved, said so, back on the member's page.
 */
export function useMemberRecordForm(memberId: () => string) {
  const { t } = useI18n();
  const router = useRouter();
  const records = useRecordsStore();

  /** The refused entry being fixed: its record prefills the form, and the new record takes its place. */
  const fixing = ref<OutboxRow | null>(null);
  const submitting = ref(false);

  /** Opens the entry `seq` for fixing if it is still refused and this form makes its kind of record (`fits`). */
  async function startFix(seq: number, fits: (entry: OutboxRow) => boolean): Promise<OutboxRow | null> {
    const entry = await records.rejectedEntry(seq);
    if (entry === null || !fits(entry)) return null;
    fixing.value = entry;
    return entry;
  }

  /**
   * Back to the member's page. Opened from it, the form steps back in history, so the page is there once: a
   * second entry would take two taps of 返回 per saved record to reach the roster (issue 13). Opened from
   * elsewhere (a bookmark, the list of refused records), the form's entry becomes the member's page.
   */
  function back(): Promise<unknown> {
    const memberPage = router.resolve({ name: 'member', params: { id: memberId() } });
    if (router.options.history.state?.back !== memberPage.fullPath) return router.replace(memberPage);
    return new Promise<void>((resolve) => {
      const stop = router.afterEach(() => {
        stop();
        resolve();
      });
      router.back();
    });
  }

  /**
   * Records a new `type` record through `write`, handing it the seq of the entry it replaces (the one being
   * fixed, if it is of this type and still refused; see the records store), says `saved`, and goes back.
   */
  async function save(type: OutboxRow['type'], write: (replacing: number | undefined) => Promise<void>, saved: string): Promise<void> {
    submitting.value = true;
    try {
      await write(await records.replaceableSeq(fixing.value, type));
      showToast(t(saved));
      await back();
    } finally {
      submitting.value = false;
    }
  }

  return { fixing, submitting, startFix, save, back };
}
