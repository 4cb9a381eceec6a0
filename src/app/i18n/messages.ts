import { en } from './en';
import { zhCN, type MessageSchema } from './zh-CN';

export type MessageLocale = 'zh-CN' | 'en';

/**
 * Every locale's messages. The build replaces this module (scripts/precompiled-messages.ts) with the messages
 * precompiled, vue-i18n's message compiler left out, and only zh-CN here: English comes from LAZY_MESSAGES, its
 * own chunk (precached), when chosen. Tests and `npm run dev` read both from here as they are.
 */
export const MESSAGES: Partial<Record<MessageLocale, MessageSchema>> = { 'zh-CN': zhCN, en };

/** Locales missing from MESSAGES and how to load them (none outside the build). */
export const LAZY_MESSAGES: Partial<Record<MessageLocale, () => Promise<MessageSchema>>> = {};

/**
 * The sections of zh-CN that only screens after the roster use. The build leaves them out of the first screen's
 * script (issue 13's load budget) and puts them in a chunk of their own (precached), which the app loads after
 * the roster shows and every later screen waits for (i18n/index.ts, screenMessages). A section the roster, the
 * login form or the sync bar use must not be listed here.
 */
export const LATER_SECTIONS = ['member', 'visit', 'health', 'dues', 'registers', 'ledger', 'admin', 'plan', 'visitAdmin', 'audit', 'security'] as const;

/** The later sections of a locale split off by the build, and how to load them (none outside the build). */
export const LATER_MESSAGES: Partial<Record<MessageLocale, () => Promise<Partial<MessageSchema>>>> = {};
