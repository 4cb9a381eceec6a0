/**
 * 在册 · 外出 · 已故 · 转出 (docs/DOMAIN.md). A plain list, apart from member.ts's schemas: the roster's filters
 * are on the first screen, which loads no zod (issue 13's load budget).
 */
export const MEMBER_STATUSES = ['active', 'away', 'deceased', 'transferred'] as const;
