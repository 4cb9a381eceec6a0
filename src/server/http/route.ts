import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { z } from 'zod';
import { DomainError, validationError } from '../../domain';

/** The answer of a route with nothing to say: 204, no body. */
export const NO_CONTENT = z.undefined();

type Issues = readonly z.core.$ZodIssue[];

/**
 * What a route reads and what it answers, declared at the route with the domain's schemas. Inputs left out
 * are not read (an unexpected query or body is ignored, as before). Validation runs in the handler, after the
 * route's preHandlers, so a request without a session gets 401 before anything about its input.
 */
export interface RouteSchemas<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  params?: P;
  query?: Q;
  body?: B;
  /** Parsed before sending: fields outside it never leave the server. NO_CONTENT for a 204. */
  response: R;
  /** How invalid input is refused; the domain's VALIDATION_FAILED with labelled details unless a route words its own. */
  invalid?: (issues: Issues) => DomainError;
}

export interface RouteInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * An answer that does not fit its own schema is the server's bug: a 500, logged with the paths and codes
 * only (never the values: answers carry members' records).
 */
export class ResponseShapeError extends Error {
  constructor(route: string, issues: Issues) {
    super(`answer of ${route} does not match its schema: ${issues.map((i) => `${i.path.join('.') || '(root)'} ${i.code}`).join('; ')}`);
    this.name = 'ResponseShapeError';
  }
}

function read<S extends z.ZodType>(schema: S | undefined, input: unknown, invalid: (issues: Issues) => DomainError): z.output<S> {
  if (schema === undefined) return undefined as z.output<S>;
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(result.error.issues);
  return result.data;
}

/** A Fastify handler that reads its inputs through their schemas, calls `handler`, and shapes its answer. */
export function route<
  R extends z.ZodType,
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(schemas: RouteSchemas<P, Q, B, R>, handler: (input: RouteInput<P, Q, B>) => Promise<z.input<R>>): RouteHandlerMethod {
  const invalid = schemas.invalid ?? validationError;
  return async (request, reply) => {
    // Params, then query, then body: the first that fails is the one reported, as the routes did by hand.
    const params = read(schemas.params, request.params, invalid);
    const query = read(schemas.query, request.query, invalid);
    const body = read(schemas.body, request.body, invalid);
    const result = schemas.response.safeParse(await handler({ params, query, body, request, reply }));
    if (!result.success) throw new ResponseShapeError(`${request.method} ${request.routeOptions.url ?? ''}`, result.error.issues);
    if (result.data === undefined) return reply.code(204).send();
    return result.data;
  };
}
