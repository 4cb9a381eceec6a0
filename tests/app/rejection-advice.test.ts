import { describe, expect, it } from 'vitest';
import { fixAdvice } from '../../src/app/sync/rejection';
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
});
