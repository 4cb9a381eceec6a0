import { Locale as VantLocale } from 'vant';
import vantEnUS from 'vant/es/locale/lang/en-US';
import vantZhCN from 'vant/es/locale/lang/zh-CN';
import { createI18n } from 'vue-i18n';
import { LATER_MESSAGES, LAZY_MESSAGES, MESSAGES } from './messages';
import type { MessageSchema } from './zh-CN';

export { MESSAGES };

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'zh-CN';

/** The language is a device preference, not personal data: localStorage is enough and is read synchronously at boot. */
const STORAGE_KEY = 'doorstep.locale';

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export function savedLocale(): AppLocale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isAppLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** The app's i18n instance as far as a locale loaded later needs it. */
let appI18n: {
  has(locale: AppLocale): boolean;
  add(locale: AppLocale, messages: MessageSchema): void;
  merge(locale: AppLocale, messages: Partial<MessageSchema>): void;
} | null = null;

let later: Promise<void> | null = null;

/**
 * zh-CN's sections for the screens after the roster (messages.ts, LATER_SECTIONS), which the build leaves out of
 * the first screen's script: loaded once, from their precached chunk (offline too). Every screen loaded by route
 * and every component loaded after the roster waits for them (withScreenMessages), so none shows a bare key.
 * Resolves at once where nothing was split off (tests, the dev server).
 */
export function screenMessages(): Promise<void> {
  later ??= Promise.all(
    Object.entries(LATER_MESSAGES).map(async ([locale, load]) => {
      const messages = await load();
      if (appI18n === null) throw new Error('screenMessages() before createAppI18n()');
      appI18n.merge(locale as AppLocale, messages);
    }),
  ).then(
    () => undefined,
    (error: unknown) => {
      // A failed chunk load may succeed later (an update replaced the files): the next screen asks again.
      later = null;
      throw error;
    },
  );
  return later;
}

/** A chunk loaded after the first screen, once the texts it shows are there too. */
export function withScreenMessages<T>(load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([load(), screenMessages()]).then(([loaded]) => loaded);
}

/** Adds a locale's messages when the build left them out of the first screen (English): from its precached chunk. */
async function ensureMessages(locale: AppLocale): Promise<void> {
  const load = LAZY_MESSAGES[locale];
  const i18n = appI18n;
  if (load === undefined || i18n === null || i18n.has(locale)) return;
  i18n.add(locale, await load());
}

export function createAppI18n(locale: AppLocale = DEFAULT_LOCALE) {
  applyToPage(locale);
  const i18n = createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: MESSAGES as Record<AppLocale, MessageSchema>,
    missingWarn: false,
    fallbackWarn: false,
  });
  appI18n = {
    has: (name) => i18n.global.availableLocales.includes(name),
    add: (name, messages) => i18n.global.setLocaleMessage(name, messages),
    merge: (name, messages) => i18n.global.mergeLocaleMessage(name, messages),
  };
  // zh-CN (the fallback) shows until English has loaded, a moment on the first start in English.
  // Should the chunk not load, zh-CN stays: readable, and the choice is kept for the next start.
  ensureMessages(locale).catch(() => undefined);
  return i18n;
}

/** Takes the composer's locale ref (useI18n().locale) so components can switch without the i18n instance. */
export function switchLocale(current: { value: string }, locale: AppLocale): void {
  if (LAZY_MESSAGES[locale] !== undefined && appI18n?.has(locale) === false) {
    // Offline too: the locale's chunk is precached.
    ensureMessages(locale).then(
      () => switchLocale(current, locale),
      () => undefined,
    );
    return;
  }
  current.value = locale;
  applyToPage(locale);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode may refuse storage; the switch still applies to this visit.
  }
}

/** Vant's own texts (dialog buttons, pull-refresh hints) and the page language follow the app. */
function applyToPage(locale: AppLocale): void {
  if (locale === 'en') VantLocale.use('en-US', vantEnUS);
  else VantLocale.use('zh-CN', vantZhCN);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
