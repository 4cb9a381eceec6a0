import { useNow } from '@vueuse/core';
import { computed, ref, shallowRef } from 'vue';
import { MemberStatus, type AdminUserRow } from '../../domain';
import { listMembers, listUsers } from '../api/admin-api';
import { isUnpaired, toAdminEntries, type AdminMemberEntry } from './useAdminMembers';
import { useAdminRequest } from './useAdminRequest';
import { deviceNeedsAttention } from './useAdminUsers';

/**
 * The admin's start page (issue 11 §6): members by status, members nobody looks after, workers, and the devices
 * that have not synced for a week or still hold unsent records — each a way into the screen that deals with it.
 */
export function useAdminHome() {
  const request = useAdminRequest();
  const entries = shallowRef<AdminMemberEntry[]>([]);
  const users = shallowRef<AdminUserRow[]>([]);
  const loaded = ref(false);
  const now = useNow({ interval: 60_000 });

  const byStatus = computed(() => MemberStatus.options.map((status) => ({ status, count: entries.value.filter((e) => e.member.status === status).length })));
  const unpaired = computed(() => entries.value.filter(isUnpaired).length);
  const workers = computed(() => users.value.filter((row) => row.user.role === 'worker' && !row.disabled).length);
  /** Devices of enabled accounts only: a disabled worker's old phone is no longer anyone's task. */
  const devicesToCheck = computed(() =>
    users.value
      .filter((row) => !row.disabled)
      .flatMap((row) => row.devices.filter((device) => deviceNeedsAttention(device, now.value.getTime())).map((device) => ({ user: row.user, device }))),
  );

  async function load(): Promise<boolean> {
    const result = await request.call(async (token) => {
      const [members, userRows] = await Promise.all([listMembers(token), listUsers(token)]);
      return { members, userRows };
    });
    if (!result.ok) return false;
    entries.value = toAdminEntries(result.value.members);
    users.value = result.value.userRows;
    loaded.value = true;
    return true;
  }

  return { ...request, loaded, total: computed(() => entries.value.length), byStatus, unpaired, workers, devicesToCheck, load };
}
