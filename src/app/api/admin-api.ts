import {
  AdminMemberDetail,
  AdminMemberList,
  AdminOrganisation,
  AdminPairingList,
  AdminPairingsResult,
  AdminUserList,
  AdminUserRow,
  Member,
  Organisation,
  RosterImportReport,
  type AdminMemberRow,
  type Pairing,
  type AdminBranchInput,
  type AdminCreateUser,
  type AdminMoveRequest,
  type AdminPairRequest,
  type MemberInput,
  type MemberStatusChange,
  type RosterImportRequest,
} from '../../domain';
import { requestBytes, requestJson, requestNoContent } from './http';

/**
 * The administrator's calls (/api/admin/…), every answer parsed with the domain's shapes (src/domain/admin-api.ts).
 * The server scopes them to the admin's own community; the app only says which record.
 */

const path = (...parts: string[]) => `/api/admin/${parts.map(encodeURIComponent).join('/')}`;

// ── Members ──

export function listMembers(token: string): Promise<AdminMemberRow[]> {
  return requestJson(path('members'), AdminMemberList, { token });
}

export function getMember(token: string, id: string): Promise<AdminMemberDetail> {
  return requestJson(path('members', id), AdminMemberDetail, { token });
}

export function createMember(token: string, input: MemberInput): Promise<Member> {
  return requestJson(path('members'), Member, { method: 'POST', token, body: input });
}

export function updateMember(token: string, id: string, input: MemberInput): Promise<Member> {
  return requestJson(path('members', id), Member, { method: 'PUT', token, body: input });
}

/** Answers with the member's page as it is now: the new status and the history entry just made. */
export function changeMemberStatus(token: string, id: string, change: MemberStatusChange): Promise<AdminMemberDetail> {
  return requestJson(path('members', id, 'status'), AdminMemberDetail, { method: 'POST', token, body: change });
}

// ── Users ──

export function listUsers(token: string): Promise<AdminUserRow[]> {
  return requestJson(path('users'), AdminUserList, { token });
}

export function createUser(token: string, input: AdminCreateUser): Promise<AdminUserRow> {
  return requestJson(path('users'), AdminUserRow, { method: 'POST', token, body: input });
}

export function setUserPassword(token: string, id: string, password: string): Promise<void> {
  return requestNoContent(path('users', id, 'password'), { method: 'POST', token, body: { password } });
}

/** The account as it is now; disabling ends the user's sessions (the server refuses one's own account). */
export function setUserDisabled(token: string, id: string, disabled: boolean): Promise<AdminUserRow> {
  return requestJson(path('users', id, disabled ? 'disable' : 'enable'), AdminUserRow, { method: 'POST', token });
}

// ── Pairings ──

export function listPairings(token: string): Promise<Pairing[]> {
  return requestJson(path('pairings'), AdminPairingList, { token });
}

export function pairMembers(token: string, request: AdminPairRequest): Promise<AdminPairingsResult> {
  return requestJson(path('pairings'), AdminPairingsResult, { method: 'POST', token, body: request });
}

export function endPairing(token: string, id: string): Promise<AdminPairingsResult> {
  return requestJson(path('pairings', id), AdminPairingsResult, { method: 'DELETE', token });
}

export function moveAllMembers(token: string, request: AdminMoveRequest): Promise<AdminPairingsResult> {
  return requestJson(path('pairings', 'move'), AdminPairingsResult, { method: 'POST', token, body: request });
}

// ── Organisation ──

export function getOrganisation(token: string): Promise<AdminOrganisation> {
  return requestJson(path('organisation'), AdminOrganisation, { token });
}

export function createBranch(token: string, input: AdminBranchInput): Promise<Organisation> {
  return requestJson(path('branches'), Organisation, { method: 'POST', token, body: input });
}

export function updateBranch(token: string, id: string, input: AdminBranchInput): Promise<Organisation> {
  return requestJson(path('branches', id), Organisation, { method: 'PUT', token, body: input });
}

// ── 花名册 import ──

export function previewRoster(token: string, request: RosterImportRequest): Promise<RosterImportReport> {
  return requestJson(path('roster', 'preview'), RosterImportReport, { method: 'POST', token, body: request });
}

export function importRoster(token: string, request: RosterImportRequest): Promise<RosterImportReport> {
  return requestJson(path('roster', 'import'), RosterImportReport, { method: 'POST', token, body: request });
}

/** The uploaded sheet with each row's result beside it, as the dry run sees it now. */
export function rosterReportFile(token: string, request: RosterImportRequest): Promise<ArrayBuffer> {
  return requestBytes(path('roster', 'report'), {
    method: 'POST',
    token,
    body: request,
    headers: { Accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  });
}
