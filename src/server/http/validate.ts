import type { z } from 'zod';
import { validationError } from './errors';

/** Parses untrusted input with a domain schema; failures become 400 VALIDATION_FAILED with per-field details. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error.issues);
  return result.data;
}
