import { z } from 'zod';
import { Id, ShortText } from './common';
import { ERRORS } from './errors';

export const Role = z.enum(['worker', 'secretary', 'admin']);
export type Role = z.infer<typeof Role>;

export const Username = z
  .string()
  .trim()
  .min(3, { error: '用户名至少 3 个字符' })
  .max(32, { error: '用户名不能超过 32 个字符' })
  .regex(/^[a-zA-Z0-9_.-]+$/, { error: '用户名只能包含字母、数字、下划线、点和连字符' });

/** docs/DOMAIN.md §6: at least this many characters (NIST SP 800-63B asks 8; these accounts open health notes). */
export const PASSWORD_MIN_LENGTH = 10;

export type PasswordProblem = 'PASSWORD_TOO_SHORT' | 'PASSWORD_BLANK';

/**
 * What is wrong with a new password's shape, or null. Counted in characters as people see them (an emoji is
 * one), and spaces alone are no password however many. Whether it is a common password is asked of the list
 * in ./common-passwords, imported by its own path: the server checks it, the app's bundle does not carry it.
 */
export function passwordProblem(password: string): PasswordProblem | null {
  if (password.trim() === '') return 'PASSWORD_BLANK';
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'PASSWORD_TOO_SHORT';
  return null;
}

/** A password being set (not one typed to log in): the shape rules, each refusal with its own error code. */
export const Password = z
  .string()
  .max(128, { error: '密码不能超过 128 个字符' })
  .superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: ERRORS[problem].zh, params: { errorCode: problem } });
  });

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
