import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DuesAssessment } from '../../src/domain';
import { currentMonthInShanghai } from '../../src/app/format/dates';
import { applyPulledPage } from '../../src/app/repositories/pull-repository';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { stubFetch } from './support/fetch-stub';
import { BRANCH_ID, LI_JIANGUO, ROSTER, ZHANG_XIAOMING, uuid } from './support/fixtures';
import { seedRoster, seedSession } from './support/seed';
import { SECRETARY, seedAttendance, seedMeeting } from './registers-support';

/** The machine running the tests is shared: a whole page flow may take longer than the default 5 s. */
vi.setConfig({ testTimeout: 20_000 });

const BRANCH = '光明社区离退休干部第一党支部';
const YEAR = Number(currentMonthInShanghai().slice(0, 4));

interface Download {
  name: string;
  blob: Blob;
}

/** What the browser is handed: the Blob behind the object URL and the <a download> name. No network involved. */
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

async function sheetOf(download: Download): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await download.blob.arrayBuffer());
  return workbook.worksheets[0]!;
}

function has(app: MountedApp, testId: string): boolean {
  return app.wrapper.find(`[data-testid="${testId}"]`).exists();
}

beforeEach(async () => {
  await resetDevice();
  await seedSession(SECRETARY);
  await seedRoster(ROSTER, [], SECRETARY.id);
  stubFetch(() => 'offline');
});
afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('ledger export page', () => {
  it('exports the year’s dues ledger as .xlsx on the device, offline, named after the branch and year', async () => {
    const assessment = DuesAssessment.parse({
      id: uuid(0x9001),
      memberId: ZHANG_XIAOMING.id,
      branchId: BRANCH_ID,
      year: YEAR,
      effectiveFrom: `${YEAR}-01`,
      baseFen: 500_000,
      category: 'normal',
      channel: 'this_branch',
      reducedFen: null,
    });
    await applyPulledPage({ changes: [{ version: 1, entity: 'dues_assessment', id: assessment.id, op: 'upsert', data: assessment }], cursor: 1, scope: 's', reset: false });
    const downloads = captureDownloads();

    const app = await mountAt('/ledger/export');
    await vi.waitFor(() => expect(has(app, 'preview-dues')).toBe(true));
    expect(app.wrapper.find('[data-testid="export-year"]').text()).toBe(String(YEAR));
    await app.wrapper.find('[data-testid="export-dues-xlsx"]').trigger('click');
    await vi.waitFor(() => expect(downloads).toHaveLength(1), { timeout: 5000 });

    expect(downloads[0]!.name).toBe(`${BRANCH}-${YEAR}年党费交纳登记表.xlsx`);
    expect(downloads[0]!.blob.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await sheetOf(downloads[0]!);
    expect(sheet.getCell('A1').value).toBe(`${BRANCH} ${YEAR} 年度党费交纳登记表`);
    expect(sheet.getCell('B3').value).toBe('姓名');
    const zhang = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((row) => row.getCell(2).value === '张晓明')!;
    expect(zhang.getCell(3).value).toBe(5000);
    expect(zhang.getCell(5).value).toBe(25);
    expect(sheet.getRow(sheet.rowCount).getCell(2).value).toBe('合计');
  });

  it('exports the attendance register of the year and prints through the browser', async () => {
    const meeting = await seedMeeting(`${currentMonthInShanghai()}-01`, 'life_meeting');
    await seedAttendance(meeting, LI_JIANGUO.id, 'leave', { reason: '外出探亲' });
    const downloads = captureDownloads();
    const print = vi.fn();
    vi.stubGlobal('print', print);

    const app = await mountAt('/ledger/export');
    await vi.waitFor(() => expect(has(app, 'preview-attendance')).toBe(true));
    expect(app.wrapper.find('[data-testid="preview-attendance"]').text()).toContain('请假（外出探亲）');
    await app.wrapper.find('[data-testid="export-attendance-xlsx"]').trigger('click');
    await vi.waitFor(() => expect(downloads).toHaveLength(1), { timeout: 5000 });

    expect(downloads[0]!.name).toBe(`${BRANCH}-${YEAR}年党员参加组织生活登记表.xlsx`);
    const sheet = await sheetOf(downloads[0]!);
    expect(sheet.getCell('A1').value).toBe(`${BRANCH} 党员参加组织生活登记表`);
    expect(String(sheet.getCell('A2').value)).toMatch(new RegExp(`^${YEAR}年01月—`));
    expect(String(sheet.getCell('C3').value)).toContain('组织生活会');
    const li = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((row) => row.getCell(2).value === '李建国')!;
    expect(li.getCell(3).value).toBe('请假（外出探亲）');

    await app.wrapper.find('[data-testid="export-print"]').trigger('click');
    expect(print).toHaveBeenCalledOnce();
  });
});
