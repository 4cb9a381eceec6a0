import { z } from 'zod';
import { Id, IsoInstant } from './common';
import { Password } from './user';

/**
 * Sessions and one's own password (docs/DOMAIN.md §6): a user lists the places they are signed in and ends
 * any of them; an administrator does the same for the users of their own community (another community's user
 * or session answers 404, as one that does not exist).
 *
 *   GET    /api/me/sessions                            → SessionList (the caller's own)
 *   DELETE /api/me/sessions/:id                        → 204
 *   POST   /api/me/password                            ChangePasswordRequest → 204 (the user's other sessions end)
 *   GET    /api/admin/users/:id/sessions               → SessionList
 *   DELETE /api/admin/users/:id/sessions/:sessionId    → 204
 */

export const SessionInfo = z.object({
  id: Id,
  createdAt: IsoInstant,
  lastUsedAt: IsoInstant,
  expiresAt: IsoInstant,
  /** The browser's User-Agent at login (null for sessions older than the server's update). */
  userAgent: z.string().nullable(),
  /** The client address at login, as the server saw it (the proxy's forwarded address behind TRUST_PROXY=1). */
  address: z.string().nullable(),
  /** The session this request was made with. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** Sessions still valid, the most recently used first. */
export const SessionList = z.object({ sessions: z.array(SessionInfo) });
export type SessionList = z.infer<typeof SessionList>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1, { error: '请输入当前密码' }).max(128, { error: '密码不能超过 128 个字符' }),
  newPassword: Password,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;
