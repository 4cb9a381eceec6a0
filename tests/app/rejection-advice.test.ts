import { describe, expect, it } from 'vitest';
import { fixAdvice, fixRoute } from '../../src/app/sync/rejection';
import type { OutboxRow } from '../../src/app/db/database';

const rejected = (type: OutboxRow['type'], code: string, record: unknown = {}): Pick<OutboxRow, 'type' | 'record' | 'lastError'> => ({
  type,
  record,
  lastError: { code, message: '' },
});

describe('what can be done about a refused entry', () => {
  it('a payment refused because its month was closed is made again (it then counts in this month’s cash)', () => {
    expect(fixAdvice(rejected('dues.record', 'MONTH_LOCKED', { kind: 'payment' }))).toEqual({ kind: 'fix', route: 'dues' });
    expect(fixAdvice(rejected('dues.record', 'MONTH_LOCKED', { kind: 'reversal' }))).toEqual({ kind: 'discard', hint: 'reversal' });
  });

  it('refusals no resend can cure offer only discarding, with the reason', () => {
    expect(fixAdvice(rejected('month.close', 'SECRETARY_ONLY'))).toEqual({ kind: 'discard', hint: 'forbidden' });
    expect(fixAdvice(rejected('health_note.record', 'MEMBER_DECEASED'))).toEqual({ kind: 'discard', hint: 'deceased' });
  });

  it('the secretary’s ledger records are entered again in the ledger, not through a worker’s form', () => {
    for (const type of ['dues.resolve_duplicate', 'cash.handover', 'attendance.record', 'dues.adjust'] as const) {
      expect(fixAdvice(rejected(type, 'DUES_BAD_RESOLUTION'))).toEqual({ kind: 'discard', hint: 'ledger' });
    }
    expect(fixAdvice(rejected('visit.submit', 'VISIT_INCOMPLETE'))).toEqual({ kind: 'fix', route: 'visit' });
    expect(fixAdvice(rejected('health_note.record', 'VALIDATION_FAILED'))).toEqual({ kind: 'fix', route: 'health' });
    expect(fixAdvice(rejected('consent.give', 'ACTOR_MISMATCH'))).toEqual({ kind: 'fix', route: 'health' });
  });

  it('a refused 四必访 event or follow-up closure is marked again on the member page (no ledger, no form to reopen)', () => {
    for (const type of ['member_event.record', 'follow_up.close'] as const) {
      expect(fixAdvice(rejected(type, 'VALIDATION_FAILED'))).toEqual({ kind: 'discard', hint: 'memberPage' });
      expect(fixAdvice(rejected(type, 'NOT_FOUND'))).toEqual({ kind: 'discard', hint: 'notFound' });
    }
  });

  it('the sheet and the member page open the same form for a fixable entry: the member’s, with the entry to replace', () => {
    const entry = { ...rejected('dues.record', 'DUES_AMOUNT_MISMATCH', { kind: 'payment' }), memberId: 'm-1', seq: 7 };
    expect(fixRoute(entry)).toEqual({ name: 'dues', params: { id: 'm-1' }, query: { fix: '7' } });
    expect(fixRoute({ ...entry, record: { kind: 'reversal' } })).toBeNull();
    expect(fixRoute({ ...rejected('cash.handover', 'CASH_BAD_HANDOVER'), memberId: 'b-1', seq: 8 })).toBeNull();
  });
});
