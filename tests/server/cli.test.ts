import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPasswordFromStdin } from '../../src/server/cli/read-password';
import { runCli } from '../../src/server/cli/run-cli';
import { addMembers } from '../../src/server/services/members';
import { fixtureMember } from './fixtures';
import { backends, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';

describe.each(backends)('admin CLI on %s', (kind) => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await createBackend(kind);
  });
  afterAll(async () => {
    await backend?.destroy();
  });

  /** Runs the CLI in-process against this backend's database; the password is what a user would type. */
  async function cli(args: string[], password = 'correct-horse-1') {
    let out = '';
    let err = '';
    const code = await runCli(args, {
      out: (text) => (out += text),
      err: (text) => (err += text),
      readPassword: async () => password,
      env: backend.env,
    });
    return { code, out, err };
  }
  const idIn = (text: string) => {
    const id = /编号 id: ([0-9a-f-]{36})/.exec(text)?.[1];
    if (!id) throw new Error(`no id in: ${text}`);
    return id;
  };

  let communityId = '';
  let branchId = '';

  it('prints help in Chinese and English', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('create-user');
    expect(out).toContain('用法 / usage');
    expect((await cli([])).code).toBe(0);
  });

  it('usage mistakes exit with 2 and a Chinese message', async () => {
    const unknown = await cli(['make-coffee']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('未知命令');
    const badOption = await cli(['create-street', '--colour', 'red']);
    expect(badOption.code).toBe(2);
    expect(badOption.err).toContain('参数错误');
    const missing = await cli(['create-street']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('缺少参数 --name');
  });

  it('creates a street, a community and branches', async () => {
    const street = await cli(['create-street', '--name', '和平街道']);
    expect(street.code).toBe(0);
    expect(street.out).toContain('已创建街道「和平街道」');
    const community = await cli(['create-community', '--street', idIn(street.out), '--name', '光明社区']);
    expect(community.code).toBe(0);
    communityId = idIn(community.out);
    const branch = await cli(['create-branch', '--community', communityId, '--type', 'established', '--name', '第一党支部']);
    expect(branch.code).toBe(0);
    branchId = idIn(branch.out);
    const row = await backend.storage.db.selectFrom('organisations').selectAll().where('id', '=', branchId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'branch', name: '第一党支部', parent_id: communityId, branch_type: 'established' });
  });

  it('refuses a bad branch type or a parent that is not there, with exit code 1', async () => {
    const badType = await cli(['create-branch', '--community', communityId, '--type', 'informal', '--name', '某支部']);
    expect(badType.code).toBe(1);
    expect(badType.err).toMatch(/^错误：/);
    const noParent = await cli(['create-community', '--street', '5b0f8f8e-1d2c-4b3a-9e8f-7a6b5c4d3e2f', '--name', '某社区']);
    expect(noParent.code).toBe(1);
    expect(noParent.err).toContain('未找到编号为 5b0f8f8e-1d2c-4b3a-9e8f-7a6b5c4d3e2f 的街道');
    const branchAsParent = await cli(['create-branch', '--community', branchId, '--type', 'established', '--name', 'x支部']);
    expect(branchAsParent.code).toBe(1);
    expect(branchAsParent.err).toContain('的社区');
  });

  it('create-user stores a hashed password that then logs in', async () => {
    const result = await cli(
      ['create-user', '--username', 'Li.Wei', '--name', '李伟', '--role', 'worker', '--community', communityId],
      'first-password-1',
    );
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('已创建账号 li.wei');
    const row = await backend.storage.db.selectFrom('users').selectAll().where('username', '=', 'li.wei').executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain('first-password-1');
    expect(row).toMatchObject({ display_name: '李伟', role: 'worker', community_id: communityId, branch_id: null, disabled: 0 });

    const app = await buildTestApp(backend);
    try {
      await expect(loginAs(app, 'li.wei', 'first-password-1')).resolves.toBeTruthy();
    } finally {
      await app.close();
    }
  });

  it('create-user validates with the domain rules', async () => {
    const short = await cli(['create-user', '--username', 'wang', '--name', '王', '--role', 'worker', '--community', communityId], 'short');
    expect(short.code).toBe(1);
    expect(short.err).toContain('错误：密码至少 10 个字符 / The password needs at least 10 characters');
    // Eight spaces are no password; a common one is refused whatever its length (docs/DOMAIN.md §6).
    const blank = await cli(['create-user', '--username', 'wang', '--name', '王', '--role', 'worker', '--community', communityId], ' '.repeat(12));
    expect(blank.code).toBe(1);
    expect(blank.err).toContain('密码不能只有空格');
    const common = await cli(['create-user', '--username', 'wang', '--name', '王', '--role', 'worker', '--community', communityId], 'qwertyuiop');
    expect(common.code).toBe(1);
    expect(common.err).toContain('这是常见密码');
    const reset = await cli(['set-password', '--username', 'li.wei'], 'Password123');
    expect(reset.code).toBe(1);
    expect(reset.err).toContain('这是常见密码');
    const taken = await cli(['create-user', '--username', 'LI.WEI', '--name', '李伟', '--role', 'worker', '--community', communityId]);
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('已被使用');
    const noBranch = await cli(['create-user', '--username', 'sec', '--name', '书记', '--role', 'secretary', '--community', communityId]);
    expect(noBranch.code).toBe(1);
    expect(noBranch.err).toContain('支部书记必须属于一个党支部');
    const badRole = await cli(['create-user', '--username', 'boss', '--name', '老板', '--role', 'boss', '--community', communityId]);
    expect(badRole.code).toBe(1);
    const secretary = await cli([
      'create-user', '--username', 'sec', '--name', '书记', '--role', 'secretary', '--community', communityId, '--branch', branchId,
    ]);
    expect(secretary.code, secretary.err).toBe(0);
  });

  it('set-password replaces the password and ends sessions; disable-user blocks login', async () => {
    const app = await buildTestApp(backend);
    try {
      const token = await loginAs(app, 'li.wei', 'first-password-1');
      expect((await cli(['set-password', '--username', 'li.wei'], 'second-password-2')).code).toBe(0);
      expect((await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
      await expect(loginAs(app, 'li.wei', 'first-password-1')).rejects.toThrow();
      await loginAs(app, 'li.wei', 'second-password-2');

      expect((await cli(['disable-user', '--username', 'li.wei'])).code).toBe(0);
      const refused = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'li.wei', password: 'second-password-2' } });
      expect(refused.json().error.code).toBe('ACCOUNT_DISABLED');
      const unknown = await cli(['disable-user', '--username', 'nobody']);
      expect(unknown.code).toBe(1);
      expect(unknown.err).toContain('未找到用户 nobody');
    } finally {
      await app.close();
    }
  });

  it('pair creates a pairing, a new primary replaces the old one, and a primary is not made a backup', async () => {
    const [member] = await addMembers(backend.storage.db, [fixtureMember({ communityId, name: '张晓明' })]);
    const memberId = member?.id ?? '';
    expect((await cli(['create-user', '--username', 'wang2', '--name', '王二', '--role', 'worker', '--community', communityId])).code).toBe(0);
    expect((await cli(['create-user', '--username', 'wang3', '--name', '王三', '--role', 'worker', '--community', communityId])).code).toBe(0);

    expect((await cli(['pair', '--worker', 'wang2', '--member', memberId])).code).toBe(0);
    const asBackup = await cli(['pair', '--worker', 'wang2', '--member', memberId, '--backup']);
    expect(asBackup).toMatchObject({ code: 0, out: expect.stringContaining('未作更改') });
    expect((await cli(['pair', '--worker', 'wang3', '--member', memberId, '--backup'])).code).toBe(0);
    // wang3 becomes the primary: wang2's primary and wang3's own backup pairing end.
    const replaced = await cli(['pair', '--worker', 'wang3', '--member', memberId]);
    expect(replaced).toMatchObject({ code: 0, out: expect.stringContaining('结束了 2 条') });
    expect((await cli(['pair', '--worker', 'wang2', '--member', memberId, '--backup'])).code).toBe(0);
    const active = await backend.storage.db
      .selectFrom('pairings')
      .innerJoin('users', 'users.id', 'pairings.worker_id')
      .select(['users.username', 'pairings.role'])
      .where('pairings.member_id', '=', memberId)
      .where('pairings.ended_at', 'is', null)
      .orderBy('users.username')
      .execute();
    expect(active).toEqual([
      { username: 'wang2', role: 'backup' },
      { username: 'wang3', role: 'primary' },
    ]);
    const notWorker = await cli(['pair', '--worker', 'sec', '--member', memberId]);
    expect(notWorker.code).toBe(1);
    expect(notWorker.err).toContain('未找到服务专员 sec');
  });

  it('unpair ends a pairing and record-death marks the member 已故; mistakes exit 1 or 2 with a reason', async () => {
    const [member] = await addMembers(backend.storage.db, [fixtureMember({ communityId, name: '李秀英' })]);
    const memberId = member?.id ?? '';
    expect((await cli(['create-user', '--username', 'zhao4', '--name', '赵四', '--role', 'worker', '--community', communityId])).code).toBe(0);
    expect((await cli(['pair', '--worker', 'zhao4', '--member', memberId])).code).toBe(0);

    const ended = await cli(['unpair', '--worker', 'zhao4', '--member', memberId]);
    expect(ended).toMatchObject({ code: 0, out: expect.stringContaining('已结束结对') });
    const again = await cli(['unpair', '--worker', 'zhao4', '--member', memberId]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('没有有效的结对');

    expect((await cli(['record-death', '--member', memberId])).code).toBe(2);
    const future = await cli(['record-death', '--member', memberId, '--date', '2999-01-01']);
    expect(future.code).toBe(1);
    expect(future.err).toContain('去世日期不能早于出生日期，也不能晚于今天');
    const death = await cli(['record-death', '--member', memberId, '--date', '2026-10-03']);
    expect(death).toMatchObject({ code: 0, out: expect.stringContaining('已登记去世') });
    const row = await backend.storage.db.selectFrom('members').select(['status', 'died_on']).where('id', '=', memberId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'deceased', died_on: '2026-10-03' });
  });

  it('runs as `npm run cli`, reading the password from stdin', async () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli.ts', 'create-user', '--username', 'piped', '--name', '管道', '--role', 'admin', '--community', communityId, '--password-stdin'],
      { input: 'piped-password-9\n', env: { ...process.env, ...backend.env }, encoding: 'utf8', timeout: 20_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toContain('已创建账号 piped');
    const app = await buildTestApp(backend);
    try {
      await expect(loginAs(app, 'piped', 'piped-password-9')).resolves.toBeTruthy();
    } finally {
      await app.close();
    }
    const failing = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'disable-user', '--username', 'ghost'], {
      env: { ...process.env, ...backend.env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain('未找到用户 ghost');
  });

  it('list shows the organisation tree and the users', async () => {
    const { code, out } = await cli(['list']);
    expect(code).toBe(0);
    expect(out).toMatch(/和平街道（街道）[\s\S]*光明社区（社区）[\s\S]*第一党支部（党支部，建制）/);
    expect(out).toMatch(/li\.wei\s+服务专员\s+李伟\s+光明社区.*已停用/);
    expect(out).toMatch(/sec\s+支部书记\s+书记\s+光明社区 › 第一党支部/);
  });
});

describe('password from stdin', () => {
  it('takes everything before the final newline', async () => {
    expect(await readPasswordFromStdin(Readable.from(['pass word 1\n']))).toBe('pass word 1');
    expect(await readPasswordFromStdin(Readable.from([Buffer.from('密码-unicode-2\r\n')]))).toBe('密码-unicode-2');
    expect(await readPasswordFromStdin(Readable.from(['no-newline']))).toBe('no-newline');
  });
});
