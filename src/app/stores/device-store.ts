import { useOnline } from '@vueuse/core';
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { NetworkError } from '../api/api-error';
import { extendLease } from '../vault/vault';

/** What the device tells about itself: whether the server can be reached, and whether our data is safe from eviction. */
export const useDeviceStore = defineStore('device', () => {
  /** The browser's own idea of its link (the online and offline events). */
  const browserOnline = useOnline();
  /**
   * navigator.onLine only knows about the device's own link: one bar of signal in a stairwell, or a network that
   * lets nothing through, still reads "online". What the last request to the server found is the better guide.
   * Optimistic until a request says otherwise.
   */
  const serverReachable = ref(true);
  const online = computed(() => browserOnline.value && serverReachable.value);
  /** null until asked; false also when the browser has no StorageManager. */
  const persistentStorage = ref<boolean | null>(null);

  // The link came back: worth trying the server again rather than trusting an old failure.
  watch(browserOnline, (linked) => {
    if (linked) serverReachable.value = true;
  });

  /** Called by the stores after each request: any answer, even an error status, means the server is reachable. */
  function noteRequestOutcome(error?: unknown): void {
    serverReachable.value = !(error instanceof NetworkError);
    // The server answered this device: it may stay offline another lease from now (docs/DOMAIN.md §6).
    if (error === undefined) void extendLease().catch(() => undefined);
  }

  async function checkPersistentStorage(): Promise<void> {
    try {
      persistentStorage.value = (await navigator.storage?.persisted?.()) ?? false;
    } catch {
      persistentStorage.value = false;
    }
  }

  /** Without this the browser may evict IndexedDB under storage pressure — and with it unsent visit records. */
  async function requestPersistentStorage(): Promise<void> {
    try {
      persistentStorage.value = (await navigator.storage?.persist?.()) ?? false;
    } catch {
      persistentStorage.value = false;
    }
  }

  return {
    browserOnline,
    serverReachable,
    online,
    persistentStorage,
    noteRequestOutcome,
    checkPersistentStorage,
    requestPersistentStorage,
  };
});
