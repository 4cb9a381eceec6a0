import { defineStore } from 'pinia';
import { ref } from 'vue';

/** What the device itself tells: network reachability and whether the browser promised to keep our data. */
export const useDeviceStore = defineStore('device', () => {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  /** null until asked; false also when the browser has no StorageManager. */
  const persistentStorage = ref<boolean | null>(null);

  function watchNetwork(): () => void {
    const update = () => {
      online.value = navigator.onLine;
    };
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    update();
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
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

  return { online, persistentStorage, watchNetwork, checkPersistentStorage, requestPersistentStorage };
});
