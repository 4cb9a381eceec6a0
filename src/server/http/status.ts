import { DomainError, type ErrorCode } from '../../domain';

/**
 * The one place where an error code becomes an HTTP status. `satisfies` keeps it complete: a new code in
 * src/domain/errors.ts without a status here fails the type-check.
 */
export const HTTP_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  CONFLICT: 409,
  UNSUPPORTED_MUTATION: 400,
  NO_CONSENT: 422,
  VISIT_TEMPLATE_UNKNOWN: 422,
  VISIT_INCOMPLETE: 422,
  VISIT_BAD_AMENDS: 422,
  DUES_NOT_ASSESSED: 422,
  DUES_OTHER_CHANNEL: 422,
  DUES_TOO_MANY_MONTHS: 422,
  DUES_AHEAD_NOT_ALLOWED: 422,
  DUES_AMOUNT_MISMATCH: 422,
  DUES_BAD_REVERSAL: 422,
  MONTH_LOCKED: 422,
  DUES_BAD_RESOLUTION: 422,
  CASH_BAD_HANDOVER: 422,
  EVALUATION_OVER_LIMIT: 422,
  ACTOR_MISMATCH: 403,
  UNKNOWN_USER: 422,
  SECRETARY_ONLY: 403,
  MEMBER_DECEASED: 422,
  NOT_A_PARTY_MEMBER: 422,
  CLIENT_OUTDATED: 426,
  PAYLOAD_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  PASSWORD_TOO_SHORT: 400,
  PASSWORD_BLANK: 400,
  PASSWORD_COMMON: 400,
  DEVICE_LOST: 403,
  // Gone: the session's device must wipe itself; only its push and its confirmation are still answered.
  DEVICE_WIPE: 410,
  LIFEBOAT_UNREADABLE: 422,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

export function httpStatus(error: DomainError): number {
  return HTTP_STATUS[error.code];
}

