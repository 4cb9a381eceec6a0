import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { AdminCreateUser, Password, type AdminOrganisation, type AdminUserRow, type Role } from '../../domain';
import { createUser, getOrganisation, listUsers, setUserDisabled, setUserPassword } from '../api/admin-api';
import { useAdminRequest } from './useAdminRequest';

export interface NewUserDraft {
  username: string;
  displayName: string;
  role: Role;
  branchId: string;
  password: string;
  repeat: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** What a device has not told the server for this long counts as not synced (issue 11 §6). */
export const STALE_SYNC_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A device that has not synced for STALE_SYNC_DAYS, or that still holds records it has not sent. */
export function deviceNeedsAttention(device: AdminUserRow['devices'][number], now: number): boolean {
  const stale = device.lastSyncAt === null || now - Date.parse(device.lastSyncAt) >= STALE_SYNC_DAYS * DAY_MS;
  return stale || (device.unsent ?? 0) > 0;
}

/**
 * The community's accounts (issue 11 §3): who they are, their last login and each device's last sync and unsent
 * count; creating a worker, secretary or admin; a new password typed twice; disabling and enabling.
 */
export function useAdminUsers() {
  const { t } = useI18n();
  const request = useAdminRequest();
  const users = shallowRef<AdminUserRow[]>([]);
  const organisation = shallowRef<AdminOrganisation | null>(null);
  const loaded = shallowRef(false);

  const branches = computed(() => organisation.value?.branches.map((entry) => entry.branch) ?? []);
  /** Admins first, then secretaries, then workers; by name within a role. */
  const sorted = computed(() => {
    const order: Record<Role, number> = { admin: 0, secretary: 1, worker: 2 };
    return [...users.value].sort((a, b) => order[a.user.role] - order[b.user.role] || a.user.displayName.localeCompare(b.user.displayName, 'zh-CN'));
  });

  function branchName(branchId: string | null): string | null {
    if (branchId === null) return null;
    return branches.value.find((b) => b.id === branchId)?.name ?? null;
  }

  async function load(): Promise<boolean> {
    const result = await request.call(async (token) => {
      const [rows, org] = await Promise.all([listUsers(token), getOrganisation(token)]);
      return { rows, org };
    });
    if (!result.ok) return false;
    users.value = result.value.rows;
    organisation.value = result.value.org;
    loaded.value = true;
    return true;
  }

  async function reloadUsers(): Promise<void> {
    const result = await request.call((token) => listUsers(token));
    if (result.ok) users.value = result.value;
  }

  /** The domain's rules for a new account, in its Chinese words, and the two passwords alike. */
  function checkNewUser(draft: NewUserDraft): Checked<AdminCreateUser> {
    const problems: string[] = [];
    if (draft.password !== draft.repeat) problems.push(t('admin.users.passwordMismatch'));
    if (draft.role === 'secretary' && draft.branchId === '') problems.push(t('admin.users.branchRequired'));
    const parsed = AdminCreateUser.safeParse({
      username: draft.username,
      displayName: draft.displayName,
      role: draft.role,
      // Only a secretary keeps a branch's books; workers and admins have none.
      branchId: draft.role === 'secretary' && draft.branchId !== '' ? draft.branchId : null,
      password: draft.password,
    });
    if (!parsed.success) for (const issue of parsed.error.issues) problems.push(t('admin.member.problem.field', { field: fieldLabel(issue.path.map(String).join('.')), message: issue.message }));
    return problems.length > 0 || !parsed.success ? { ok: false, problems } : { ok: true, value: parsed.data };
  }

  function fieldLabel(path: string): string {
    const LABELS: Record<string, string> = {
      username: t('admin.users.username'),
      displayName: t('admin.users.displayName'),
      password: t('admin.users.password'),
      branchId: t('admin.users.branch'),
    };
    return LABELS[path] ?? path;
  }

  function checkPassword(password: string, repeat: string): Checked<string> {
    if (password !== repeat) return { ok: false, problems: [t('admin.users.passwordMismatch')] };
    const parsed = Password.safeParse(password);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: parsed.error.issues.map((issue) => issue.message) };
  }

  async function create(input: AdminCreateUser): Promise<boolean> {
    const result = await request.call((token) => createUser(token, input));
    if (!result.ok) return false;
    await reloadUsers();
    return true;
  }

  async function setPassword(userId: string, password: string): Promise<boolean> {
    return (await request.call((token) => setUserPassword(token, userId, password))).ok;
  }

  async function setDisabled(userId: string, disabled: boolean): Promise<boolean> {
    const result = await request.call((token) => setUserDisabled(token, userId, disabled));
    if (!result.ok) return false;
    await reloadUsers();
    return true;
  }

  return { ...request, users, sorted, organisation, branches, loaded, branchName, load, checkNewUser, checkPassword, create, setPassword, setDisabled };
}
