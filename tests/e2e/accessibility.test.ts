import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { addDays, dayInShanghai } from '../../src/domain';
import { createCampaign } from '../../src/server/services/campaigns';
import { findUserByUsername } from '../../src/server/services/users';
import { officeSheet } from '../server/roster-office-sheet';
import { xlsxBytes } from '../server/roster-support';
import { E2E_PIN, openProfile, submitLogin, type Profile } from './browser';
import { pairedMemberIds, startDemoServer } from './server';

/**
 * Every main screen of each role, as its users see it, at a phone's and a tablet's size (the administrator's on a
 * desktop too), checked by axe-core with all its rules (WCAG 2.0/2.1 A and AA and its best practices: landmarks,
 * headings, names), every control measured against the project's 44 × 44 px minimum and every visible text
 * against a 14 px floor (README: users are over fifty). One demo server, one browser profile per role, screens
 * visited in order, each checked at every size of its role before the next.
 */

type Server = Awaited<ReturnType<typeof startDemoServer>>;
interface Size {
  name: string;
  width: number;
  height: number;
}

const PHONE: Size = { name: 'phone', width: 390, height: 844 };
const TABLET: Size = { name: 'tablet', width: 1024, height: 768 };
const DESKTOP: Size = { name: 'desktop', width: 1366, height: 768 };
const viewportOf = ({ width, height }: Size) => ({ width, height });
const MIN_TARGET_PX = 44;
/** Body text is 16 px; nothing visible (a tag, a hint, a table's figures) is smaller than this. */
const MIN_TEXT_PX = 14;
const BODY_TEXT_PX = 16;
/**
 * axe-core is served to the page from the app's own origin, by the test's browser only (the server knows nothing
 * of it), and loaded by a <script src>: the page's real Content Security Policy applies, and a violation would
 * fail the profile (tests/e2e/browser.ts).
 */
const AXE_PATH = '/__axe/axe.min.js';
const AXE_SOURCE = readFileSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

async function serveAxe(context: BrowserContext): Promise<void> {
  await context.route(`**${AXE_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: AXE_SOURCE }),
  );
}

interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

interface SmallTarget {
  selector: string;
  width: number;
  height: number;
  html: string;
}

interface SmallText {
  selector: string;
  size: number;
  text: string;
}

/** Waits until transitions (a sheet sliding up, a dialog fading in) are over: colours are measured mid-fade otherwise. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
  );
}

async function runAxe(page: Page, within?: string[]): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: AXE_PATH });
  return page.evaluate(async ({ within }) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const context = within ? { include: within.map((selector) => [selector]) } : document;
    // All of axe's rules but the experimental ones (its default), best practices included.
    const results = await axe.run(context, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' '),
        html: n.html.length > 200 ? `${n.html.slice(0, 200)}…` : n.html,
        summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      })),
    }));
  }, { within });
}

/**
 * The controls smaller than 44 × 44 px. What counts as the control is what a finger can hit:
 * - a text field, select or textarea wrapped in a <label>: the label (a tap anywhere on it focuses the field —
 *   the login and search fields are built so), else the field itself;
 * - a checkbox or radio: what toggles it. Vant draws these as `div[role=checkbox|radio]` holding both the icon
 *   and its text, and a tap on either toggles it: that element (icon and text) is the target, not the 20 px
 *   icon. A native box inside a <label> (often hidden behind a styled one) is measured by that label;
 * - anything else (buttons, links, tabs, switches, steppers): its own box;
 * - and whatever the pointer shows as clickable (cursor: pointer) without being one of these — a chip or a tag
 *   with a click handler and no role: its outermost such element.
 * Invisible elements (display: none, visibility: hidden, opacity 0, no box) are not controls anyone can hit.
 */
async function smallTargets(page: Page, within?: string[]): Promise<SmallTarget[]> {
  return page.evaluate(({ min, within }) => {
    const CONTROLS = [
      'button',
      'a[href]',
      'input:not([type="hidden"])',
      'select',
      'textarea',
      '[role="button"]',
      '[role="checkbox"]',
      '[role="radio"]',
      '[role="tab"]',
      '[role="switch"]',
      '[role="link"]',
      'label:has(input, select, textarea)',
    ].join(', ');
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    };
    const pathOf = (el: Element) => {
      const parts: string[] = [];
      for (let node: Element | null = el; node && node !== document.body && parts.length < 4; node = node.parentElement) {
        const testId = node.getAttribute('data-testid');
        if (testId) {
          parts.unshift(`[data-testid="${testId}"]`);
          break;
        }
        const classes = [...node.classList].filter((c) => !c.startsWith('data-v-')).slice(0, 2);
        parts.unshift(node.tagName.toLowerCase() + (node.id ? `#${node.id}` : '') + classes.map((c) => `.${c}`).join(''));
      }
      return parts.join(' > ');
    };
    const found: { selector: string; width: number; height: number; html: string }[] = [];
    const seen = new Set<Element>();
    const roots = within ? within.flatMap((selector) => [...document.querySelectorAll(selector)]) : [document];
    if (roots.length === 0) throw new Error(`nothing matches ${within!.join(', ')}`);
    const pointing = (el: Element) => getComputedStyle(el).cursor === 'pointer';
    const clickable = (root: Document | Element) =>
      [...root.querySelectorAll('*')].filter((el) => pointing(el) && !(el.parentElement && pointing(el.parentElement)) && !el.closest(CONTROLS));
    for (const el of roots.flatMap((root) => [...root.querySelectorAll(CONTROLS), ...clickable(root)])) {
      const isField = el.matches('input, select, textarea');
      // Fields inside a <label> are measured as the label (it is in the list too).
      if (isField && el.closest('label')) continue;
      if (!visible(el) || seen.has(el)) continue;
      seen.add(el);
      const box = el.getBoundingClientRect();
      // Sub-pixel layout: 43.99 px is 44 px on screen.
      if (Math.round(box.width) >= min && Math.round(box.height) >= min) continue;
      const html = el.outerHTML.replace(/\s+/g, ' ');
      found.push({
        selector: pathOf(el),
        width: Math.round(box.width * 10) / 10,
        height: Math.round(box.height * 10) / 10,
        html: html.length > 160 ? `${html.slice(0, 160)}…` : html,
      });
    }
    return found;
  }, { min: MIN_TARGET_PX, within });
}

/**
 * Visible text smaller than MIN_TEXT_PX, one entry per element. Text read only by screen readers (.sr-only, a
 * 1 px box) is not seen; an SVG chart's text is measured as drawn (its font size times the chart's scale).
 */
async function smallTexts(page: Page, within?: string[]): Promise<SmallText[]> {
  return page.evaluate(({ min, within }) => {
    const roots = within ? within.flatMap((selector) => [...document.querySelectorAll(selector)]) : [document.body];
    const found: SmallText[] = [];
    const seen = new Set<Element>();
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el: Element | null = node.parentElement;
        if (!el || seen.has(el) || !node.textContent?.trim()) continue;
        if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const box = range.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) continue;
        seen.add(el);
        let size = parseFloat(getComputedStyle(el).fontSize);
        if (el instanceof SVGGraphicsElement) size *= el.getScreenCTM()?.a ?? 1;
        if (Math.round(size * 10) / 10 >= min) continue;
        const classes = [...el.classList].slice(0, 2).map((c) => `.${c}`).join('');
        const testId = el.closest('[data-testid]')?.getAttribute('data-testid');
        found.push({
          selector: `${testId ? `[data-testid="${testId}"] ` : ''}${el.tagName.toLowerCase()}${classes}`,
          size: Math.round(size * 10) / 10,
          text: node.textContent.trim().slice(0, 40),
        });
      }
    }
    return found;
  }, { min: MIN_TEXT_PX, within });
}

/** Nodes shown per rule: a list of sixty members repeats the same fault sixty times. */
const NODES_SHOWN = 3;

/** The findings on the screen now shown at the page's current size, as lines of a report. */
async function findings(page: Page, within?: string[]): Promise<string[]> {
  await settle(page);
  const violations = await runAxe(page, within);
  const small = await smallTargets(page, within);
  const texts = await smallTexts(page, within);
  const bodyPx = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  const lines: string[] = [];
  if (bodyPx < BODY_TEXT_PX) lines.push(`  body text ${bodyPx} px, under ${BODY_TEXT_PX} px`);
  for (const v of violations) {
    lines.push(`  axe ${v.id} (${v.impact ?? 'n/a'}): ${v.help}`);
    for (const n of v.nodes.slice(0, NODES_SHOWN)) lines.push(`    at ${n.target}\n       ${n.html}\n       ${n.summary}`);
    if (v.nodes.length > NODES_SHOWN) lines.push(`    … and ${v.nodes.length - NODES_SHOWN} more`);
  }
  // Rows of a list repeat their controls, test ids and all, with the row's id in them.
  const grouped = new Map<string, { target: SmallTarget; count: number }>();
  for (const s of small) {
    const key = s.selector.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '…');
    const group = grouped.get(key);
    if (group) group.count++;
    else grouped.set(key, { target: s, count: 1 });
  }
  for (const { target: s, count } of grouped.values()) {
    const times = count > 1 ? ` (${count} of them)` : '';
    lines.push(`  target under ${MIN_TARGET_PX}×${MIN_TARGET_PX}: ${s.width}×${s.height} at ${s.selector}${times}\n       ${s.html}`);
  }
  const textGroups = new Map<string, { text: SmallText; count: number }>();
  for (const t of texts) {
    const key = `${t.selector.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '…')} ${t.size}`;
    const group = textGroups.get(key);
    if (group) group.count++;
    else textGroups.set(key, { text: t, count: 1 });
  }
  for (const { text: t, count } of textGroups.values()) {
    const times = count > 1 ? ` (${count} of them)` : '';
    lines.push(`  text under ${MIN_TEXT_PX} px: ${t.size} px at ${t.selector}${times}: “${t.text}”`);
  }
  return lines;
}

/**
 * Checks the screen now shown (or only the part `within` selects, as a sheet over a page checked already) at
 * each size in turn; throws one readable list of everything wrong on it.
 */
async function expectAccessible(page: Page, screen: string, sizes: Size[], within?: string[]): Promise<void> {
  const report: string[] = [];
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    const lines = await findings(page, within);
    if (lines.length > 0) report.push(`${screen} at ${size.name} size (${new URL(page.url()).pathname}):\n${lines.join('\n')}`);
  }
  if (report.length > 0) throw new Error(report.join('\n'));
}

/** Opens a screen and waits until it shows one of the elements (test ids) telling it is ready. */
async function open(page: Page, url: string, ...ready: string[]): Promise<void> {
  await page.goto(url);
  await page.locator(ready.map((id) => `[data-testid="${id}"]`).join(', ')).first().waitFor({ timeout: 20_000 });
}

/** Logs in from the login page and waits for the first sync to finish. */
async function logIn(page: Page, username: string): Promise<void> {
  await submitLogin(page, username);
  await page.getByTestId('roster-row').first().waitFor({ timeout: 30_000 });
  await page.waitForSelector('[data-testid="sync-bar"][data-phase="idle"]', { timeout: 30_000 });
}

/*
 * The three roles run side by side, each in its own browser (their waits — logins, first syncs, the server —
 * overlap); each role's screens run in order on its one page.
 */
describe('every main screen passes all of axe-core\'s rules, has controls of at least 44 × 44 px and text of at least 14 px', () => {
  let server: Server;
  let dir: string;

  beforeAll(async () => {
    server = await startDemoServer();
    dir = mkdtempSync(join(tmpdir(), 'doorstep-a11y-'));
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('the worker, on a phone and a tablet', { concurrent: true }, () => {
    const sizes = [PHONE, TABLET];
    let profile: Profile;
    /** A party member paired with worker1 and not yet asked for consent: the health page starts with the consent form. */
    let memberId: string;

    beforeAll(async () => {
      profile = await openProfile(viewportOf(PHONE));
      await serveAxe(profile.context);
      const paired = await pairedMemberIds(server, 'worker1');
      const candidates = await server.db
        .selectFrom('members')
        .select('id')
        .where('id', 'in', paired)
        .where('is_party_member', '=', 1)
        .where('status', '=', 'active')
        .where('id', 'not in', server.db.selectFrom('consents').select('member_id'))
        .orderBy('id')
        .execute();
      memberId = candidates[0]!.id;
    });

    afterAll(async () => {
      await profile?.close();
    });

    it.sequential('login page', async () => {
      await open(profile.page, `${server.url}/login`, 'login-submit');
      await expectAccessible(profile.page, 'worker · login', sizes);
    });

    it.sequential('roster', async () => {
      await logIn(profile.page, 'worker1');
      await expectAccessible(profile.page, 'worker · roster', sizes);
    });

    it.sequential('the PIN chosen after login, and the lock screen (issue 14)', async () => {
      // A profile of its own that does not type the PIN by itself, so both screens stay up to be checked.
      const locked = await openProfile(viewportOf(PHONE), { manualLock: true });
      try {
        await serveAxe(locked.context);
        await open(locked.page, `${server.url}/login`, 'login-submit');
        await submitLogin(locked.page, 'worker2');
        await locked.page.getByTestId('pin-first').waitFor({ timeout: 20_000 });
        await expectAccessible(locked.page, 'worker · PIN choice', sizes);
        await locked.page.getByTestId('pin-first').locator('input').fill(E2E_PIN);
        await locked.page.getByTestId('pin-second').locator('input').fill(E2E_PIN);
        await locked.page.getByTestId('pin-save').click();
        await locked.page.getByTestId('roster-row').first().waitFor({ timeout: 30_000 });
        await open(locked.page, `${server.url}/roster`, 'unlock-pin');
        await expectAccessible(locked.page, 'worker · lock screen', sizes);
      } finally {
        await locked.close();
      }
    });

    it.sequential('我的 (account, storage and sync)', async () => {
      const page = profile.page;
      await page.getByTestId('settings-open').click();
      await page.getByTestId('settings-sheet').waitFor();
      // The roster under the sheet was checked above; its overlay and close button belong to the sheet.
      await expectAccessible(page, 'worker · 我的', sizes, ['[data-testid="settings-sheet"]', '.van-overlay']);
    });

    it.sequential('member page', async () => {
      await open(profile.page, `${server.url}/members/${memberId}`, 'member-name');
      await expectAccessible(profile.page, 'worker · member', sizes);
    });

    it.sequential('visit form, a type chosen', async () => {
      const page = profile.page;
      await open(page, `${server.url}/members/${memberId}/visit`, 'visit-type-regular');
      await page.getByTestId('visit-type-regular').click();
      await page.getByTestId('visit-option-outcome-met').waitFor();
      await expectAccessible(page, 'worker · visit form', sizes);
    });

    it.sequential('consent form, then the health form', async () => {
      const page = profile.page;
      await open(page, `${server.url}/members/${memberId}/health`, 'consent-give');
      await expectAccessible(page, 'worker · consent form', sizes);
      await page.getByTestId('consent-by-self').click();
      await page.getByTestId('consent-give').click();
      await page.getByTestId('health-form').waitFor();
      await expectAccessible(page, 'worker · health form', sizes);
    });

    it.sequential('dues form, then its month picker', async () => {
      const page = profile.page;
      await open(page, `${server.url}/members/${memberId}/dues`, 'dues-submit');
      await expectAccessible(page, 'worker · dues form', sizes);
      await page.getByTestId('dues-from').click();
      await page.getByTestId('dues-from-sheet').waitFor();
      await expectAccessible(page, 'worker · month picker', sizes, ['[data-testid="dues-from-sheet"]', '.van-overlay']);
    });

    it.sequential('计划 (the day plan), each tab', async () => {
      const page = profile.page;
      await open(page, `${server.url}/plan`, 'plan-tabs');
      await page.locator('[data-testid="plan-item"], [data-testid="plan-empty"]').first().waitFor({ timeout: 20_000 });
      await expectAccessible(page, 'worker · plan', sizes);
    });

    it.sequential('四必访 event form', async () => {
      await open(profile.page, `${server.url}/members/${memberId}/event`, 'event-submit');
      await expectAccessible(profile.page, 'worker · event form', sizes);
    });

    it.sequential('cash handover', async () => {
      await open(profile.page, `${server.url}/handovers`, 'handover-history');
      await expectAccessible(profile.page, 'worker · handovers', sizes);
    });

    it.sequential('账号与安全 (sessions, password)', async () => {
      await open(profile.page, `${server.url}/account`, 'session-row');
      await expectAccessible(profile.page, 'worker · account', sizes);
    });
  });

  describe('the branch secretary, on a phone and a tablet', { concurrent: true }, () => {
    const sizes = [PHONE, TABLET];
    let profile: Profile;

    beforeAll(async () => {
      profile = await openProfile(viewportOf(PHONE));
      await serveAxe(profile.context);
      await profile.page.goto(`${server.url}/login`);
      await logIn(profile.page, 'secretary1');
    });

    afterAll(async () => {
      await profile?.close();
    });

    const screens: [name: string, path: string, ready: string][] = [
      ['dues ledger', '/ledger', 'ledger-row'],
      ['reconciliation', '/ledger/reconcile', 'reconcile-month'],
      ['branch summary', '/ledger/summary', 'summary-rate'],
      ['dues settings', '/ledger/settings', 'policy-save'],
      ['meetings', '/meetings', 'meeting-create'],
      ['attendance register', '/attendance', 'register-table'],
      ['民主评议', '/evaluations', 'evaluation-save'],
      ['exports', '/ledger/export', 'export-dues-xlsx'],
      ['coverage (探访率)', '/coverage', 'coverage-rate'],
      ['走访台账', '/visit-ledger', 'ledger-count'],
    ];
    for (const [name, path, ready] of screens) {
      it.sequential(name, async () => {
        await open(profile.page, `${server.url}${path}`, ready);
        await expectAccessible(profile.page, `secretary · ${name}`, sizes);
      });
    }

    // The sheets over a page: only the sheet and its shade are checked, the page under them was checked above.
    it.sequential('a month of the ledger opened', async () => {
      const page = profile.page;
      await open(page, `${server.url}/ledger`, 'ledger-cell');
      await page.getByTestId('ledger-cell').first().click();
      await page.getByTestId('ledger-sheet').waitFor();
      await expectAccessible(page, 'secretary · a month of the ledger', sizes, ['[data-testid="ledger-sheet"]', '.van-overlay']);
    });

    it.sequential('a member’s 核定 in 党费设置, then its month picker', async () => {
      const page = profile.page;
      await open(page, `${server.url}/ledger/settings`, 'assessment-row');
      await page.getByTestId('assessment-row').first().click();
      await page.getByTestId('assessment-sheet').waitFor();
      await expectAccessible(page, 'secretary · a 核定', sizes, ['[data-testid="assessment-sheet"]', '.van-overlay']);
      await page.getByTestId('assess-from').click();
      await page.getByTestId('assess-from-sheet').waitFor();
      await expectAccessible(page, 'secretary · a 核定’s month', sizes, ['[data-testid="assess-from-sheet"]']);
    });

    it.sequential('a new meeting’s form', async () => {
      const page = profile.page;
      await open(page, `${server.url}/meetings`, 'meeting-create');
      await page.getByTestId('meeting-create').click();
      await page.getByTestId('meeting-form').waitFor();
      await expectAccessible(page, 'secretary · new meeting', sizes, ['.meeting-form', '.van-overlay']);
    });

    it.sequential('a meeting’s attendance', async () => {
      const page = profile.page;
      await open(page, `${server.url}/meetings`, 'meeting-create');
      await page.locator('[data-testid^="meeting-item-"]').first().click();
      await page.getByTestId('meeting-expected').waitFor();
      await expectAccessible(page, 'secretary · meeting', sizes);
    });
  });

  describe('the administrator, on a phone, a tablet and a desktop', { concurrent: true }, () => {
    const sizes = [PHONE, TABLET, DESKTOP];
    let profile: Profile;
    let rosterPath: string;
    let campaignId: string;
    let adminMemberId: string;
    let workerUserId: string;

    beforeAll(async () => {
      profile = await openProfile(viewportOf(DESKTOP));
      await serveAxe(profile.context);
      rosterPath = join(dir, '花名册.xlsx');
      writeFileSync(rosterPath, await xlsxBytes({ name: '花名册', ...officeSheet() }));
      const admin = (await findUserByUsername(server.db, 'admin1'))!;
      const today = dayInShanghai(new Date().toISOString());
      const campaign = await createCampaign(server.db, admin, {
        kind: 'spring_festival',
        name: '春节慰问',
        startsOn: today,
        endsOn: addDays(today, 14),
        cohort: { type: 'party' },
        delivery: { kind: 'gift', description: '米面油', amountFen: null },
      });
      campaignId = campaign.id;
      workerUserId = (await findUserByUsername(server.db, 'worker1'))!.id;
      adminMemberId = (await server.db.selectFrom('members').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
      await profile.page.goto(`${server.url}/login`);
      await submitLogin(profile.page, 'admin1');
      await profile.page.getByTestId('admin-nav').waitFor({ timeout: 30_000 });
    });

    afterAll(async () => {
      await profile?.close();
    });

    const screens: [name: string, path: () => string, ...ready: string[]][] = [
      ['home', () => '/admin', 'home-members'],
      ['members', () => '/admin/members', 'member-row'],
      ['a member', () => `/admin/members/${adminMemberId}`, 'member-save'],
      ['new member', () => '/admin/members/new', 'member-save'],
      ['users', () => '/admin/users', 'user-row'],
      ['organisation', () => '/admin/organisation', 'org-tree'],
      ['coverage', () => '/admin/coverage', 'coverage-rate', 'coverage-error'],
      ['campaigns', () => '/admin/campaigns', 'campaign-row'],
      ['a campaign’s progress', () => `/admin/campaigns/${campaignId}`, 'progress-rate', 'progress-error'],
      ['visit settings', () => '/admin/visit-settings', 'settings-table'],
      ['走访台账', () => '/admin/visit-ledger', 'ledger-count', 'ledger-empty', 'ledger-never-synced'],
      ['audit trail', () => '/admin/audit', 'audit-row', 'audit-empty'],
      ['a user’s devices and sessions', () => `/admin/users/${workerUserId}`, 'device-row', 'devices-none'],
      ['lifeboat import', () => '/admin/lifeboats', 'lifeboat-file'],
    ];
    for (const [name, path, ...ready] of screens) {
      it.sequential(name, async () => {
        await open(profile.page, `${server.url}${path()}`, ...ready);
        await expectAccessible(profile.page, `admin · ${name}`, sizes);
      });
    }

    it.sequential('a member’s status change', async () => {
      const page = profile.page;
      await open(page, `${server.url}/admin/members/${adminMemberId}`, 'member-save');
      await page.locator('[data-testid^="status-action-"]').first().click();
      await page.getByTestId('status-form').waitFor();
      await expectAccessible(page, 'admin · status change', sizes, ['.admin-form:has([data-testid="status-form"])', '.van-overlay']);
    });

    it.sequential('pairings, a worker chosen', async () => {
      const page = profile.page;
      await open(page, `${server.url}/admin/pairings`, 'pair-worker');
      await page.getByTestId('pair-worker').selectOption({ index: 1 });
      await page.getByTestId('pair-compound').waitFor();
      await expectAccessible(page, 'admin · pairings', sizes);
    });

    it.sequential('import: the file chosen, then its dry run', async () => {
      const page = profile.page;
      await open(page, `${server.url}/admin/import`, 'import-file');
      await page.getByTestId('import-file').locator('input').setInputFiles(rosterPath);
      await page.getByTestId('import-file-name').filter({ hasText: '花名册.xlsx' }).waitFor();
      await expectAccessible(page, 'admin · import, file chosen', sizes);
      await page.getByTestId('import-preview').click();
      await page.getByTestId('import-summary').waitFor({ timeout: 30_000 });
      await expectAccessible(page, 'admin · import, dry run', sizes);
    });
  });
});
