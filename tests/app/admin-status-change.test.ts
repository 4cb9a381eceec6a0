import { describe, expect, it } from 'vitest';
import { actionsFor, emptyStatusDraft, statusChangeOf } from '../../src/app/composables/useAdminMember';

const draft = (overrides: Partial<ReturnType<typeof emptyStatusDraft>> = {}) => ({ ...emptyStatusDraft('2026-03-20'), ...overrides });

describe('status changes the admin can record', () => {
  it('offers each change only from the statuses it may follow; a death is never undone', () => {
    expect(actionsFor('active')).toEqual(['away', 'deceased', 'transferred']);
    expect(actionsFor('away')).toEqual(['back', 'deceased', 'transferred']);
    expect(actionsFor('transferred')).toEqual(['transferIn']);
    expect(actionsFor('deceased')).toEqual([]);
  });

  it('turns each form into the request the server takes', () => {
    expect(statusChangeOf('back', draft())).toEqual({ ok: true, change: { status: 'active', on: '2026-03-20', origin: null } });
    expect(statusChangeOf('transferIn', draft({ place: '市老干部局' }))).toEqual({ ok: true, change: { status: 'active', on: '2026-03-20', origin: '市老干部局' } });
    expect(statusChangeOf('deceased', draft({ on: '2026-03-02' }))).toEqual({ ok: true, change: { status: 'deceased', on: '2026-03-02' } });
    expect(statusChangeOf('transferred', draft({ place: '北京市海淀区' }))).toEqual({
      ok: true,
      change: { status: 'transferred', on: '2026-03-20', destination: '北京市海淀区' },
    });
    expect(statusChangeOf('away', draft({ place: '三亚', phone: ' ', expectedReturn: '' }))).toEqual({
      ok: true,
      change: { status: 'away', from: '2026-03-20', expectedReturn: null, place: '三亚', phone: null },
    });
  });

  it('says in the domain’s words which field is wrong', () => {
    expect(statusChangeOf('transferred', draft())).toEqual({ ok: false, path: 'destination', message: '不能为空' });
    expect(statusChangeOf('deceased', draft({ on: '2026.3.2' }))).toEqual({ ok: false, path: 'on', message: '日期格式应为 YYYY-MM-DD' });
    expect(statusChangeOf('transferIn', draft())).toMatchObject({ ok: false, path: 'origin' });
  });
});
