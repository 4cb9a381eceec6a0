import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DUES_POLICY, DuesAssessment, type MutationEnvelope } from '../../src/domain';
import { db } from '../../src/app/db/database';
import { recordDuesPayment } from '../../src/app/repositories/dues-repository';
import { giveConsent, recordHealthNote } from '../../src/app/repositories/health-repository';
import { settleRejected } from '../../src/app/repositories/outbox-repository';
import { applyPulledPage } from '../../src/app/repositories/pull-repository';
import { submitVisit } from '../../src/app/repositories/visit-repository';
import { useSyncStore } from '../../src/app/stores/sync-store';
import { mountAt, type MountedApp, resetDevice, unmountAll } from './support/app-harness';
import { byTestId } from './support/dom';
import { json, noContent, notHandled, stubFetch, type StubAnswer, type StubRequest } from './support/fetch-stub';
import { BRANCH_ID, ROSTER, ZHANG_XIAOMING, meResponse, uuid } from './support/fixtures';
import { makeConsent, makeHealthNote, makePayment, makeVisit } from './support/records';
import { seedRoster, seedSession } from './support/seed';

const MEMBER_PATH = `/members/${ZHANG_XIAOMING.id}`;

/** The server for a logged-in worker; sync answers `offline` until `online()` is called. */
function serve() {
  let up = false;
  const calls = stubFetch((request: StubRequest): StubAnswer => {
    const path = request.url.pathname;
    if (path === '/api/me') return json(200, meResponse());
    if (path === '/api/auth/logout') return noContent();
    if (!path.startsWith('/api/sync/') && path !== '/api/forms') return notHandled(request);
    if (!up) return 'offline';
    if (path === '/api/forms') return json(200, { templates: [] });
    if (path === '/api/sync/pull') return json(200, { changes: [], cursor: 0, hasMore: false, remaining: 0, reset: false, scope: 's' });
    const body = request.body as { mutations: MutationEnvelope[] };
    return json(200, {
      results: body.mutations.map((m, index) => ({ mutationId: m.id, index, status: 'applied' })),
      lastSettledSeq: body.mutations.at(-1)!.seq,
    });
  });
  const pushes = () => calls.filter((c) => c.url.pathname === '/api/sync/push').map((c) => (c.body as { mutations: MutationEnvelope[] }).mutations);
  return { pushes, online: () => (up = true) };
}

async function seedDues(): Promise<void> {
  const assessment = DuesAssessment.parse({
    id: uuid(0x9001),
    memberId: ZHANG_XIAOMING.id,
    branchId: BRANCH_ID,
    year: 2026,
    effectiveFrom: '2026-01',
    baseFen: 500_000,
    category: 'normal',
    channel: 'this_branch',
    reducedFen: null,
  });
  await applyPulledPage({
    changes: [
      { version: 1, entity: 'dues_assessment', id: assessment.id, op: 'upsert', data: assessment },
      { version: 2, entity: 'dues_policy', id: uuid(0x9999), op: 'upsert', data: { branchId: BRANCH_ID, ...DEFAULT_DUES_POLICY } },
    ],
    cursor: 2,
    scope: 's',
    reset: false,
  });
}

function find(app: MountedApp, selector: string) {
  return app.wrapper.find(selector);
}

async function openMember(): Promise<MountedApp> {
  const app = await mountAt(MEMBER_PATH);
  await vi.waitFor(() => expect(find(app, '[data-testid="record-state"][data-state="rejected"]').exists()).toBe(true));
  return app;
}

/** Opens the rejected sheet from the rejected record's state tag. */
async function openSheet(app: MountedApp): Promise<void> {
  await find(app, '[data-testid="record-state"][data-state="rejected"]').trigger('click');
  await vi.waitFor(() => expect(document.querySelector('[data-testid="rejected-item"]')).not.toBeNull());
  await flushPromises();
}

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('fixing a rejected entry', () => {
  it('a dues payment refused for its amount is fixed from the sheet: a new record and entry replace the old ones, and only the new one is pushed', async () => {
    await seedDues();
    await recordDuesPayment(makePayment(1, { amountFen: 2000, allocation: [{ month: '2026-03', amountFen: 2000 }] }));
    const [old] = await db.outbox.toArray();
    await settleRejected(old!, { code: 'DUES_AMOUNT_MISMATCH', message: '应缴 25.00 元，实收 20.00 元' });
    const server = serve();
    const app = await openMember();

    await openSheet(app);
    document.querySelector<HTMLElement>('[data-testid="rejected-item"] [data-testid="rejected-fix"]')!.click();
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('dues'));
    expect(app.router.currentRoute.value.query.fix).toBe(String(old!.seq));
    await vi.waitFor(() => expect(find(app, '[data-testid="fix-reason"]').exists()).toBe(true));
    const reason = byTestId('fix-reason').textContent ?? '';
    expect(reason).toContain('交纳金额与核定应缴金额不符');
    expect(reason).toContain('应缴 25.00 元，实收 20.00 元');
    expect(find(app, '[data-testid="dues-from"]').attributes('data-month')).toBe('2026-03');
    await vi.waitFor(() => expect(find(app, '[data-testid="dues-amount"]').text()).toBe('25.00'));

    await find(app, '[data-testid="dues-submit"]').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));

    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    const [fresh] = entries;
    expect(fresh!.id).not.toBe(old!.id);
    expect(fresh!.recordId).not.toBe(old!.recordId);
    expect(fresh!.state).not.toBe('rejected');
    const payments = await db.duesPayments.toArray();
    expect(payments.map((p) => [p.id, p.payload.amountFen, p.payload.months])).toEqual([[fresh!.recordId, 2500, ['2026-03']]]);
    expect(await db.duesPayments.get(old!.recordId)).toBeUndefined();

    server.online();
    await useSyncStore(app.pinia).syncNow();
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0));
    const pushed = server.pushes();
    expect(pushed.at(-1)!.map((m) => m.id)).toEqual([fresh!.id]);
    expect(pushed.flat().some((m) => m.id === old!.id)).toBe(false);
    expect((await db.duesPayments.get(fresh!.recordId))?.syncState).toBe('confirmed');
  });

  it('a rejected amendment is fixed from its line with its answers prefilled and still amends the same visit', async () => {
    const amended = makeVisit(0).id;
    await submitVisit(makeVisit(1, { needs: ['health'], livingSituation: '独居', notes: '第1次', amends: amended }));
    const [old] = await db.outbox.toArray();
    await settleRejected(old!, { code: 'VISIT_INCOMPLETE', message: '缺少：居家安全' });
    serve();
    const app = await openMember();

    await vi.waitFor(() => expect(find(app, '[data-testid="record-line"] [data-testid="rejected-fix"]').exists()).toBe(true));
    await find(app, '[data-testid="record-line"] [data-testid="rejected-fix"]').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('visit'));
    await vi.waitFor(() => expect(find(app, '[data-testid="visit-field-notes"]').exists()).toBe(true));
    expect(find(app, '[data-testid="fix-reason"]').text()).toContain('走访记录缺少必填项（缺少：居家安全）');
    expect(find(app, '[data-testid="visit-amending"]').exists()).toBe(true);
    expect(find(app, '[data-testid="visit-option-outcome-met"]').attributes('aria-checked')).toBe('true');
    expect(find(app, '[data-testid="visit-option-needs-health"]').attributes('aria-checked')).toBe('true');
    expect((find(app, '[data-testid="visit-input-livingSituation"] textarea').element as HTMLTextAreaElement).value).toBe('独居');
    expect((find(app, '[data-testid="visit-input-notes"] textarea').element as HTMLTextAreaElement).value).toBe('第1次');

    await find(app, '[data-testid="visit-input-notes"] textarea').setValue('第1次，已补齐');
    await flushPromises();
    await find(app, '[data-testid="visit-submit"]').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('member'));

    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.id).not.toBe(old!.id);
    const visits = await db.visits.toArray();
    expect(visits).toHaveLength(1);
    expect(visits[0]!.id).toBe(entries[0]!.recordId);
    expect(visits[0]!.id).not.toBe(old!.recordId);
    expect(visits[0]!.payload).toMatchObject({ amends: amended, needs: ['health'], livingSituation: '独居', notes: '第1次，已补齐' });
    expect(await db.visitDrafts.count()).toBe(0);
  });

  it('a NOT_FOUND rejection offers only discarding, saying why in plain Chinese', async () => {
    await submitVisit(makeVisit(1));
    const [old] = await db.outbox.toArray();
    await settleRejected(old!, { code: 'NOT_FOUND', message: '未找到该成员' });
    serve();
    const app = await openMember();
    expect(find(app, '[data-testid="record-line"] [data-testid="rejected-fix"]').exists()).toBe(false);

    await openSheet(app);
    expect(byTestId('rejected-hint').textContent).toContain('该成员已不在您的结对名单中，重新提交也会被拒绝');
    expect(document.querySelector('[data-testid="rejected-fix"]')).toBeNull();
    expect(document.querySelector('[data-testid="rejected-discard"]')).not.toBeNull();
  });

  it('a health note refused for NO_CONSENT offers recording the consent first, not a fix', async () => {
    const consent = makeConsent(1);
    await giveConsent(consent);
    await recordHealthNote(makeHealthNote(1, consent));
    const entries = await db.outbox.orderBy('seq').toArray();
    await settleRejected(entries[1]!, { code: 'NO_CONSENT', message: '该成员未同意记录健康信息' });
    await db.consents.update(consent.id, { syncState: 'confirmed' });
    await db.outbox.delete(entries[0]!.seq!);
    serve();
    const app = await openMember();

    await openSheet(app);
    expect(byTestId('rejected-hint').textContent).toContain('请先记录同意');
    expect(document.querySelector('[data-testid="rejected-fix"]')).toBeNull();
    byTestId('rejected-consent').click();
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('health'));
  });
});
