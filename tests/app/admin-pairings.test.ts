import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminMoveRequest, AdminPairRequest, Member, Pairing } from '../../src/domain';
import { mountAt, resetDevice, unmountAll, type MountedApp } from './support/app-harness';
import { answerDialog } from './support/dom';
import { json, stubFetch } from './support/fetch-stub';
import { CHEN_ZHIQIANG, LI_JIANGUO, ROSTER, uuid, WANG_XIUYING, ZHANG_XIAOMING, ZHAO_DESHENG } from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import { ADMIN, ADMIN_PAIRING, admin, adminNetwork, callsTo, expectAllControlsNamed, LIU_FANG, memberRow, on, SECRETARY_WANG, userRow, WANG_FANG } from './admin-support';

const USERS = [userRow(ADMIN), userRow(LIU_FANG), userRow(WANG_FANG), userRow(SECRETARY_WANG)];

/**
 * A community whose pairings change as the admin works: the members' list names their workers from the current
 * pairings, as the server's does. The answers' counts are the test's own bookkeeping, not the server's rules.
 */
function server(pairings: Pairing[]) {
  let next = 100;
  const rowOf = (member: Member) =>
    memberRow(
      member,
      pairings.find((p) => p.memberId === member.id && p.role === 'primary')?.workerId ?? null,
      pairings.find((p) => p.memberId === member.id && p.role === 'backup')?.workerId ?? null,
    );
  const drop = (keep: (p: Pairing) => boolean) => {
    const before = pairings.length;
    pairings.splice(0, pairings.length, ...pairings.filter(keep));
    return before - pairings.length;
  };
  return adminNetwork(
    // The server's order is not the walking order: the screen must sort.
    on('GET', admin('members'), () => json(200, [...ROSTER].reverse().map(rowOf))),
    on('GET', admin('users'), () => json(200, USERS)),
    on('GET', admin('pairings'), () => json(200, pairings)),
    on('POST', admin('pairings'), (request) => {
      const body = request.body as AdminPairRequest;
      const ended = drop((p) => !(body.memberIds.includes(p.memberId) && p.role === body.role));
      for (const memberId of body.memberIds) pairings.push({ id: uuid(0x7000 + next++), workerId: body.workerId, memberId, role: body.role, since: '2026-03-20T04:00:00.000Z' });
      return json(200, { paired: body.memberIds.length, ended, purgedNotes: 0, unchanged: 0 });
    }),
    on('POST', admin('pairings/move'), (request) => {
      const body = request.body as AdminMoveRequest;
      const moving = pairings.filter((p) => p.workerId === body.fromWorkerId);
      for (const p of moving) p.workerId = body.toWorkerId;
      return json(200, { paired: moving.length, ended: moving.length, purgedNotes: 0, unchanged: 0 });
    }),
    on('DELETE', admin('pairings/:id'), (_request, [id]) => json(200, { paired: 0, ended: drop((p) => p.id !== id), purgedNotes: 0, unchanged: 0 })),
  );
}

async function openPairings(): Promise<MountedApp> {
  const app = await mountAt('/admin/pairings');
  await vi.waitFor(() => expect(app.wrapper.find('[data-testid="pair-by-building"]').exists()).toBe(true));
  await flushPromises();
  return app;
}

const candidates = (app: MountedApp) => app.wrapper.findAll('[data-testid="pair-candidate"]').map((c) => c.find('.by-building__name').text());
const unpaired = (app: MountedApp) => app.wrapper.findAll('[data-testid="unpaired-member"] strong').map((s) => s.text());
const assignButton = (app: MountedApp) => app.wrapper.find('[data-testid="pair-assign"]');

beforeEach(async () => {
  await resetDevice();
  await seedSession(ADMIN);
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('pairings', () => {
  it('assigns a building’s or a unit’s members in walking order to a worker, as primary or backup', async () => {
    const pairings: Pairing[] = [ADMIN_PAIRING(ZHANG_XIAOMING, LIU_FANG, 'primary', 1)];
    const calls = stubFetch(server(pairings));
    const app = await openPairings();

    // Nobody looks after these yet (the deceased and the transferred need nobody), in walking order.
    expect(unpaired(app)).toEqual(['李建国', '赵德胜', '陈志强', '王秀英']);
    // The first stairwell in walking order is open; the compounds offer only where someone is looked after.
    expect(app.wrapper.findAll('[data-testid="pair-compound"] option').map((o) => o.text())).toEqual(['光明小区']);
    expect(app.wrapper.findAll('[data-testid="pair-building"] option').map((o) => o.text())).toEqual(['3栋', '10栋']);
    expect(candidates(app)).toEqual(['李建国', '赵德胜', '张晓明', '陈志强']);
    expect(app.wrapper.find(`[data-member-id="${ZHANG_XIAOMING.id}"] .by-building__now`).text()).toBe('主责：刘芳');
    expect(assignButton(app).text()).toBe('请先在上方选择服务专员');
    expectAllControlsNamed();

    await app.wrapper.find('[data-testid="pair-worker"]').setValue(WANG_FANG.id);
    await app.wrapper.find('[data-testid="pair-unit"]').setValue('2');
    expect(candidates(app)).toEqual(['赵德胜', '张晓明', '陈志强']);
    expect(assignButton(app).attributes('disabled')).toBeDefined();
    await app.wrapper.find('[data-testid="pair-all"]').trigger('click');
    expect(assignButton(app).text()).toBe('分配给 王芳 作为主责（3 人）');
    // One of them is taken out again.
    await app.wrapper.find(`[data-testid="pair-tick-${ZHANG_XIAOMING.id}"]`).trigger('click');
    expect(assignButton(app).text()).toBe('分配给 王芳 作为主责（2 人）');
    await assignButton(app).trigger('click');
    await vi.waitFor(() => expect(callsTo(calls, 'POST', admin('pairings'))).toHaveLength(1));
    expect(callsTo(calls, 'POST', admin('pairings'))[0]!.body).toEqual({ workerId: WANG_FANG.id, memberIds: [ZHAO_DESHENG.id, CHEN_ZHIQIANG.id], role: 'primary' });

    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="worker-pairing"]')).toHaveLength(2));
    expect(app.wrapper.findAll('[data-testid="worker-pairing"] strong').map((s) => s.text())).toEqual(['赵德胜', '陈志强']);
    expect(unpaired(app)).toEqual(['李建国', '王秀英']);
    // After an assignment nothing stays ticked.
    expect(assignButton(app).attributes('disabled')).toBeDefined();

    // 去分配 opens the member's own unit with them ticked; this time as backup.
    await app.wrapper.find(`[data-testid="unpaired-pick-${WANG_XIUYING.id}"]`).trigger('click');
    await flushPromises();
    expect((app.wrapper.find('[data-testid="pair-building"]').element as HTMLSelectElement).value).toBe('10');
    expect(candidates(app)).toEqual(['王秀英']);
    await app.wrapper.find('[data-testid="pair-role-backup"]').trigger('click');
    expect(assignButton(app).text()).toBe('分配给 王芳 作为备岗（1 人）');
    await assignButton(app).trigger('click');
    await vi.waitFor(() => expect(callsTo(calls, 'POST', admin('pairings'))).toHaveLength(2));
    expect(callsTo(calls, 'POST', admin('pairings'))[1]!.body).toEqual({ workerId: WANG_FANG.id, memberIds: [WANG_XIUYING.id], role: 'backup' });
    // A backup worker alone does not make a member looked after.
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="worker-pairing"]')).toHaveLength(3));
    expect(unpaired(app)).toEqual(['李建国', '王秀英']);
  });

  it('ends one pairing, and moves all of a leaving worker’s members to another after confirming the counts', async () => {
    const pairings: Pairing[] = [
      ADMIN_PAIRING(ZHANG_XIAOMING, LIU_FANG, 'primary', 1),
      ADMIN_PAIRING(LI_JIANGUO, LIU_FANG, 'primary', 2),
      ADMIN_PAIRING(WANG_XIUYING, LIU_FANG, 'backup', 3),
      ADMIN_PAIRING(WANG_XIUYING, WANG_FANG, 'primary', 4),
    ];
    const calls = stubFetch(server(pairings));
    const app = await openPairings();
    await app.wrapper.find('[data-testid="pair-worker"]').setValue(LIU_FANG.id);
    const mine = () => app.wrapper.findAll('[data-testid="worker-pairing"]').map((p) => `${p.find('strong').text()}:${p.attributes('data-role')}`);
    expect(mine()).toEqual(['李建国:primary', '张晓明:primary', '王秀英:backup']);
    expect(app.wrapper.find('[data-testid="pair-move"]').text()).toContain('刘芳 离岗时，可把 TA 的全部 3 个结对一次移交给另一位专员');

    await app.wrapper.find(`[data-testid="worker-pairing"][data-member-id="${LI_JIANGUO.id}"] [data-testid="pairing-end"]`).trigger('click');
    await answerDialog('李建国 将不再由 刘芳（主责）负责', 'confirm');
    await vi.waitFor(() => expect(callsTo(calls, 'DELETE', admin(`pairings/${uuid(0x7002)}`))).toHaveLength(1));
    await vi.waitFor(() => expect(mine()).toEqual(['张晓明:primary', '王秀英:backup']));
    expect(unpaired(app)).toContain('李建国');

    // The worker being moved from is not offered as the one to move to.
    const targets = app.wrapper.findAll('[data-testid="pair-move-to"] option').map((o) => o.text());
    expect(targets).toEqual(['请选择服务专员', '王芳']);
    await app.wrapper.find('[data-testid="pair-move-to"]').setValue(WANG_FANG.id);
    await app.wrapper.find('[data-testid="pair-move-run"]').trigger('click');
    await answerDialog('将把 刘芳 的 1 位主责人员和 1 位备岗人员全部移交给 王芳', 'confirm');
    await vi.waitFor(() => expect(callsTo(calls, 'POST', admin('pairings/move'))).toHaveLength(1));
    expect(callsTo(calls, 'POST', admin('pairings/move'))[0]!.body).toEqual({ fromWorkerId: LIU_FANG.id, toWorkerId: WANG_FANG.id });
    await vi.waitFor(() => expect(mine()).toEqual([]));
    expect(app.wrapper.find('[data-testid="worker-pairings"]').text()).toContain('这位专员还没有结对人员');
  });
});
