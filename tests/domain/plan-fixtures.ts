import {
  DEFAULT_VISIT_SETTINGS,
  type Campaign,
  type FollowUp,
  type FollowUpClosure,
  type Member,
  type MemberEvent,
  type PlanInput,
  type Visit,
  type VisitSettings,
  type VisitSettingsValues,
} from '../../src/domain';
import { validMember } from './fixtures';

/** Ids that read as what they are in a failing test: uuid(7) → …000000000007. */
export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export const COMMUNITY = validMember().communityId;
export const BRANCH = validMember().branchId!;
export const WORKER = uuid(9000);

const none = { livingAlone: false, emptyNest: false, bedridden: false, disabled: false };

/** Members of each tier on 2026-11-22 under the default settings (高龄 from 80). */
export const tierMember = {
  high: (id: number, overrides: Partial<Member> = {}) =>
    validMember({ id: uuid(id), birthDate: '1950-03-01', risks: { ...none, bedridden: true }, joinedPartyOn: '1975-03-01', ...overrides }),
  key: (id: number, overrides: Partial<Member> = {}) =>
    validMember({ id: uuid(id), birthDate: '1950-03-01', risks: { ...none, emptyNest: true }, joinedPartyOn: '1975-03-01', ...overrides }),
  general: (id: number, overrides: Partial<Member> = {}) =>
    validMember({ id: uuid(id), birthDate: '1950-03-01', risks: none, joinedPartyOn: '1975-03-01', ...overrides }),
};

/** A Beijing time as the UTC instant devices store: at('2026-11-22', 9) = 09:00 in Beijing. */
export function at(day: string, hour = 10, minute = 0): string {
  const ms = Date.parse(`${day}T00:00:00.000Z`) + (hour - 8) * 3_600_000 + minute * 60_000;
  return new Date(ms).toISOString();
}

export function visit(id: number, memberId: string, occurredAt: string, overrides: Partial<Visit> = {}): Visit {
  return {
    id: uuid(id),
    memberId,
    visitorIds: [WORKER],
    type: 'regular',
    occurredAt,
    outcome: 'met',
    templateId: 'regular',
    templateVersion: 1,
    livingSituation: '',
    homeSafety: null,
    needs: [],
    solvedOnSpot: '',
    followUps: [],
    itemsDelivered: [],
    notes: '',
    amends: null,
    recordedAt: occurredAt,
    campaignId: null,
    ...overrides,
  };
}

export function followUp(what: string, deadline: string, status: FollowUp['status'] = 'open'): FollowUp {
  return { what, owner: '王芳', deadline, status };
}

export function memberEvent(id: number, memberId: string, kind: MemberEvent['kind'], occurredOn: string): MemberEvent {
  return { id: uuid(id), memberId, kind, occurredOn, note: '', recordedBy: WORKER, recordedAt: at(occurredOn, 18) };
}

export function closure(id: number, memberId: string, visitId: string, index: number, closedAt: string): FollowUpClosure {
  return { id: uuid(id), memberId, visitId, index, note: '已办', closedBy: WORKER, closedAt };
}

export function campaign(id: number, startsOn: string, endsOn: string, overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: uuid(id),
    communityId: COMMUNITY,
    kind: 'double_ninth',
    name: '重阳慰问',
    startsOn,
    endsOn,
    cohort: { type: 'everyone' },
    delivery: { kind: 'gift', description: '重阳糕', amountFen: null },
    createdBy: WORKER,
    createdAt: at(startsOn, 8),
    cancelledAt: null,
    ...overrides,
  };
}

export function settingsRow(id: number, branchId: string | null, values: Partial<VisitSettingsValues>): VisitSettings {
  return { id: uuid(id), communityId: COMMUNITY, branchId, values: { ...DEFAULT_VISIT_SETTINGS, ...values }, updatedBy: WORKER, updatedAt: at('2026-01-01') };
}

export function planInput(overrides: Partial<PlanInput>): PlanInput {
  return { today: '2026-11-22', members: [], visits: [], events: [], closures: [], campaigns: [], settings: [], ...overrides };
}
