import { computed, shallowRef } from 'vue';
import {
  MemberStatusChange,
  type AdminMemberDetail,
  type AdminOrganisation,
  type AdminUserRow,
  type IsoDate,
  type Member,
  type MemberInput,
} from '../../domain';
import { changeMemberStatus, createMember, getMember, getOrganisation, listUsers, updateMember } from '../api/admin-api';
import { useAdminRequest } from './useAdminRequest';

/** The status changes the admin can record, each from the statuses it may follow (issue 11 §2). */
export type StatusAction = 'away' | 'back' | 'deceased' | 'transferred' | 'transferIn';

export function actionsFor(status: Member['status']): StatusAction[] {
  switch (status) {
    case 'active':
      return ['away', 'deceased', 'transferred'];
    case 'away':
      return ['back', 'deceased', 'transferred'];
    case 'transferred':
      return ['transferIn'];
    case 'deceased':
      // A death is never undone by the app: a mistaken record is a matter for the server's operator.
      return [];
  }
}

/** What the status form holds as typed. */
export interface StatusDraft {
  on: string;
  from: string;
  expectedReturn: string;
  place: string;
  phone: string;
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The form's text to the request the server takes, or the domain's first complaint about it. */
export function statusChangeOf(action: StatusAction, draft: StatusDraft): { ok: true; change: MemberStatusChange } | { ok: false; message: string; path: string } {
  const candidate = (() => {
    switch (action) {
      case 'away':
        return { status: 'away', from: draft.from.trim(), expectedReturn: orNull(draft.expectedReturn), place: draft.place, phone: orNull(draft.phone) };
      case 'back':
        return { status: 'active', on: draft.on.trim(), origin: null };
      case 'transferIn':
        return { status: 'active', on: draft.on.trim(), origin: draft.place };
      case 'deceased':
        return { status: 'deceased', on: draft.on.trim() };
      case 'transferred':
        return { status: 'transferred', on: draft.on.trim(), destination: draft.place };
    }
  })();
  const parsed = MemberStatusChange.safeParse(candidate);
  if (parsed.success) return { ok: true, change: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: issue.message, path: issue.path.map(String).join('.') };
}

/** A date the form may start from: today for a death or a return, and the away period's own dates. */
export function emptyStatusDraft(today: IsoDate): StatusDraft {
  return { on: today, from: today, expectedReturn: '', place: '', phone: '' };
}

/**
 * One member for the admin: the record with its pairings and history, saved as a whole (MemberInput) or moved
 * to another status (MemberStatusChange, a record with who and when). `id` null: a new member.
 */
export function useAdminMember() {
  const request = useAdminRequest();
  const detail = shallowRef<AdminMemberDetail | null>(null);
  const users = shallowRef<AdminUserRow[]>([]);
  const organisation = shallowRef<AdminOrganisation | null>(null);

  const branches = computed(() => organisation.value?.branches.map((entry) => entry.branch) ?? []);

  function userName(userId: string | null): string | null {
    if (userId === null) return null;
    return users.value.find((row) => row.user.id === userId)?.user.displayName ?? null;
  }

  async function load(id: string | null): Promise<boolean> {
    const result = await request.call(async (token) => {
      const [member, userRows, org] = await Promise.all([
        id === null ? Promise.resolve(null) : getMember(token, id),
        listUsers(token),
        getOrganisation(token),
      ]);
      return { member, userRows, org };
    });
    if (!result.ok) return false;
    detail.value = result.value.member;
    users.value = result.value.userRows;
    organisation.value = result.value.org;
    return true;
  }

  /** Saves and reads the member again, so the history shows the change with who made it. */
  async function save(id: string | null, input: MemberInput): Promise<Member | null> {
    const result = await request.call((token) => (id === null ? createMember(token, input) : updateMember(token, id, input)));
    if (!result.ok) return null;
    await reload(result.value.id);
    return result.value;
  }

  async function changeStatus(id: string, change: MemberStatusChange): Promise<boolean> {
    const result = await request.call((token) => changeMemberStatus(token, id, change));
    if (result.ok) detail.value = result.value;
    return result.ok;
  }

  async function reload(id: string): Promise<void> {
    const result = await request.call((token) => getMember(token, id));
    if (result.ok) detail.value = result.value;
  }

  return { ...request, detail, users, organisation, branches, userName, load, save, changeStatus };
}
