import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROSTER_FIELDS, type ColumnMapping, type RosterImportReport, type RosterImportRequest } from '../../src/domain';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { answerDialog, byTestId } from './support/dom';
import { json, stubFetch, type StubRequest } from './support/fetch-stub';
import { BRANCH_ID, uuid, XIAO_MINGYUAN } from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import { ADMIN, admin, adminNetwork, callsTo, expectAllControlsNamed, importReport, on, ORGANISATION } from './admin-support';

/** The sheet as the office typed it: 序号 · 姓名 · 公民身份号码 · 住址（楼栋） · 备注, a header the reader half knows. */
const HEADERS = ['序号', '姓名', '公民身份号码', '住址（楼栋）', '备注'];
const AUTOMATIC: ColumnMapping = { seq: 0, name: 1, idNumber: 2, remarks: 4 };
const FILE_BYTES = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xe8, 0x8a, 0xb1, 0x00, 0xff]);
const FILE_NAME = '光明社区花名册.xlsx';

/**
 * What the server's import would answer for this sheet: without an address column nobody can be imported; with
 * it two people are new and the row whose ID Excel stored as a number is refused. The answer depends on the
 * mapping the request carries, so a test sees whether the mapping reached the server.
 */
function reportFor(body: RosterImportRequest, dryRun: boolean): RosterImportReport {
  const mapping = body.mapping ?? AUTOMATIC;
  const fieldAt = (index: number) => ROSTER_FIELDS.find((field) => mapping[field] === index) ?? null;
  const hasAddress = mapping.address !== undefined && mapping.address !== null;
  const rows: RosterImportReport['rows'] = [
    { row: 1, status: 'ignored', reasons: ['标题行'], name: null, idMasked: null, notices: [], changes: [] },
    { row: 3, status: 'ignored', reasons: ['表头'], name: null, idMasked: null, notices: [], changes: [] },
    hasAddress
      ? { row: 4, status: 'created', memberId: uuid(0x901), name: '刘建军', idMasked: '1101**********002X', notices: ['备注“独居”已标记为独居'], changes: [] }
      : { row: 4, status: 'rejected', reasons: ['没有住址'], name: '刘建军', idMasked: '1101**********002X', notices: [], changes: [] },
    hasAddress
      ? { row: 5, status: 'created', memberId: uuid(0x902), name: '王华', idMasked: null, notices: [], changes: [] }
      : { row: 5, status: 'rejected', reasons: ['没有住址'], name: '王华', idMasked: null, notices: [], changes: [] },
    { row: 6, status: 'rejected', reasons: ['身份证号被 Excel 存成了数字，末几位已丢失，请提供原始号码'], name: '赵明', idMasked: null, notices: [], changes: [] },
  ];
  const count = (status: string) => rows.filter((row) => row.status === status).length;
  return importReport({
    dryRun,
    sheetName: '花名册',
    headerRow: 3,
    columns: HEADERS.map((header, index) => ({ index, header, field: fieldAt(index) })),
    summary: { created: count('created'), updated: 0, unchanged: 0, rejected: count('rejected'), duplicates: 0, ignored: count('ignored') },
    rows,
    missing: [{ memberId: XIAO_MINGYUAN.id, name: XIAO_MINGYUAN.name, status: 'deceased' }],
  });
}

/** An answer the test releases when it has looked at the screen in between. */
function deferred<T>() {
  let release!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (release = resolve));
  return { promise, release };
}

type Hold = ReturnType<typeof deferred<void>> | null;

function server(options: { holdPreview?: () => Hold; holdImport?: Hold } = {}) {
  return adminNetwork(
    on('GET', admin('organisation'), () => json(200, ORGANISATION)),
    on('POST', admin('roster/preview'), async (request) => {
      await options.holdPreview?.()?.promise;
      return json(200, reportFor(request.body as RosterImportRequest, true));
    }),
    on('POST', admin('roster/import'), async (request) => {
      await options.holdImport?.promise;
      return json(200, reportFor(request.body as RosterImportRequest, false));
    }),
    on('POST', admin('roster/report'), () => new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } })),
  );
}

async function openImport(): Promise<MountedApp> {
  const app = await mountAt('/admin/import');
  await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="import-branch"] option')).toHaveLength(3));
  return app;
}

async function chooseFile(app: MountedApp, file: File): Promise<void> {
  const input = app.wrapper.find('[data-testid="import-file"] input[type="file"]');
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
  await vi.waitFor(() => expect(app.wrapper.find('[data-testid="import-file-name"]').text()).toBe(file.name));
  await flushPromises();
}

const sheet = () => new File([FILE_BYTES], FILE_NAME, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
const summaryOf = (app: MountedApp, key: string) => app.wrapper.find(`[data-testid="summary-${key}"] dd`).text();
const button = (app: MountedApp, id: string) => app.wrapper.find(`[data-testid="${id}"]`);
const isDisabled = (app: MountedApp, id: string) => button(app, id).attributes('disabled') !== undefined;

async function preview(app: MountedApp): Promise<void> {
  await button(app, 'import-preview').trigger('click');
  await vi.waitFor(() => expect(app.wrapper.find('[data-testid="import-summary"]').exists()).toBe(true));
  await flushPromises();
}

beforeEach(async () => {
  await resetDevice();
  await seedSession(ADMIN);
});
afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('花名册 import', () => {
  it('dry-runs, re-runs when a column is remapped, imports only after the dry run of what is shown, and shows the final report', async () => {
    let hold: Hold = null;
    const holdImport = deferred<void>();
    const calls = stubFetch(server({ holdPreview: () => hold, holdImport }));
    const app = await openImport();

    expect(isDisabled(app, 'import-preview')).toBe(true);
    await chooseFile(app, sheet());
    expect(button(app, 'import-run').exists()).toBe(false);
    await preview(app);

    // The file went as it is, base64, with the automatic mapping (none sent) and no default branch.
    const [first] = callsTo(calls, 'POST', admin('roster/preview'));
    expect(first!.body).toEqual({ fileName: FILE_NAME, contentBase64: Buffer.from(FILE_BYTES).toString('base64'), defaultBranchId: null });
    expect(app.wrapper.find('[data-testid="import-sheet"]').text()).toBe('工作表“花名册”，表头在第 3 行。');
    const selects = app.wrapper.findAll('[data-testid="mapping-row"] select');
    expect(selects.map((s) => (s.element as HTMLSelectElement).value)).toEqual(['seq', 'name', 'idNumber', '', 'remarks']);
    expect(app.wrapper.findAll('[data-testid="mapping-row"] td:nth-child(2)').map((td) => td.text())).toEqual(HEADERS);
    expect(app.wrapper.find('[data-testid="import-unmapped"]').text()).toContain('家庭住址');
    expect(summaryOf(app, 'created')).toBe('0');
    expect(summaryOf(app, 'rejected')).toBe('3');
    expect(isDisabled(app, 'import-run')).toBe(false);

    // The admin says the fourth column is the address: the dry run runs again with the whole mapping.
    hold = deferred<void>();
    const pending = hold;
    await selects[3]!.setValue('address');
    await vi.waitFor(() => expect(callsTo(calls, 'POST', admin('roster/preview'))).toHaveLength(2));
    await flushPromises();
    // Until that answer is in, what is on screen is the old mapping's report: it cannot be imported.
    expect(app.wrapper.find('[data-testid="import-busy"]').text()).toBe('正在预检，请稍候…');
    expect(isDisabled(app, 'import-run')).toBe(true);
    pending.release();
    hold = null;
    await vi.waitFor(() => expect(summaryOf(app, 'created')).toBe('2'));
    await flushPromises();
    const second = callsTo(calls, 'POST', admin('roster/preview'))[1]!.body as RosterImportRequest;
    expect(second.mapping).toMatchObject({ seq: 0, name: 1, idNumber: 2, address: 3, remarks: 4, phone: null, birthDate: null });
    expect(summaryOf(app, 'rejected')).toBe('1');
    expect(app.wrapper.find('[data-testid="import-unmapped"]').text()).not.toContain('家庭住址');
    const rows = app.wrapper.findAll('[data-testid="report-row"]');
    expect(rows.map((row) => row.attributes('data-status'))).toEqual(['ignored', 'ignored', 'created', 'created', 'rejected']);
    expect(rows[2]!.text()).toContain('1101**********002X');
    expect(rows[2]!.find('[data-testid="report-notice"]').text()).toBe('备注“独居”已标记为独居');
    expect(rows[4]!.find('[data-testid="report-reason"]').text()).toContain('身份证号被 Excel 存成了数字');
    expect(isDisabled(app, 'import-run')).toBe(false);
    expect(callsTo(calls, 'POST', admin('roster/import'))).toHaveLength(0);

    // 确认导入 says the counts once more; while the server writes, the screen says so.
    await button(app, 'import-run').trigger('click');
    await answerDialog('将新增 2 人，更新 0 人，0 人无变化，1 行不导入', 'confirm');
    await vi.waitFor(() => expect(callsTo(calls, 'POST', admin('roster/import'))).toHaveLength(1));
    expect(callsTo(calls, 'POST', admin('roster/import'))[0]!.body).toEqual(second);
    await flushPromises();
    expect(app.wrapper.find('[data-testid="import-busy"]').text()).toContain('正在导入');
    expect(isDisabled(app, 'import-preview')).toBe(true);
    holdImport.release();
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="import-done"]').exists()).toBe(true));

    expect(app.wrapper.find('[data-testid="import-done"]').text()).toBe('导入完成：新增 2 人，更新 0 人。请核对下面的结果。');
    expect(app.wrapper.find('[data-testid="import-busy"]').exists()).toBe(false);
    expect(button(app, 'import-run').exists()).toBe(false);
    expect(app.wrapper.findAll('[data-testid="report-row"]')).toHaveLength(5);
    const missing = app.wrapper.find('[data-testid="import-missing"]');
    expect(missing.find('h2').text()).toBe('文件中没有的人员（1 人）');
    expect(missing.text()).toContain('导入不会删除任何人');
    expect(missing.find('a').attributes('href')).toBe(`/admin/members/${XIAO_MINGYUAN.id}`);
    expect(missing.find('[data-testid="status-tag"]').attributes('data-status')).toBe('deceased');
    expectAllControlsNamed();
  });

  it('runs the dry run again when the default branch changes, and starts afresh with another file', async () => {
    const calls = stubFetch(server());
    const app = await openImport();
    await chooseFile(app, sheet());
    await preview(app);

    await app.wrapper.find('[data-testid="import-branch"]').setValue(BRANCH_ID);
    await vi.waitFor(() => expect(callsTo(calls, 'POST', admin('roster/preview'))).toHaveLength(2));
    expect((callsTo(calls, 'POST', admin('roster/preview'))[1]!.body as RosterImportRequest).defaultBranchId).toBe(BRANCH_ID);
    await flushPromises();
    expect(isDisabled(app, 'import-run')).toBe(false);

    await chooseFile(app, new File([new Uint8Array([1])], '第二版.csv', { type: 'text/csv' }));
    expect(app.wrapper.find('[data-testid="import-summary"]').exists()).toBe(false);
    expect(button(app, 'import-run').exists()).toBe(false);
    expect(isDisabled(app, 'import-preview')).toBe(false);
  });

  it('refuses a file that is not .xlsx or .csv, and sends nothing', async () => {
    const calls = stubFetch(server());
    const app = await openImport();
    await chooseFile(app, new File([new Uint8Array([1])], '花名册.xls'));
    expect(app.wrapper.find('[data-testid="import-file-problem"]').text()).toBe('只能导入 .xlsx 或 .csv 文件');
    expect(isDisabled(app, 'import-preview')).toBe(true);
    expect(callsTo(calls, 'POST', admin('roster/preview'))).toHaveLength(0);
  });

  it('says administration needs the network when the dry run cannot reach the server; nothing can be imported', async () => {
    let offline = false;
    stubFetch((request: StubRequest) => (offline ? 'offline' : server()(request)));
    const app = await openImport();
    await chooseFile(app, sheet());
    offline = true;
    await button(app, 'import-preview').trigger('click');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="import-error"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="import-error"]').text()).toBe('管理功能需要联网，请检查网络后重试');
    expect(button(app, 'import-run').exists()).toBe(false);
    await flushPromises();
    expect(app.wrapper.find('[data-testid="admin-offline"]').exists()).toBe(true);

    // Back online, a dry run; then the link drops while a column is remapped: the report on screen is of the old
    // mapping, so it is not what would be imported.
    offline = false;
    await preview(app);
    expect(isDisabled(app, 'import-run')).toBe(false);
    offline = true;
    await app.wrapper.findAll('[data-testid="mapping-row"] select')[3]!.setValue('address');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="import-error"]').exists()).toBe(true));
    await flushPromises();
    expect(isDisabled(app, 'import-run')).toBe(true);
    expect(app.wrapper.find('[data-testid="import-run-hint"]').text()).toContain('需要重新预检');
  });

  it('filters the report by result, and downloads it as the .xlsx the server makes', async () => {
    const calls = stubFetch(server());
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:report';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const app = await openImport();
    await chooseFile(app, sheet());
    await preview(app);

    await button(app, 'report-filter-rejected').trigger('click');
    expect(app.wrapper.findAll('[data-testid="report-row"]').map((row) => row.attributes('data-row'))).toEqual(['4', '5', '6']);
    expect(button(app, 'report-filter-rejected').text()).toBe('未导入（3）');
    expect(isDisabled(app, 'report-filter-duplicate')).toBe(true);
    await button(app, 'report-filter-all').trigger('click');
    expect(app.wrapper.findAll('[data-testid="report-row"]')).toHaveLength(5);

    await button(app, 'import-download').trigger('click');
    await vi.waitFor(() => expect(clicked).toEqual(['导入结果-光明社区花名册.xlsx']));
    const [request] = callsTo(calls, 'POST', admin('roster/report'));
    expect(request!.body).toEqual(callsTo(calls, 'POST', admin('roster/preview'))[0]!.body);
    expect(new Uint8Array(await created[0]!.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(byTestId('import-file-name').textContent).toBe(FILE_NAME);
  });
});
