import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordProblem, type PasswordProblem } from './user';

/**
 * The common-password rule of docs/DOMAIN.md §6, on the list that zxcvbn-ts maintains (about 49,000 passwords
 * from breach corpora, ranked by frequency): a password an attacker tries first is refused whatever its length.
 * Imported by its own path, not through the index: only the server and the CLI check it, so the app's bundle
 * does not carry the list.
 */
let common: ReadonlySet<string> | undefined;

/** Compared without regard to case, as the list is lower case and attackers try the capitalised forms too. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common']);
  return common.has(password.trim().toLowerCase());
}

export type NewPasswordProblem = PasswordProblem | 'PASSWORD_COMMON';

/** Every rule for a password being set (by an admin, by its user, by the CLI), the first one broken or null. */
export function newPasswordProblem(password: string): NewPasswordProblem | null {
  return passwordProblem(password) ?? (isCommonPassword(password) ? 'PASSWORD_COMMON' : null);
}
