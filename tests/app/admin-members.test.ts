import { flushPromises } from '@vue/test-utils';
import { loadNameSearch } from '../../src/app/composables/useNameSearch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Member, type AdminMemberDetail, type MemberInput, type MemberStatusChange } from '../../src/domain';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { answerDialog, byTestId } from './support/dom';
import { apiError, json, stubFetch, type StubRequest } from './support/fetch-stub';
import {
  BRANCH_ID,
  CHEN_ZHIQIANG,
  LI_JIANGUO,
  uuid,
  WANG_XIUYING,
  XIAO_MINGYUAN,
  ZHANG_JIANHUA,
  ZHANG_XIAOMING,
  ZHAO_DESHENG,
} from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import {
  ADMIN,
  admin,
  adminNetwork,
  callsTo,
  expectAllControlsNamed,
  LIU_FANG,
  memberDetail,
  memberRow,
  on,
  ORGANISATION,
  SECRETARY_WANG,
  userRow,
  WANG_FANG,
} from './admin-support';

const MEMBERS = [
  memberRow(ZHANG_XIAOMING, LIU_FANG.id),
  memberRow(LI_JIANGUO, LIU_FANG.id, WANG_FANG.id),
  memberRow(WANG_XIUYING),
  memberRow(ZHAO_DESHENG, null, WANG_FANG.id),
  memberRow(CHEN_ZHIQIANG, WANG_FANG.id),
  memberRow(XIAO_MINGYUAN),
  memberRow(ZHANG_JIANHUA),
];
const USERS = [userRow(ADMIN), userRow(LIU_FANG), userRow(WANG_FANG), userRow(SECRETARY_WANG)];

/** The member pages' server: the list, one member's page, saving, and status changes that land in the history. */
function server(details: Map<string, AdminMemberDetail> = new Map()) {
  return adminNetwork(
    on('GET', admin('members'), () => json(200, MEMBERS)),
    on('GET', admin('users'), () => json(200, USERS)),
    on('GET', admin('organisation'), () => json(200, ORGANISATION)),
    on('GET', admin('members/:id'), (_request, [id]) => {
      const detail = details.get(id!);
      return detail ? json(200, detail) : apiError('NOT_FOUND');
    }),
    on('PUT', admin('members/:id'), (request, [id]) => {
      const input = request.body as MemberInput;
      const stored = details.get(id!)!.member;
      const member = Member.parse({ ...stored, ...input, profile: { ...stored.profile, ...input.profile }, updatedAt: '2026-03-20T04:00:00.000Z' });
      details.set(id!, { ...details.get(id!)!, member });
      return json(200, member);
    }),
    on('POST', admin('members'), (request) => {
      const input = request.body as MemberInput;
      const member = Member.parse({ ...input, id: uuid(0x999), communityId: ZHANG_XIAOMING.communityId, status: 'active', away: null, updatedAt: '2026-03-20T04:00:00.000Z' });
      details.set(member.id, memberDetail(member));
      return json(201, member);
    }),
    on('POST', admin('members/:id/status'), (request: StubRequest, [id]) => {
      const change = request.body as MemberStatusChange;
      const detail = details.get(id!)!;
      if (change.status !== 'away') throw new Error('this server only records 外出');
      const member = Member.parse({
        ...detail.member,
        status: 'away',
        away: { place: change.place, from: change.from, expectedReturn: change.expectedReturn, phone: change.phone },
      });
      const entry = {
        id: uuid(0xe1),
        status: 'away' as const,
        effectiveOn: change.from,
        detail: { place: change.place, expectedReturn: change.expectedReturn, phone: change.phone },
        changedBy: ADMIN.displayName,
        changedAt: '2026-03-20T04:00:00.000Z',
      };
      const next = { ...detail, member, history: [...detail.history, entry] };
      details.set(id!, next);
      return json(200, next);
    }),
  );
}

async function openList(): Promise<MountedApp> {
  const app = await mountAt('/admin/members');
  await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="member-row"]')).toHaveLength(MEMBERS.length));
  return app;
}

async function openMember(id: string): Promise<MountedApp> {
  const app = await mountAt(`/admin/members/${id}`);
  await vi.waitFor(() => expect(app.wrapper.find('[data-testid="member-form"]').exists()).toBe(true));
  await flushPromises();
  return app;
}

const names = (app: MountedApp) => app.wrapper.findAll('[data-testid="member-name"]').map((n) => n.text());
const input = (app: MountedApp, id: string) => app.wrapper.find(`[data-testid="${id}"] input`);

beforeEach(async () => {
  vi.useFakeTimers({ now: Date.parse('2026-03-20T04:00:00.000Z'), toFake: ['Date'] });
  await resetDevice();
  await seedSession(ADMIN);
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('members', () => {
  it('lists the community in walking order with age, address, status and workers, found by pinyin and filtered', async () => {
    stubFetch(server());
    const app = await openList();
    expect(names(app)).toEqual(['李建国', '赵德胜', '张晓明', '陈志强', '王秀英', '肖明远', '张建华']);
    const li = app.wrapper.find(`[data-testid="member-row"][data-member-id="${LI_JIANGUO.id}"]`);
    expect(li.text()).toContain('光明小区 3栋1单元301室');
    expect(li.text()).toContain('76');
    expect(li.find('[data-testid="member-primary"]').text()).toBe('刘芳');
    expect(li.find('[data-testid="member-backup"]').text()).toBe('王芳');
    // Away with only a backup worker: nobody is responsible, and the list says so.
    expect(app.wrapper.find(`[data-member-id="${ZHAO_DESHENG.id}"] [data-testid="member-primary"]`).text()).toBe('未结对');
    expect(app.wrapper.find(`[data-member-id="${XIAO_MINGYUAN.id}"] [data-testid="member-primary"]`).text()).toBe('');

    const search = input(app, 'member-search');
    await search.setValue('zxm');
    // The first search loads the pinyin search (its own chunk in the built app).
    await loadNameSearch();
    await flushPromises();
    expect(names(app)).toEqual(['张晓明']);
    await search.setValue('zhang');
    expect(names(app)).toEqual(['张晓明', '张建华']);
    await search.setValue('');

    await app.wrapper.find('[data-testid="members-paired"]').setValue('unpaired');
    expect(names(app)).toEqual(['赵德胜', '王秀英']);
    await app.wrapper.find('[data-testid="members-paired"]').setValue('all');
    await app.wrapper.find('[data-testid="members-party"]').setValue('no');
    expect(names(app)).toEqual(['陈志强']);
    await app.wrapper.find('[data-testid="members-party"]').setValue('all');
    await app.wrapper.find('[data-testid="members-branch"]').setValue(BRANCH_ID);
    await app.wrapper.find('[data-testid="members-status-deceased"]').trigger('click');
    expect(names(app)).toEqual(['肖明远']);
    await app.wrapper.find('[data-testid="members-risk-bedridden"]').trigger('click');
    expect(names(app)).toEqual([]);
    expect(app.wrapper.find('[data-testid="members-count"]').text()).toBe('0 / 7 人');
    await app.wrapper.find('[data-testid="members-clear"]').trigger('click');
    expect(names(app)).toHaveLength(7);
    expectAllControlsNamed();

    await app.wrapper.find(`[data-member-id="${ZHANG_XIAOMING.id}"] a`).trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('admin-member'));
  });

  it('edits a member: the form starts from the record, the ID stays masked unless replaced, and the saved input is the whole record', async () => {
    const details = new Map([[ZHANG_XIAOMING.id, memberDetail({ ...ZHANG_XIAOMING, profile: { ...ZHANG_XIAOMING.profile, idMasked: '1101**********002X', formerUnit: '市机械厂' } })]]);
    const calls = stubFetch(server(details));
    const app = await openMember(ZHANG_XIAOMING.id);

    expect((input(app, 'member-name-input').element as HTMLInputElement).value).toBe('张晓明');
    expect((input(app, 'member-id-masked').element as HTMLInputElement).value).toBe('1101**********002X');
    expect((input(app, 'member-former-unit').element as HTMLInputElement).value).toBe('市机械厂');
    expect((input(app, 'member-room').element as HTMLInputElement).value).toBe('502');
    expect((app.wrapper.find('[data-testid="member-branch"]').element as HTMLSelectElement).value).toBe(BRANCH_ID);
    expectAllControlsNamed();

    // A half-filled family contact and an empty name are said in words, and nothing is sent.
    await input(app, 'member-name-input').setValue('');
    await input(app, 'member-family-phone').setValue('');
    await app.wrapper.find('[data-testid="member-save"]').trigger('click');
    await flushPromises();
    const problems = app.wrapper.find('[data-testid="member-problems"]').text();
    expect(problems).toContain('家属姓名、关系和电话要么都填，要么都不填');
    expect(problems).toContain('姓名：不能为空');
    expect(callsTo(calls, 'PUT', admin(`members/${ZHANG_XIAOMING.id}`))).toHaveLength(0);

    await input(app, 'member-name-input').setValue('张 晓明');
    await input(app, 'member-family-phone').setValue('13987654321');
    await input(app, 'member-phone').setValue('13900001111');
    await app.wrapper.find('[data-testid="member-risk-emptyNest"]').trigger('click');
    await input(app, 'member-ethnicity').setValue('回族');
    await app.wrapper.find('[data-testid="member-save"]').trigger('click');
    await vi.waitFor(() => expect(callsTo(calls, 'PUT', admin(`members/${ZHANG_XIAOMING.id}`))).toHaveLength(1));
    const sent = callsTo(calls, 'PUT', admin(`members/${ZHANG_XIAOMING.id}`))[0]!.body as Record<string, unknown>;
    expect(sent).toMatchObject({
      name: '张晓明',
      phone: '13900001111',
      address: ZHANG_XIAOMING.address,
      familyContact: ZHANG_XIAOMING.familyContact,
      isPartyMember: true,
      joinedPartyOn: ZHANG_XIAOMING.joinedPartyOn,
      branchId: BRANCH_ID,
      duesChannel: 'this_branch',
      risks: { livingAlone: true, emptyNest: true, bedridden: false, disabled: false },
      profile: { ethnicity: '回族', formerUnit: '市机械厂', formerPosition: null, retirement: null },
      // What the worker recorded goes back as it was.
      hobbies: ['书法', '京剧'],
      serviceNeeds: ['health', 'daily_care'],
      notes: '耳背，敲门要用力',
    });
    // The ID was not touched: it is not sent, so it stays as stored.
    expect(Object.hasOwn(sent, 'idNumber')).toBe(false);
    await flushPromises();
    expect(app.wrapper.find('[data-testid="member-problems"]').exists()).toBe(false);

    await app.wrapper.find('[data-testid="member-id-replace"]').trigger('click');
    await input(app, 'member-id-input').setValue('11010519491231002x');
    await app.wrapper.find('[data-testid="member-save"]').trigger('click');
    await vi.waitFor(() => expect(callsTo(calls, 'PUT', admin(`members/${ZHANG_XIAOMING.id}`))).toHaveLength(2));
    expect((callsTo(calls, 'PUT', admin(`members/${ZHANG_XIAOMING.id}`))[1]!.body as MemberInput).idNumber).toBe('11010519491231002X');
  });

  it('shows the server’s refusal in Chinese, and creates a member who then has their own page', async () => {
    const details = new Map<string, AdminMemberDetail>();
    const calls = stubFetch(
      adminNetwork(
        on('POST', admin('members'), (request) =>
          (request.body as MemberInput).idNumber === '11010519491231002X'
            ? json(409, { error: { code: 'CONFLICT', message: '身份证号 1101**********002X 已登记在本社区的「张晓明」名下，同一人不能登记两次' } })
            : null,
        ),
        server(details),
      ),
    );
    const app = await mountAt('/admin/members/new');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="member-form"]').exists()).toBe(true));
    await flushPromises();
    expect(app.wrapper.find('[data-testid="member-status"]').exists()).toBe(false);

    // A party member needs a date and a branch: said before anything is sent.
    await input(app, 'member-name-input').setValue('刘建军');
    await input(app, 'member-birth').setValue('1949-12-31');
    await input(app, 'member-compound').setValue('光明小区');
    await input(app, 'member-building').setValue('5');
    await input(app, 'member-unit').setValue('1');
    await input(app, 'member-room').setValue('301');
    await app.wrapper.find('[data-testid="member-save"]').trigger('click');
    await flushPromises();
    expect(app.wrapper.find('[data-testid="member-problems"]').text()).toContain('党员请填写入党日期');
    expect(app.wrapper.find('[data-testid="member-problems"]').text()).toContain('党员请选择党支部');
    expect(callsTo(calls, 'POST', admin('members'))).toHaveLength(0);

    await input(app, 'member-joined').setValue('1975-07-01');
    await app.wrapper.find('[data-testid="member-branch"]').setValue(BRANCH_ID);
    await input(app, 'member-id-input').setValue('11010519491231002X');
    await app.wrapper.find('[data-testid="member-save"]').trigger('click');
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="member-error"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="member-error"]').text()).toBe('身份证号 1101**********002X 已登记在本社区的「张晓明」名下，同一人不能登记两次');

    await input(app, 'member-id-input').setValue('');
    await app.wrapper.find('[data-testid="member-save"]').trigger('click');
    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe(`/admin/members/${uuid(0x999)}`));
    const created = callsTo(calls, 'POST', admin('members')).at(-1)!.body as MemberInput;
    expect(created).toMatchObject({ name: '刘建军', birthDate: '1949-12-31', idNumber: null, joinedPartyOn: '1975-07-01', branchId: BRANCH_ID });
    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="member-status"]').exists()).toBe(true));
    expect(byTestId('member-pairings').textContent).toContain('未结对');
  });

  it('records 外出 with its dates, place and phone after a confirm, and the history says who and when', async () => {
    const details = new Map([[LI_JIANGUO.id, memberDetail(LI_JIANGUO, [{ id: uuid(0x7001), workerId: LIU_FANG.id, role: 'primary', since: '2025-09-01T00:00:00.000Z' }])]]);
    const calls = stubFetch(server(details));
    const app = await openMember(LI_JIANGUO.id);
    expect(app.wrapper.find('[data-testid="member-history"]').text()).toContain('还没有状态变更记录');
    expect(app.wrapper.find('[data-testid="member-pairing"]').text()).toBe('刘芳（主责，2025-09-01 08:00 起）');
    const actions = app.wrapper.findAll('[data-testid^="status-action-"]').map((b) => b.attributes('data-testid'));
    expect(actions).toEqual(['status-action-away', 'status-action-deceased', 'status-action-transferred']);

    await app.wrapper.find('[data-testid="status-action-away"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-testid="status-form"]')).not.toBeNull());
    const field = (id: string) => document.querySelector<HTMLInputElement>(`[data-testid="${id}"] input`)!;
    const type = async (id: string, value: string) => {
      field(id).value = value;
      field(id).dispatchEvent(new Event('input'));
      await flushPromises();
    };
    // Where is required: the domain's words say so, and nothing is sent.
    await type('status-from', '2026-11-01');
    byTestId('status-save').click();
    await flushPromises();
    expect(byTestId('status-problem').textContent).toBe('外出地点：不能为空');
    expect(callsTo(calls, 'POST', admin(`members/${LI_JIANGUO.id}/status`))).toHaveLength(0);
    expectAllControlsNamed();

    await type('status-return', '2027-03-31');
    await type('status-place', '海南三亚');
    await type('status-phone', '13700002222');
    byTestId('status-save').click();
    await answerDialog('确定为 李建国 登记外出吗？', 'confirm');
    await vi.waitFor(() => expect(callsTo(calls, 'POST', admin(`members/${LI_JIANGUO.id}/status`))).toHaveLength(1));
    expect(callsTo(calls, 'POST', admin(`members/${LI_JIANGUO.id}/status`))[0]!.body).toEqual({
      status: 'away',
      from: '2026-11-01',
      expectedReturn: '2027-03-31',
      place: '海南三亚',
      phone: '13700002222',
    });

    await vi.waitFor(() => expect(app.wrapper.find('[data-testid="member-status-detail"]').exists()).toBe(true));
    expect(app.wrapper.find('[data-testid="member-status"] [data-testid="status-tag"]').attributes('data-status')).toBe('away');
    expect(app.wrapper.find('[data-testid="member-status-detail"]').text()).toContain('海南三亚，2026-11-01 至 2027-03-31');
    const entry = app.wrapper.find('[data-testid="history-entry"]');
    expect(entry.attributes('data-status')).toBe('away');
    expect(entry.text()).toContain('自 2026-11-01');
    expect(entry.text()).toContain('地点：海南三亚');
    expect(entry.find('[data-testid="history-who"]').text()).toBe('周敏 于 2026-03-20 12:00 登记');
    // Back from 外出 is now offered, 外出 itself no longer.
    expect(app.wrapper.find('[data-testid="status-action-back"]').exists()).toBe(true);
    expect(app.wrapper.find('[data-testid="status-action-away"]').exists()).toBe(false);
  });
});
