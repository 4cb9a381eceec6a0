import { describe, expect, it } from 'vitest';
import { AdminSetPassword, CreateUserRequest, PASSWORD_MIN_LENGTH, Password, parseInput, passwordProblem, validationError, DomainError } from '../../src/domain';
import { isCommonPassword, newPasswordProblem } from '../../src/domain/common-passwords';

/** docs/DOMAIN.md §6: a password being set has at least 10 characters, is not spaces alone, and is not a common one. */
describe('password rules', () => {
  it('refuses spaces alone, however many, and fewer than 10 characters', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(passwordProblem(' '.repeat(8))).toBe('PASSWORD_BLANK');
    expect(passwordProblem(' '.repeat(20))).toBe('PASSWORD_BLANK');
    expect(passwordProblem('\t \u3000 \n')).toBe('PASSWORD_BLANK');
    expect(passwordProblem('')).toBe('PASSWORD_BLANK');
    expect(passwordProblem('nine-char')).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('ten-chars!')).toBeNull();
    // Counted as people see characters: five emoji are five, not ten UTF-16 units.
    expect(passwordProblem('🔑🔑🔑🔑🔑')).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('银龄上门服务专员走访记录')).toBeNull();
  });

  it('refuses passwords from the common list, in any case, and accepts an uncommon one', () => {
    for (const common of ['1234567890', 'qwertyuiop', 'Password1234', 'PASSWORD123', 'iloveyou12']) {
      expect(isCommonPassword(common), common).toBe(true);
      expect(newPasswordProblem(common), common).toBe('PASSWORD_COMMON');
    }
    expect(isCommonPassword('k7pm-x3qa-9vtc')).toBe(false);
    expect(newPasswordProblem('k7pm-x3qa-9vtc')).toBeNull();
    // The shape rules come first: a short common password is told it is short.
    expect(newPasswordProblem('123456')).toBe('PASSWORD_TOO_SHORT');
  });

  it('gives the schema’s refusal its own code, in Chinese, naming the field', () => {
    const result = AdminSetPassword.safeParse({ password: ' '.repeat(8) });
    expect(result.success).toBe(false);
    const error = validationError(result.error!.issues);
    expect(error.code).toBe('PASSWORD_BLANK');
    expect(error.details).toEqual([{ path: 'password', message: '密码：密码不能只有空格' }]);
    expect(() => parseInput(CreateUserRequest, { username: 'li.wei', password: 'short', displayName: '李伟', role: 'worker' })).toThrow(
      expect.objectContaining({ code: 'PASSWORD_TOO_SHORT' }) as DomainError,
    );
    expect(Password.safeParse('a'.repeat(129)).success).toBe(false);
    // Other refusals keep the generic code.
    expect(validationError(CreateUserRequest.safeParse({}).error!.issues).code).toBe('VALIDATION_FAILED');
  });
});
