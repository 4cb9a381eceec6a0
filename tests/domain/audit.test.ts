import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDITED_MUTATIONS, AUDITED_MUTATION_TYPES, AuditQuery, MUTATION_TYPES, changedFields, isAuditedMutation } from '../../src/domain';

describe('the audit rule table (docs/DOMAIN.md §6)', () => {
  it('lists as actions exactly the mutation types it marks audited, and decides every type', () => {
    expect(Object.keys(AUDITED_MUTATIONS).sort()).toEqual([...MUTATION_TYPES].sort());
    const marked = MUTATION_TYPES.filter((type) => AUDITED_MUTATIONS[type]);
    expect([...AUDITED_MUTATION_TYPES].sort()).toEqual(marked.sort());
    for (const type of marked) expect(AUDIT_ACTIONS).toContain(type);
  });

  it('audits every change to health data, consents and money, and not the daily visits', () => {
    for (const type of ['health_note.record', 'consent.give', 'consent.withdraw', 'dues.record', 'dues.adjust', 'dues.excuse', 'cash.handover', 'cash.remit']) {
      expect(isAuditedMutation(type), type).toBe(true);
    }
    expect(isAuditedMutation('visit.submit')).toBe(false);
    expect(isAuditedMutation('no.such_type')).toBe(false);
  });

  it('names changed fields, never their values', () => {
    const before = { name: '王一', phone: '13800000000', address: { building: '1' }, updatedAt: 'a' };
    const after = { name: '王一', phone: '13900000000', address: { building: '2' }, updatedAt: 'b' };
    expect(changedFields(before, after, ['updatedAt'])).toEqual(['address', 'phone']);
    expect(JSON.stringify(changedFields(before, after))).not.toContain('139');
  });

  it('reads a query with its default page size and refuses days the wrong way round', () => {
    expect(AuditQuery.parse({})).toEqual({ limit: 50 });
    expect(AuditQuery.safeParse({ from: '2026-03-02', to: '2026-03-01' }).success).toBe(false);
    expect(AuditQuery.safeParse({ limit: '500' }).success).toBe(false);
    expect(AuditQuery.safeParse({ cursor: "x' or 1=1" }).success).toBe(false);
  });
});
