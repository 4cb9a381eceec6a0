import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/app/db/database';
import { submitVisit } from '../../src/app/repositories/visit-repository';
import { useRosterStore } from '../../src/app/stores/roster-store';
import { mountAt, resetDevice } from './support/app-harness';
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
  vi.unstubAllGlobals();
});

describe('logout with unsent records', () => {
  it('is refused unless the worker confirms twice that the records may be deleted', async () => {
    await submitVisit(makeVisit(1));
    stubFetch(() => 'offline');
    const app = await mountAt('/roster');
    await vi.waitFor(() => expect(useRosterStore(app.pinia).downloading).toBe(false));

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
