import { z } from 'zod';
import { Id, IsoInstant } from './common';
import { Member } from './member';
import { Organisation } from './organisation';
import { Pairing } from './pairing';
import { Password, User, Username } from './user';

/** Request and response shapes of the REST API; the server validates with them and the app parses with them. */

export const LoginRequest = z.object({
  username: Username,
  // A login only checks the password; length rules belong to setting one.
  password: z.string().min(1, { error: '请输入密码' }).max(128, { error: '密码不能超过 128 个字符' }),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  token: z.string().min(32),
  expiresAt: IsoInstant,
  user: User,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/**
 * Someone else working in the user's community, by name only: the ledger names who collected a payment and
 * who confirmed a handover, on the tablet and offline.
 */
export const Colleague = z.object({
  id: Id,
  displayName: User.shape.displayName,
  role: User.shape.role,
});
export type Colleague = z.infer<typeof Colleague>;

export const MeResponse = z.object({
  user: User,
  organisations: z.array(Organisation),
  colleagues: z.array(Colleague).default([]),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const ROSTER_PAGE_MAX = 500;

export const RosterQuery = z.object({
  cursor: Id.optional(),
  limit: z.coerce
    .number({ error: '必须是数字' })
    .int({ error: '必须是整数' })
    .min(1, { error: '至少为 1' })
    .max(ROSTER_PAGE_MAX, { error: `不能超过 ${ROSTER_PAGE_MAX}` })
    .default(200),
});
export type RosterQuery = z.infer<typeof RosterQuery>;

/** Members come in pages ordered by id so a first download can show progress (received of total). */
export const RosterPage = z.object({
  members: z.array(Member),
  pairings: z.array(Pairing),
  total: z.number().int().min(0),
  nextCursor: Id.nullable(),
});
export type RosterPage = z.infer<typeof RosterPage>;

export const HealthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
  time: IsoInstant,
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const CreateUserRequest = z.object({
  username: Username,
  password: Password,
  displayName: User.shape.displayName,
  role: User.shape.role,
});
