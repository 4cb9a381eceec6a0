import { db } from '../db/database';
import { lock } from './vault';

/**
 * Everything this app keeps in the browser goes (issue 14 §3, after the server asked and the unsent records were
 * pushed): the database with its keyring, the service worker's caches and its registration, local settings. The
 * next start fetches the app again, as on a new phone.
 */
export async function destroyDeviceData(): Promise<void> {
  lock();
  await db.delete();
  if ('caches' in globalThis) {
    for (const name of await caches.keys()) await caches.delete(name);
  }
  const registrations = (await navigator.serviceWorker?.getRegistrations?.()) ?? [];
  await Promise.all(registrations.map((registration) => registration.unregister()));
  localStorage.clear();
  sessionStorage.clear();
}
