import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { Campaign, CampaignInput, CampaignProgress } from '../../src/domain';
import ExcelJS from 'exceljs';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { apiError, json, stubFetch, type StubRequest } from './support/fetch-stub';
import { BRANCH_ID, COMMUNITY_ID, uuid } from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import { ADMIN, admin, adminNetwork, callsTo, expectAllControlsNamed, LIU_FANG, on, ORGANISATION, SECOND_BRANCH, WANG_FANG } from './admin-support';

vi.setConfig({ testTimeout: 20_000 });

// 10:00 on 2026-03-20 in Beijing.
const NOW = Date.parse('2026-03-20T02:00:00.000Z');

function campaign(n: number, overrides: Partial<Campaign>): Campaign {
  return Campaign.parse({
    id: uuid(0xca00 + n),
    communityId: COMMUNITY_ID,
    kind: 'spring_festival',
    name: '春节慰问',
    startsOn: '2026-03-01',
    endsOn: '2026-03-31',
    cohort: { type: 'everyone' },
    delivery: { kind: 'gift', description: '米、油各一份', amountFen: null },
    createdBy: ADMIN.id,
    createdAt: '2026-02-20T02:00:00.000Z',
    cancelledAt: null,
    ...overrides,
  });
}

const OPEN = campaign(1, { name: '春节慰问', kind: 'spring_festival', cohort: { type: 'risk', flags: ['livingAlone', 'advancedAge'] } });
const UPCOMING = campaign(2, { name: '七一慰问', kind: 'july_first', startsOn: '2026-06-25', endsOn: '2026-07-05', cohort: { type: 'party' }, createdAt: '2026-03-10T02:00:00.000Z' });
// Ended yesterday in Beijing: it closed by itself.
const CLOSED = campaign(3, {
  name: '元旦慰问',
  kind: 'new_year',
  startsOn: '2026-02-25',
  endsOn: '2026-03-19',
  cohort: { type: 'branch', branchId: BRANCH_ID },
  delivery: { kind: 'cash', description: '慰问金', amountFen: 20_000 },
});
const CANCELLED = campaign(4, { name: '冬送温暖', kind: 'winter_warmth', startsOn: '2026-01-05', endsOn: '2026-01-31', cancelledAt: '2026-01-06T02:00:00.000Z' });

function network(list: Campaign[], extra: ReturnType<typeof on>[] = []) {
  return adminNetwork(...extra, on('GET', admin('campaigns'), () => json(200, list)), on('GET', admin('organisation'), () => json(200, ORGANISATION)));
}

const find = (app: MountedApp, testId: string) => app.wrapper.find(`[data-testid="${testId}"]`);
const body = (testId: string) => document.body.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!;

/** Each change is rendered before the next: v-model reads the value it last rendered. */
async function setInput(testId: string, value: string): Promise<void> {
  const input = body(testId) as HTMLInputElement | HTMLSelectElement;
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
  await nextTick();
}
async function check(testId: string): Promise<void> {
  const input = body(testId) as HTMLInputElement;
  input.checked = true;
  input.dispatchEvent(new Event('change'));
  await nextTick();
}

beforeEach(async () => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  await resetDevice();
  await seedSession(ADMIN);
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('节日慰问: the list', () => {
  it('lists the campaigns newest first with where each stands today, by Beijing date, and filters by state', async () => {
    stubFetch(network([CLOSED, CANCELLED, OPEN, UPCOMING]));
    const app = await mountAt('/admin/campaigns');
    await vi.waitFor(() => expect(find(app, 'campaigns-table').exists()).toBe(true));

    const rows = () => app.wrapper.findAll('[data-testid="campaign-row"]');
    expect(rows().map((r) => [r.find('strong').text(), r.attributes('data-state')])).toEqual([
      ['七一慰问', 'upcoming'],
      ['春节慰问', 'open'],
      ['元旦慰问', 'closed'],
      ['冬送温暖', 'cancelled'],
    ]);
    const open = rows()[1]!;
    expect(open.text()).toContain('2026-03-01 至 2026-03-31');
    expect(open.text()).toContain('风险人群：独居、高龄');
    expect(open.text()).toContain('慰问品：米、油各一份');
    expect(rows()[2]!.text()).toContain('光明社区离退休干部第一党支部');
    expect(rows()[2]!.text()).toContain('慰问金：慰问金 每人 200.00 元');
    // Only what has not ended can be cancelled.
    expect(rows().map((r) => r.find('[data-testid^="campaign-cancel-"]').exists())).toEqual([true, true, false, false]);

    await find(app, 'campaign-filter-closed').trigger('click');
    expect(rows().map((r) => r.find('strong').text())).toEqual(['元旦慰问']);
    expect(find(app, 'campaign-filter-closed').attributes('aria-pressed')).toBe('true');
    await find(app, 'campaign-filter-all').trigger('click');
    expect(rows()).toHaveLength(4);
  });

  it('cancels a campaign after a confirm, and shows it cancelled', async () => {
    const calls = stubFetch(network([OPEN], [on('POST', admin(`campaigns/${OPEN.id}/cancel`), () => json(200, { ...OPEN, cancelledAt: new Date(NOW).toISOString() }))]));
    const app = await mountAt('/admin/campaigns');
    await vi.waitFor(() => expect(find(app, 'campaigns-table').exists()).toBe(true));
    await find(app, `campaign-cancel-${OPEN.id}`).trigger('click');
    await vi.waitFor(() => expect(document.body.querySelector('.van-dialog__confirm')).not.toBeNull());
    expect(document.body.querySelector('.van-dialog')!.textContent).toContain('取消后，“春节慰问”从服务专员的走访计划中移除');
    (document.body.querySelector('.van-dialog__confirm') as HTMLElement).click();
    await vi.waitFor(() => expect(callsTo(calls, 'POST', admin(`campaigns/${OPEN.id}/cancel`))).toHaveLength(1));
    await vi.waitFor(() => expect(find(app, 'campaign-row').attributes('data-state')).toBe('cancelled'));
  });
});

describe('节日慰问: opening one', () => {
  async function openForm(list: Campaign[] = [], answer: (input: CampaignInput) => ReturnType<typeof json> = (input) => json(201, campaign(9, { ...input }))) {
    const calls = stubFetch(network(list, [on('POST', admin('campaigns'), (request: StubRequest) => answer(CampaignInput.parse(request.body)))]));
    const app = await mountAt('/admin/campaigns');
    await vi.waitFor(() => expect(find(app, 'campaigns-reload').exists()).toBe(true));
    await vi.waitFor(() => expect(find(app, 'campaign-open').exists()).toBe(true));
    await find(app, 'campaign-open').trigger('click');
    await vi.waitFor(() => expect(body('campaign-form')).not.toBeNull());
    return { app, calls };
  }

  it('sends kind, name, window, cohort and what is delivered; the name follows the kind until typed', async () => {
    const { app, calls } = await openForm();
    expect((body('campaign-name') as HTMLInputElement).value).toBe('春节慰问');
    expect((body('campaign-starts') as HTMLInputElement).value).toBe('2026-03-20');
    await setInput('campaign-kind', 'double_ninth');
    await vi.waitFor(() => expect((body('campaign-name') as HTMLInputElement).value).toBe('重阳慰问'));
    await setInput('campaign-name', '2026 重阳节慰问');
    await setInput('campaign-kind', 'other');
    await vi.waitFor(() => expect((body('campaign-kind') as HTMLSelectElement).value).toBe('other'));
    expect((body('campaign-name') as HTMLInputElement).value).toBe('2026 重阳节慰问');

    await setInput('campaign-starts', '2026-10-15');
    await setInput('campaign-ends', '2026-10-31');
    await check('campaign-cohort-risk');
    await vi.waitFor(() => expect(body('campaign-flag-advancedAge')).not.toBeNull());
    await check('campaign-flag-advancedAge');
    await check('campaign-flag-bedridden');
    await check('campaign-delivery-cash');
    await vi.waitFor(() => expect(body('campaign-amount')).not.toBeNull());
    await setInput('campaign-description', '重阳慰问金');
    await setInput('campaign-amount', '300.5');
    expectAllControlsNamed(document.body);
    body('campaign-form').dispatchEvent(new Event('submit'));

    await vi.waitFor(() => expect(callsTo(calls, 'POST', admin('campaigns'))).toHaveLength(1));
    expect(callsTo(calls, 'POST', admin('campaigns'))[0]!.body).toEqual({
      kind: 'other',
      name: '2026 重阳节慰问',
      startsOn: '2026-10-15',
      endsOn: '2026-10-31',
      cohort: { type: 'risk', flags: ['advancedAge', 'bedridden'] },
      delivery: { kind: 'cash', description: '重阳慰问金', amountFen: 30_050 },
    });
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="campaign-row"]')).toHaveLength(1));
    expect(find(app, 'campaign-row').attributes('data-state')).toBe('upcoming');
  });

  it('refuses in Chinese before sending: no amount for 慰问金, no flag, no branch, an end before the start', async () => {
    const { calls } = await openForm();
    await check('campaign-delivery-cash');
    await check('campaign-cohort-risk');
    await vi.waitFor(() => expect(body('campaign-amount')).not.toBeNull());
    body('campaign-form').dispatchEvent(new Event('submit'));
    await vi.waitFor(() => expect(body('campaign-problems')).not.toBeNull());
    expect([...body('campaign-problems').querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      '请填写每人慰问金金额（元，如 200 或 200.50）',
      '请至少选择一种风险类别',
    ]);

    await check('campaign-delivery-gift');
    await check('campaign-cohort-branch');
    await vi.waitFor(() => expect(body('campaign-branch')).not.toBeNull());
    body('campaign-form').dispatchEvent(new Event('submit'));
    await vi.waitFor(() => expect(body('campaign-problems').textContent).toBe('请选择党支部'));

    await setInput('campaign-branch', SECOND_BRANCH.id);
    await setInput('campaign-description', '毛巾一套');
    await setInput('campaign-ends', '2026-03-10');
    body('campaign-form').dispatchEvent(new Event('submit'));
    await vi.waitFor(() => expect(body('campaign-problems').textContent).toContain('结束日期不能早于开始日期'));
    expect(callsTo(calls, 'POST', admin('campaigns'))).toEqual([]);
  });

  it('closes by a button named 关闭, sending nothing', async () => {
    const { calls } = await openForm();
    const close = body('sheet-close');
    expect(close.getAttribute('aria-label')).toBe('关闭');
    close.click();
    await vi.waitFor(() => expect(body('campaign-form').closest('.van-popup')!.getAttribute('style')).toContain('display: none'));
    expect(callsTo(calls, 'POST', admin('campaigns'))).toEqual([]);
  });

  it('keeps the server’s refusal in the form', async () => {
    const { calls } = await openForm([], () => apiError('VALIDATION_FAILED'));
    await setInput('campaign-description', '米');
    body('campaign-form').dispatchEvent(new Event('submit'));
    await vi.waitFor(() => expect(callsTo(calls, 'POST', admin('campaigns'))).toHaveLength(1));
    await vi.waitFor(() => expect(body('campaign-problems')).not.toBeNull());
    expect(body('campaign-problems').textContent).not.toBe('');
  });
});

describe('节日慰问: progress', () => {
  const PROGRESS = CampaignProgress.parse({
    campaignId: CLOSED.id,
    asOf: '2026-03-19',
    cohort: 12,
    visited: 9,
    delivered: { items: 9, cashFen: 180_000 },
    workers: [
      { workerId: LIU_FANG.id, name: LIU_FANG.displayName, cohort: 7, visited: 7, delivered: { items: 7, cashFen: 140_000 } },
      { workerId: WANG_FANG.id, name: WANG_FANG.displayName, cohort: 5, visited: 2, delivered: { items: 2, cashFen: 40_000 } },
    ],
    branches: [{ branchId: BRANCH_ID, name: '光明社区离退休干部第一党支部', cohort: 12, visited: 9, delivered: { items: 9, cashFen: 180_000 } }],
  });

  function captureDownloads(): { name: string; blob: Blob }[] {
    const downloads: { name: string; blob: Blob }[] = [];
    const blobs = new Map<string, Blob>();
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, blob as Blob);
      return url;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ name: this.download, blob: blobs.get(this.href)! });
    });
    return downloads;
  }

  it('shows visited ÷ cohort overall, per worker and per branch, with what was delivered, and exports it', async () => {
    stubFetch(network([CLOSED, OPEN], [on('GET', admin(`campaigns/${CLOSED.id}/progress`), () => json(200, PROGRESS))]));
    const app = await mountAt(`/admin/campaigns/${CLOSED.id}`);
    await vi.waitFor(() => expect(find(app, 'progress-summary').exists()).toBe(true));

    expect(find(app, 'progress-summary').text()).toContain('元旦慰问');
    expect(find(app, 'progress-rate').text()).toBe('75%');
    expect(find(app, 'progress-count').text()).toBe('已慰问 9 / 12 人');
    expect(find(app, 'progress-delivered').text()).toBe('已发放：慰问品 9 份、慰问金 1,800.00 元');
    const workerLines = find(app, 'progress-workers').findAll('[data-testid="progress-line"]');
    expect(workerLines.map((l) => [l.find('th').text(), l.find('[data-testid="progress-line-rate"]').text()])).toEqual([
      ['刘芳', '100%'],
      ['王芳', '40%'],
    ]);
    expect(find(app, 'progress-branches').text()).toContain('光明社区离退休干部第一党支部');

    const downloads = captureDownloads();
    await find(app, 'progress-export').trigger('click');
    await vi.waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toBe('元旦慰问 慰问进度.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await downloads[0]!.blob.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['按服务专员', '按党支部']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('元旦慰问 慰问进度');
    expect(sheet.getRow(3).values).toEqual([undefined, '序号', '服务专员', '应慰问', '已慰问', '完成率', '慰问品（份）', '慰问金（元）']);
    expect(sheet.getRow(5).values).toEqual([undefined, 2, '王芳', 5, 2, 0.4, 2, 400]);
    expect(sheet.getRow(6).values).toEqual([undefined, '合计', undefined, 12, 9, 0.75, 9, 1800]);
    expect(sheet.getCell('E5').numFmt).toBe('0%');
    expect(sheet.getCell('G5').numFmt).toBe('0.00');
  });

  it('says so when the campaign is not the community’s', async () => {
    stubFetch(network([OPEN], [on('GET', admin(`campaigns/${CLOSED.id}/progress`), () => apiError('NOT_FOUND'))]));
    const app = await mountAt(`/admin/campaigns/${CLOSED.id}`);
    await vi.waitFor(() => expect(find(app, 'progress-missing').text()).toBe('没有找到这个活动'));
  });
});
