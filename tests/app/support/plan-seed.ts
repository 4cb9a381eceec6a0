import { flushPromises } from '@vue/test-utils';
import { expect, vi } from 'vitest';
import type { Campaign, Change, Visit } from '../../../src/domain';
import { applyPulledPage } from '../../../src/app/repositories/pull-repository';
import type { MountedApp } from './app-harness';
import { COMMUNITY_ID, makeUser, uuid } from './fixtures';

/** 10:00 in Beijing on Tuesday 2026-03-10: the plan's "today". */
export const PLAN_NOW = new Date('2026-03-10T02:00:00.000Z');

/** Records as the pull would bring them (visits of colleagues, the community's campaigns), from `from` + 1 on. */
export async function seedPulled(records: ({ entity: 'visit'; data: Visit } | { entity: 'campaign'; data: Campaign })[], from = 100): Promise<void> {
  const changes = records.map((r, i): Change => ({ version: from + i + 1, entity: r.entity, id: r.data.id, op: 'upsert', data: r.data }) as Change);
  await applyPulledPage({ changes, cursor: from + changes.length, scope: 'seeded', reset: false });
}

export function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: uuid(0xca01),
    communityId: COMMUNITY_ID,
    kind: 'double_ninth',
    name: '三月学雷锋慰问',
    startsOn: '2026-03-01',
    endsOn: '2026-03-20',
    cohort: { type: 'everyone' },
    delivery: { kind: 'gift', description: '米和油', amountFen: null },
    createdBy: uuid(0x3001),
    createdAt: '2026-02-20T02:00:00.000Z',
    cancelledAt: null,
    ...overrides,
  };
}

export const WORKER_ID = makeUser().id;

export function has(app: MountedApp, testId: string): boolean {
  return app.wrapper.find(`[data-testid="${testId}"]`).exists();
}

export async function click(app: MountedApp, testId: string): Promise<void> {
  await vi.waitFor(() => expect(has(app, testId), testId).toBe(true));
  await app.wrapper.find(`[data-testid="${testId}"]`).trigger('click');
  await flushPromises();
}

/** The plan rows of a list: who, why, and the state, as the worker reads them. */
export function planRows(app: MountedApp, within = '[data-testid="plan-list"]'): { name: string; reason: string; state: string }[] {
  return app.wrapper.findAll(`${within} [data-testid="plan-item"]`).map((row) => ({
    name: row.find('[data-testid="plan-item-member"] .plan-item__name').text(),
    reason: row.find('[data-testid="plan-item-reason"]').text(),
    state: row.attributes('data-state') ?? '',
  }));
}

/** Fills and submits the visit form already open on a type: the outcome, and home safety when asked. */
export async function submitVisit(app: MountedApp, outcome: string): Promise<void> {
  await click(app, `visit-option-outcome-${outcome}`);
  if (has(app, 'visit-field-homeSafety')) {
    for (const key of ['gas', 'electricity', 'heating']) await click(app, `visit-safety-${key}-ok`);
    await click(app, 'visit-safety-smokeAlarm-present');
  }
  await click(app, 'visit-submit');
}
