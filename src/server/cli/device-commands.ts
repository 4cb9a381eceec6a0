import { readFile } from 'node:fs/promises';
import { DomainError, LifeboatFile, type AdminDevice } from '../../domain';
import type { AuditSource } from '../services/audit';
import { changeDeviceStanding, devicesOfUser } from '../services/devices';
import { importLifeboat } from '../services/lifeboat-import';
import { findUserByUsername } from '../services/users';
import type { Db } from '../storage';

/** The CLI's devices and lifeboats (docs/DOMAIN.md §6): the same services as the admin's routes, for the server's operator. */

const STANDING_ZH: Record<AdminDevice['standing'], string> = { active: '正常', lost: '已标记丢失', wiped: '已清除' };
const REASON_ZH = { lost: '丢失', user_disabled: '账号停用' } as const;

export async function listDevicesCommand(db: Db, username: string, out: (text: string) => void): Promise<void> {
  const user = await findUserByUsername(db, username);
  if (!user) throw new DomainError('NOT_FOUND', { message: `未找到用户 ${username}` });
  const devices = await devicesOfUser(db, user.id);
  const lines = [`${user.username}（${user.displayName}）的设备 / devices:`];
  for (const d of devices) {
    const wipe = d.wipeRequestedAt === null || d.standing === 'wiped' ? '' : `  待清除 wipe pending since ${d.wipeRequestedAt} (${d.wipeReason === null ? '' : REASON_ZH[d.wipeReason]})`;
    const wiped = d.wipedAt === null ? '' : `  清除于 wiped ${d.wipedAt}`;
    lines.push(`  ${d.id}  ${STANDING_ZH[d.standing]} ${d.standing}  首次 first ${d.firstSignInAt}  最近登录 last sign-in ${d.lastSignInAt}  最近联系 last contact ${d.lastContactAt ?? '—'}${wipe}${wiped}`);
    if (d.userAgent !== null) lines.push(`      ${d.userAgent}`);
  }
  if (devices.length === 0) lines.push('  （无 / none）');
  out(`${lines.join('\n')}\n`);
}

export async function markDeviceLostCommand(db: Db, deviceId: string, source: AuditSource, out: (text: string) => void): Promise<void> {
  await changeDeviceStanding(db, { admin: null, source }, deviceId, 'lost');
  out('已标记为丢失：该设备下次联网时先上传未同步的记录，然后清除本机数据 / marked lost: on its next contact the device sends what it has unsent, then wipes itself\n');
}

/** The file is checked like the admin's upload; a file that is not a lifeboat is LIFEBOAT_UNREADABLE. */
export async function importLifeboatCommand(db: Db, path: string, json: boolean, source: AuditSource, out: (text: string) => void): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) throw new DomainError('LIFEBOAT_UNREADABLE', { message: '这不是救生包文件，或文件格式不正确' });
    throw error;
  }
  const file = LifeboatFile.safeParse(raw);
  if (!file.success) throw new DomainError('LIFEBOAT_UNREADABLE', { message: '这不是救生包文件，或文件格式不正确' });
  const warnings: string[] = [];
  const result = await importLifeboat(db, file.data, { admin: null, source, log: { warn: (details) => warnings.push(JSON.stringify(details)) } });
  if (json) {
    out(`${JSON.stringify(result)}\n`);
    return;
  }
  out(
    `已导入救生包 / lifeboat imported: ${file.data.username} (${result.userId}), 设备 device ${result.clientId}\n` +
      `  新记录 applied ${result.applied} · 已收到过 duplicate ${result.duplicate} · 被拒绝 rejected ${result.rejected}\n`,
  );
  for (const r of result.results.filter((x) => x.status === 'rejected')) out(`  #${r.index + 1} ${r.mutationId ?? ''} ${r.code ?? ''} ${r.message ?? ''}\n`);
}
