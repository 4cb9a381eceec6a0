import { defineStore } from 'pinia';
import { branchPolicy, buildReversal, checkReversal, memberDuesStanding, orThrow, paidByMonth, reversedPaymentIds } from '../../domain';
import type { Consent, ConsentWithdrawal, DuesAssessment, DuesPayment, DuesPolicy, HealthNote, Member, MemberDuesStanding, Visit, VisitTemplate } from '../../domain';
import type { OutboxRow, RecordRow } from '../db/database';
import { assessmentFor, listAssessmentsOf, listDuesPaymentsOf, memberDuesRecords, paymentsInForceOf, policyOf, recordDuesPayment } from '../repositories/dues-repository';
import { currentMonthInShanghai } from '../format/dates';
import { currentTemplates, templateOf } from '../repositories/form-repository';
import { activeConsentOf, giveConsent, listHealthNotesOf, recordHealthNote, withdrawConsent } from '../repositories/health-repository';
import { deleteDraft, getVisit, listVisitsOf, loadDraft, saveDraft, submitVisit } from '../repositories/visit-repository';
import { rejectedEntry, replaceRejected } from '../repositories/outbox-repository';
import { useSyncStore } from './sync-store';

export interface MemberRecords {
  visits: RecordRow<Visit>[];
  healthNotes: RecordRow<HealthNote>[];
  payments: RecordRow<DuesPayment>[];
  consent: Consent | null;
}

export interface DuesTerms {
  assessment: DuesAssessment | null;
  policy: DuesPolicy | null;
}

/** What the member pages write and read; every write goes through the outbox and nudges the sync engine. */
export const useRecordsStore = defineStore('records', () => {
  async function afterWrite(): Promise<void> {
    await useSyncStore().noteWrite();
  }

  /** `replacing` is the seq of a rejected entry this record fixes: it goes in the same transaction. */
  function write(replacing: number | undefined, action: () => Promise<void>): Promise<void> {
    return replacing === undefined ? action() : replaceRejected(replacing, action);
  }

  async function load(memberId: string): Promise<MemberRecords> {
    const [visits, healthNotes, payments, consent] = await Promise.all([
      listVisitsOf(memberId),
      listHealthNotesOf(memberId),
      listDuesPaymentsOf(memberId),
      activeConsentOf(memberId),
    ]);
    // Without a standing consent nothing of the member's health is shown (docs/DOMAIN.md §6).
    return { visits, healthNotes: consent ? healthNotes : [], payments, consent };
  }

  return {
    load,
    templates: (): Promise<VisitTemplate[]> => currentTemplates(),
    template: (id: string, version: number) => templateOf(id, version),
    rejectedEntry: (seq: number) => rejectedEntry(seq),
    /**
     * The seq a fixed record replaces: the entry being fixed, if it is of this type and still rejected. If the
     * worker discarded it meanwhile (or it is of another type), the new record is simply new.
     */
    async replaceableSeq(entry: OutboxRow | null, type: OutboxRow['type']): Promise<number | undefined> {
      if (entry?.seq === undefined || entry.type !== type) return undefined;
      return (await rejectedEntry(entry.seq)) !== null ? entry.seq : undefined;
    },
    /** `amends`: the visit a correction is of (its draft is its own); null for a new visit. */
    loadDraft: (memberId: string, amends: string | null = null) => loadDraft(memberId, amends),
    saveDraft: (memberId: string, draft: unknown, amends: string | null = null) => saveDraft(memberId, draft, amends),
    deleteDraft: (memberId: string, amends: string | null = null) => deleteDraft(memberId, amends),
    visit: (id: string) => getVisit(id),
    consentOf: (memberId: string) => activeConsentOf(memberId),
    async duesTerms(memberId: string, branchId: string, month: string): Promise<DuesTerms> {
      const [assessment, policy] = await Promise.all([assessmentFor(memberId, month), policyOf(branchId)]);
      return { assessment, policy };
    },
    assessmentsOf: (memberId: string) => listAssessmentsOf(memberId),
    /**
     * A party member's arrears and first unpaid month by the secretary's ledger rule (the domain's
     * memberDuesStanding over what this device holds); null for members who pay no dues through a branch.
     */
    async duesStanding(member: Member): Promise<MemberDuesStanding | null> {
      if (!member.isPartyMember || member.branchId === null) return null;
      const records = await memberDuesRecords(member.id, member.branchId);
      const ledgerMember = { id: member.id, name: member.name, diedOn: member.diedOn ?? null };
      return memberDuesStanding({ branchId: member.branchId, member: ledgerMember, asOf: currentMonthInShanghai(), ...records });
    },
    /** What the member's payments and reversals on this device (all but refused ones) put into each month. */
    async paidSoFar(memberId: string): Promise<Map<string, number>> {
      return paidByMonth(await paymentsInForceOf(memberId));
    },
    /** The branch's own policy once pulled; the rules of 中组发〔2008〕3号 until then. */
    async policyFor(branchId: string): Promise<DuesPolicy> {
      return (await policyOf(branchId)) ?? branchPolicy(branchId, null);
    },
    async submitVisit(visit: Visit, replacing?: number): Promise<void> {
      await write(replacing, () => submitVisit(visit));
      await afterWrite();
    },
    async giveConsent(consent: Consent, replacing?: number): Promise<void> {
      await write(replacing, () => giveConsent(consent));
      await afterWrite();
    },
    async withdrawConsent(withdrawal: ConsentWithdrawal): Promise<void> {
      await withdrawConsent(withdrawal);
      await afterWrite();
    },
    async recordHealthNote(note: HealthNote, replacing?: number): Promise<void> {
      await write(replacing, () => recordHealthNote(note));
      await afterWrite();
    },
    /**
     * A correction of the ledger is a reversal entry (append-only), built and checked by the domain as the server
     * checks it: a reversal of a payment this device already knows reversed is refused before it is written.
     */
    async reversePayment(payment: DuesPayment, collectedBy: string): Promise<void> {
      const reversal = buildReversal(payment, { id: crypto.randomUUID(), collectedBy, recordedAt: new Date().toISOString() });
      const known = await paymentsInForceOf(payment.memberId);
      orThrow(checkReversal(reversal, known.find((p) => p.id === payment.id) ?? payment, reversedPaymentIds(known).has(payment.id)));
      await recordDuesPayment(reversal);
      await afterWrite();
    },
    async recordPayment(payment: DuesPayment, replacing?: number): Promise<void> {
      await write(replacing, () => recordDuesPayment(payment));
      await afterWrite();
    },
  };
});
