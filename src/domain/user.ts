import { z } from 'zod';
import { Id, ShortText } from './common';

export const Role = z.enum(['worker', 'secretary', 'admin']);
export type Role = z.infer<typeof Role>;

export const Username = z
  .string()
  .trim()
  .min(3, { error: '用户名至少 3 个字符' })
  .max(32, { error: '用户名不能超过 32 个字符' })
  .regex(/^[a-zA-Z0-9_.-]+$/, { error: '用户名只能包含字母、数字、下划线、点和连字符' });

export const Password = z
  .string()
  .min(8, { error: '密码至少 8 个字符' })
  .max(128, { error: '密码不能超过 128 个字符' });

/** What the server tells about a user; never the password hash. */
export const User = z
  .object({
    id: Id,
    username: Username,
    displayName: ShortText(32),
    role: Role,
    communityId: Id,
    /** Secretaries keep one branch's ledgers; workers and admins have none. */
    branchId: Id.nullable(),
  })
  .superRefine((u, ctx) => {
    if (u.role === 'secretary' && u.branchId === null) {
      ctx.addIssue({ code: 'custom', path: ['branchId'], message: '支部书记必须属于一个党支部' });
    }
  });
export type User = z.infer<typeof User>;
