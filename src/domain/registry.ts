import { z } from 'zod';
import { DuesAssessment, DuesPayment, DuesPolicy } from './dues';
import { Consent, ConsentWithdrawal, HealthNote } from './health';
import { ArrearsExcuse, CashHandover, DuesAdjustment, DuplicateResolution, HandoverConfirmation, MonthClose, Remittance } from './ledger-records';
import { Attendance, Evaluation, Meeting } from './meeting';
import { Member } from './member';
import { Pairing } from './pairing';
import { Campaign } from './plan/campaign';
import { FollowUpClosure } from './plan/follow-up-closure';
import { MemberEvent } from './plan/member-event';
import { VisitSettings } from './plan/visit-settings';
import { Visit } from './visit';

import {
  MUTATION_FACTS,
  RECORD_KIND_FACTS,
  SYNC_ENTITIES,
  type MutationFacts,
  type MutationType,
  type RecordKindFacts,
  type SyncEntity as KindName,
} from './record-kinds';

export * from './record-kinds';

/**
 * The registry's other half (record-kinds.ts holds what each kind is): the shape of each kind on the wire, as
 * pulled (JSON Schema at GET /api/schema), and of the record each mutation type carries. A kind or a mutation
 * type registered there without its schema here, or a schema here for neither, fails the type-check.
 */
const KIND_SCHEMAS = {
  member: Member,
  pairing: Pairing,
  visit: Visit,
  consent: Consent,
  health_note: HealthNote,
  dues_payment: DuesPayment,
  dues_assessment: DuesAssessment,
  dues_policy: DuesPolicy,
  dues_adjustment: DuesAdjustment,
  duplicate_resolution: DuplicateResolution,
  arrears_excuse: ArrearsExcuse,
  attendance: Attendance,
  evaluation: Evaluation,
  cash_handover: CashHandover,
  handover_confirmation: HandoverConfirmation,
  remittance: Remittance,
  month_close: MonthClose,
  meeting: Meeting,
  visit_settings: VisitSettings,
  campaign: Campaign,
  member_event: MemberEvent,
  follow_up_closure: FollowUpClosure,
} as const satisfies Record<SyncEntity, z.ZodType>;

const MUTATION_SCHEMAS = {
  'visit.submit': Visit,
  'consent.give': Consent,
  'consent.withdraw': ConsentWithdrawal,
  'health_note.record': HealthNote,
  'dues.record': DuesPayment,
  'dues.assess': DuesAssessment,
  'dues.set_policy': DuesPolicy,
  'dues.adjust': DuesAdjustment,
  'dues.resolve_duplicate': DuplicateResolution,
  'dues.excuse': ArrearsExcuse,
  'attendance.record': Attendance,
  'evaluation.record': Evaluation,
  'cash.handover': CashHandover,
  'cash.confirm': HandoverConfirmation,
  'cash.remit': Remittance,
  'month.close': MonthClose,
  'meeting.record': Meeting,
  'member_event.record': MemberEvent,
  'follow_up.close': FollowUpClosure,
} as const satisfies Record<MutationType, z.ZodType>;

export interface MutationDef extends MutationFacts {
  schema: z.ZodType;
}

export interface RecordKind extends RecordKindFacts {
  /** The record's shape on the wire, as pulled (JSON Schema at GET /api/schema). */
  schema: z.ZodType;
  mutations: readonly MutationDef[];
}

type Facts = typeof RECORD_KIND_FACTS;
type WithSchemas<E extends SyncEntity> = Facts[E] & { schema: (typeof KIND_SCHEMAS)[E]; mutations: readonly MutationDef[] };

/** Each kind's facts with its schemas: what the server's handlers, storage and the protocol's JSON Schema read. */
export const RECORD_KINDS = Object.fromEntries(
  SYNC_ENTITIES.map((entity) => {
    const kind: RecordKindFacts = RECORD_KIND_FACTS[entity];
    const mutations = kind.mutations.map((m) => ({ ...m, schema: MUTATION_SCHEMAS[m.type as MutationType] }));
    return [entity, { ...kind, schema: KIND_SCHEMAS[entity], mutations }];
  }),
) as unknown as { [E in SyncEntity]: WithSchemas<E> };

/** Kinds of record a pull can carry (the type and its zod enum share the name). */
export type SyncEntity = KindName;
export const SyncEntity = z.enum(SYNC_ENTITIES as [SyncEntity, ...SyncEntity[]]);

/** A mutation's type with its parsed record, e.g. { type: 'dues.record', record: DuesPayment }. */
export type MutationBody = { [T in MutationType]: { type: T; record: z.output<(typeof MUTATION_SCHEMAS)[T]> } }[MutationType];
/** The record a mutation type carries. */
export type RecordOf<T extends MutationType> = Extract<MutationBody, { type: T }>['record'];
/** The record a pulled entity carries. */
export type EntityRecord<E extends SyncEntity> = z.output<(typeof KIND_SCHEMAS)[E]>;

export interface RegisteredMutation extends MutationDef {
  type: MutationType;
  kind: RecordKind & { entity: SyncEntity };
}

/** Every mutation type with its kind, in registry order. */
export const MUTATIONS: readonly RegisteredMutation[] = MUTATION_FACTS.map((m) => ({
  ...m,
  schema: MUTATION_SCHEMAS[m.type],
  kind: RECORD_KINDS[m.kind.entity] as RegisteredMutation['kind'],
}));

const BY_TYPE = new Map<string, RegisteredMutation>(MUTATIONS.map((m) => [m.type, m]));

/** The registered mutation of a type, or undefined for a type nobody registered. */
export function mutationDef(type: string): RegisteredMutation | undefined {
  return BY_TYPE.get(type);
}

export function recordKind(entity: SyncEntity): RecordKind & { entity: SyncEntity } {
  return RECORD_KINDS[entity] as RecordKind & { entity: SyncEntity };
}

/** The parsed record of a mutation, or the schema's issues with paths under `record.`. */
export function parseMutationRecord(
  def: RegisteredMutation,
  record: unknown,
): { success: true; body: MutationBody } | { success: false; issues: z.core.$ZodIssue[] } {
  const result = def.schema.safeParse(record);
  if (!result.success) return { success: false, issues: result.error.issues.map((issue) => ({ ...issue, path: ['record', ...issue.path] })) };
  return { success: true, body: { type: def.type, record: result.data } as MutationBody };
}
