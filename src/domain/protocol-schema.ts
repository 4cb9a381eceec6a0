import { z } from 'zod';
import { MUTATION_TYPES, RECORD_KINDS, SYNC_ENTITIES, type RecordKind } from './registry';
import { Change, MutationEnvelope, MutationResult, PullQuery, PullResponse, PushRequest, PushResponse, PROTOCOL_HEADER, PUSH_BATCH_MAX, SYNC_PROTOCOL_VERSION } from './sync';

/**
 * The sync protocol as a document another client can be written from: every record kind of the registry with
 * the JSON Schema of its record (what a push must send: `io: 'input'`, so defaults may be left out), its
 * mutations, who may write and read it, the fields that must name the pusher, and the envelopes. Served at
 * GET /api/schema; docs/ARCHITECTURE.md explains the rest (order, retries, errors). Made from the same zod
 * schemas the server validates with, so it cannot drift from what is enforced.
 */
export function protocolSchema() {
  const json = (schema: z.ZodType, io: 'input' | 'output' = 'input') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  const kinds = SYNC_ENTITIES.map((entity) => {
    const kind: RecordKind = RECORD_KINDS[entity];
    return {
      entity,
      level: kind.level,
      read: kind.read,
      ...(kind.owner ? { owner: kind.owner } : {}),
      ...(kind.inForce ? { inForce: kind.inForce } : {}),
      record: json(kind.schema, 'output'),
      mutations: kind.mutations.map((m) => ({
        type: m.type,
        writers: m.writers,
        refusal: m.refusal,
        actors: m.actors,
        idempotency: m.idempotency,
        record: json(m.schema),
      })),
    };
  });
  return {
    protocolVersion: SYNC_PROTOCOL_VERSION,
    protocolHeader: PROTOCOL_HEADER,
    pushBatchMax: PUSH_BATCH_MAX,
    mutationTypes: MUTATION_TYPES,
    kinds,
    envelopes: {
      pushRequest: json(PushRequest),
      mutation: json(MutationEnvelope),
      pushResponse: json(PushResponse, 'output'),
      mutationResult: json(MutationResult, 'output'),
      pullQuery: json(PullQuery),
      pullResponse: json(PullResponse, 'output'),
      change: json(Change, 'output'),
    },
  };
}
export type ProtocolSchema = ReturnType<typeof protocolSchema>;
