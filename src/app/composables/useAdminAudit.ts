import { computed, reactive, ref } from 'vue';
import type { AdminMemberRow, AdminUserRow, AuditAction, AuditEntry, AuditKind } from '../../domain';
import { listMembers, listUsers } from '../api/admin-api';
import { getAuditPage, type AuditFilters } from '../api/audit-api';
import { useAdminRequest } from './useAdminRequest';

/** The audit view's filters as the form holds them: '' for "any". */
export interface AuditFilterForm {
  memberId: string;
  actorId: string;
  kind: AuditKind | '';
  action: AuditAction | '';
  from: string;
  to: string;
}

const PAGE_SIZE = 50;

export const emptyAuditFilters = (): AuditFilterForm => ({ memberId: '', actorId: '', kind: '', action: '', from: '', to: '' });

/**
 * 审计日志 (docs/DOMAIN.md §6): the community's trail from the server, a page at a time, with the filters; the
 * members and users the admin already reads name the ids (a member is found by name from that list).
 */
export function useAdminAudit() {
  const request = useAdminRequest();
  const members = ref<AdminMemberRow[]>([]);
  const users = ref<AdminUserRow[]>([]);
  const entries = ref<AuditEntry[]>([]);
  const nextCursor = ref<string | null>(null);
  const loaded = ref(false);
  const filters = reactive<AuditFilterForm>(emptyAuditFilters());
  /** The filters of the entries shown: "more" continues these, not what the form holds since. */
  let asked: AuditFilters = {};

  const memberName = computed(() => new Map(members.value.map((row) => [row.member.id, row.member.name])));
  const userName = computed(() => new Map(users.value.map((row) => [row.user.id, row.user.displayName])));

  async function loadNames(): Promise<void> {
    const [m, u] = await Promise.all([request.call((token) => listMembers(token)), request.call((token) => listUsers(token))]);
    if (m.ok) members.value = m.value;
    if (u.ok) users.value = u.value;
  }

  function asQuery(form: AuditFilterForm): AuditFilters {
    const query: AuditFilters = { limit: PAGE_SIZE };
    if (form.memberId) query.memberId = form.memberId;
    if (form.actorId) query.actorId = form.actorId;
    if (form.kind) query.kind = form.kind;
    if (form.action) query.action = form.action;
    if (form.from) query.from = form.from;
    if (form.to) query.to = form.to;
    return query;
  }

  /** The first page for the form's filters. */
  async function search(): Promise<void> {
    asked = asQuery(filters);
    const result = await request.call((token) => getAuditPage(token, asked));
    if (!result.ok) return;
    entries.value = result.value.entries;
    nextCursor.value = result.value.nextCursor;
    loaded.value = true;
  }

  /** The page after the last one shown. */
  async function more(): Promise<void> {
    const cursor = nextCursor.value;
    if (cursor === null) return;
    const result = await request.call((token) => getAuditPage(token, { ...asked, cursor }));
    if (!result.ok) return;
    entries.value = [...entries.value, ...result.value.entries];
    nextCursor.value = result.value.nextCursor;
  }

  async function load(): Promise<void> {
    await loadNames();
    await search();
  }

  function reset(): Promise<void> {
    Object.assign(filters, emptyAuditFilters());
    return search();
  }

  return { ...request, members, users, entries, nextCursor, loaded, filters, memberName, userName, load, search, more, reset };
}
