import type { Role } from './user';

/**
 * The one registry of record kinds, in two halves: here what each kind is — mutation types, pull entities,
 * who may write and who may read, the fields that name who acted, the tables on both sides — and in
 * registry.ts its zod schemas. Every list that used to be kept by hand derives from the two, on the device and
 * on the server. The halves are apart so that the device's first screen (its Dexie tables, who may write what)
 * needs no zod and no schema: zod is a quarter of the first screen's script (issue 13, docs/ARCHITECTURE.md).
 * Adding a record kind means: an entry here, its schemas in registry.ts (the type-check asks for them), its
 * handler on the server (services/mutation-handlers) and its table (a migration, and a Dexie store of the same
 * name); docs/ARCHITECTURE.md walks through it.
 */

/**
 * How a user reads a kind: `scope` = every record in the user's scope (a worker: members actively paired
 * with them; a secretary: their branch; an admin: their community); `own` = only records whose owner is the
 * user (a worker's own cash handovers, their own pairings). A role not listed never receives the kind.
 */
export type ReadAccess = 'scope' | 'own';

/**
 * A field naming a person who acted, checked by the server against the signed-in pusher before any handler
 * runs (the server trusts nothing a device says about who acted):
 * - `self`: must be the pusher;
 * - `includesSelf`: a list that must include the pusher and otherwise name only enabled users of the
 *   pusher's community (co-visitors).
 */
export interface ActorField {
  path: string;
  label: string;
  rule: 'self' | 'includesSelf';
}

/**
 * What the same record id delivered again means:
 * - `immutable`: the same content is a duplicate (counted once), other content is a CONFLICT — never an
 *   overwrite; corrections are new records (an amendment, a reversal, a later record in force);
 * - `setting`: one row per key (a branch's policy), replaced by a newer one; the same content is a duplicate;
 * - `transition`: a change of state of an existing record (a consent withdrawn); repeating it is a duplicate.
 */
export type Idempotency = 'immutable' | 'setting' | 'transition';

export interface MutationFacts<T extends string = string> {
  type: T;
  /** Roles that may push it at all; the handler then checks the scope (paired, own branch, …). */
  writers: readonly Role[];
  /** The code another role is refused with: NOT_FOUND where even the kind must not be revealed (health data). */
  refusal: 'FORBIDDEN' | 'SECRETARY_ONLY' | 'NOT_FOUND';
  actors: readonly ActorField[];
  idempotency: Idempotency;
  /**
   * The field holding the instant the record was made, where it is not the kind's `at` (a withdrawal has no
   * givenAt): the server judges a record arriving after its author's pairing ended by it (sync-push.ts).
   */
  at?: string;
}

export interface RecordKindFacts {
  /** The pull entity name; the server table and the Dexie store are named in the entry. */
  entity: string;
  /**
   * A member's record (pulled when the member is in scope), a branch's (pulled when the branch is) or the
   * community's (pulled by every reader of the community: written by its administrator, never out of scope).
   */
  level: 'member' | 'branch' | 'community';
  read: Partial<Record<Role, ReadAccess>>;
  /** Which field names the owner for `own` reads; computed by the handler where the record does not say. */
  owner?: string;
  /** The instant or date a record is listed by on the device. */
  at: string;
  /** The rule that decides which of several records is in force, where one applies (with its function). */
  inForce?: string;
  serverTable: string;
  dexieTable: string;
  mutations: readonly MutationFacts[];
}

const everyone = { worker: 'scope', secretary: 'scope', admin: 'scope' } as const satisfies RecordKindFacts['read'];
const self = (path: string, label: string): ActorField => ({ path, label, rule: 'self' });
const recordedBy = self('recordedBy', '录入人');

function mutation<T extends string>(
  type: T,
  options: { writers: readonly Role[]; refusal?: MutationFacts['refusal']; actors?: readonly ActorField[]; idempotency?: Idempotency; at?: string },
): MutationFacts<T> {
  return {
    type,
    writers: options.writers,
    refusal: options.refusal ?? 'FORBIDDEN',
    actors: options.actors ?? [],
    idempotency: options.idempotency ?? 'immutable',
    ...(options.at === undefined ? {} : { at: options.at }),
  };
}

/** A secretary's ledger record: theirs alone to write, with the secretary named as the one who recorded it. */
const ledger = <T extends string>(type: T, actors: readonly ActorField[] = [recordedBy]) =>
  mutation(type, { writers: ['secretary'], refusal: 'SECRETARY_ONLY', actors });

export const RECORD_KIND_FACTS = {
  member: {
    entity: 'member',
    level: 'member',
    read: everyone,
    at: 'updatedAt',
    serverTable: 'members',
    dexieTable: 'members',
    mutations: [],
  },
  pairing: {
    entity: 'pairing',
    level: 'member',
    // A worker learns about their own pairings only, not who else looks after their members.
    read: { worker: 'own', secretary: 'scope', admin: 'scope' },
    owner: 'workerId',
    at: 'since',
    serverTable: 'pairings',
    dexieTable: 'pairings',
    mutations: [],
  },
  visit: {
    entity: 'visit',
    level: 'member',
    read: everyone,
    at: 'occurredAt',
    inForce: 'A correction is a new visit whose `amends` names the original; the latest amendment (by recordedAt) stands for it.',
    serverTable: 'visits',
    dexieTable: 'visits',
    mutations: [
      mutation('visit.submit', { writers: ['worker'], actors: [{ path: 'visitorIds', label: '走访人', rule: 'includesSelf' }] }),
    ],
  },
  consent: {
    entity: 'consent',
    level: 'member',
    // Health data goes to the member's paired workers only (docs/DOMAIN.md §6, PIPL minimum necessary).
    read: { worker: 'scope' },
    at: 'givenAt',
    serverTable: 'consents',
    dexieTable: 'consents',
    mutations: [
      mutation('consent.give', { writers: ['worker'], refusal: 'NOT_FOUND', actors: [recordedBy] }),
      mutation('consent.withdraw', { writers: ['worker'], refusal: 'NOT_FOUND', idempotency: 'transition', at: 'withdrawnAt' }),
    ],
  },
  health_note: {
    entity: 'health_note',
    level: 'member',
    read: { worker: 'scope' },
    at: 'recordedAt',
    serverTable: 'health_notes',
    dexieTable: 'healthNotes',
    mutations: [mutation('health_note.record', { writers: ['worker'], refusal: 'NOT_FOUND', actors: [recordedBy] })],
  },
  dues_payment: {
    entity: 'dues_payment',
    level: 'member',
    read: everyone,
    at: 'recordedAt',
    inForce: 'A payment stands until a reversal (`reverses` = its id) undoes it whole, at most once.',
    serverTable: 'dues_payments',
    dexieTable: 'duesPayments',
    mutations: [
      // Workers collect on their rounds, the secretary on the 主题党日; the collector is whoever pushes it.
      mutation('dues.record', { writers: ['worker', 'secretary'], actors: [self('collectedBy', '收款人')] }),
    ],
  },
  dues_assessment: {
    entity: 'dues_assessment',
    level: 'member',
    read: everyone,
    at: 'effectiveFrom',
    inForce: 'assessmentForMonth (dues-terms.ts): the latest effectiveFrom ≤ the month; see docs/DOMAIN.md §3 for ties.',
    serverTable: 'dues_assessments',
    dexieTable: 'duesAssessments',
    mutations: [ledger('dues.assess', [])],
  },
  dues_policy: {
    entity: 'dues_policy',
    level: 'branch',
    read: everyone,
    at: 'branchId',
    inForce: 'One per branch (its id is the branch id): the latest pushed replaces the one before.',
    serverTable: 'dues_policies',
    dexieTable: 'duesPolicies',
    mutations: [mutation('dues.set_policy', { writers: ['secretary'], refusal: 'SECRETARY_ONLY', idempotency: 'setting' })],
  },
  dues_adjustment: {
    entity: 'dues_adjustment',
    level: 'member',
    read: { secretary: 'scope' },
    at: 'recordedAt',
    serverTable: 'dues_adjustments',
    dexieTable: 'duesAdjustments',
    mutations: [ledger('dues.adjust')],
  },
  duplicate_resolution: {
    entity: 'duplicate_resolution',
    level: 'member',
    read: { secretary: 'scope' },
    at: 'recordedAt',
    serverTable: 'duplicate_resolutions',
    dexieTable: 'duplicateResolutions',
    mutations: [ledger('dues.resolve_duplicate')],
  },
  arrears_excuse: {
    entity: 'arrears_excuse',
    level: 'member',
    read: { secretary: 'scope' },
    at: 'recordedAt',
    serverTable: 'arrears_excuses',
    dexieTable: 'arrearsExcuses',
    mutations: [ledger('dues.excuse')],
  },
  attendance: {
    entity: 'attendance',
    level: 'member',
    read: { secretary: 'scope' },
    at: 'recordedAt',
    inForce: 'attendanceInForce (attendance.ts): per meeting and member, the latest recordedAt, then the greater id.',
    serverTable: 'attendance',
    dexieTable: 'attendance',
    mutations: [ledger('attendance.record')],
  },
  evaluation: {
    entity: 'evaluation',
    level: 'member',
    read: { secretary: 'scope' },
    at: 'recordedAt',
    inForce: 'Per member and year, the latest recordedAt, then the greater id.',
    serverTable: 'evaluations',
    dexieTable: 'evaluations',
    mutations: [ledger('evaluation.record')],
  },
  cash_handover: {
    entity: 'cash_handover',
    level: 'branch',
    // A worker sees only the handovers of their own cash (to confirm them); the secretary the branch's.
    read: { worker: 'own', secretary: 'scope' },
    owner: 'collectorId',
    at: 'handedAt',
    serverTable: 'cash_handovers',
    dexieTable: 'cashHandovers',
    mutations: [mutation('cash.handover', { writers: ['worker', 'secretary'], refusal: 'SECRETARY_ONLY', actors: [recordedBy] })],
  },
  handover_confirmation: {
    entity: 'handover_confirmation',
    level: 'branch',
    read: { worker: 'own', secretary: 'scope' },
    // The owner is the collector of the confirmed handover (not a field of the confirmation itself).
    at: 'confirmedAt',
    serverTable: 'handover_confirmations',
    dexieTable: 'handoverConfirmations',
    mutations: [
      mutation('cash.confirm', { writers: ['worker', 'secretary'], actors: [self('confirmedBy', '确认人')] }),
    ],
  },
  remittance: {
    entity: 'remittance',
    level: 'branch',
    read: { secretary: 'scope' },
    at: 'recordedAt',
    serverTable: 'remittances',
    dexieTable: 'remittances',
    mutations: [ledger('cash.remit')],
  },
  month_close: {
    entity: 'month_close',
    level: 'branch',
    // Workers need the closed months: no collecting into them.
    read: { worker: 'scope', secretary: 'scope' },
    at: 'at',
    inForce: 'lockedMonthFor (reconciliation.ts): per month, the latest record (by `at`) decides locked or open.',
    serverTable: 'month_closes',
    dexieTable: 'monthCloses',
    mutations: [ledger('month.close', [self('by', '操作人')])],
  },
  meeting: {
    entity: 'meeting',
    level: 'branch',
    read: { secretary: 'scope' },
    at: 'date',
    serverTable: 'meetings',
    dexieTable: 'meetings',
    mutations: [ledger('meeting.record')],
  },
  // The plan's settings and campaigns (docs/DOMAIN.md §4, §9): written by the administrator through the admin
  // API, not pushed from devices, and pulled by every device of the community to compute plans offline.
  visit_settings: {
    entity: 'visit_settings',
    level: 'community',
    read: everyone,
    at: 'updatedAt',
    inForce: 'settingsForBranch (plan/visit-settings.ts): the branch\'s own row, else the community\'s (branchId null), else DEFAULT_VISIT_SETTINGS.',
    serverTable: 'visit_settings',
    dexieTable: 'visitSettings',
    mutations: [],
  },
  campaign: {
    entity: 'campaign',
    level: 'community',
    read: everyone,
    at: 'startsOn',
    inForce: 'campaignOpenOn (plan/campaign.ts): open from startsOn to endsOn (Asia/Shanghai) unless cancelledAt is set.',
    serverTable: 'campaigns',
    dexieTable: 'campaigns',
    mutations: [],
  },
  member_event: {
    entity: 'member_event',
    level: 'member',
    read: everyone,
    at: 'recordedAt',
    serverTable: 'member_events',
    dexieTable: 'memberEvents',
    // 四必访: the member's paired worker records what happened (the handler checks the pairing).
    mutations: [mutation('member_event.record', { writers: ['worker'], actors: [recordedBy] })],
  },
  follow_up_closure: {
    entity: 'follow_up_closure',
    level: 'member',
    read: everyone,
    at: 'closedAt',
    inForce: 'A follow-up of a visit is done when its status is done or any closure names the visit and its index.',
    serverTable: 'follow_up_closures',
    dexieTable: 'followUpClosures',
    mutations: [mutation('follow_up.close', { writers: ['worker'], actors: [self('closedBy', '完成人')] })],
  },
} as const satisfies Record<string, RecordKindFacts>;

type Facts = typeof RECORD_KIND_FACTS;
export type SyncEntity = keyof Facts;
export const SYNC_ENTITIES = Object.keys(RECORD_KIND_FACTS) as SyncEntity[];
type AnyMutationFacts = Facts[SyncEntity]['mutations'][number];
export type MutationType = AnyMutationFacts['type'];

/** A mutation type's facts with the kind it writes. */
export interface MutationOfKind extends MutationFacts {
  type: MutationType;
  kind: RecordKindFacts & { entity: SyncEntity };
}

/** Every mutation type with its kind's facts, in registry order. */
export const MUTATION_FACTS: readonly MutationOfKind[] = SYNC_ENTITIES.flatMap((entity) => {
  const kind: RecordKindFacts = RECORD_KIND_FACTS[entity];
  return kind.mutations.map((m) => ({ ...m, type: m.type as MutationType, kind: kind as MutationOfKind['kind'] }));
});

export const MUTATION_TYPES = MUTATION_FACTS.map((m) => m.type);

const FACTS_BY_TYPE = new Map<string, MutationOfKind>(MUTATION_FACTS.map((m) => [m.type, m]));

/** A mutation type's facts (who writes it, the kind it writes), or undefined for a type nobody registered. */
export function mutationFacts(type: string): MutationOfKind | undefined {
  return FACTS_BY_TYPE.get(type);
}

/** The kinds a role receives at a level, and how (scope or own). */
export function readableKinds(role: Role, level: RecordKindFacts['level'], access: ReadAccess): SyncEntity[] {
  return SYNC_ENTITIES.filter((entity) => {
    const kind: RecordKindFacts = RECORD_KIND_FACTS[entity];
    return kind.level === level && kind.read[role] === access;
  });
}

/** Dexie store names of every kind, for the one transaction that writes a record with its outbox entry. */
export const DEXIE_TABLES = SYNC_ENTITIES.map((entity) => RECORD_KIND_FACTS[entity].dexieTable);

/** The instant (or date) a mutation's record says it was made: its own `at` field, else its kind's. */
export function recordMadeAt(def: MutationOfKind, record: unknown): string | null {
  const value = fieldAt(record, def.at ?? def.kind.at);
  return typeof value === 'string' ? value : null;
}

/** The value at a dotted path of a record (actor fields are top-level today; the path form leaves room). */
export function fieldAt(record: unknown, path: string): unknown {
  if (typeof record !== 'object' || record === null) return undefined;
  // Checked for every mutation of every push: a top-level field, the usual case, without splitting the path.
  if (!path.includes('.')) return (record as Record<string, unknown>)[path];
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
