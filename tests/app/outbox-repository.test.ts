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

const OUTBOX_FAILURE = 'outbox write failed (injected)';

/** Runs fn while every write of an outbox entry fails (a Dexie creating hook that throws), then restores the table. */
async function withFailingOutbox(fn: () => Promise<void>): Promise<void> {
  const fail = () => {
    throw new Error(OUTBOX_FAILURE);
  };
  db.outbox.hook('creating', fail);
  try {
    await fn();
  } finally {
    db.outbox.hook('creating').unsubscribe(fail);
  }
}

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

  it('leaves neither the record nor the entry when the outbox write fails after the record was written', async () => {
    await saveDraft(ZHANG_XIAOMING.id, { outcome: 'met' });
    const payment = makePayment(1);
    // The failure comes at the outbox write itself, after the record's own add has gone through: only the
    // transaction around both can take the record back.
    await withFailingOutbox(async () => {
      await expect(submitVisit(makeVisit(1))).rejects.toThrow(OUTBOX_FAILURE);
      await expect(recordDuesPayment(payment)).rejects.toThrow(OUTBOX_FAILURE);
    });
    expect(await db.visits.count()).toBe(0);
    expect(await db.duesPayments.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    // The draft is not ended by a submission that did not happen.
    expect(await db.visitDrafts.get(ZHANG_XIAOMING.id)).toBeDefined();

    // Once the outbox accepts writes again, the same records go through, each with its entry.
    await submitVisit(makeVisit(1));
    await recordDuesPayment(payment);
    expect(await db.visits.count()).toBe(1);
    expect(await db.duesPayments.count()).toBe(1);
    expect((await db.outbox.toArray()).map((e) => e.type).sort()).toEqual(['dues.record', 'visit.submit']);
  });

  it('writes nothing for a record the schema refuses', async () => {
    await expect(submitVisit({ ...makeVisit(2), visitorIds: [] })).rejects.toThrow();
    expect(await db.visits.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
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
