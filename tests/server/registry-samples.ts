import { randomUUID } from 'node:crypto';
import { DEFAULT_DUES_POLICY, DEFAULT_VISIT_SETTINGS, type ErrorCode, type MutationType, type RECORD_KINDS, type RecordOf, type SyncEntity, type User } from '../../src/domain';
import { createCampaign } from '../../src/server/services/campaigns';
import { saveVisitSettings } from '../../src/server/services/visit-settings';
import type { Db } from '../../src/server/storage';
import type { Fixtures } from './fixtures';
import { adjustment, attendance, confirmation, evaluation, excuse, handover, meeting, monthClose, remittance, resolution } from './ledger-support';
import { AT, consent, followUpClosure, healthNote, memberEvent, payment, visit } from './sync-support';

/**
 * A valid sample record of every registered mutation type, for the registry walk (registry-walk.test.ts).
 *
 * The cast, on the fixtures (fixtures.ts) with secretary2 of ledger-support's world and one more worker:
 * - worker2 writes the workers' kinds: paired with m2 and m3 (branch B1), and the collector (the owner) of
 *   every cash handover below, so that worker2 is the reader of kinds read by their owner;
 * - secretary1 (B1) writes the secretary's kinds and confirms worker2's handover;
 * - admin1 (the community) reads, never writes;
 * - outsiders: worker1 (same community, in B1 through m1, but their pairing with m2 has ended and they were
 *   never paired with m3; not the collector of any handover here), worker4 (same community, paired only with
 *   m7, who has no branch), worker3 / secretary3 / admin2 (the other community), secretary2 (branch B2).
 * The community's records (COMMUNITY_SAMPLES) are written by admin1 through the admin services and reach every
 * user of the community, outsiders of the member and branch included; the other community's never.
 *
 * Each factory pushes what its record needs first (a meeting before an attendance, payments before a
 * handover, …) and uses months no other sample uses, so the samples do not depend on each other's order.
 * The mapped type below keeps the list complete: a type registered without a sample fails the type-check.
 */

export type Username = 'worker1' | 'worker2' | 'worker3' | 'worker4' | 'secretary1' | 'secretary2' | 'secretary3' | 'admin1' | 'admin2';

export interface SampleContext {
  fx: Fixtures;
  user(name: Username): User;
  /** Pushes a record the sample needs before its own (from a fresh device); throws unless it is applied. */
  given(username: Username, type: MutationType, record: unknown): Promise<void>;
}

export interface Sample<T extends MutationType> {
  /** Who may push it: the right role, in scope, the record's own party. */
  writer: Username;
  record: RecordOf<T>;
  /** The key of the row it writes in the kind's serverTable, which is also the id of the change a pull carries. */
  id: string;
  /** The record a pull carries when it is not the pushed record (a withdrawal changes the consent it names). */
  pulled?: unknown;
  /**
   * The same record id with other, valid content: for an `immutable` kind a CONFLICT, for a `setting` the newer
   * setting that replaces it. Required for both.
   */
  other?: RecordOf<T>;
  /** Writers' roles in scope who still may not push this record (not its party), with the code they get. */
  alsoRefused?: readonly { user: Username; code: ErrorCode }[];
}

export type Samples = { [T in MutationType]: (ctx: SampleContext) => Promise<Sample<T>> };

/** Branch B1's policy as the fixtures set it (seedFixtureDues): amounts of every sample depend on its bands. */
const b1Policy = (branchId: string) => ({ branchId, ...DEFAULT_DUES_POLICY, maxMonthsPerPayment: 3 });

export const SAMPLES: Samples = {
  'visit.submit': async ({ fx, user }) => {
    const record = visit(fx.members.m2.id, user('worker2').id);
    return { writer: 'worker2', record, id: record.id, other: { ...record, notes: '另一份内容' } };
  },

  'consent.give': async ({ fx, user }) => {
    const record = consent(fx.members.m2.id, user('worker2').id);
    return { writer: 'worker2', record, id: record.id, other: { ...record, givenBy: { kind: 'relative', name: '王小明', relation: '儿子' } } };
  },

  'consent.withdraw': async ({ fx, user, given }) => {
    // m3, not m2: withdrawing purges the member's health notes, and the health note sample is m2's.
    const given3 = consent(fx.members.m3.id, user('worker2').id);
    await given('worker2', 'consent.give', given3);
    const record = { consentId: given3.id, memberId: fx.members.m3.id, withdrawnAt: '2026-03-06T02:00:00.000Z' };
    return { writer: 'worker2', record, id: given3.id, pulled: { ...given3, withdrawnAt: record.withdrawnAt } };
  },

  'health_note.record': async ({ fx, user, given }) => {
    const w2 = user('worker2').id;
    const consented = consent(fx.members.m2.id, w2);
    await given('worker2', 'consent.give', consented);
    const record = healthNote(fx.members.m2.id, consented.id, w2);
    return { writer: 'worker2', record, id: record.id, other: { ...record, mood: 'low' } };
  },

  'dues.record': async ({ fx, user }) => {
    const record = payment(fx.members.m2.id, fx.branch1.id, user('worker2').id, ['2026-01'], 5000);
    return { writer: 'worker2', record, id: record.id, other: { ...record, receiptRef: 'NO.2' } };
  },

  'dues.assess': async ({ fx }) => {
    // The same base as the fixtures' assessment of m2, from October: no month's dues change for the others.
    const record = {
      id: randomUUID(),
      memberId: fx.members.m2.id,
      branchId: fx.branch1.id,
      year: 2026,
      effectiveFrom: '2026-10',
      baseFen: 500_001,
      category: 'normal' as const,
      channel: 'this_branch' as const,
      reducedFen: null,
      relief: null,
    };
    return { writer: 'secretary1', record, id: record.id, other: { ...record, baseFen: 600_000 } };
  },

  'dues.set_policy': async ({ fx }) => {
    // Only the removal threshold changes: the bands, and so every sample's amounts, stay as they were.
    const record = { ...b1Policy(fx.branch1.id), arrearsRemovalMonths: 7 };
    return { writer: 'secretary1', record, id: fx.branch1.id, other: { ...record, arrearsRemovalMonths: 8 } };
  },

  'dues.adjust': async ({ fx, user }) => {
    const record = adjustment(fx.members.m2.id, fx.branch1.id, user('secretary1').id, '2026-06', 100);
    return { writer: 'secretary1', record, id: record.id, other: { ...record, amountFen: 200 } };
  },

  'dues.resolve_duplicate': async ({ fx, user, given }) => {
    const w2 = user('worker2').id;
    // February paid twice (two devices offline): both payments stand, the secretary refunds one.
    const first = payment(fx.members.m2.id, fx.branch1.id, w2, ['2026-02'], 5000);
    const second = payment(fx.members.m2.id, fx.branch1.id, w2, ['2026-02'], 5000);
    await given('worker2', 'dues.record', first);
    await given('worker2', 'dues.record', second);
    const record = resolution(fx.members.m2.id, fx.branch1.id, user('secretary1').id, '2026-02', first.id, 5000);
    return { writer: 'secretary1', record, id: record.id, other: { ...record, note: '另一份内容' } };
  },

  'dues.excuse': async ({ fx, user }) => {
    const record = excuse(fx.members.m2.id, fx.branch1.id, user('secretary1').id, '2026-07', '2026-08');
    return { writer: 'secretary1', record, id: record.id, other: { ...record, reason: '外出就医' } };
  },

  'attendance.record': async ({ fx, user, given }) => {
    const s1 = user('secretary1').id;
    const held = meeting(fx.branch1.id, s1, '2026-03-12');
    await given('secretary1', 'meeting.record', held);
    const record = attendance(held.id, fx.members.m2.id, fx.branch1.id, s1, 'present');
    return { writer: 'secretary1', record, id: record.id, other: { ...record, status: 'absent' } };
  },

  'evaluation.record': async ({ fx, user }) => {
    const record = evaluation(fx.members.m2.id, fx.branch1.id, user('secretary1').id, 'qualified', 2025);
    return { writer: 'secretary1', record, id: record.id, other: { ...record, grade: 'excellent' } };
  },

  'cash.handover': async ({ fx, user, given }) => {
    const w2 = user('worker2').id;
    const cash = payment(fx.members.m2.id, fx.branch1.id, w2, ['2026-04'], 5000);
    await given('worker2', 'dues.record', cash);
    const record = handover(fx.branch1.id, w2, w2, '2026-03', [cash.id], 5000);
    return {
      writer: 'worker2',
      record,
      id: record.id,
      other: { ...record, countedFen: 4900 },
      // worker1 collects in B1 too, but cannot hand over worker2's cash in worker2's name.
      alsoRefused: [{ user: 'worker1', code: 'SECRETARY_ONLY' }],
    };
  },

  'cash.confirm': async ({ fx, user, given }) => {
    const w2 = user('worker2').id;
    const cash = payment(fx.members.m2.id, fx.branch1.id, w2, ['2026-05'], 5000);
    await given('worker2', 'dues.record', cash);
    const handed = handover(fx.branch1.id, w2, w2, '2026-03', [cash.id], 5000);
    await given('worker2', 'cash.handover', handed);
    const record = confirmation(handed.id, fx.branch1.id, user('secretary1').id);
    return {
      writer: 'secretary1',
      record,
      id: record.id,
      other: { ...record, confirmedAt: '2026-03-06T02:00:00.000Z' },
      // Recorded by the collector, so the secretary confirms: not the collector, nor a worker of the branch.
      alsoRefused: [
        { user: 'worker2', code: 'FORBIDDEN' },
        { user: 'worker1', code: 'FORBIDDEN' },
      ],
    };
  },

  'cash.remit': async ({ fx, user }) => {
    const record = remittance(fx.branch1.id, user('secretary1').id, ['2026-03'], 5000, '2026-04-01');
    return { writer: 'secretary1', record, id: record.id, other: { ...record, receiptNo: 'NO.other' } };
  },

  'month.close': async ({ fx, user, given }) => {
    const s1 = user('secretary1').id;
    // A lock before its unlock: December 2025, a collection month no other sample uses.
    await given('secretary1', 'month.close', monthClose(fx.branch1.id, s1, '2025-12', 'lock', '', '2026-01-05T02:00:00.000Z'));
    const record = monthClose(fx.branch1.id, s1, '2025-12', 'unlock', '补录12月漏交的党费', AT);
    return { writer: 'secretary1', record, id: record.id, other: { ...record, reason: '另一个原因' } };
  },

  'meeting.record': async ({ fx, user }) => {
    const record = meeting(fx.branch1.id, user('secretary1').id, '2026-03-10');
    return { writer: 'secretary1', record, id: record.id, other: { ...record, topic: '另一个主题' } };
  },

  'member_event.record': async ({ fx, user }) => {
    const record = memberEvent(fx.members.m2.id, user('worker2').id);
    return { writer: 'worker2', record, id: record.id, other: { ...record, kind: 'hardship' } };
  },

  'follow_up.close': async ({ fx, user, given }) => {
    const w2 = user('worker2').id;
    const withFollowUp = visit(fx.members.m2.id, w2, { followUps: [{ what: '联系物业修理楼道灯', owner: '物业', deadline: '2026-03-20', status: 'open' }] });
    await given('worker2', 'visit.submit', withFollowUp);
    const record = followUpClosure(fx.members.m2.id, withFollowUp.id, 0, w2);
    return { writer: 'worker2', record, id: record.id, other: { ...record, note: '另一份内容' } };
  },
};

/** Kinds of the registry's level `community`: written by the administrator's services, never pushed. */
export type CommunityEntity = { [E in SyncEntity]: (typeof RECORD_KINDS)[E]['level'] extends 'community' ? E : never }[SyncEntity];

export interface CommunitySample {
  /** The id of the record written, as the change log names it. */
  id: string;
  /** The record a pull carries. */
  record: unknown;
}

/** A record of each community-level kind, written by admin1 (the mapped type keeps the list complete). */
export const COMMUNITY_SAMPLES: { [E in CommunityEntity]: (db: Db, admin: User, fx: Fixtures) => Promise<CommunitySample> } = {
  visit_settings: async (db, admin) => {
    const saved = await saveVisitSettings(db, admin, { community: { ...DEFAULT_VISIT_SETTINGS, visitBackdateDays: 10 }, overrides: [] });
    if (!saved.community) throw new Error('the community row was not saved');
    return { id: saved.community.id, record: saved.community };
  },
  campaign: async (db, admin, fx) => {
    const campaign = await createCampaign(db, admin, {
      kind: 'double_ninth',
      name: '2026年重阳节慰问',
      startsOn: '2026-10-20',
      endsOn: '2026-10-31',
      cohort: { type: 'branch', branchId: fx.branch1.id },
      delivery: { kind: 'cash', description: '慰问金', amountFen: 20_000 },
    });
    return { id: campaign.id, record: campaign };
  },
};
