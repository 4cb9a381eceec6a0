import { shallowRef, watch, type Ref, type ShallowRef } from 'vue';

/** The pinyin search (src/domain/name-search.ts, with pinyin-pro's dictionary). */
export type NameSearch = typeof import('../../domain/name-search');

const loadedSearch = shallowRef<NameSearch | null>(null);
let loading: Promise<NameSearch> | null = null;

/**
 * pinyin-pro's dictionary is the largest part of the app after exceljs: it comes in its own chunk (precached by
 * the service worker, so offline too) when someone first types a search, not with the roster's first screen.
 */
export function loadNameSearch(): Promise<NameSearch> {
  loading ??= import('../../domain/name-search').then(
    (loaded) => (loadedSearch.value = loaded),
    (error: unknown) => {
      // A failed load (an update replaced the chunk) is tried again on the next keystroke.
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The search module once loaded (null before): loaded when `query` first holds text. */
export function useNameSearch(query: Ref<string>): Readonly<ShallowRef<NameSearch | null>> {
  watch(
    query,
    (text) => {
      if (text.trim() !== '') loadNameSearch().catch(() => undefined);
    },
    { immediate: true },
  );
  return loadedSearch;
}
