import type { ControlledTransaction } from 'kysely';
import { ERRORS, Id, MutationEnvelope, fieldAt, isAuditedMutation, VisitSettings, checkActors, describeIssues, mutationDef, namedColleagues, parseMutationRecord, recordMadeAt, settingsForBranch, type MutationBody, type RegisteredMutation, type ErrorCode, type MutationResult, type PushRequest, type AuditAction, type AuditKind, type PushResponse, type User, DomainError } from '../../domain';
import type { AuditLogTable } from '../storage/audit-tables';
import { insertRows, upsertRows } from '../storage/bulk-insert';
import { appendChanges, lockVersionCounter, type ChangeEntry } from '../storage/change-log';
import type { DatabaseSchema, Db, SyncClientsTable, SyncMutationsTable, VisitsTable } from '../storage/tables';
import { auditActor, auditRow } from './audit';
import { nowIso } from './clock';
import { membersInScope, pairedAt, workerPairings } from './member-scope';
import { applyMutation, decideVisit, type MutationContext, type VisitFacts } from './mutation-handlers';

/** Where refused mutations are reported (the request's logger): code and ids only, never the record. */
export interface RejectionLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/** One push as a request brought it: who, what, and where its refusals are reported. */
export interface PushJob {
  user: User;
  request: PushRequest;
  log: RejectionLog;
  /** The client's address, for the audit entries of what the push applies (null when not known). */
  address?: string | null;
}

/**
 * How long after a worker's pairing ended a record they made while it was in force is still accepted
 * (docs/DOMAIN.md §6): a phone offline for a few weeks still delivers, a device cannot write to a member it
 * left years ago by back-dating. A server setting (LATE_RECORD_GRACE_DAYS).
 */
export const DEFAULT_LATE_RECORD_GRACE_DAYS = 30;

export interface PushOptions {
  lateRecordGraceDays: number;
}

const DEFAULT_PUSH_OPTIONS: PushOptions = { lateRecordGraceDays: DEFAULT_LATE_RECORD_GRACE_DAYS };

/** What a push of a group is answered: its response, or the error it would have failed with on its own. */
export type PushOutcome = { ok: true; response: PushResponse } | { ok: false; error: unknown };

interface Rejection {
  code: ErrorCode;
  message: string;
  details?: { path: string; message: string }[];
}

const SAVEPOINT = 'mutation';

/** A sync_mutations row as the duplicate check reads it. */
type SeenMutation = Pick<SyncMutationsTable, 'client_id' | 'seq' | 'status' | 'code' | 'message'>;

/**
 * Writes not yet sent to the database, in the order they were decided: the sync clients claimed or advanced,
 * the change-log entries and rows of the visits applied so far and every outcome to record in
 * sync_mutations. They go out as one counter update and a few multi-row inserts (flush), at the end of the
 * transaction or before a mutation whose handler touches the database itself, so that the database always
 * sees the writes in the order of the pushes and of their batches.
 */
interface PendingWrites {
  clients: Map<string, SyncClientsTable>;
  changes: ChangeEntry[];
  visits: VisitsTable[];
  mutations: SyncMutationsTable[];
  /** An entry per applied mutation of an audited type (src/domain/audit.ts), never for a duplicate. */
  audit: AuditLogTable[];
}

/**
 * Group commit: several pushes applied one after the other, in the given order, in one transaction, and
 * committed once. Each push is answered exactly as if it had been applied on its own, in its own
 * transaction, right after the pushes before it: it sees their effects (the same mutation id, the same
 * record, a client id claimed by another user) exactly as it would have read them from the database, and
 * nothing is answered before the commit (the caller answers when this resolves).
 *
 * A push refused as a whole (403, its client id belonging to another user) is refused before it writes
 * anything, so it fails alone and the others go on. Anything else that goes wrong (the database failing, a
 * bug) aborts the transaction; then every push of the group is applied again on its own, so the one that
 * fails gets its error and the others the answers they would have had without it. Never throws.
 */
export async function pushTogether(db: Db, jobs: readonly PushJob[], options: PushOptions = DEFAULT_PUSH_OPTIONS): Promise<PushOutcome[]> {
  try {
    return await inOneTransaction(db, jobs, options);
  } catch (error) {
    if (jobs.length === 1) return [{ ok: false, error }];
    const outcomes: PushOutcome[] = [];
    for (const job of jobs) outcomes.push(...(await pushTogether(db, [job], options)));
    return outcomes;
  }
}

/**
 * What the checks need, read for all the pushes of the transaction up front (mutation ids already seen, the
 * sync clients, the batch's members in each pusher's scope, the visits it names), then updated in memory
 * as the pushes apply, so that a later mutation — of the same batch or of a later push — sees the effects of
 * an earlier one exactly as if each had been read from the database (the same mutation id twice, the same
 * visit twice, an amendment of a visit applied just before).
 *
 * Savepoints: the protocol's unit is the mutation — a refused mutation writes nothing. A visit is decided
 * entirely in memory before it writes anything (decideVisit), and its writes (change-log entry, row) cannot
 * fail for a business reason afterwards, so a refused visit simply contributes no rows and an accepted one
 * adds its rows to the bulk writes: no savepoint is needed to undo it. The other handlers (consent, health
 * note, dues, …) read and write the database as they go and can refuse after a write, so each still runs
 * in a savepoint of its own, after the pending writes are flushed (it must see them, and its versions must
 * follow theirs). The facts read up front are about visits, scope and the sync bookkeeping, which those
 * handlers do not write. A failure of the bulk writes themselves is a database failure and aborts the
 * transaction.
 */
async function inOneTransaction(db: Db, jobs: readonly PushJob[], options: PushOptions): Promise<PushOutcome[]> {
  // Schema checks need no database: done before the transaction, so the counter's lock is not held for them.
  const prepared = jobs.map(prepare);
  const trx = await db.startTransaction().execute();
  try {
    // First statement: holds the version counter for the whole transaction, which serialises pushes on
    // PostgreSQL exactly as SQLite does, so the duplicate checks below see every earlier push.
    await lockVersionCounter(trx);
    const now = nowIso();
    const endedPairingsFrom = new Date(Date.parse(now) - options.lateRecordGraceDays * 86_400_000).toISOString();
    const facts = await readFacts(trx, prepared, endedPairingsFrom);
    const pending: PendingWrites = { clients: new Map(), changes: [], visits: [], mutations: [], audit: [] };
    const settled: { outcome: PushOutcome; warnings: Warning[] }[] = [];
    for (const push of prepared) settled.push(await settlePush(trx, push, facts, pending, { now, endedPairingsFrom }));
    await flush(trx, pending, now);
    await trx.commit().execute();
    // Reported once committed: a group applied again push by push (see pushTogether) reports them then.
    for (const [index, { warnings }] of settled.entries()) for (const [details, message] of warnings) jobs[index]!.log.warn(details, message);
    return settled.map((s) => s.outcome);
  } catch (error) {
    if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute();
    throw error;
  }
}

type Warning = [Record<string, unknown>, string];

/** A push with its envelopes checked and the bodies of its first deliveries parsed: no database access. */
interface PreparedPush {
  job: PushJob;
  envelopes: ReturnType<typeof MutationEnvelope.safeParse>[];
  /** Bodies by index, for the first occurrence of each mutation id of the batch. */
  parsed: Map<number, Parsed>;
}

function prepare(job: PushJob): PreparedPush {
  const envelopes = job.request.mutations.map((raw) => MutationEnvelope.safeParse(raw));
  const parsed = new Map<number, Parsed>();
  const firstOfId = new Set<string>();
  for (const [index, envelope] of envelopes.entries()) {
    if (!envelope.success || firstOfId.has(envelope.data.id)) continue;
    firstOfId.add(envelope.data.id);
    parsed.set(index, parseBody(envelope.data));
  }
  return { job, envelopes, parsed };
}

interface Facts {
  /** Outcomes of mutation ids: stored before, or settled by this transaction. */
  seen: Map<string, SeenMutation>;
  /** Sync clients as stored, or as claimed and advanced by this transaction. */
  clients: Map<string, Pick<SyncClientsTable, 'user_id' | 'last_settled_seq'>>;
  /**
   * Per pusher, among the members the pushes' visits name: whether a record made at an instant may be written
   * for the member (a worker: pairedAt over their pairings in force or ended within the grace; anyone else:
   * the member is in their scope).
   */
  scopes: Map<string, (memberId: string, madeAt: string | null) => boolean>;
  /** Visits stored or applied by this transaction, among those the pushes name. */
  visits: Map<string, { member_id: string; content_hash: string }>;
  /** Enabled users among those the pushes name as co-actors (co-visitors), with their community. */
  users: Map<string, string>;
  /** The community and branch of each member the pushes' visits name (for their settings and campaigns). */
  members: Map<string, { community_id: string; branch_id: string | null }>;
  /** The visit settings rows of those members' communities. */
  settings: Map<string, VisitSettings[]>;
  /** The community of each campaign the pushes' visits name. */
  campaigns: Map<string, string>;
}

/** The facts of all the pushes, in one query per kind (scope: one per pusher). */
async function readFacts(trx: Db, pushes: readonly PreparedPush[], endedPairingsFrom: string): Promise<Facts> {
  const mutationIds = new Set<string>();
  const clientIds = new Set<string>();
  const members = new Map<string, { user: User; ids: Set<string> }>();
  const visitIds = new Set<string>();
  const userIds = new Set<string>();
  const campaignIds = new Set<string>();
  for (const { job, envelopes, parsed } of pushes) {
    clientIds.add(job.request.clientId);
    for (const envelope of envelopes) if (envelope.success) mutationIds.add(envelope.data.id);
    for (const p of parsed.values()) {
      if (p.kind !== 'body') continue;
      // Co-visitors only: the pusher is known, and most visits name nobody else (no query at all then).
      for (const id of namedColleagues(p.def, p.body.record)) if (id !== job.user.id) userIds.add(id);
      if (p.body.type !== 'visit.submit') continue;
      let ofUser = members.get(job.user.id);
      if (!ofUser) members.set(job.user.id, (ofUser = { user: job.user, ids: new Set() }));
      ofUser.ids.add(p.body.record.memberId);
      visitIds.add(p.body.record.id);
      if (p.body.record.amends !== null) visitIds.add(p.body.record.amends);
      if (p.body.record.campaignId !== null) campaignIds.add(p.body.record.campaignId);
    }
  }

  const facts: Facts = { seen: new Map(), clients: new Map(), scopes: new Map(), visits: new Map(), users: new Map(), members: new Map(), settings: new Map(), campaigns: new Map() };
  if (userIds.size > 0) {
    const users = await trx.selectFrom('users').select(['id', 'community_id']).where('id', 'in', [...userIds]).where('disabled', '=', 0).execute();
    for (const user of users) facts.users.set(user.id, user.community_id);
  }
  const clients = await trx
    .selectFrom('sync_clients')
    .select(['client_id', 'user_id', 'last_settled_seq'])
    .where('client_id', 'in', [...clientIds])
    .execute();
  for (const { client_id, ...client } of clients) facts.clients.set(client_id, client);
  if (mutationIds.size > 0) {
    const rows = await trx
      .selectFrom('sync_mutations')
      .select(['mutation_id', 'client_id', 'seq', 'status', 'code', 'message'])
      .where('mutation_id', 'in', [...mutationIds])
      .execute();
    for (const { mutation_id, ...row } of rows) facts.seen.set(mutation_id, row);
  }
  // Workers (nearly every pusher) in one query; a secretary or an admin pushing visits, one query each.
  const workers = [...members.values()].filter(({ user }) => user.role === 'worker');
  const workersMembers = workers.flatMap(({ ids }) => [...ids]);
  for (const [userId, byMember] of await workerPairings(trx, workers.map(({ user }) => user), workersMembers, endedPairingsFrom)) {
    facts.scopes.set(userId, (memberId, madeAt) => pairedAt(byMember.get(memberId), madeAt));
  }
  for (const [userId, { user, ids }] of members) {
    if (user.role === 'worker') continue;
    const rows = await membersInScope(trx, user).select('members.id').where('members.id', 'in', [...ids]).execute();
    const seen = new Set(rows.map((r) => r.id));
    facts.scopes.set(userId, (memberId) => seen.has(memberId));
  }
  if (visitIds.size > 0) {
    const stored = await trx.selectFrom('visits').select(['id', 'member_id', 'content_hash']).where('id', 'in', [...visitIds]).execute();
    for (const { id, ...visit } of stored) facts.visits.set(id, visit);
  }
  // The visits' members, their communities' settings (a row or two each) and the campaigns named: the time and
  // campaign checks of decideVisit, in one query each whatever the number of visits.
  const visitMembers = [...new Set([...members.values()].flatMap(({ ids }) => [...ids]))];
  if (visitMembers.length > 0) {
    const rows = await trx.selectFrom('members').select(['id', 'community_id', 'branch_id']).where('id', 'in', visitMembers).execute();
    for (const { id, ...member } of rows) facts.members.set(id, member);
    const communities = [...new Set(rows.map((row) => row.community_id))];
    if (communities.length > 0) {
      const settings = await trx.selectFrom('visit_settings').select(['community_id', 'data']).where('community_id', 'in', communities).execute();
      for (const row of settings) facts.settings.set(row.community_id, [...(facts.settings.get(row.community_id) ?? []), VisitSettings.parse(JSON.parse(row.data))]);
    }
  }
  if (campaignIds.size > 0) {
    const rows = await trx.selectFrom('campaigns').select(['id', 'community_id']).where('id', 'in', [...campaignIds]).execute();
    for (const row of rows) facts.campaigns.set(row.id, row.community_id);
  }
  return facts;
}

/** One push of the transaction, in array order; its answer, or its refusal as a whole before any write. */
async function settlePush(
  trx: ControlledTransaction<DatabaseSchema>,
  { job, envelopes, parsed }: PreparedPush,
  facts: Facts,
  pending: PendingWrites,
  { now, endedPairingsFrom }: { now: string; endedPairingsFrom: string },
): Promise<{ outcome: PushOutcome; warnings: Warning[] }> {
  const { user, request } = job;
  const warnings: Warning[] = [];
  // A sync client id belongs to the user who first pushed with it.
  let client = facts.clients.get(request.clientId);
  if (client && client.user_id !== user.id) {
    const error = new DomainError('FORBIDDEN', { message: '该同步客户端属于其他用户，请重新登录后再同步' });
    return { outcome: { ok: false, error }, warnings };
  }
  if (!client) facts.clients.set(request.clientId, (client = { user_id: user.id, last_settled_seq: 0 }));
  const ctx: MutationContext = { user, now, endedPairingsFrom };
  const isActiveColleague = (userId: string) => facts.users.get(userId) === user.communityId;
  const scope = facts.scopes.get(user.id);
  const visits: VisitLookups = {
    mayRecord: (memberId, madeAt) => scope?.(memberId, madeAt) ?? false,
    visit: (id) => facts.visits.get(id),
    add: (id, visit) => facts.visits.set(id, visit),
    settingsFor: (memberId) => {
      const member = facts.members.get(memberId);
      return settingsForBranch(member?.branch_id ?? null, (member && facts.settings.get(member.community_id)) ?? []);
    },
    campaignOfMember: (campaignId, memberId) => {
      const community = facts.campaigns.get(campaignId);
      return community !== undefined && community === facts.members.get(memberId)?.community_id;
    },
  };
  let lastSettledSeq = client.last_settled_seq;
  const results: MutationResult[] = [];

  for (const [index, envelope] of envelopes.entries()) {
    if (!envelope.success) {
      // Nothing stable to remember it by: reported, not recorded; the client must fix or drop it.
      warnings.push([{ index, code: 'VALIDATION_FAILED', clientId: request.clientId }, 'sync mutation rejected: malformed envelope']);
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
    const earlier = facts.seen.get(mutation.id);
    if (earlier) {
      if (earlier.client_id === request.clientId) lastSettledSeq = Math.max(lastSettledSeq, earlier.seq);
      results.push(
        earlier.status === 'rejected'
          ? { mutationId: mutation.id, index, status: 'rejected', code: earlier.code ?? 'VALIDATION_FAILED', message: earlier.message ?? '' }
          : { mutationId: mutation.id, index, status: 'duplicate' },
      );
      continue;
    }

    // The client row must be written before its first sync_mutations row, and before a handler's flush.
    if (!pending.clients.has(request.clientId)) {
      pending.clients.set(request.clientId, { client_id: request.clientId, user_id: user.id, last_settled_seq: lastSettledSeq, updated_at: now, last_sync_at: now, unsent: null, oldest_pending_at: null, app_version: null });
    }
    const body = parsed.get(index) ?? parseBody(mutation);
    const outcome = await settle(trx, ctx, mutation, body, visits, pending, isActiveColleague);
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
      received_at: now,
    };
    pending.mutations.push(row);
    if (outcome.status === 'applied' && body.kind === 'body' && isAuditedMutation(body.def.type)) pending.audit.push(appliedEntry(job, body, outcome.recordId, mutation.id, now));
    facts.seen.set(mutation.id, row);
    lastSettledSeq = Math.max(lastSettledSeq, mutation.seq);
    if (outcome.status === 'rejected') {
      warnings.push([{ mutationId: mutation.id, type: mutation.type, code: outcome.code, clientId: request.clientId }, 'sync mutation rejected']);
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

  client.last_settled_seq = lastSettledSeq;
  // Written even when nothing advanced: updated_at says when the client last pushed, last_sync_at that it
  // synced (the outbox count is the pull's to report: unsent stays as the last pull said).
  pending.clients.set(request.clientId, { client_id: request.clientId, user_id: user.id, last_settled_seq: lastSettledSeq, updated_at: now, last_sync_at: now, unsent: null, oldest_pending_at: null, app_version: null });
  return { outcome: { ok: true, response: { results, lastSettledSeq } }, warnings };
}

/** Visit facts for one pusher: the visits are shared by the transaction, the scope is the pusher's. */
interface VisitLookups extends VisitFacts {
  add(id: string, visit: { member_id: string; content_hash: string }): void;
}

/**
 * Sends the pending writes: the sync clients first (sync_mutations rows refer to them), then versions for all
 * changes from one counter update, then multi-row inserts.
 */
async function flush(trx: Db, pending: PendingWrites, now: string): Promise<void> {
  await upsertRows(trx, 'sync_clients', [...pending.clients.values()], 'client_id', ['last_settled_seq', 'updated_at', 'last_sync_at']);
  await appendChanges(trx, pending.changes, now);
  await insertRows(trx, 'visits', pending.visits);
  await insertRows(trx, 'sync_mutations', pending.mutations);
  await insertRows(trx, 'audit_log', pending.audit);
  pending.clients.clear();
  pending.changes = [];
  pending.visits = [];
  pending.mutations = [];
  pending.audit = [];
}

/**
 * The audit entry of an applied mutation: who pushed it, from where, the record and its member — ids only, the
 * record's content stays in its own table (a health note's text never reaches the trail).
 */
function appliedEntry(job: PushJob, parsed: Parsed & { kind: 'body' }, recordId: string, mutationId: string, now: string): AuditLogTable {
  const memberId = fieldAt(parsed.body.record, 'memberId');
  return auditRow(
    auditActor(job.user, { via: 'app', address: job.address ?? null }),
    {
      action: parsed.def.type as AuditAction,
      kind: parsed.def.kind.entity as AuditKind,
      communityId: job.user.communityId,
      recordId,
      memberId: typeof memberId === 'string' ? memberId : null,
      details: { mutationId },
    },
    now,
  );
}

type Settled =
  | { status: 'applied' | 'duplicate'; recordId: string }
  | ({ status: 'rejected'; recordId: string | null } & Rejection);

type Parsed = { kind: 'body'; def: RegisteredMutation; body: MutationBody } | { kind: 'refused'; refusal: Settled & { status: 'rejected' } };

/** The body of a mutation checked against the registered schema of its type; no database access. */
function parseBody(mutation: MutationEnvelope): Parsed {
  const def = mutationDef(mutation.type);
  if (def === undefined) {
    const message = `${ERRORS.UNSUPPORTED_MUTATION.zh}：${storable(mutation.type)}`;
    return { kind: 'refused', refusal: { status: 'rejected', recordId: readableId(mutation.record), code: 'UNSUPPORTED_MUTATION', message } };
  }
  const parsed = parseMutationRecord(def, mutation.record);
  if (!parsed.success) {
    const details = describeIssues(parsed.issues);
    const refusal = { status: 'rejected', recordId: readableId(mutation.record), code: 'VALIDATION_FAILED', message: ERRORS.VALIDATION_FAILED.zh, details } as const;
    return { kind: 'refused', refusal };
  }
  return { kind: 'body', def, body: parsed.body };
}

/**
 * What the registry says of every kind, checked before its handler: the pusher's role may write it, and every
 * field naming who acted names the pusher (co-visitors: enabled users of the pusher's community).
 */
function checkWriter(def: RegisteredMutation, body: MutationBody, ctx: MutationContext, isActiveColleague: (userId: string) => boolean): void {
  if (!def.writers.includes(ctx.user.role)) {
    throw new DomainError(def.refusal, def.refusal === 'NOT_FOUND' ? {} : { message: `${ERRORS[def.refusal].zh}（${def.type}）` });
  }
  checkActors(def, body.record, ctx.user.id, isActiveColleague);
}

/** Applies a parsed body (see inOneTransaction on savepoints); a permanent refusal leaves no trace but its answer. */
async function settle(
  trx: ControlledTransaction<DatabaseSchema>,
  ctx: MutationContext,
  mutation: MutationEnvelope,
  parsed: Parsed,
  visits: VisitLookups,
  pending: PendingWrites,
  isActiveColleague: (userId: string) => boolean,
): Promise<Settled> {
  if (parsed.kind === 'refused') return parsed.refusal;
  const body = parsed.body;
  try {
    checkWriter(parsed.def, body, ctx, isActiveColleague);
  } catch (error) {
    const refusal = asRefusal(error, readableId(mutation.record));
    if (refusal) return refusal;
    throw error;
  }

  // Scope is judged at the record's own time: a record made while a pairing was in force (docs/DOMAIN.md §6).
  const recordCtx: MutationContext = { ...ctx, madeAt: recordMadeAt(parsed.def, body.record) };
  if (body.type === 'visit.submit') {
    try {
      const { outcome, write } = decideVisit(visits, recordCtx, body.record);
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
    const outcome = await applyMutation(savepoint, recordCtx, body);
    await savepoint.releaseSavepoint(SAVEPOINT).execute();
    return outcome;
  } catch (error) {
    await savepoint.rollbackToSavepoint(SAVEPOINT).execute();
    const refusal = asRefusal(error, readableId(mutation.record));
    if (refusal) return refusal;
    throw error;
  }
}

/** A permanent refusal (an DomainError below 500) as the mutation's answer; anything else is not one. */
function asRefusal(error: unknown, recordId: string | null): (Settled & { status: 'rejected' }) | null {
  if (!(error instanceof DomainError) || error.code === 'INTERNAL') return null;
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
