import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../src/app/db/database';
import { recordDuesPayment } from '../../src/app/repositories/dues-repository';
import { giveConsent, recordHealthNote, withdrawConsent } from '../../src/app/repositories/health-repository';
import { discardEntry, settleRejected } from '../../src/app/repositories/outbox-repository';
import { saveDraft, submitVisit } from '../../src/app/repositories/visit-repository';
import { resetDevice } from './support/app-harness';
import { ZHANG_XIAOMING } from './support/fixtures';
import { makeConsent, makeHealthNote, makePayment, makeVisit } from './support/records';

beforeEach(async () => {
  await resetDevice();
});

describe('records and their outbox entries', () => {
  it('writes a visit, its outbox entry and the end of its draft together', async () => {
    await saveDraft(ZHANG_XIAOMING.id, { outcome: 'met' });
    const visit = makeVisit(1);
    await submitVisit(visit);

    const row = await db.visits.get(visit.id);
    expect(row?.syncState).toBe('pending');
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ type: 'visit.submit', state: 'pending', recordId: visit.id, memberId: ZHANG_XIAOMING.id });
    expect(entry?.record).toEqual(visit);
    expect(await db.visitDrafts.count()).toBe(0);
  });

  it('leaves neither the record nor the entry when the write fails halfway', async () => {
    const visit = makeVisit(1);
    await submitVisit(visit);
    // The same id again: the record insert fails inside the transaction, and no second entry may remain.
    await expect(submitVisit(visit)).rejects.toThrow();
    expect(await db.visits.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);

    // A record the schema refuses never reaches IndexedDB at all.
    await expect(submitVisit({ ...makeVisit(2), visitorIds: [] })).rejects.toThrow();
    expect(await db.visits.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('numbers entries in the order the worker acted, across record kinds', async () => {
    const consent = makeConsent(1);
    await giveConsent(consent);
    await recordHealthNote(makeHealthNote(1, consent));
    await recordDuesPayment(makePayment(1));
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((e) => e.type)).toEqual(['consent.give', 'health_note.record', 'dues.record']);
    const [first] = entries;
    // The key generator survives clearing the table, so a device never reuses a seq the server has settled.
    expect(entries.map((e) => e.seq)).toEqual([first!.seq, first!.seq! + 1, first!.seq! + 2]);
  });

  it('refuses a health note without a valid consent, writing nothing', async () => {
    await expect(recordHealthNote(makeHealthNote(1, makeConsent(9)))).rejects.toThrow();
    expect(await db.healthNotes.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('purges the health notes of a withdrawn consent from the device in the same transaction', async () => {
    const consent = makeConsent(1);
    await giveConsent(consent);
    await recordHealthNote(makeHealthNote(1, consent));
    await withdrawConsent({ consentId: consent.id, memberId: consent.memberId, withdrawnAt: '2026-03-03T01:00:00.000Z' });
    expect(await db.healthNotes.count()).toBe(0);
    expect((await db.consents.get(consent.id))?.payload.withdrawnAt).toBe('2026-03-03T01:00:00.000Z');
    expect((await db.outbox.orderBy('seq').last())?.type).toBe('consent.withdraw');
  });

  it('discarding a rejected entry removes the record the server never accepted', async () => {
    const payment = makePayment(1);
    await recordDuesPayment(payment);
    const [entry] = await db.outbox.toArray();
    await settleRejected(entry!, { code: 'VALIDATION_FAILED', message: '金额不正确' });
    expect((await db.duesPayments.get(payment.id))?.syncState).toBe('rejected');
    await discardEntry(entry!.seq!);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.duesPayments.count()).toBe(0);
  });
});
