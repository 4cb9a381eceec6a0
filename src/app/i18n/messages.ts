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
