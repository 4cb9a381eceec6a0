import { ERRORS, describeIssues, type ApiErrorBody, type ErrorCode } from '../../domain';
import type { z } from 'zod';

export type ErrorDetail = { path: string; message: string };

/**
 * An expected failure with a stable code. Services throw it too (the CLI prints its message), so the
 * zh-CN text is the message; the HTTP status comes from the shared ERRORS table.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, options: { message?: string; details?: ErrorDetail[] } = {}) {
    super(options.message ?? ERRORS[code].zh);
    this.name = 'ApiError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = options.details;
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

export function validationError(issues: readonly z.core.$ZodIssue[]): ApiError {
  return new ApiError('VALIDATION_FAILED', { details: describeIssues(issues) });
}

/** One field's problem, worded like the schema's own messages (label：message). */
export function fieldError(path: string, label: string, message: string): ApiError {
  return new ApiError('VALIDATION_FAILED', {
    message: `${label}：${message}`,
    details: [{ path, message: `${label}：${message}` }],
  });
}
