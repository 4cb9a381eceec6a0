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
import { insertRows } from '../storage/bulk-insert';
import { appendChanges, lockVersionCounter, type ChangeEntry } from '../storage/change-log';
import type { DatabaseSchema, Db, SyncMutationsTable, VisitsTable } from '../storage/tables';
import { nowIso } from './clock';
import { membersInScope } from './member-scope';
import { MUTATION_TYPES, applyMutation, decideVisit, type MutationContext, type VisitFacts } from './mutation-handlers';

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

/** A sync_mutations row as the duplicate check reads it. */
type SeenMutation = Pick<SyncMutationsTable, 'client_id' | 'seq' | 'status' | 'code' | 'message'>;

/**
 * Writes of the push not yet sent to the database, in array order: the change-log entries and rows of the
 * visits applied so far and every outcome to record in sync_mutations. They go out as one counter update and
 * a few multi-row inserts (flush), at the end of the push or before a mutation whose handler touches the
 * database itself, so that the database always sees the writes in the order of the batch.
 */
interface PendingWrites {
  changes: ChangeEntry[];
  visits: VisitsTable[];
  mutations: SyncMutationsTable[];
}

/**
 * Applies a push in one transaction, each mutation as its own unit, in array order.
 *
 * - A mutation id seen before is answered `duplicate` (or `rejected` again with the stored code) and has no
 *   effect: the outcome of its first delivery stands.
 * - A permanent refusal (validation, scope, conflict, business rule) leaves no trace of the mutation but its
 *   answer and its sync_mutations row; the rest of the batch goes on.
 * - Anything else (the database failing) aborts the whole push: nothing is recorded and the client retries.
 *
 * The client's last settled seq advances in the same transaction as the effects, so it can never claim
 * more than was committed.
 *
 * Set-oriented: what the checks need is read for the whole batch up front (mutation ids already seen, the
 * batch's members in the pusher's scope, the visits it names), then updated in memory as the batch applies,
 * so that a later mutation of the same batch sees the effects of an earlier one exactly as if each had been
 * read from the database (the same mutation id twice, the same visit twice, an amendment of a visit earlier
 * in the batch).
 *
 * Savepoints: the protocol's unit is the mutation — a refused mutation writes nothing. A visit is decided
 * entirely in memory before it writes anything (decideVisit), and its writes (change-log entry, row) cannot
 * fail for a business reason afterwards, so a refused visit simply contributes no rows and an accepted one
 * adds its rows to the bulk writes: no savepoint is needed to undo it. The other handlers (consent, health
 * note, dues) read and write the database as they go and can refuse after a write, so each still runs in a
 * savepoint of its own, after the pending writes are flushed (it must see them, and its versions must follow
 * theirs). A failure of the bulk writes themselves is a database failure and aborts the whole push, as before.
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
    const pending: PendingWrites = { changes: [], visits: [], mutations: [] };

    const envelopes = request.mutations.map((raw) => MutationEnvelope.safeParse(raw));
    const seen = await seenMutations(trx, envelopes.flatMap((e) => (e.success ? [e.data.id] : [])));
    // Bodies are parsed up front for the mutations not seen before (first delivery within the batch too), so
    // the visits' facts can be read in one go; the rest is answered from `seen`.
    const parsed = new Map<number, Parsed>();
    const firstOfId = new Set<string>();
    for (const [index, envelope] of envelopes.entries()) {
      if (!envelope.success || seen.has(envelope.data.id) || firstOfId.has(envelope.data.id)) continue;
      firstOfId.add(envelope.data.id);
      parsed.set(index, parseBody(envelope.data));
    }
    const visitFacts = await readVisitFacts(trx, user, [...parsed.values()]);

    for (const [index, envelope] of envelopes.entries()) {
      if (!envelope.success) {
        // Nothing stable to remember it by: reported, not recorded; the client must fix or drop it.
        log.warn({ index, code: 'VALIDATION_FAILED', clientId: request.clientId }, 'sync mutation rejected: malformed envelope');
        results.push({
          mutationId: readableId(request.mutations[index]),
          index,
          status: 'rejected',
          code: 'VALIDATION_FAILED',
          message: ERRORS.VALIDATION_FAILED.zh,
          details: describeIssues(envelope.error.issues),
        });
        continue;
      }
      const mutation = envelope.data;
      const earlier = seen.get(mutation.id);
      if (earlier) {
        if (earlier.client_id === request.clientId) lastSettledSeq = Math.max(lastSettledSeq, earlier.seq);
        results.push(
          earlier.status === 'rejected'
            ? { mutationId: mutation.id, index, status: 'rejected', code: earlier.code ?? 'VALIDATION_FAILED', message: earlier.message ?? '' }
            : { mutationId: mutation.id, index, status: 'duplicate' },
        );
        continue;
      }

      const outcome = await settle(trx, ctx, mutation, parsed.get(index) ?? parseBody(mutation), visitFacts, pending);
      const row: SyncMutationsTable = {
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
      };
      pending.mutations.push(row);
      seen.set(mutation.id, row);
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

    await flush(trx, pending, ctx.now);
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

/** The earlier outcomes of the batch's mutation ids, in one query. */
async function seenMutations(trx: Db, ids: string[]): Promise<Map<string, SeenMutation>> {
  const seen = new Map<string, SeenMutation>();
  if (ids.length === 0) return seen;
  const rows = await trx
    .selectFrom('sync_mutations')
    .select(['mutation_id', 'client_id', 'seq', 'status', 'code', 'message'])
    .where('mutation_id', 'in', [...new Set(ids)])
    .execute();
  for (const { mutation_id, ...row } of rows) seen.set(mutation_id, row);
  return seen;
}

/**
 * What the batch's visits are decided on, read in two queries: which of their members are in the pusher's
 * scope, and the stored visits they name (their own ids and the ids they amend). Visits applied by the batch
 * are added as it goes (see settle).
 */
interface VisitLookups extends VisitFacts {
  add(id: string, visit: { member_id: string; content_hash: string }): void;
}

async function readVisitFacts(trx: Db, user: User, parsed: Parsed[]): Promise<VisitLookups> {
  const memberIds = new Set<string>();
  const visitIds = new Set<string>();
  for (const p of parsed) {
    if (p.kind !== 'body' || p.body.type !== 'visit.submit') continue;
    memberIds.add(p.body.record.memberId);
    visitIds.add(p.body.record.id);
    if (p.body.record.amends !== null) visitIds.add(p.body.record.amends);
  }
  const scope = new Set<string>();
  const visits = new Map<string, { member_id: string; content_hash: string }>();
  if (memberIds.size > 0) {
    const rows = await membersInScope(trx, user).select('members.id').where('members.id', 'in', [...memberIds]).execute();
    for (const row of rows) scope.add(row.id);
    const stored = await trx.selectFrom('visits').select(['id', 'member_id', 'content_hash']).where('id', 'in', [...visitIds]).execute();
    for (const { id, ...visit } of stored) visits.set(id, visit);
  }
  return {
    inScope: (memberId) => scope.has(memberId),
    visit: (id) => visits.get(id),
    add: (id, visit) => visits.set(id, visit),
  };
}

/** Sends the pending writes: versions for all changes from one counter update, then multi-row inserts. */
async function flush(trx: Db, pending: PendingWrites, now: string): Promise<void> {
  await appendChanges(trx, pending.changes, now);
  await insertRows(trx, 'visits', pending.visits);
  await insertRows(trx, 'sync_mutations', pending.mutations);
  pending.changes = [];
  pending.visits = [];
  pending.mutations = [];
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

type Parsed = { kind: 'body'; body: MutationBody } | { kind: 'refused'; refusal: Settled & { status: 'rejected' } };

/** The body of a mutation checked against the schema of its type; no database access. */
function parseBody(mutation: MutationEnvelope): Parsed {
  if (!MUTATION_TYPES.some((t) => t === mutation.type)) {
    const message = `${ERRORS.UNSUPPORTED_MUTATION.zh}：${storable(mutation.type)}`;
    return { kind: 'refused', refusal: { status: 'rejected', recordId: readableId(mutation.record), code: 'UNSUPPORTED_MUTATION', message } };
  }
  const body = MutationBody.safeParse({ type: mutation.type, record: mutation.record });
  if (!body.success) {
    const details = describeIssues(body.error.issues);
    const refusal = { status: 'rejected', recordId: readableId(mutation.record), code: 'VALIDATION_FAILED', message: ERRORS.VALIDATION_FAILED.zh, details } as const;
    return { kind: 'refused', refusal };
  }
  return { kind: 'body', body: body.data };
}

/** Applies a parsed body (see pushMutations on savepoints); a permanent refusal leaves no trace but its answer. */
async function settle(
  trx: ControlledTransaction<DatabaseSchema>,
  ctx: MutationContext,
  mutation: MutationEnvelope,
  parsed: Parsed,
  visits: VisitLookups,
  pending: PendingWrites,
): Promise<Settled> {
  if (parsed.kind === 'refused') return parsed.refusal;
  const body = parsed.body;

  if (body.type === 'visit.submit') {
    try {
      const { outcome, write } = decideVisit(visits, ctx, body.record);
      if (write) {
        pending.changes.push(write.change);
        pending.visits.push(write.row);
        visits.add(write.row.id, { member_id: write.row.member_id, content_hash: write.row.content_hash });
      }
      return outcome;
    } catch (error) {
      const refusal = asRefusal(error, readableId(mutation.record));
      if (refusal) return refusal;
      throw error;
    }
  }

  await flush(trx, pending, ctx.now);
  const savepoint = await trx.savepoint(SAVEPOINT).execute();
  try {
    const outcome = await applyMutation(savepoint, ctx, body);
    await savepoint.releaseSavepoint(SAVEPOINT).execute();
    return outcome;
  } catch (error) {
    await savepoint.rollbackToSavepoint(SAVEPOINT).execute();
    const refusal = asRefusal(error, readableId(mutation.record));
    if (refusal) return refusal;
    throw error;
  }
}

/** A permanent refusal (an ApiError below 500) as the mutation's answer; anything else is not one. */
function asRefusal(error: unknown, recordId: string | null): (Settled & { status: 'rejected' }) | null {
  if (!(error instanceof ApiError) || error.status >= 500) return null;
  return {
    status: 'rejected',
    recordId,
    code: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
  };
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
