import { parseArgs } from 'node:util';
import { BranchType, ERRORS, Role, type Organisation, type User, DomainError, parseInput } from '../../domain';
import { loadConfig } from '../config';
import { createBranch, createCommunity, createStreet, listOrganisations } from '../services/organisations';
import { endPairing, recordDeath } from '../services/member-lifecycle';
import { pairWorker } from '../services/pairings';
import { createUser, disableUser, listUsers, setPassword } from '../services/users';
import { migrateToLatest, openStorage, type Db } from '../storage';
import { HELP } from './help';
import { importRosterCommand } from './import-roster';
import { auditActor, cliSource, osOperator, purgeAudit, withAudit, type AuditSource } from '../services/audit';
import { importLifeboatCommand, listDevicesCommand, markDeviceLostCommand } from './device-commands';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** A new password, from stdin (--password-stdin) or typed at a hidden prompt. */
  readPassword(fromStdin: boolean): Promise<string>;
  env: NodeJS.ProcessEnv;
}

/** A mistake in how the command was called (exit code 2), as opposed to an operation that failed (1). */
class UsageError extends Error {}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  name: { type: 'string' },
  street: { type: 'string' },
  community: { type: 'string' },
  branch: { type: 'string' },
  type: { type: 'string' },
  username: { type: 'string' },
  role: { type: 'string' },
  worker: { type: 'string' },
  member: { type: 'string' },
  backup: { type: 'boolean' },
  date: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  file: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  report: { type: 'string' },
  operator: { type: 'string' },
  user: { type: 'string' },
  device: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];
type StringOption = 'name' | 'street' | 'community' | 'branch' | 'type' | 'username' | 'role' | 'worker' | 'member' | 'date' | 'file' | 'user' | 'device';

function required(values: Values, option: StringOption): string {
  const value = values[option];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`缺少参数 --${option} / missing --${option}`);
  return value.trim();
}

const ROLE_ZH: Record<User['role'], string> = { worker: '服务专员', secretary: '支部书记', admin: '管理员' };
const KIND_ZH: Record<Organisation['kind'], string> = { street: '街道', community: '社区', branch: '党支部' };
const BRANCH_TYPE_ZH: Record<BranchType, string> = { established: '建制', non_established: '非建制' };

/** `source`: the CLI and its operator, as every change it makes is audited. */
type Command = (db: Db, values: Values, io: CliIo, source: AuditSource) => Promise<void>;

/** An organisation created from the CLI, with its audit entry in the same transaction. */
function createdOrganisation(db: Db, source: AuditSource, create: (trx: Db) => Promise<Organisation>): Promise<Organisation> {
  return withAudit(db, auditActor(null, source), create, (org) => [
    { action: 'organisation.create', kind: 'organisation', communityId: org.kind === 'street' ? null : org.kind === 'community' ? org.id : org.parentId, recordId: org.id, details: { orgKind: org.kind } },
  ]);
}

const created = (io: CliIo, org: Organisation) =>
  io.out(`已创建${KIND_ZH[org.kind]}「${org.name}」/ created ${org.kind}\n  编号 id: ${org.id}\n`);

const COMMANDS: Record<string, Command> = {
  'create-street': async (db, values, io, source) => created(io, await createdOrganisation(db, source, (trx) => createStreet(trx, required(values, 'name')))),

  'create-community': async (db, values, io, source) =>
    created(io, await createdOrganisation(db, source, (trx) => createCommunity(trx, required(values, 'street'), required(values, 'name')))),

  'create-branch': async (db, values, io, source) => {
    const type = parseInput(BranchType, required(values, 'type'));
    created(io, await createdOrganisation(db, source, (trx) => createBranch(trx, required(values, 'community'), type, required(values, 'name'))));
  },

  'create-user': async (db, values, io, source) => {
    const username = required(values, 'username');
    const displayName = required(values, 'name');
    const role = parseInput(Role, required(values, 'role'));
    const communityId = required(values, 'community');
    const input = { username, displayName, role, communityId, branchId: values.branch?.trim() || null };
    const password = await io.readPassword(values['password-stdin'] === true);
    const user = await createUser(db, { ...input, password }, auditActor(null, source));
    io.out(`已创建账号 ${user.username}（${ROLE_ZH[user.role]} ${user.displayName}）/ user created\n  编号 id: ${user.id}\n`);
  },

  'set-password': async (db, values, io, source) => {
    const username = required(values, 'username');
    await setPassword(db, username, await io.readPassword(values['password-stdin'] === true), source);
    io.out(`已为 ${username} 设置新密码，原有登录已失效 / password set, sessions ended\n`);
  },

  'disable-user': async (db, values, io, source) => {
    const username = required(values, 'username');
    await disableUser(db, username, source);
    io.out(`已停用账号 ${username} / user disabled\n`);
  },

  'enable-user': async (db, values, io, source) => {
    const username = required(values, 'username');
    await disableUser(db, username, source, false);
    io.out(`已启用账号 ${username} / user enabled\n`);
  },

  'purge-audit': async (db, _values, io) => {
    const days = loadConfig(io.env).auditRetentionDays;
    const purged = await purgeAudit(db, days);
    io.out(`已删除 ${purged} 条超过 ${days} 天的审计记录 / ${purged} audit entries older than ${days} days deleted\n`);
  },

  list: async (db, _values, io) => {
    const [orgs, users] = await Promise.all([listOrganisations(db), listUsers(db)]);
    const lines = ['组织 / organisations:'];
    const printTree = (parentId: string | null, depth: number) => {
      for (const org of orgs.filter((o) => o.parentId === parentId)) {
        const type = org.branchType ? `，${BRANCH_TYPE_ZH[org.branchType]}` : '';
        lines.push(`${'  '.repeat(depth + 1)}${org.name}（${KIND_ZH[org.kind]}${type}）  ${org.id}`);
        printTree(org.id, depth + 1);
      }
    };
    printTree(null, 0);
    if (orgs.length === 0) lines.push('  （无 / none）');
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    lines.push('', '账号 / users:');
    for (const user of users) {
      const where = [orgName.get(user.communityId), user.branchId ? orgName.get(user.branchId) : undefined].filter(Boolean);
      const state = user.disabled ? '  [已停用 disabled]' : '';
      lines.push(`  ${user.username.padEnd(14)} ${ROLE_ZH[user.role]}  ${user.displayName}  ${where.join(' › ')}${state}`);
    }
    if (users.length === 0) lines.push('  （无 / none）');
    io.out(`${lines.join('\n')}\n`);
  },

  pair: async (db, values, io, source) => {
    const role = values.backup ? 'backup' : 'primary';
    const { pairing, ended, unchanged } = await pairWorker(db, {
      workerUsername: required(values, 'worker'),
      memberId: required(values, 'member'),
      role,
    }, source);
    if (unchanged) {
      const as = pairing.role === 'primary' ? '主要' : '备用';
      io.out(`该服务专员已是该人员的${as}服务专员，未作更改（主要服务专员不能同时是备用）/ already paired as ${pairing.role}, unchanged\n  编号 id: ${pairing.id}\n`);
      return;
    }
    io.out(`已结对（${role === 'primary' ? '主要' : '备用'}）/ paired as ${role}\n  编号 id: ${pairing.id}\n`);
    if (ended.length > 0) io.out(`  结束了 ${ended.length} 条原有结对 / ended ${ended.length} earlier pairing(s)\n`);
  },

  unpair: async (db, values, io, source) => {
    const { purgedNotes } = await endPairing(db, { workerUsername: required(values, 'worker'), memberId: required(values, 'member') }, source);
    io.out('已结束结对 / pairing ended\n');
    if (purgedNotes > 0) io.out(`  该人员已无结对服务专员，已删除 ${purgedNotes} 条健康记录 / no worker left: ${purgedNotes} health note(s) deleted\n`);
  },

  'import-roster': async (db, values, io, source) =>
    importRosterCommand(
      db,
      {
        communityId: required(values, 'community'),
        path: required(values, 'file'),
        defaultBranchId: values.branch?.trim() || null,
        dryRun: values['dry-run'] === true,
        json: values.json === true,
        reportPath: values.report?.trim() || null,
        audit: auditActor(null, source),
      },
      io.out,
    ),

  devices: async (db, values, io) => listDevicesCommand(db, required(values, 'user'), io.out),

  'mark-device-lost': async (db, values, io, source) => markDeviceLostCommand(db, required(values, 'device'), source, io.out),

  'import-lifeboat': async (db, values, io, source) => importLifeboatCommand(db, required(values, 'file'), values.json === true, source, io.out),

  'record-death': async (db, values, io, source) => {
    const { purgedNotes } = await recordDeath(db, { memberId: required(values, 'member'), diedOn: required(values, 'date') }, source);
    io.out(`已登记去世，党费自次月起不再计收 / death recorded, dues close from the following month\n`);
    if (purgedNotes > 0) io.out(`  已删除 ${purgedNotes} 条健康记录 / ${purgedNotes} health note(s) deleted\n`);
  },
};

/** Runs one CLI command and returns the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    io.err(`参数错误 / bad arguments: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  const [name, ...extra] = positionals;
  if (values.help || name === undefined || name === 'help') {
    io.out(HELP);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command || extra.length > 0) {
    io.err(`${command ? `多余的参数 / unexpected: ${extra.join(' ')}` : `未知命令 / unknown command: ${name}`}\n\n${HELP}`);
    return 2;
  }

  const config = loadConfig(io.env);
  const storage = openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(storage.db);
    await command(storage.db, values, io, cliSource(values.operator?.trim() || osOperator()));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n运行 npm run cli -- --help 查看用法 / see --help\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      const details = (error.details ?? []).map((d) => `  - ${d.message}`).filter((line) => !line.endsWith(error.message));
      // The code's own sentence has an English one in the error table: both, as the rest of the CLI speaks.
      const english = error.message === ERRORS[error.code].zh ? ` / ${ERRORS[error.code].en}` : '';
      io.err(`错误：${error.message}${english}\n${details.length > 0 ? `${details.join('\n')}\n` : ''}`);
      return 1;
    }
    io.err(`错误 / error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await storage.close();
  }
}
