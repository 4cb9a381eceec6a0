import { expect } from 'vitest';
import {
  AdminMemberDetail,
  AdminOrganisation,
  AdminUserRow,
  MeResponse,
  Organisation,
  RosterImportReport,
  type AdminMemberRow,
  type Member,
  type Pairing,
  type User,
} from '../../src/domain';
import { json, notHandled, quietSync, type StubAnswer, type StubRequest } from './support/fetch-stub';
import { BRANCH_ID, COMMUNITY_ID, COLLEAGUES, makeUser, ORGANISATIONS, uuid } from './support/fixtures';

/** The community's administrator; the fixtures' workers and secretary are their colleagues. */
export const ADMIN: User = makeUser({ id: uuid(0x3001), username: 'admin1', displayName: '周敏', role: 'admin' });
export const LIU_FANG: User = makeUser();
export const WANG_FANG: User = makeUser({ id: uuid(0x1002), username: 'worker2', displayName: '王芳' });
export const SECRETARY_WANG: User = makeUser({ id: uuid(0x2001), username: 'secretary1', displayName: '王书记', role: 'secretary', branchId: BRANCH_ID });

export const SECOND_BRANCH = Organisation.parse({ id: uuid(0xb2), kind: 'branch', name: '光明社区第二党支部', parentId: COMMUNITY_ID, branchType: 'non_established' });

export const ORGANISATION: AdminOrganisation = AdminOrganisation.parse({
  street: ORGANISATIONS[0],
  community: ORGANISATIONS[1],
  branches: [
    { branch: ORGANISATIONS[2], secretaries: [SECRETARY_WANG] },
    { branch: SECOND_BRANCH, secretaries: [] },
  ],
});

export function userRow(user: User, overrides: Partial<Omit<AdminUserRow, 'user'>> = {}): AdminUserRow {
  return AdminUserRow.parse({ user, disabled: false, lastLoginAt: null, devices: [], pairedMembers: 0, ...overrides });
}

export function memberRow(member: Member, primary: string | null = null, backup: string | null = null): AdminMemberRow {
  return { member, primaryWorkerId: primary, backupWorkerId: backup };
}

export function memberDetail(member: Member, pairings: AdminMemberDetail['pairings'] = [], history: AdminMemberDetail['history'] = []): AdminMemberDetail {
  return AdminMemberDetail.parse({ member, pairings, history });
}

export function adminMe(): MeResponse {
  return MeResponse.parse({ user: ADMIN, organisations: ORGANISATIONS, colleagues: COLLEAGUES });
}

/** A report as the server gives it, checked with the shared schema. */
export function importReport(report: Omit<RosterImportReport, 'dryRun'> & { dryRun?: boolean }): RosterImportReport {
  return RosterImportReport.parse({ dryRun: true, ...report });
}

type MaybeAnswer = StubAnswer | null;
/** null: not this route's request (or not this case of it); the next route answers. */
export type Route = (request: StubRequest) => MaybeAnswer | Promise<MaybeAnswer>;

/**
 * The network for the admin's screens: each test answers the admin routes it is about; the app's own background
 * traffic (sync, /api/me) is answered quietly; anything else fails the test.
 */
export function adminNetwork(...routes: Route[]) {
  return async (request: StubRequest): Promise<StubAnswer> => {
    for (const route of routes) {
      const answer = await route(request);
      if (answer !== null) return answer;
    }
    if (request.url.pathname === '/api/me') return json(200, adminMe());
    return quietSync(request) ?? notHandled(request);
  };
}

/** Answers one method and path (`:id` matches one segment) with `answer`. */
export function on(method: string, pattern: string, answer: (request: StubRequest, params: string[]) => MaybeAnswer | Promise<MaybeAnswer>): Route {
  const regex = new RegExp(`^${pattern.replace(/:[a-z]+/g, '([^/]+)')}$`);
  return (request) => {
    if (request.method !== method) return null;
    const match = regex.exec(request.url.pathname);
    return match ? answer(request, match.slice(1).map(decodeURIComponent)) : null;
  };
}

export const admin = (path: string) => `/api/admin/${path}`;

export function callsTo(calls: StubRequest[], method: string, path: string): StubRequest[] {
  return calls.filter((call) => call.method === method && call.url.pathname === path);
}

/**
 * What axe's label rules ask of a form: every input, select and textarea, and every element with a checkbox or
 * radio role, has an accessible name (aria-label, aria-labelledby with text, a <label for>, a wrapping <label>
 * with text, or, for the ARIA roles, its own text).
 */
export function unnamedControls(root: ParentNode = document): string[] {
  const problems: string[] = [];
  const textOf = (element: Element | null) => (element?.textContent ?? '').replace(/\s+/g, '').trim();
  for (const control of root.querySelectorAll<HTMLElement>('input, select, textarea, [role="checkbox"], [role="radio"], [role="switch"]')) {
    if (control instanceof HTMLInputElement && control.type === 'hidden') continue;
    const labelledBy = (control.getAttribute('aria-labelledby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => textOf(document.getElementById(id)))
      .join('');
    const forLabel = control.id ? textOf(document.querySelector(`label[for="${CSS.escape(control.id)}"]`)) : '';
    const wrapping = control.closest('label');
    // The label's own words, not the options of a select inside it.
    const wrapText = wrapping ? textOf(wrapping).replace(textOf(control), '') : '';
    const ownText = control.matches('[role]') ? textOf(control) : '';
    const name = (control.getAttribute('aria-label') ?? '').trim() || labelledBy || forLabel || wrapText || ownText || (control.getAttribute('title') ?? '').trim();
    if (!name) problems.push(control.outerHTML.slice(0, 160));
  }
  return problems;
}

export function expectAllControlsNamed(root: ParentNode = document): void {
  expect(unnamedControls(root)).toEqual([]);
}

export const ADMIN_PAIRING = (member: Member, worker: User, role: Pairing['role'], n: number): Pairing => ({
  id: uuid(0x7000 + n),
  workerId: worker.id,
  memberId: member.id,
  role,
  since: '2025-09-01T00:00:00.000Z',
});
