import { ERROR_CODES, ERRORS, type ErrorCode } from '../../domain';

/** The server's error codes keep one wording everywhere: the domain's table is the source of both languages. */
export function errorTexts(language: 'zh' | 'en'): Record<ErrorCode, string> {
  return Object.fromEntries(ERROR_CODES.map((code) => [code, ERRORS[code][language]])) as Record<ErrorCode, string>;
}
