import { ref } from 'vue';
import type { AdminDevice, AdminUserRow, SessionInfo } from '../../domain';
import { listUsers } from '../api/admin-api';
import { endUserSession, listUserDevices, listUserSessions, markDeviceLost, restoreDevice } from '../api/security-api';
import { useAdminRequest } from './useAdminRequest';

/** The administrator's view of one user: the account, its devices (mark lost, restore) and its sessions (end one). */
export function useUserDevices(userId: () => string) {
  const request = useAdminRequest();
  const user = ref<AdminUserRow | null>(null);
  const devices = ref<AdminDevice[]>([]);
  const sessions = ref<SessionInfo[]>([]);
  const loaded = ref(false);

  async function load(): Promise<void> {
    const id = userId();
    const result = await request.call(async (token) => Promise.all([listUsers(token), listUserDevices(token, id), listUserSessions(token, id)]));
    if (!result.ok) return;
    const [users, deviceList, sessionList] = result.value;
    user.value = users.find((row) => row.user.id === id) ?? null;
    devices.value = deviceList;
    sessions.value = sessionList;
    loaded.value = true;
  }

  /** A device as the server now has it, in place; its sessions may have changed too (they go push-only or end). */
  async function replaceDevice(call: (token: string) => Promise<AdminDevice>): Promise<boolean> {
    const result = await request.call(call);
    if (!result.ok) return false;
    devices.value = devices.value.map((d) => (d.id === result.value.id ? result.value : d));
    return true;
  }

  const markLost = (deviceId: string) => replaceDevice((token) => markDeviceLost(token, deviceId));
  const restore = (deviceId: string) => replaceDevice((token) => restoreDevice(token, deviceId));

  async function endSession(sessionId: string): Promise<boolean> {
    const result = await request.call((token) => endUserSession(token, userId(), sessionId));
    if (result.ok) sessions.value = sessions.value.filter((s) => s.id !== sessionId);
    return result.ok;
  }

  return { ...request, user, devices, sessions, loaded, load, markLost, restore, endSession };
}
