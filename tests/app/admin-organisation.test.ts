import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Organisation, type AdminBranchInput, type AdminOrganisation } from '../../src/domain';
import { mountAt, resetDevice, unmountAll } from './support/app-harness';
import { byTestId } from './support/dom';
import { json, stubFetch } from './support/fetch-stub';
import { BRANCH_ID, COMMUNITY_ID, uuid } from './support/fixtures';
import { seedSession } from './support/seed';
import './support/settle-vant-timers';
import { ADMIN, admin, adminNetwork, callsTo, expectAllControlsNamed, on, ORGANISATION, SECOND_BRANCH } from './admin-support';

/** The tree as the server keeps it; a second branch of the same name is refused, as the server does. */
function server(tree: AdminOrganisation) {
  const conflict = (name: string) =>
    json(409, { error: { code: 'CONFLICT', message: `本社区已有名为「${name}」的党支部`, details: [{ path: 'name', message: '名称已被使用' }] } });
  return adminNetwork(
    on('GET', admin('organisation'), () => json(200, tree)),
    on('POST', admin('branches'), (request) => {
      const input = request.body as AdminBranchInput;
      if (tree.branches.some((b) => b.branch.name === input.name)) return conflict(input.name);
      const branch = Organisation.parse({ id: uuid(0xb9), kind: 'branch', name: input.name, parentId: COMMUNITY_ID, branchType: input.type });
      tree.branches.push({ branch, secretaries: [] });
      return json(201, branch);
    }),
    on('PUT', admin('branches/:id'), (request, [id]) => {
      const input = request.body as AdminBranchInput;
      const entry = tree.branches.find((b) => b.branch.id === id)!;
      entry.branch = { ...entry.branch, name: input.name, branchType: input.type };
      return json(200, entry.branch);
    }),
  );
}

async function type(id: string, value: string): Promise<void> {
  const input = document.querySelector<HTMLInputElement>(`[data-testid="${id}"] input`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}

beforeEach(async () => {
  await resetDevice();
  await seedSession(ADMIN);
});
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

describe('organisation', () => {
  it('shows street › community › branches with their type and secretaries; creates, renames and retypes branches', async () => {
    const tree = structuredClone(ORGANISATION);
    const calls = stubFetch(server(tree));
    const app = await mountAt('/admin/organisation');
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="org-branch"]')).toHaveLength(2));

    expect(app.wrapper.find('[data-testid="org-street"]').text()).toBe('和平街道');
    expect(app.wrapper.find('[data-testid="org-community"]').text()).toBe('光明社区');
    const [first, second] = app.wrapper.findAll('[data-testid="org-branch"]');
    expect(first!.find('[data-testid="org-branch-type"]').text()).toBe('建制');
    expect(first!.find('[data-testid="org-secretaries"]').text()).toBe('支部书记：王书记');
    expect(second!.find('[data-testid="org-branch-type"]').text()).toBe('非建制');
    expect(second!.find('[data-testid="org-secretaries"]').text()).toBe('尚未设置支部书记');

    await app.wrapper.find('[data-testid="branch-create"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-testid="branch-form"]')).not.toBeNull());
    expectAllControlsNamed();
    byTestId('branch-save').click();
    await flushPromises();
    expect(byTestId('branch-problem').textContent).toBe('支部名称：不能为空');

    // A name already in use: the server's words.
    await type('branch-name', SECOND_BRANCH.name);
    byTestId('branch-save').click();
    await vi.waitFor(() => expect(byTestId('branch-problem').textContent).toBe(`本社区已有名为「${SECOND_BRANCH.name}」的党支部`));

    await type('branch-name', '光明社区第三党支部');
    (document.querySelector('[data-testid="branch-type-non_established"]') as HTMLElement).click();
    await flushPromises();
    byTestId('branch-save').click();
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="org-branch"]')).toHaveLength(3));
    expect(callsTo(calls, 'POST', admin('branches')).at(-1)!.body).toEqual({ name: '光明社区第三党支部', type: 'non_established' });

    await app.wrapper.find(`[data-testid="org-edit-${BRANCH_ID}"]`).trigger('click');
    await vi.waitFor(() => expect(document.querySelector<HTMLInputElement>('[data-testid="branch-name"] input')?.value).toBe('光明社区离退休干部第一党支部'));
    await type('branch-name', '光明社区离退休干部党支部');
    byTestId('branch-save').click();
    await vi.waitFor(() => expect(callsTo(calls, 'PUT', admin(`branches/${BRANCH_ID}`))).toHaveLength(1));
    expect(callsTo(calls, 'PUT', admin(`branches/${BRANCH_ID}`))[0]!.body).toEqual({ name: '光明社区离退休干部党支部', type: 'established' });
    await vi.waitFor(() => expect(app.wrapper.find(`[data-branch-id="${BRANCH_ID}"] strong`).text()).toBe('光明社区离退休干部党支部'));
  });
});
