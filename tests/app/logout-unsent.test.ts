import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/app/api/api-error';
import { db } from '../../src/app/db/database';
import { submitVisit } from '../../src/app/repositories/visit-repository';
import { useRosterStore } from '../../src/app/stores/roster-store';
import { useSessionStore } from '../../src/app/stores/session-store';
import { mountAt, resetDevice, unmountAll } from './support/app-harness';
import { answerDialog, byTestId } from './support/dom';
import { stubFetch } from './support/fetch-stub';
import { ROSTER } from './support/fixtures';
import { makeVisit } from './support/records';
import { seedRoster, seedSession } from './support/seed';

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  await seedRoster(ROSTER);
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('logout with unsent records', () => {
  it('is refused unless the worker confirms twice that the records may be deleted', async () => {
    await submitVisit(makeVisit(1));
    stubFetch(() => 'offline');
    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(useRosterStore(app.pinia).downloading).toBe(false));
    // The account footer loads after the list (issue 13's load budget).
    await vi.waitFor(() => expect(document.querySelector('[data-testid="logout"]')).not.toBeNull());

    byTestId('logout').click();
    await answerDialog('退出后本机花名册将被清除', 'confirm');
    await answerDialog('1 条记录没有发送到服务器', 'cancel');
    expect(app.router.currentRoute.value.name).toBe('roster');
    expect(await db.outbox.count()).toBe(1);

    byTestId('logout').click();
    await answerDialog('退出后本机花名册将被清除', 'confirm');
    await answerDialog('1 条记录没有发送到服务器', 'confirm');
    await answerDialog('将被永久删除', 'cancel');
    expect(app.router.currentRoute.value.name).toBe('roster');
    expect(await db.visits.count()).toBe(1);

    byTestId('logout').click();
    await answerDialog('退出后本机花名册将被清除', 'confirm');
    await answerDialog('1 条记录没有发送到服务器', 'confirm');
    await answerDialog('将被永久删除', 'confirm');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'));
    expect(await db.outbox.count()).toBe(0);
    expect(await db.visits.count()).toBe(0);
  });
});

describe('another account on a device with unsent records', () => {
  it('cannot log in until the previous user has sent them; the same user can', async () => {
    await submitVisit(makeVisit(1));
    const calls = stubFetch(() => 'offline');
    setActivePinia(createPinia());
    const session = useSessionStore();
    await session.restore();
    await session.handleRejection(new ApiError(401, 'SESSION_EXPIRED', '登录已过期'));

    expect(await session.login('worker2', 'secret')).toEqual({ ok: false, error: 'UNSENT_OTHER_USER' });
    expect(calls).toHaveLength(0);
    expect(await db.outbox.count()).toBe(1);

    // The same worker only meets the network (offline here).
    expect(await session.login('worker1', 'secret')).toEqual({ ok: false, error: 'NETWORK' });
  });
});
