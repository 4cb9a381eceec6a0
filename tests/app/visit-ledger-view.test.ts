import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Change, FollowUpClosure, Visit } from '../../src/domain';
import { setLastSyncAt } from '../../src/app/repositories/meta-repository';
import { applyPulledPage } from '../../src/app/repositories/pull-repository';
import { db } from '../../src/app/db/database';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { LI_JIANGUO, uuid, WANG_XIUYING, ZHANG_XIAOMING } from './support/fixtures';
import { makeVisit } from './support/records';
import { seedRoster, seedSession } from './support/seed';
import './support/settle-vant-timers';
import { ADMIN, expectAllControlsNamed, LIU_FANG, SECRETARY_WANG, WANG_FANG } from './admin-support';
import { chooseMonth } from './support/month-picker';

vi.setConfig({ testTimeout: 20_000 });

// 10:00 on 2026-04-02 in Beijing: March has just ended.
const NOW = Date.parse('2026-04-02T02:00:00.000Z');

const HOME = makeVisit(1, {
  occurredAt: '2026-03-02T01:30:00.000Z',
  visitorIds: [LIU_FANG.id, WANG_FANG.id],
  livingSituation: '精神很好',
  solvedOnSpot: '帮助更换灯泡',
  followUps: [{ what: '联系社区医生', owner: '刘芳', deadline: '2026-03-20', status: 'open' }],
});
const CALL = makeVisit(2, {
  memberId: LI_JIANGUO.id,
  type: 'phone',
  templateId: 'phone',
  homeSafety: null,
  occurredAt: '2026-03-15T11:00:00.000Z',
  recordedAt: '2026-03-15T11:05:00.000Z',
});
// Written up on 1 April in Beijing (31 March 16:30 UTC): the April ledger's, not March's.
const APRIL = makeVisit(3, { memberId: WANG_XIUYING.id, occurredAt: '2026-03-31T16:30:00.000Z', recordedAt: '2026-03-31T16:40:00.000Z' });
const FEBRUARY = makeVisit(4, { occurredAt: '2026-02-10T02:00:00.000Z', recordedAt: '2026-02-10T02:10:00.000Z' });
// A correction of the home visit: it stands for it.
const HOME_FIX = makeVisit(5, { ...HOME, id: uuid(0x5005), amends: HOME.id, livingSituation: '精神很好，腿脚不便', recordedAt: '2026-03-03T01:00:00.000Z' });
const CLOSURE: FollowUpClosure = {
  id: uuid(0x5c01),
  memberId: ZHANG_XIAOMING.id,
  visitId: HOME_FIX.id,
  index: 0,
  note: '',
  closedBy: LIU_FANG.id,
  closedAt: '2026-03-18T02:00:00.000Z',
};

async function seedVisits(visits: Visit[], closures: FollowUpClosure[] = []): Promise<void> {
  const changes: Change[] = [
    ...visits.map((visit) => ({ entity: 'visit' as const, id: visit.id, data: visit })),
    ...closures.map((closure) => ({ entity: 'follow_up_closure' as const, id: closure.id, data: closure })),
  ].map((change, i) => ({ ...change, version: 100 + i, op: 'upsert' as const }));
  await applyPulledPage({ changes, cursor: 100 + changes.length, scope: 'seeded', reset: false });
}

interface Download {
  name: string;
  blob: Blob;
}
function captureDownloads(): Download[] {
  const downloads: Download[] = [];
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

const find = (app: MountedApp, testId: string) => app.wrapper.find(`[data-testid="${testId}"]`);
const rows = (app: MountedApp) => find(app, 'visit-ledger-sheet').findAll('tbody tr:not([data-testid$="-totals"])');
const cells = (app: MountedApp, i: number) => rows(app)[i]!.findAll('td').map((td) => td.text());

beforeEach(async () => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  await resetDevice();
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('走访台账 on the secretary’s tablet', () => {
  async function open(): Promise<MountedApp> {
    await seedSession(SECRETARY_WANG);
    await seedRoster([ZHANG_XIAOMING, LI_JIANGUO, WANG_XIUYING]);
    await seedVisits([HOME, CALL, APRIL, FEBRUARY, HOME_FIX], [CLOSURE]);
    const app = await mountAt('/visit-ledger');
    await vi.waitFor(() => expect(find(app, 'visit-ledger-sheet').exists()).toBe(true));
    return app;
  }

  it('shows the month’s visits from the device, offline, in the nine columns, a correction in place of its original', async () => {
    const app = await open();
    expect(find(app, 'ledger-month').attributes('data-month')).toBe('2026-04');
    expect(find(app, 'ledger-month').text()).toContain('2026年4月');
    await find(app, 'ledger-prev').trigger('click');
    expect(find(app, 'ledger-month').text()).toContain('2026年3月');
    // Or chosen in the month picker; a month not yet begun is not offered.
    await chooseMonth('ledger-month', '2026-02');
    expect(find(app, 'ledger-month').attributes('data-month')).toBe('2026-02');
    await expect(chooseMonth('ledger-month', '2026-05')).rejects.toThrow('offers no 2026-05');
    await chooseMonth('ledger-month', '2026-03');

    const sheet = find(app, 'visit-ledger-sheet');
    expect(sheet.find('h2').text()).toBe('光明社区离退休干部第一党支部 走访台账');
    // The period line says how fresh the device's data is (the seeded sync: 09:15 on 6 January, Beijing time).
    expect(sheet.find('.export-sheet__period').text()).toBe('2026年3月（本机数据截至 2026-01-06 09:15）');
    expect(sheet.findAll('th').map((th) => th.text())).toEqual(['序号', '姓名', '住址', '走访日期', '方式', '走访人', '情况', '解决的问题', '后续事项']);
    expect(rows(app)).toHaveLength(2);
    expect(cells(app, 0)).toEqual([
      '1',
      '张晓明',
      '光明小区 3栋2单元502室',
      '2026-03-02',
      '入户',
      '刘芳、王芳',
      '定期走访；见到本人；精神很好，腿脚不便；第1次',
      '帮助更换灯泡',
      '联系社区医生（刘芳，2026-03-20 前，已完成）',
    ]);
    expect(cells(app, 1).slice(1, 6)).toEqual(['李建国', '光明小区 3栋1单元301室', '2026-03-15', '电话', '刘芳']);
    expect(find(app, 'visit-ledger-sheet-totals').text()).toContain('入户 1 次 · 电话 1 次 · 视频 0 次');
    expect(find(app, 'ledger-count').text()).toBe('共 2 次走访');
    expectAllControlsNamed(app.wrapper.element);
  });

  it('covers a quarter, never a period not yet begun', async () => {
    const app = await open();
    expect(find(app, 'ledger-next').attributes('disabled')).toBeDefined();
    await find(app, 'ledger-mode-quarter').trigger('click');
    expect(find(app, 'ledger-period').text()).toBe('2026年第2季度');
    expect(find(app, 'ledger-mode-quarter').attributes('aria-pressed')).toBe('true');
    expect(rows(app).map((r) => r.findAll('td')[1]!.text())).toEqual(['王秀英']);
    await find(app, 'ledger-prev').trigger('click');
    expect(find(app, 'ledger-period').text()).toBe('2026年第1季度');
    expect(rows(app).map((r) => r.findAll('td')[3]!.text())).toEqual(['2026-02-10', '2026-03-02', '2026-03-15']);
    expect(find(app, 'visit-ledger-sheet').find('.export-sheet__period').text()).toContain('2026年第一季度（1月—3月）');
    expect(find(app, 'ledger-next').attributes('disabled')).toBeUndefined();
  });

  it('exports the same rows as .xlsx, made on the device, and prints', async () => {
    const app = await open();
    await find(app, 'ledger-prev').trigger('click');
    const downloads = captureDownloads();
    await find(app, 'ledger-xlsx').trigger('click');
    await vi.waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toBe('光明社区离退休干部第一党支部 走访台账 2026年3月.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await downloads[0]!.blob.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('2026-03');
    expect(sheet.getCell('A1').value).toBe('光明社区离退休干部第一党支部 走访台账');
    expect(sheet.getRow(3).values).toEqual([undefined, '序号', '姓名', '住址', '走访日期', '方式', '走访人', '情况', '解决的问题', '后续事项']);
    expect(sheet.getRow(4).values).toEqual([undefined, ...cells(app, 0).map((text, i) => (i === 0 ? Number(text) : text))]);
    expect(sheet.getRow(5).getCell(2).value).toBe('李建国');
    expect(sheet.pageSetup.orientation).toBe('landscape');
    expect(sheet.pageSetup.paperSize).toBe(9);

    const print = vi.fn();
    vi.stubGlobal('print', print);
    await find(app, 'ledger-print').trigger('click');
    expect(print).toHaveBeenCalledOnce();
  });

  it('leaves out a visit the server refused, and shows a new one as soon as it is on the device', async () => {
    const app = await open();
    await find(app, 'ledger-prev').trigger('click');
    await db.visits.update(CALL.id, { syncState: 'rejected' });
    await vi.waitFor(() => expect(rows(app)).toHaveLength(1));
    const late = makeVisit(6, { memberId: WANG_XIUYING.id, occurredAt: '2026-03-30T02:00:00.000Z', recordedAt: '2026-03-30T02:10:00.000Z' });
    await seedVisits([late]);
    await setLastSyncAt('2026-04-02T01:00:00.000Z');
    await vi.waitFor(() => expect(rows(app)).toHaveLength(2));
    expect(find(app, 'ledger-as-of').text()).toBe('本机数据截至 2026-04-02 09:00');
  });
});

describe('走访台账 for the administrator', () => {
  it('names the community and is reached from coverage', async () => {
    await seedSession(ADMIN);
    await seedRoster([ZHANG_XIAOMING]);
    await seedVisits([HOME]);
    const app = await mountAt('/admin/visit-ledger');
    await vi.waitFor(() => expect(find(app, 'visit-ledger-sheet').exists()).toBe(true));
    expect(find(app, 'visit-ledger-sheet').find('h2').text()).toBe('光明社区 走访台账');
    expect(find(app, 'admin-nav').exists()).toBe(true);
  });

  it('warns when the device has never synced', async () => {
    await seedSession(ADMIN);
    const app = await mountAt('/admin/visit-ledger');
    await vi.waitFor(() => expect(find(app, 'ledger-never-synced').exists()).toBe(true));
    expect(find(app, 'ledger-never-synced').text()).toBe('本机尚未同步，台账可能不完整');
  });
});
