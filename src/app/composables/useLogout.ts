import { showConfirmDialog } from 'vant';
import { storeToRefs } from 'pinia';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { useDeviceStore } from '../stores/device-store';
import { useSessionStore } from '../stores/session-store';
import { useSyncStore } from '../stores/sync-store';
import { lifeboatFileName, lifeboatOfOutbox } from '../vault/lifeboat-export';

/**
 * Logging out clears the device, so nothing unsent may be on it (issue 14 §4): the app first syncs; what still
 * waits (offline, or refused) goes into a lifeboat file only the server can read, for an administrator to import
 * through the push — and only then is the device cleared. Nothing is ever simply deleted.
 */
export function useLogout() {
  const { t } = useI18n();
  const router = useRouter();
  const session = useSessionStore();
  const sync = useSyncStore();
  const { online } = storeToRefs(useDeviceStore());
  const loggingOut = ref(false);

  function ask(title: string, message: string, confirmButtonText: string): Promise<boolean> {
    return showConfirmDialog({ title, message, confirmButtonText, cancelButtonText: t('common.cancel') }).then(
      () => true,
      () => false,
    );
  }

  /** The outbox as a lifeboat file, downloaded; null when the device has no server key to seal it with. */
  async function exportLifeboat(): Promise<{ file: string; count: number } | null> {
    const file = await lifeboatOfOutbox();
    if (file === null) return null;
    const name = lifeboatFileName(file);
    const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return { file: name, count: file.count };
  }

  /** True when the device may now be cleared: all sent, or carried off in a lifeboat the user confirmed. */
  async function settleUnsent(): Promise<boolean> {
    let count = await sync.unsentCount();
    if (online.value) {
      if (!(await ask(t('sync.logoutUnsentTitle'), t('sync.logoutUnsentMessage', { count }), t('sync.syncNow')))) return false;
      await sync.syncNow();
      count = await sync.unsentCount();
      if (count === 0) return true;
    }
    if (!(await ask(t('sync.logoutLifeboatTitle'), t('sync.logoutLifeboatMessage', { count }), t('sync.exportLifeboat')))) return false;
    const exported = await exportLifeboat();
    if (exported === null) {
      await ask(t('sync.logoutLifeboatTitle'), t('sync.lifeboatFailed'), t('common.confirm'));
      return false;
    }
    return ask(t('sync.lifeboatSavedTitle'), t('sync.lifeboatSavedMessage', exported), t('settings.logout'));
  }

  async function logout(): Promise<void> {
    if (!online.value) {
      // Offline, the roster cannot come back until there is a network again: ask before clearing it.
      if (!(await ask(t('settings.logoutOfflineTitle'), t('settings.logoutOfflineMessage'), t('common.confirm')))) return;
    }
    loggingOut.value = true;
    try {
      if ((await session.logout()) === 'unsent') {
        if (!(await settleUnsent())) return;
        // Sent since, or carried in the lifeboat the user has: the device may be cleared now.
        await session.logout({ discardUnsent: true });
      }
      await router.replace({ name: 'login' });
    } finally {
      loggingOut.value = false;
    }
  }

  return { logout, loggingOut };
}
