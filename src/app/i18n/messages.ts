import { en } from './en';
import { zhCN, type MessageSchema } from './zh-CN';

/**
 * Every locale's messages. The build replaces this module with the same messages precompiled
 * (scripts/precompiled-messages.ts), so vue-i18n's message compiler is not shipped; tests and `npm run dev` read it as is.
 */
export const MESSAGES: Record<'zh-CN' | 'en', MessageSchema> = { 'zh-CN': zhCN, en };
