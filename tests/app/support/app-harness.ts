import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createMemoryHistory, type Router } from 'vue-router';
import App from '../../../src/app/App.vue';
import { db } from '../../../src/app/db/database';
import { createAppI18n, type AppLocale } from '../../../src/app/i18n';
import { createAppRouter } from '../../../src/app/router';
import { setDataKey } from '../../../src/app/vault/data-key';
import { importDataKey, randomBytes } from '../../../src/app/vault/vault-crypto';

const mounted: VueWrapper[] = [];

/**
 * Unmounting stops the app's timers and its sync engine. Test files call it in afterEach before unstubbing
 * fetch, so that nothing of a finished test can reach the real network.
 */
export function unmountAll(): void {
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
}

/** Every test starts from an empty device and an empty page. */
export async function resetDevice(): Promise<void> {
  unmountAll();
  document.body.innerHTML = '';
  await Promise.all(db.tables.map((table) => table.clear()));
  localStorage.clear();
  // Unlocked, as after a login (a logout or a lock in the test before dropped the key).
  setDataKey(await importDataKey(randomBytes(32)));
}

export interface MountedApp {
  wrapper: VueWrapper;
  router: Router;
  pinia: Pinia;
}

/**
 * Mounts the real App, routes, stores and i18n at a path, as main.ts does. In tests the service worker
 * registration resolves to vite-plugin-pwa's inert development module.
 */
export async function mountAt(path: string, locale: AppLocale = 'zh-CN'): Promise<MountedApp> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const i18n = createAppI18n(locale);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(App, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  mounted.push(wrapper);
  await router.isReady();
  await flushPromises();
  return { wrapper, router, pinia };
}

/** Works on the whole app or on one element found in it. */
export function texts(wrapper: { findAll(selector: string): { text(): string }[] }, selector: string): string[] {
  return wrapper.findAll(selector).map((node) => node.text().trim());
}
