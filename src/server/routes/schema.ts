import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { protocolSchema } from '../../domain';
import { route } from '../http/route';

/**
 * The sync protocol's shapes, from the registry itself (src/domain/protocol-schema.ts): public, since it
 * holds no data, only what a client must send and will receive. Worked out once as text: it never changes
 * while the server runs.
 */
export function schemaRoutes() {
  return async (app: FastifyInstance) => {
    const body = JSON.stringify(protocolSchema());
    app.get(
      '/api/schema',
      route({ response: z.string() }, async ({ reply }) => {
        reply.type('application/json; charset=utf-8');
        return body;
      }),
    );
  };
}
