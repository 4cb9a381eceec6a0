import { z } from 'zod';
import { Fen, Id, IsoInstant, YearMonth } from './common';
import { DeviceGrant, DeviceLease } from './device-api';
import { DuesCategory, DuesChannel } from './dues';
import { LifeboatKey } from './lifeboat';
import { MonthClose } from './ledger-records';
import type { BranchLedger, MonthReconciliation } from './ledger-types';
import { Organisation } from './organisation';
import { Password, User, Username } from './user';
import { VisitType } from './visit';
import type { VisitTemplate } from './visit-templates';

/** Every error answer's body (the error table is errors.ts; the schema is here, with the other answers). */
export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Request and response shapes of the REST API; the server validates with them and the app parses with them. */

export const LoginRequest = z.object({
  username: Username,
  // A login only checks the password; length rules belong to setting one.
  password: z.string().min(1, { error: '请输入密码' }).max(128, { error: '密码不能超过 128 个字符' }),
  /** The device's sync client id (the push's): the answer then carries its secret and the lifeboat key (device-api.ts). */
  clientId: Id.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  token: z.string().min(32),
  expiresAt: IsoInstant,
  user: User,
  /** Only when the login named a clientId. */
  device: DeviceGrant.optional(),
  lifeboatKey: LifeboatKey.optional(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/**
 * Someone else working in the user's community, by name only: the ledger names who collected a payment and
 * who confirmed a handover, on the tablet and offline.
 */
export const Colleague = z.object({
  id: Id,
  displayName: User.shape.displayName,
  role: User.shape.role,
});
export type Colleague = z.infer<typeof Colleague>;

export const MeResponse = z.object({
  user: User,
  organisations: z.array(Organisation),
  colleagues: z.array(Colleague).default([]),
  /** When the session was opened by a device in good standing: it extends its lease on contact. */
  device: DeviceLease.optional(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const HealthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
  time: IsoInstant,
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const CreateUserRequest = z.object({
  username: Username,
  password: Password,
  displayName: User.shape.displayName,
  role: User.shape.role,
});

/**
 * Response schemas for answers whose domain type is a plain interface (the visit forms, the ledgers): the
 * server parses every answer with its route's schema, so a field outside it never leaves. Each is checked
 * against its interface below: a field added to one and not the other fails the type-check instead of being
 * dropped from the wire unnoticed.
 */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const FormField = z.object({
  key: z.string(),
  kind: z.enum(['text', 'textarea', 'single', 'multi', 'boolean', 'date', 'home_safety', 'follow_ups', 'items']),
  labelKey: z.string(),
  required: z.boolean(),
  options: z.array(z.object({ value: z.string(), labelKey: z.string() })).readonly().optional(),
  relevantWhen: z.object({ field: z.string(), anyOf: z.array(z.string()).readonly() }).optional(),
});
const VisitTemplateShape = z.object({
  id: z.string(),
  version: z.number().int().min(1),
  visitType: VisitType,
  titleKey: z.string(),
  fields: z.array(FormField).readonly(),
});
true satisfies Same<z.output<typeof VisitTemplateShape>, VisitTemplate>;

/** GET /api/forms: wrapped in an object so the answer can grow. */
export const FormsResponse = z.object({ templates: z.array(VisitTemplateShape).readonly() });
export type FormsResponse = z.infer<typeof FormsResponse>;

const DuplicateFlag = z.object({ memberId: Id, month: YearMonth, paymentIds: z.array(Id), surplusFen: Fen });
const LedgerCell = z.object({
  month: YearMonth,
  expectedFen: Fen.nullable(),
  paidFen: Fen,
  balanceFen: Fen,
  state: z.enum(['paid', 'partly', 'due', 'arrears', 'prepaid', 'future', 'exempt', 'other_channel', 'not_assessed', 'closed', 'excused']),
  entryIds: z.array(Id),
  duplicate: z.boolean(),
});
const MemberLedger = z.object({
  memberId: Id,
  name: z.string(),
  baseFen: Fen.nullable(),
  monthlyFen: Fen.nullable(),
  rule: z.string(),
  category: DuesCategory.nullable(),
  channel: DuesChannel.nullable(),
  rateBasisPoints: z.number().int().nullable(),
  cells: z.array(LedgerCell),
  expectedTotalFen: Fen,
  paidTotalFen: Fen,
  voluntaryFen: Fen,
  arrearsStreak: z.number().int(),
  arrearsLevel: z.enum(['none', 'warning', 'removal']),
  prepaidMonths: z.number().int(),
  duplicates: z.array(DuplicateFlag),
  excuses: z.array(z.object({ months: z.array(YearMonth), reason: z.string() })),
});

/** GET /api/branches/:branchId/ledger. */
export const BranchLedgerResponse = z.object({
  branchId: Id,
  from: YearMonth,
  to: YearMonth,
  asOf: YearMonth,
  members: z.array(MemberLedger),
  expectedTotalFen: Fen,
  paidTotalFen: Fen,
  collectionRate: z.number().nullable(),
  membersInArrears: z.number().int(),
  membersAtWarning: z.number().int(),
  duplicates: z.array(DuplicateFlag),
});
true satisfies Same<z.output<typeof BranchLedgerResponse>, BranchLedger>;

/** GET /api/branches/:branchId/reconciliation?month=. */
export const MonthReconciliationResponse = z.object({
  month: YearMonth,
  expectedFen: Fen,
  collectedFen: Fen,
  varianceFen: Fen,
  byMember: z.array(z.object({ memberId: Id, name: z.string(), expectedFen: Fen, collectedFen: Fen, varianceFen: Fen })),
  byCollector: z.array(
    z.object({
      collectorId: Id,
      cashFen: Fen,
      transferFen: Fen,
      handedOverFen: Fen,
      pendingHandoverFen: Fen,
      monthHandedOverFen: Fen,
      monthPendingHandoverFen: Fen,
      withCollectorFen: Fen,
      handoverDifferenceFen: Fen,
    }),
  ),
  cashWithCollectorsFen: Fen,
  cashWithSecretaryFen: Fen,
  remittedFen: Fen,
  largeVoluntaryFen: Fen,
  differenceFen: Fen,
  locked: z.boolean(),
  closes: z.array(MonthClose),
});
true satisfies Same<z.output<typeof MonthReconciliationResponse>, MonthReconciliation>;
