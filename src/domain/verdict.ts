import { DomainError, type ErrorCode, type ErrorDetail } from './errors';

/**
 * What a rule of the domain answers when it checks a record: ok, or a refusal with the error code and the
 * zh-CN message the server answers a push with. The rules only answer; the server throws the refusal
 * (refusalError) and the tablet shows it or throws it before it writes — the same words either way.
 */
export type Refusal<R extends string = string> = {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Which check refused, for a screen that words it in the user's own language. */
  reason: R;
  details?: ErrorDetail[];
};

export type Verdict<R extends string = string> = { ok: true } | Refusal<R>;

export const ACCEPTED: { ok: true } = { ok: true };

export function refuse<R extends string>(code: ErrorCode, reason: R, message: string, details?: ErrorDetail[]): Refusal<R> {
  return details === undefined ? { ok: false, code, message, reason } : { ok: false, code, message, reason, details };
}

/** The refusal as the DomainError the server answers with (code, zh-CN message, details). */
export function refusalError(refusal: Refusal): DomainError {
  return new DomainError(refusal.code, refusal.details === undefined ? { message: refusal.message } : { message: refusal.message, details: refusal.details });
}

/** Throws the refusal, if any. */
export function orThrow(verdict: Verdict): void {
  if (!verdict.ok) throw refusalError(verdict);
}
