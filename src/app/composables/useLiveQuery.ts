import { tryOnScopeDispose } from '@vueuse/core';
import { liveQuery, type Subscription } from 'dexie';
import { shallowRef, watch, type ShallowRef, type WatchSource } from 'vue';

/**
 * A Dexie query as a Vue ref that follows the database: Dexie runs the query again whenever a write (in this
 * tab or another) touches what it read, so a pull, a push settling or a record written elsewhere shows
 * without anyone telling the page to reload. `undefined` until the first answer. The query must read through
 * Dexie only (repository functions do).
 *
 * `source`: the query depends on it (a member id from the route): when it changes the query starts over, and
 * the previous answer stays on screen until the new one arrives. Stops with the component or store it was
 * made in.
 */
export function useLiveQuery<T>(query: () => T | Promise<T>, source?: WatchSource): Readonly<ShallowRef<T | undefined>> {
  const result = shallowRef<T | undefined>(undefined);
  let subscription: Subscription | null = null;
  let generation = 0;

  function subscribe(): void {
    subscription?.unsubscribe();
    const mine = ++generation;
    subscription = liveQuery(query).subscribe({
      next: (value) => {
        if (mine === generation) result.value = value;
      },
      // A failed read leaves the last answer on screen; the next write touching the query tries again.
      error: (error: unknown) => console.error('live query failed', error),
    });
  }

  if (source === undefined) subscribe();
  else watch(source, subscribe, { immediate: true });

  tryOnScopeDispose(() => {
    generation += 1;
    subscription?.unsubscribe();
    subscription = null;
  });
  return result;
}
