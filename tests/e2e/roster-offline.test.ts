import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '../../src/app/i18n/en';
import { nameKeys } from '../../src/domain/name-search';
import { openProfile, submitLogin, waitForServiceWorker, type Profile } from './browser';
import { memberName, pairedMemberIds, startDemoServer } from './server';

type Server = Awaited<ReturnType<typeof startDemoServer>>;

async function visibleMemberIds(page: Page): Promise<string[]> {
  const ids = await page.getByTestId('roster-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-member-id') ?? ''));
  return ids.sort();
}

describe('a worker’s roster, offline in Chromium', () => {
  let server: Server;
  let profile: Profile;

  beforeAll(async () => {
    server = await startDemoServer();
    profile = await openProfile();
  });

  afterAll(async () => {
    await profile?.close();
    await server?.stop();
  });

  it('installs as a PWA with no installability errors', async () => {
    const { page, context } = profile;
    const failures: string[] = [];
    page.on('console', (msg) => msg.type() === 'error' && failures.push(msg.text()));
    await page.goto(server.url);
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors).toEqual([]);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(manifest.errors).toEqual([]);
    // The CSP sent by the server must not block anything the app loads.
    expect(failures.filter((f) => /Content Security Policy/i.test(f))).toEqual([]);
  });

  it('shows exactly the members paired with the worker after login', async () => {
    const { page } = profile;
    const expected = await pairedMemberIds(server, 'worker1');
    expect(expected.length).toBeGreaterThan(3);
    await submitLogin(page, 'worker1');
    await expect.poll(() => visibleMemberIds(page), { timeout: 20_000 }).toEqual(expected);
    await expect.poll(() => page.getByTestId('roster-count').innerText()).toContain(String(expected.length));
    await expect
      .poll(() => page.getByTestId('storage-status').getAttribute('data-granted'))
      .toMatch(/^(true|false)$/);
  });

  it('keeps the session, the roster and member details through offline reloads', async () => {
    const { page, context } = profile;
    const expected = await pairedMemberIds(server, 'worker1');
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => visibleMemberIds(page), { timeout: 20_000 }).toEqual(expected);
    await expect.poll(() => page.getByTestId('network-status').getAttribute('data-online')).toBe('false');

    const target = expected[Math.floor(expected.length / 2)]!;
    await page.locator(`[data-testid="roster-row"][data-member-id="${target}"]`).click();
    await expect.poll(() => page.getByTestId('member-name').innerText()).toBe(await memberName(server, target));

    // A reload on the detail page itself, still offline, still shows the member from IndexedDB.
    await page.reload();
    await expect.poll(() => page.getByTestId('member-name').innerText(), { timeout: 20_000 }).toBe(
      await memberName(server, target),
    );
    await context.setOffline(false);
  });

  it('finds members by pinyin initials and full pinyin while offline', async () => {
    const { page, context } = profile;
    const expected = await pairedMemberIds(server, 'worker1');
    const names = new Map(await Promise.all(expected.map(async (id) => [id, await memberName(server, id)] as const)));
    await context.setOffline(true);
    await page.goto(server.url);
    await expect.poll(() => visibleMemberIds(page), { timeout: 20_000 }).toEqual(expected);

    for (const mode of ['initials', 'full'] as const) {
      const [targetId, targetName] = [...names.entries()].find(([, n]) => n === '张晓明') ?? [...names.entries()][0]!;
      const query = nameKeys(targetName)[mode];
      const wanted = [...names.entries()]
        .filter(([, n]) => {
          const k = nameKeys(n);
          return k.initials.includes(query) || k.full.includes(query) || k.hanzi.includes(query);
        })
        .map(([id]) => id)
        .sort();
      expect(wanted).toContain(targetId);
      await page.getByTestId('roster-search').locator('input').fill(query);
      await expect.poll(() => visibleMemberIds(page)).toEqual(wanted);
    }
    await page.getByTestId('roster-search').locator('input').fill('');
    await expect.poll(() => visibleMemberIds(page)).toEqual(expected);

    // Member data lives in IndexedDB; the service worker must not have cached any API answer.
    const cachedApi = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const key of await caches.keys()) {
        for (const request of await (await caches.open(key)).keys()) urls.push(request.url);
      }
      return urls.filter((u) => u.includes('/api/'));
    });
    expect(cachedApi).toEqual([]);
    await context.setOffline(false);
  });

  it('opens what loads by route (the plan, a member, English) after a browser restart offline: every chunk is precached', async () => {
    const built = readdirSync('dist/assets').filter((file) => file.endsWith('.js'));
    const precached = await profile.page.evaluate(async () => {
      const paths: string[] = [];
      for (const key of await caches.keys()) {
        for (const request of await (await caches.open(key)).keys()) paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
    expect(built.filter((file) => !precached.includes(`/assets/${file}`))).toEqual([]);

    await profile.restart({ offline: true });
    const { page } = profile;
    const expected = await pairedMemberIds(server, 'worker1');
    await page.goto(server.url);
    await expect.poll(() => visibleMemberIds(page), { timeout: 20_000 }).toEqual(expected);
    // The worker's other screens are one chunk loaded on the way: from the precache, with no signal.
    await page.getByTestId('worker-nav-plan').click();
    await expect.poll(() => page.getByTestId('plan-tabs').isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByTestId('worker-nav-roster').click();
    await page.locator(`[data-testid="roster-row"][data-member-id="${expected[0]}"]`).click();
    await expect.poll(() => page.getByTestId('member-name').innerText()).toBe(await memberName(server, expected[0]!));

    // English is not in the first screen's scripts: chosen offline, it comes from its precached chunk.
    await page.evaluate(() => localStorage.setItem('doorstep.locale', 'en'));
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('worker-nav-plan').innerText(), { timeout: 20_000 }).toContain(en.plan.nav.plan);
    await page.evaluate(() => localStorage.setItem('doorstep.locale', 'zh-CN'));
  });
});

describe('another worker in another browser profile', () => {
  let server: Server;
  let profile: Profile;

  beforeAll(async () => {
    server = await startDemoServer();
    profile = await openProfile({ width: 1024, height: 768 });
  });

  afterAll(async () => {
    await profile?.close();
    await server?.stop();
  });

  it('sees only their own members, none of worker1’s', async () => {
    const { page } = profile;
    const mine = await pairedMemberIds(server, 'worker2');
    const others = await pairedMemberIds(server, 'worker1');
    await page.goto(server.url);
    await submitLogin(page, 'worker2');
    await expect.poll(() => visibleMemberIds(page), { timeout: 20_000 }).toEqual(mine);
    const shown = await visibleMemberIds(page);
    expect(shown.filter((id) => others.includes(id) && !mine.includes(id))).toEqual([]);
  });

  it('shows a clear Chinese error for a wrong password', async () => {
    const { page } = profile;
    await page.getByTestId('logout').click({ trial: false }).catch(() => undefined);
    await page.goto(server.url + '/login');
    await submitLogin(page, 'worker3', 'wrong-password');
    await expect.poll(() => page.locator('body').innerText()).toContain('用户名或密码错误');
  });
});
