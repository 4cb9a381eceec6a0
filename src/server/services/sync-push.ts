import type { ControlledTransaction } from 'kysely';
import {
  ERRORS,
  Id,
  MutationBody,
  MutationEnvelope,
  describeIssues,
  type ErrorCode,
  type MutationResult,
  type PushRequest,
  type PushResponse,
  type User,
} from '../../domain';
import { ApiError } from '../http/errors';
import { lockVersionCounter } from '../storage/change-log';
import type { DatabaseSchema, Db } from '../storage/tables';
import { nowIso } from './clock';
import { MUTATION_TYPES, applyMutation, type MutationContext } from './mutation-handlers';

/** Where refused mutations are reported (the request's logger): code and ids only, never the record. */
export interface RejectionLog {
  warn(details: Record<string, unknown>, message: string): void;
}

interface Rejection {
  code: ErrorCode;
  message: string;
  details?: { path: string; message: string }[];
}

const SAVEPOINT = 'mutation';

/**
 * Applies a push in one transaction, each mutation inside its own savepoint, in array order.
 *
 * - A mutation id seen before is answered `duplicate` (or `rejected` again with the stored code) and has no
 *   effect: the outcome of its first delivery stands.
 * - A permanent refusal (validation, scope, conflict, business rule) rolls back to the savepoint so the
 *   mutation writes nothing; its rejection is still recorded, and the rest of the batch goes on.
 * - Anything else (the database failing) aborts the whole push: nothing is recorded and the client retries.
 *
 * The client's last settled seq advances in the same transaction as the effects, so it can never claim
 * more than was committed.
 */
export async function pushMutations(db: Db, user: User, request: PushRequest, log: RejectionLog): Promise<PushResponse> {
  const trx = await db.startTransaction().execute();
  try {
    // First statement of the push: holds the version counter for the whole transaction, which serialises
    // pushes on PostgreSQL exactly as SQLite does, so the duplicate checks below see every earlier push.
    await lockVersionCounter(trx);
    const ctx: MutationContext = { user, now: nowIso() };
    let lastSettledSeq = await claimClient(trx, user, request.clientId, ctx.now);
    const results: MutationResult[] = [];

    for (const [index, raw] of request.mutations.entries()) {
      const envelope = MutationEnvelope.safeParse(raw);
      if (!envelope.success) {
        // Nothing stable to remember it by: reported, not recorded; the client must fix or drop it.
        log.warn({ index, code: 'VALIDATION_FAILED', clientId: request.clientId }, 'sync mutation rejected: malformed envelope');
        results.push({
          mutationId: readableId(raw),
          index,
          status: 'rejected',
          code: 'VALIDATION_FAILED',
          message: ERRORS.VALIDATION_FAILED.zh,
          details: describeIssues(envelope.error.issues),
        });
        continue;
      }
      const mutation = envelope.data;
      const seen = await trx
        .selectFrom('sync_mutations')
        .select(['client_id', 'seq', 'status', 'code', 'message'])
        .where('mutation_id', '=', mutation.id)
        .executeTakeFirst();
      if (seen) {
        if (seen.client_id === request.clientId) lastSettledSeq = Math.max(lastSettledSeq, seen.seq);
        results.push(
          seen.status === 'rejected'
            ? { mutationId: mutation.id, index, status: 'rejected', code: seen.code ?? 'VALIDATION_FAILED', message: seen.message ?? '' }
            : { mutationId: mutation.id, index, status: 'duplicate' },
        );
        continue;
      }

      const outcome = await settle(trx, ctx, mutation);
      await trx
        .insertInto('sync_mutations')
        .values({
          mutation_id: mutation.id,
          client_id: request.clientId,
          seq: mutation.seq,
          user_id: user.id,
          type: storable(mutation.type),
          status: outcome.status,
          code: outcome.status === 'rejected' ? outcome.code : null,
          message: outcome.status === 'rejected' ? storable(outcome.message) : null,
          record_id: outcome.recordId,
          received_at: ctx.now,
        })
        .execute();
      lastSettledSeq = Math.max(lastSettledSeq, mutation.seq);
      if (outcome.status === 'rejected') {
        log.warn({ mutationId: mutation.id, type: mutation.type, code: outcome.code, clientId: request.clientId }, 'sync mutation rejected');
        results.push({
          mutationId: mutation.id,
          index,
          status: 'rejected',
          code: outcome.code,
          message: outcome.message,
          ...(outcome.details ? { details: outcome.details } : {}),
        });
      } else {
        results.push({ mutationId: mutation.id, index, status: outcome.status });
      }
    }

    await trx
      .updateTable('sync_clients')
      .set({ last_settled_seq: lastSettledSeq, updated_at: ctx.now })
      .where('client_id', '=', request.clientId)
      .execute();
    await trx.commit().execute();
    return { results, lastSettledSeq };
  } catch (error) {
    if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute();
    throw error;
  }
}

/** A sync client id belongs to the user who first pushed with it; returns its last settled seq. */
async function claimClient(trx: Db, user: User, clientId: string, now: string): Promise<number> {
  const client = await trx.selectFrom('sync_clients').select(['user_id', 'last_settled_seq']).where('client_id', '=', clientId).executeTakeFirst();
  if (client) {
    if (client.user_id !== user.id) throw new ApiError('FORBIDDEN', { message: '该同步客户端属于其他用户，请重新登录后再同步' });
    return client.last_settled_seq;
  }
  await trx.insertInto('sync_clients').values({ client_id: clientId, user_id: user.id, last_settled_seq: 0, updated_at: now }).execute();
  return 0;
}

type Settled =
  | { status: 'applied' | 'duplicate'; recordId: string }
  | ({ status: 'rejected'; recordId: string | null } & Rejection);

/** Parses the body and applies it inside a savepoint; a permanent refusal leaves no trace but its answer. */
async function settle(
  trx: ControlledTransaction<DatabaseSchema>,
  ctx: MutationContext,
  mutation: MutationEnvelope,
): Promise<Settled> {
  const recordId = readableId(mutation.record);
  if (!MUTATION_TYPES.some((t) => t === mutation.type)) {
    const message = `${ERRORS.UNSUPPORTED_MUTATION.zh}：${storable(mutation.type)}`;
    return { status: 'rejected', recordId, code: 'UNSUPPORTED_MUTATION', message };
  }
  const body = MutationBody.safeParse({ type: mutation.type, record: mutation.record });
  if (!body.success) {
    return { status: 'rejected', recordId, code: 'VALIDATION_FAILED', message: ERRORS.VALIDATION_FAILED.zh, details: describeIssues(body.error.issues) };
  }

  const savepoint = await trx.savepoint(SAVEPOINT).execute();
  try {
    const outcome = await applyMutation(savepoint, ctx, body.data);
    await savepoint.releaseSavepoint(SAVEPOINT).execute();
    return outcome;
  } catch (error) {
    await savepoint.rollbackToSavepoint(SAVEPOINT).execute();
    if (error instanceof ApiError && error.status < 500) {
      return {
        status: 'rejected',
        recordId,
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      };
    }
    throw error;
  }
}

/** The `id` of an unparsed object when it is a valid UUID, so an answer about malformed input can still name it. */
function readableId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const id = value.id;
  return Id.safeParse(id).success && typeof id === 'string' ? id : null;
}

/**
 * Client text as stored in columns (the type, messages quoting a template id): without control characters,
 * which PostgreSQL refuses in text — a NUL would fail the whole push again on every retry.
 */
function storable(type: string): string {
  return type.replace(/\p{Cc}/gu, '');
}
