import { Locale as VantLocale } from 'vant';
import vantEnUS from 'vant/es/locale/lang/en-US';
import vantZhCN from 'vant/es/locale/lang/zh-CN';
import { createI18n } from 'vue-i18n';
import { MESSAGES } from './messages';

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

export function createAppI18n(locale: AppLocale = DEFAULT_LOCALE) {
  applyToPage(locale);
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: MESSAGES,
    missingWarn: false,
    fallbackWarn: false,
  });
}

/** Takes the composer's locale ref (useI18n().locale) so components can switch without the i18n instance. */
export function switchLocale(current: { value: string }, locale: AppLocale): void {
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
